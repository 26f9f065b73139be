//! Every input size limit, stated once, and reading that enforces them while it reads.
//!
//! Nothing is read whole and measured afterwards: `/dev/zero`, a FIFO or 50 MB on stdin would
//! otherwise take unbounded memory, or hang, before any check ran. Files must be regular files
//! (a FIFO would block the open, a directory or a device is a mistake), and every limit appears
//! in the error that enforces it. README.md lists the same figures.

use std::io::Read;
use std::path::Path;

/// Largest flow file read (the biggest shipped one is under 50 KiB).
pub const FLOW_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Largest config file read.
pub const CONFIG_FILE_BYTES: u64 = 1024 * 1024;
/// Largest error text `diagnose` reads (a whole log may be piped in) and the guide diagnoses
/// from one paste.
pub const ERROR_TEXT_BYTES: u64 = 8 * 1024 * 1024;
/// Largest token accepted anywhere (the `token` command, its stdin, the guide's token field):
/// real JWTs with many group claims reach tens of KiB.
pub const TOKEN_BYTES: usize = 64 * 1024;
/// Longest text kept in one of the guide's input boxes (server address, registered URIs,
/// scopes, token): the token limit, so a token pasted in the guide is never cut where the
/// command line would accept it.
pub const INPUT_CHARS: usize = TOKEN_BYTES;

/// `1 MiB`, `4 MiB`, `64 KiB`: a limit as people read it.
pub fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a file or stream was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is a directory, not a file")]
    Directory,
    #[error("it is not a regular file (a FIFO, socket or device); give a file")]
    NotRegular,
    #[error("it is larger than the {} limit", human(*.0))]
    TooLarge(u64),
}

/// The bytes of `path`, which must be a regular file (symlinks followed) of at most `limit`
/// bytes. Checked before opening, so a FIFO never blocks, and again while reading, so a file
/// that grows cannot get past the limit.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    read_capped(std::fs::File::open(path)?, limit)
}

/// Everything `reader` gives, refusing (without reading on) once it passes `limit` bytes.
pub fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_people_say_them() {
        assert_eq!(human(FLOW_FILE_BYTES), "4 MiB");
        assert_eq!(human(TOKEN_BYTES as u64), "64 KiB");
        assert_eq!(human(1000), "1000 bytes");
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let endless = std::io::repeat(b'a');
        assert!(matches!(
            read_capped(endless, 10),
            Err(ReadError::TooLarge(10))
        ));
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_directories_are_refused_without_reading() {
        assert!(matches!(
            read_regular_file(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_regular_file(Path::new("/"), 10),
            Err(ReadError::Directory)
        ));
    }
}
