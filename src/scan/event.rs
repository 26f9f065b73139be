//! Lines → events: a log line with its continuation lines, a Python or R traceback, a JSON body,
//! a pasted sign-in page. Only events in which the prefilter found something are handed on;
//! the others are dropped as soon as they end, so memory stays bounded by one event.

use super::format::{Format, Header};
use super::prefilter::Hits;

/// Most lines one event holds; a longer run is split, so an unclosed JSON brace or a runaway
/// page cannot swallow the rest of a file.
pub const EVENT_MAX_LINES: usize = 400;
/// Most text one event keeps; further lines still belong to it but are not kept.
pub const EVENT_MAX_BYTES: usize = 64 * 1024;
/// A JSON document (a job-log API response of thousands of entries) may be this large; it is
/// opened into its entries, or cut to [`EVENT_MAX_BYTES`] before diagnosis.
pub const DOC_MAX_BYTES: usize = 16 * 1024 * 1024;
const DOC_MAX_LINES: usize = 1_000_000;
/// A pasted page (no headers, blank lines inside) ends after this many lines.
const PAGE_MAX_LINES: usize = 60;

/// One event, with where it came from.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// Index of the input it was read from.
    pub input: usize,
    /// First and last line (1-based).
    pub line: u64,
    pub last_line: u64,
    /// The lines as written, joined with `\n`, at most [`EVENT_MAX_BYTES`].
    pub text: String,
    /// The time of the first line's header, or the latest one seen before it in this input.
    pub time: String,
    pub time_inherited: bool,
    /// The prefilter patterns its lines hold.
    pub hit: Hits,
    /// Lines beyond [`EVENT_MAX_BYTES`] were not kept.
    pub truncated: bool,
    /// Layout of the first line.
    pub format: Option<Format>,
    lines: usize,
}

/// What kind of block is open, which decides whether the next line continues it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// An ordinary line: indented lines continue it.
    Line,
    /// `Traceback (most recent call last):` until the unindented exception line.
    Traceback,
    /// Inside `{ … }` / `[ … ]` until the brackets balance.
    Json(JsonDepth),
    /// An R error: `Error in …`, then `!`, `ℹ`, `Backtrace:` … lines.
    RError,
    /// A pasted page: headerless lines, blank lines included.
    Page { blank_run: u8 },
    /// The block has ended; only a new event follows.
    Closed,
}

/// Bracket depth of JSON text outside its strings, carried from line to line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct JsonDepth {
    depth: i32,
    in_string: bool,
    escaped: bool,
}

impl JsonDepth {
    fn feed(&mut self, text: &str) {
        for b in text.bytes() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth -= 1,
                _ => {}
            }
        }
    }

    fn open(&self) -> bool {
        self.depth > 0
    }
}

/// Groups lines of one input into events.
#[derive(Debug)]
pub struct Segmenter {
    input: usize,
    current: Option<Event>,
    block: Block,
    last_time: String,
    /// A finished event without hits, kept to reuse its buffers.
    spare: Option<Event>,
}

fn indented(body: &str) -> bool {
    body.starts_with([' ', '\t'])
}

/// Lines inside a Python traceback that are not indented but do not end it.
fn traceback_chain_line(body: &str) -> bool {
    body.starts_with("During handling of the above exception")
        || body.starts_with("The above exception was the direct cause")
        || body.starts_with("Traceback (most recent call last)")
}

/// The lines rlang and base R print under an error.
fn r_error_continuation(body: &str) -> bool {
    const MARKS: [&str; 11] = [
        "! ",
        "\u{2139} ",
        "\u{2716} ",
        "x ",
        "\u{2022} ",
        "Backtrace:",
        "Caused by error",
        "Calls:",
        "Execution halted",
        "Run `rlang::last_trace()`",
        "In addition:",
    ];
    MARKS.iter().any(|m| body.starts_with(m))
}

fn r_error_start(body: &str) -> bool {
    body.starts_with("Error in ") || body.starts_with("Error: ") || body == "Error:"
}

/// The start of a pasted page: HTML, or the text of a provider's sign-in error page.
fn page_start(body: &str) -> bool {
    let lower = body.trim_start().to_ascii_lowercase();
    lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower == "sign in"
        || lower.contains("trouble signing you in")
}

impl Segmenter {
    pub fn new(input: usize) -> Segmenter {
        Segmenter {
            input,
            current: None,
            block: Block::Closed,
            last_time: String::new(),
            spare: None,
        }
    }

    /// Takes one line; returns the event it ended, if that event had a prefilter hit.
    pub fn push(
        &mut self,
        number: u64,
        text: &str,
        header: &Header<'_>,
        hit: Hits,
    ) -> Option<Event> {
        let body = header.body;
        let blank = body.trim().is_empty();
        let headerless = header.format == Format::Plain;
        if let Some(time) = header.time {
            self.last_time.clear();
            self.last_time.push_str(time);
        }
        let max_lines = if matches!(self.block, Block::Json(_)) {
            DOC_MAX_LINES
        } else {
            EVENT_MAX_LINES
        };
        let room = self.current.as_ref().is_some_and(|e| e.lines < max_lines);
        if room {
            match &mut self.block {
                Block::Json(depth) => {
                    depth.feed(body);
                    if !depth.open() {
                        self.block = Block::Closed;
                    }
                    self.append(number, text, hit);
                    return None;
                }
                Block::Traceback if !blank => {
                    if !indented(body) && !traceback_chain_line(body) {
                        self.block = Block::Closed;
                    }
                    self.append(number, text, hit);
                    return None;
                }
                Block::Page { blank_run } if headerless => {
                    let lines = self.current.as_ref().map_or(0, |e| e.lines);
                    if blank {
                        *blank_run += 1;
                        if *blank_run >= 2 {
                            return self.finish();
                        }
                        return None;
                    }
                    if lines < PAGE_MAX_LINES {
                        *blank_run = 0;
                        if body.to_ascii_lowercase().contains("</html>") {
                            self.block = Block::Closed;
                        }
                        self.append(number, text, hit);
                        return None;
                    }
                }
                Block::RError if !blank && r_error_continuation(body) => {
                    self.append(number, text, hit);
                    return None;
                }
                _ => {}
            }
            // Indented lines continue whatever came before (a stack frame, a wrapped message).
            if !blank && indented(body) {
                self.append(number, text, hit);
                return None;
            }
        }
        let finished = self.finish();
        if blank {
            return finished;
        }
        self.start(number, text, header, hit);
        finished
    }

    fn start(&mut self, number: u64, text: &str, header: &Header<'_>, hit: Hits) {
        let mut event = self.spare.take().unwrap_or_default();
        event.input = self.input;
        event.line = number;
        event.last_line = number;
        event.text.clear();
        event.text.push_str(cap(text, EVENT_MAX_BYTES));
        event.truncated = text.len() > EVENT_MAX_BYTES;
        event.time.clear();
        event.time_inherited = header.time.is_none();
        event.time.push_str(&self.last_time);
        event.hit = hit;
        event.format = Some(header.format);
        event.lines = 1;
        let body = header.body.trim_end();
        self.block = if body.starts_with("Traceback (most recent call last)") {
            Block::Traceback
        } else if header.format != Format::Logrus
            && (body.starts_with(['{', '[']) || body.ends_with(['{', '[']))
        {
            let mut depth = JsonDepth::default();
            let from = body.find(['{', '[']).unwrap_or(0);
            depth.feed(&body[from..]);
            if depth.open() {
                Block::Json(depth)
            } else {
                Block::Line
            }
        } else if header.format == Format::Plain && page_start(body) {
            Block::Page { blank_run: 0 }
        } else if r_error_start(body) {
            Block::RError
        } else {
            Block::Line
        };
        self.current = Some(event);
    }

    fn append(&mut self, number: u64, text: &str, hit: Hits) {
        let Some(event) = self.current.as_mut() else {
            return;
        };
        event.last_line = number;
        event.lines += 1;
        event.hit.merge(hit);
        let max_bytes = if matches!(self.block, Block::Json(_)) {
            DOC_MAX_BYTES
        } else {
            EVENT_MAX_BYTES
        };
        if event.text.len() + 1 + text.len() <= max_bytes {
            event.text.push('\n');
            event.text.push_str(text);
        } else {
            event.truncated = true;
        }
    }

    /// Ends the open event; returns it when its lines hold enough prefilter patterns.
    pub fn finish(&mut self) -> Option<Event> {
        self.block = Block::Closed;
        let event = self.current.take()?;
        if event.hit.enough() {
            Some(event)
        } else {
            self.spare = Some(event);
            None
        }
    }

    /// Whether an event is still open (for `--follow`, which flushes it after a pause).
    pub fn has_open_event(&self) -> bool {
        self.current.is_some()
    }
}

/// The longest prefix of `text` within `max` bytes that ends on a character boundary.
pub fn cap(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::super::format::header;
    use super::*;

    /// Every event (hit or not) as (first line, last line).
    fn events(text: &str) -> Vec<(u64, u64)> {
        let mut seg = Segmenter::new(0);
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(e) = seg.push(i as u64 + 1, line, &header(line), Hits::ENOUGH) {
                out.push((e.line, e.last_line));
            }
        }
        out.extend(seg.finish().map(|e| (e.line, e.last_line)));
        out
    }

    #[test]
    fn python_traceback_in_a_job_log_is_one_event() {
        let log = "\
2023/09/12 12:13:44.541508100 starting
2023/09/12 12:13:44.541508101 Traceback (most recent call last):
2023/09/12 12:13:44.541508102   File \"app.py\", line 3, in <module>
2023/09/12 12:13:44.541508103     creds = client.oauth.get_credentials(token)
2023/09/12 12:13:44.541508104 posit.connect.errors.ClientError: No OAuth session found
2023/09/12 12:13:44.541508105 next";
        assert_eq!(events(log), [(1, 1), (2, 5), (6, 6)]);
    }

    #[test]
    fn logrus_lines_with_continuations() {
        let log = "\
time=\"2025-01-01T00:00:00.000Z\" level=error msg=\"a\"
    at something
time=\"2025-01-01T00:00:01.000Z\" level=info msg=\"b\"";
        assert_eq!(events(log), [(1, 2), (3, 3)]);
    }

    #[test]
    fn json_body_spans_lines_until_it_closes() {
        let log = "Response body: {\n\"error\": \"invalid_grant\",\n\"x\": \"}{\"\n}\nafter";
        assert_eq!(events(log), [(1, 4), (5, 5)]);
    }

    #[test]
    fn sign_in_page_keeps_single_blank_lines() {
        let log = "Sign in\nSorry, but we're having trouble signing you in.\n\nAADSTS500113: No reply address\n\nRequest Id: 1\n\n\nother";
        assert_eq!(events(log), [(1, 6), (9, 9)]);
    }

    #[test]
    fn r_error_with_rlang_lines() {
        let log = "Error in `f()`:\n! No OAuth session found.\nBacktrace:\n    1. f()\nok";
        assert_eq!(events(log), [(1, 4), (5, 5)]);
    }

    #[test]
    fn unclosed_page_is_split_at_the_cap() {
        let mut log = String::from("Sign in\n");
        for _ in 0..(PAGE_MAX_LINES + 5) {
            log.push_str("text\n");
        }
        let got = events(&log);
        assert_eq!(got[0], (1, PAGE_MAX_LINES as u64));
    }

    #[test]
    fn only_events_with_hits_are_returned() {
        let mut seg = Segmenter::new(0);
        let lines = ["quiet", "loud", "quiet"];
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let hit = if *line == "loud" {
                Hits::ENOUGH
            } else {
                Hits::NONE
            };
            out.extend(seg.push(i as u64 + 1, line, &header(line), hit));
        }
        out.extend(seg.finish());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "loud");
    }

    /// Two different pairs make an event a candidate even on lines of their own (a wording
    /// wrapped over a traceback's lines).
    #[test]
    fn pairs_on_different_lines_of_one_event_add_up() {
        use super::super::prefilter::Weight;
        let pair = |n| {
            let mut hits = Hits::NONE;
            hits.add(Weight::Pair(n));
            hits
        };
        let mut seg = Segmenter::new(0);
        let mut out = Vec::new();
        for (i, (line, hit)) in [
            ("Traceback (most recent call last):", Hits::NONE),
            ("  one content item", pair(0)),
            ("  the same content item", pair(0)),
            ("next", pair(0)),
            ("Traceback (most recent call last):", Hits::NONE),
            ("  one content item", pair(0)),
            ("  no oauth", pair(1)),
            ("Error: done", Hits::NONE),
        ]
        .into_iter()
        .enumerate()
        {
            out.extend(seg.push(i as u64 + 1, line, &header(line), hit));
        }
        out.extend(seg.finish());
        let lines: Vec<(u64, u64)> = out.iter().map(|e| (e.line, e.last_line)).collect();
        assert_eq!(lines, [(5, 8)]);
    }
}
