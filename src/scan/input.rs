//! Where the text comes from: files, directories walked recursively, `.gz` files and stdin,
//! read as capped lines in bounded memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::prefilter::{Hits, Prefilter, Weight};

/// Longest line kept; the rest of a longer line is skipped (and a note says where). Large
/// enough for a one-line job-log API response of the default 5000 entries.
pub const LINE_CAP: usize = 1024 * 1024;
/// Bytes read from the source at a time.
const CHUNK: usize = 1024 * 1024;
/// Bytes looked at to decide whether a file is binary.
const SNIFF: usize = 8 * 1024;

/// One input to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// How the input is named in reports (`-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    pub fn is_gzip(&self) -> bool {
        matches!(self, Input::File(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")))
    }
}

/// A path that could not be listed or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub name: String,
    pub message: String,
}

/// Files under `paths` (directories recursively, in name order), or stdin when `paths` is
/// empty. Problems are returned alongside so the scan goes on.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<Unreadable>) {
    if paths.is_empty() {
        return (vec![Input::Stdin], Vec::new());
    }
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else {
            walk(path, &mut inputs, &mut problems);
        }
    }
    (inputs, problems)
}

fn walk(path: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<Unreadable>) {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            problems.push(Unreadable {
                name: path.display().to_string(),
                message: e.to_string(),
            });
            return;
        }
    };
    if !meta.is_dir() {
        inputs.push(Input::File(path.to_path_buf()));
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Unreadable {
                name: path.display().to_string(),
                message: e.to_string(),
            });
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        // Symlinked directories are not followed: a link back up would loop forever.
        match std::fs::symlink_metadata(&child) {
            Ok(m) if m.file_type().is_symlink() && child.is_dir() => {}
            _ => walk(&child, inputs, problems),
        }
    }
}

/// Opens an input as a byte stream (`.gz` decompressed), with its size on disk when known.
pub fn open(input: &Input) -> io::Result<(Box<dyn Read + Send>, Option<u64>)> {
    match input {
        Input::Stdin => Ok((Box::new(io::stdin()), None)),
        Input::File(path) => {
            let file = File::open(path)?;
            let size = file.metadata().ok().map(|m| m.len());
            if input.is_gzip() {
                Ok((Box::new(flate2::read::MultiGzDecoder::new(file)), size))
            } else {
                Ok((Box::new(file), size))
            }
        }
    }
}

/// One line as read: lossily decoded later by the caller, capped at [`LINE_CAP`].
#[derive(Debug)]
pub struct RawLine<'a> {
    /// 1-based.
    pub number: u64,
    pub bytes: &'a [u8],
    /// The line was longer than [`LINE_CAP`]; only its start is here.
    pub capped: bool,
    /// The prefilter patterns in the line.
    pub hit: Hits,
}

/// Reads lines from a byte stream through a fixed-size buffer; runs the prefilter over each
/// fresh stretch of whole lines at once, which is much faster than line by line.
pub struct LineReader<R> {
    inner: R,
    /// Bulk mode: a thread reads ahead and runs the prefilter, so searching and line handling
    /// use both cores. `None`: read and search here (`--follow`, tests).
    ahead: Option<std::sync::mpsc::Receiver<Chunk>>,
    prefilter: Option<Prefilter>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Everything before this has been searched by the prefilter.
    searched: usize,
    /// Start offsets (in `buf`) of prefilter matches at or after `start`, ascending.
    hits: Vec<(usize, Weight)>,
    hit_cursor: usize,
    eof: bool,
    line_number: u64,
    /// Bytes handed out so far (for progress).
    pub consumed: u64,
    /// Inside an over-long line: discard until its newline.
    skipping: bool,
    /// Set on the first line: the first bytes held a NUL or were mostly not text.
    pub binary: bool,
    sniffed: bool,
    /// `--follow`: a last line without its newline is kept back until the newline comes.
    pub follow: bool,
    /// The read error that ended the stream early (a truncated `.gz`), once the lines before
    /// it have been handed out.
    pub error: Option<io::Error>,
}

impl<R: Read> LineReader<R> {
    pub fn new(inner: R, prefilter: Option<Prefilter>) -> Self {
        LineReader {
            inner,
            ahead: None,
            prefilter,
            buf: vec![0; CHUNK + LINE_CAP],
            start: 0,
            end: 0,
            searched: 0,
            hits: Vec::new(),
            hit_cursor: 0,
            eof: false,
            line_number: 0,
            consumed: 0,
            skipping: false,
            binary: false,
            sniffed: false,
            follow: false,
            error: None,
        }
    }

    /// Reads until at least `SNIFF` bytes are buffered (or the end) and decides whether the
    /// stream is binary. Errors are those of the underlying reader.
    pub fn sniff(&mut self) -> io::Result<bool> {
        while !self.eof && self.end < SNIFF {
            self.fill()?;
        }
        self.sniffed = true;
        let head = &self.buf[..self.end.min(SNIFF)];
        self.binary = looks_binary(head);
        Ok(self.binary)
    }

    /// The next line, or `None` at the end (see [`LineReader::error`] for why it ended).
    pub fn next_line(&mut self) -> io::Result<Option<RawLine<'_>>> {
        if !self.sniffed {
            self.sniff()?;
        }
        loop {
            if let Some(pos) = memchr::memchr(b'\n', &self.buf[self.start..self.end]) {
                let line_start = self.start;
                let line_end = line_start + pos;
                self.start = line_end + 1;
                self.consumed += (pos + 1) as u64;
                if self.skipping {
                    self.skipping = false;
                    self.skip_hits_before(self.start);
                    continue;
                }
                if pos > LINE_CAP {
                    // The whole over-long line fits in the buffer: keep its start only.
                    return Ok(Some(self.emit(line_start, line_start + LINE_CAP, true)));
                }
                return Ok(Some(self.emit(line_start, line_end, false)));
            }
            let pending = self.end - self.start;
            if self.eof {
                if self.follow && pending > 0 {
                    // The writer may not have finished this line yet.
                    return Ok(None);
                }
                if pending == 0 || self.skipping {
                    self.consumed += pending as u64;
                    self.start = self.end;
                    return Ok(None);
                }
                let line_start = self.start;
                self.start = self.end;
                self.consumed += pending as u64;
                return Ok(Some(self.emit(line_start, self.end, false)));
            }
            if pending >= LINE_CAP {
                if self.skipping {
                    // Still inside the over-long line: drop what we hold and read on.
                    self.consumed += pending as u64;
                    self.start = self.end;
                    self.skip_hits_before(self.end);
                    self.fill()?;
                    continue;
                }
                let line_start = self.start;
                self.start += LINE_CAP;
                self.consumed += LINE_CAP as u64;
                self.skipping = true;
                return Ok(Some(self.emit(line_start, line_start + LINE_CAP, true)));
            }
            self.fill()?;
        }
    }

    fn emit(&mut self, start: usize, end: usize, capped: bool) -> RawLine<'_> {
        self.line_number += 1;
        let mut line_end = end;
        if !capped && line_end > start && self.buf[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let hit = self.search(start, end);
        RawLine {
            number: self.line_number,
            bytes: &self.buf[start..line_end],
            capped,
            hit,
        }
    }

    /// Whether a prefilter match starts in `start..end`; searches whole buffered lines ahead.
    fn search(&mut self, start: usize, end: usize) -> Hits {
        if self.ahead.is_some() {
            // Searched already, by the read-ahead thread.
            return self.hits_in(start, end);
        }
        let Some(prefilter) = &self.prefilter else {
            return Hits::ENOUGH;
        };
        if end > self.searched {
            // Search up to the last newline we hold (a match never spans lines), at least `end`.
            let upto =
                memchr::memrchr(b'\n', &self.buf[end..self.end]).map_or(end, |p| end + p + 1);
            let from = self.searched.max(start);
            self.hits.drain(..self.hit_cursor);
            self.hit_cursor = 0;
            self.hits.extend(
                prefilter
                    .find(&self.buf[from..upto])
                    .map(|(at, weight)| (from + at, weight)),
            );
            self.searched = upto;
        }
        self.hits_in(start, end)
    }

    /// The matches that start in `start..end`.
    fn hits_in(&mut self, start: usize, end: usize) -> Hits {
        self.skip_hits_before(start);
        let mut hits = Hits::NONE;
        for &(_, weight) in self.hits[self.hit_cursor..]
            .iter()
            .take_while(|&&(at, _)| at < end)
        {
            hits.add(weight);
        }
        hits
    }

    fn skip_hits_before(&mut self, offset: usize) {
        while self
            .hits
            .get(self.hit_cursor)
            .is_some_and(|&(h, _)| h < offset)
        {
            self.hit_cursor += 1;
        }
    }

    /// Moves the unread tail to the front and reads more.
    fn fill(&mut self) -> io::Result<()> {
        if self.ahead.is_some() {
            self.fill_from_ahead();
            return Ok(());
        }
        self.compact();
        let room = self.buf.len() - self.end;
        let want = room.min(CHUNK);
        loop {
            match self.inner.read(&mut self.buf[self.end..self.end + want]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // Hand out what we have; the caller reads the error after the last line.
                    self.eof = true;
                    self.error = Some(e);
                    return Ok(());
                }
            }
        }
    }

    fn compact(&mut self) {
        if self.start > 0 {
            let shift = self.start;
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= shift;
            self.start = 0;
            self.searched = self.searched.saturating_sub(shift);
            // Matches in lines already handed out are of no more use.
            self.hits.retain(|&(h, _)| h >= shift);
            self.hit_cursor = 0;
            for (h, _) in &mut self.hits {
                *h -= shift;
            }
        }
    }

    /// Takes the next chunk the read-ahead thread prepared, with its matches.
    fn fill_from_ahead(&mut self) {
        self.compact();
        let Some(ahead) = &self.ahead else { return };
        match ahead.recv() {
            Ok(Chunk::Data { bytes, hits }) => {
                if self.end + bytes.len() > self.buf.len() {
                    self.buf.resize(self.end + bytes.len(), 0);
                }
                let base = self.end;
                self.buf[base..base + bytes.len()].copy_from_slice(&bytes);
                // Everything up to here has been searched: earlier data by earlier chunks.
                self.hits
                    .extend(hits.into_iter().map(|(h, w)| (base + h, w)));
                self.end += bytes.len();
                self.searched = self.end;
            }
            Ok(Chunk::Failed(e)) => {
                self.eof = true;
                self.error = Some(e);
            }
            Err(_) => self.eof = true,
        }
    }

    /// Whether the reader has hit the end of what is there now (for `--follow`).
    pub fn at_end(&self) -> bool {
        self.eof && self.start == self.end
    }

    /// For `--follow`: the source may have grown; read again.
    pub fn resume(&mut self) {
        self.eof = false;
    }
}

/// What the read-ahead thread hands over: whole lines (or a piece of an over-long one) with
/// the prefilter's match offsets in them, or the error that ended the stream.
enum Chunk {
    Data {
        bytes: Vec<u8>,
        hits: Vec<(usize, Weight)>,
    },
    Failed(io::Error),
}

impl<R: Read + Send + 'static> LineReader<R> {
    /// A reader whose reading and prefilter run on a thread of their own, a few chunks ahead.
    pub fn read_ahead(mut inner: R, prefilter: Prefilter) -> LineReader<io::Empty> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        std::thread::spawn(move || {
            let mut carry: Vec<u8> = Vec::new();
            loop {
                let mut bytes = std::mem::take(&mut carry);
                let start = bytes.len();
                bytes.resize(start + CHUNK, 0);
                let n = loop {
                    match inner.read(&mut bytes[start..]) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let n = match n {
                    Ok(n) => n,
                    Err(e) => {
                        bytes.truncate(start);
                        let hits = prefilter.find(&bytes).collect();
                        let _ = tx.send(Chunk::Data { bytes, hits });
                        let _ = tx.send(Chunk::Failed(e));
                        return;
                    }
                };
                bytes.truncate(start + n);
                if n > 0 && bytes.len() < LINE_CAP {
                    // Hand over whole lines only, so no match is split between chunks.
                    match memchr::memrchr(b'\n', &bytes) {
                        Some(last) => carry = bytes.split_off(last + 1),
                        None => {
                            carry = bytes;
                            continue;
                        }
                    }
                }
                let done = n == 0;
                let hits = prefilter.find(&bytes).collect();
                if !bytes.is_empty() && tx.send(Chunk::Data { bytes, hits }).is_err() {
                    return;
                }
                if done {
                    return;
                }
            }
        });
        let mut reader = LineReader::new(io::empty(), None);
        reader.ahead = Some(rx);
        reader.prefilter = None;
        reader
    }
}

/// A line as text: invalid UTF-8 becomes U+FFFD. Log lines are nearly all ASCII, and the
/// ASCII check is several times faster than UTF-8 validation, so it goes first.
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    if bytes.is_ascii() {
        // SAFETY: ASCII bytes are valid UTF-8.
        std::borrow::Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8_lossy(bytes)
    }
}

/// A NUL byte, or more than a tenth control bytes other than white space, means binary.
/// Invalid UTF-8 alone does not: old logs in Latin-1 are still text.
pub fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x1b | 0x0c))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8]) -> Vec<(u64, Vec<u8>, bool)> {
        let mut reader = LineReader::new(data, None);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().expect("read") {
            out.push((line.number, line.bytes.to_vec(), line.capped));
        }
        out
    }

    #[test]
    fn splits_lines_and_drops_carriage_returns() {
        let got = lines(b"a\r\nb\n\nc");
        let texts: Vec<&[u8]> = got.iter().map(|l| l.1.as_slice()).collect();
        assert_eq!(texts, [b"a".as_slice(), b"b", b"", b"c"]);
        assert_eq!(got[3].0, 4);
    }

    #[test]
    fn caps_long_lines_and_keeps_counting() {
        let mut data = vec![b'x'; LINE_CAP + 10];
        data.extend_from_slice(b"\nnext\n");
        let got = lines(&data);
        assert_eq!(got.len(), 2);
        assert!(got[0].2);
        assert_eq!(got[0].1.len(), LINE_CAP);
        assert_eq!(got[1].1, b"next");
        assert_eq!(got[1].0, 2);
    }

    fn prefilter() -> Prefilter {
        Prefilter::new([
            ("aadsts", Weight::Alone),
            ("content item", Weight::Pair(0)),
            ("no oauth", Weight::Pair(1)),
        ])
    }

    #[test]
    fn read_ahead_gives_the_same_lines_and_hits() {
        let mut data = Vec::new();
        for i in 0..200_000 {
            let line = match i % 997 {
                0 => format!("line {i} AADSTS50011\n"),
                1 => format!("line {i} no OAuth for this content item\n"),
                2 => format!("line {i} content item\n"),
                _ => format!("line {i} quiet\n"),
            };
            data.extend_from_slice(line.as_bytes());
        }
        let mut plain = LineReader::new(std::io::Cursor::new(data.clone()), Some(prefilter()));
        let mut ahead = LineReader::read_ahead(std::io::Cursor::new(data), prefilter());
        let mut enough = 0;
        loop {
            let a = plain
                .next_line()
                .expect("read")
                .map(|l| (l.number, l.bytes.to_vec(), l.hit));
            let b = ahead
                .next_line()
                .expect("read")
                .map(|l| (l.number, l.bytes.to_vec(), l.hit));
            assert_eq!(a, b);
            let Some((.., hit)) = a else { break };
            enough += usize::from(hit.enough());
        }
        assert_eq!(enough, 2 * 200_000_usize.div_ceil(997));
    }

    #[test]
    fn prefilter_marks_lines_with_enough_patterns() {
        let data =
            b"nothing\nAADSTS50011 here\nthis content item\nno oauth for this content item\n";
        let mut reader = LineReader::new(data.as_slice(), Some(prefilter()));
        let mut hits = Vec::new();
        while let Some(line) = reader.next_line().expect("read") {
            hits.push(line.hit.enough());
        }
        assert_eq!(hits, [false, true, false, true]);
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x7fELF\x00\x01"));
        assert!(!looks_binary("caf\u{e9} time=\"x\"\n".as_bytes()));
        assert!(!looks_binary(b"caf\xe9 latin-1\n"));
    }
}
