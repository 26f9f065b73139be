//! Where flow files come from (built into the binary, or a directory on disk) and how a problem
//! in one is reported: `file:line:col: message`.

// Reads text from pastes, logs and flow files: an index past the end would be a panic on
// hostile input, so every access here is checked (`get`, `first_chunk`, iterators).
#![warn(clippy::indexing_slicing)]

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::limits::{self, ReadError};

// The built-in flow files live in `embedded.rs`, so that build.rs can compile this module to
// check the shipped flows before `OUT_DIR` holds them.
pub use super::embedded::embedded;

/// One flow file's text and the name problems are reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// `flows/azure.toml` for built-in files, the path as given for files on disk.
    pub name: String,
    pub text: String,
    /// Files from a later layer replace built-in providers with the same id.
    pub layer: Layer,
    /// Byte offset of each line's start, built on the first diagnostic: a file with 20,000
    /// problems is scanned once, not once per problem.
    line_starts: OnceLock<Vec<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    BuiltIn,
    /// The n-th extra flows directory, in the order given.
    Extra(usize),
}

/// A problem found in a flow file, or in reading one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.file.is_empty() {
            write!(f, "{}", self.message)
        } else if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>, layer: Layer) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            layer,
            line_starts: OnceLock::new(),
        }
    }

    /// A diagnostic at a byte offset of this file.
    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(span.start);
        Diagnostic {
            file: self.name.clone(),
            line,
            col,
            message: message.into(),
        }
    }
}

impl Source {
    /// [`line_col`] through the line index: a binary search, then the characters of one line.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = starts.partition_point(|&start| start <= offset);
        // `starts` begins with 0, so at least one start is at or before any offset.
        let line_start = line
            .checked_sub(1)
            .and_then(|l| starts.get(l))
            .copied()
            .unwrap_or(0);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

/// 1-based line and column (in characters) of a byte offset. Scans the text: for one-off
/// positions; a source's many diagnostics use [`Source::line_col`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every `*.toml` file in `dir`, sorted by name. A directory that cannot be read, or a file that
/// is not UTF-8, is reported as a diagnostic rather than skipped.
pub fn read_dir(dir: &Path, layer: Layer) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let shown = dir.display().to_string();
    let whole_file = |file: String, message: String| Diagnostic {
        file,
        line: 0,
        col: 0,
        message,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![whole_file(
            shown.clone(),
            format!("cannot read flows directory: {e}"),
        )]
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Not only regular files: a FIFO or a directory named `x.toml` is reported by
        // `read_file`, not silently skipped.
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match read_file(&path, layer) {
            Ok(source) => sources.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(sources)
    } else {
        Err(problems)
    }
}

/// A single file given on the command line (e.g. `validate my-flow.toml`).
pub fn read_file(path: &Path, layer: Layer) -> Result<Source, Diagnostic> {
    let name = path.display().to_string();
    let bytes = limits::read_regular_file(path, limits::FLOW_FILE_BYTES).map_err(|e| {
        let what = if matches!(e, ReadError::Io(_)) {
            "file"
        } else {
            "flow file"
        };
        Diagnostic {
            file: name.clone(),
            line: 0,
            col: 0,
            message: format!("cannot read {what}: {e}"),
        }
    })?;
    String::from_utf8(bytes)
        .map(|text| Source::new(name.clone(), text, layer))
        .map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default())
                .into_owned();
            let (line, col) = line_col(&valid, offset);
            Diagnostic {
                file: name,
                line,
                col,
                message: "the file is not valid UTF-8".into(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4)); // after the two-byte é
    }

    #[test]
    fn the_line_index_agrees_with_the_scan() {
        let text = "ab\ncé d\n\n\nlast";
        let source = Source::new("x", text, Layer::BuiltIn);
        for offset in 0..=text.len() + 2 {
            assert_eq!(source.line_col(offset), line_col(text, offset), "{offset}");
        }
    }
}
