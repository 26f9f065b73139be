//! `scan --follow`: like `tail -f`, keep reading files as they grow and report each finding as
//! soon as its event is complete.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use super::event::{Event, Segmenter};
use super::input::{self, Input, LineReader};
use super::report::{InputReport, InputStatus, Note};
use super::{CountingReader, Examined, InputState, Scanner, Seen, Window};

/// How often a file is looked at for new lines.
const POLL: Duration = Duration::from_millis(200);
/// An event still open after this long without new lines is complete (its continuation lines
/// would have been written together with it).
const SETTLE: Duration = Duration::from_millis(600);

struct Followed {
    index: usize,
    input: Input,
    lines: LineReader<CountingReader<Box<dyn Read + Send>>>,
    state: InputState,
    report: InputReport,
    notes: Vec<Note>,
    last_line_at: Instant,
    /// Files can grow; stdin and `.gz` are read once.
    growable: bool,
    done: bool,
}

fn open(scanner: &Scanner<'_>, index: usize, input: &Input) -> Result<Followed, String> {
    let (reader, _) = input::open(input).map_err(|e| e.to_string())?;
    let reader: CountingReader<Box<dyn Read + Send>> = CountingReader {
        inner: reader,
        count: Arc::new(AtomicU64::new(0)),
    };
    let growable = matches!(input, Input::File(_)) && !input.is_gzip();
    let mut lines = LineReader::new(reader, Some(scanner.prefilter.clone()));
    lines.follow = growable;
    Ok(Followed {
        index,
        input: input.clone(),
        lines,
        state: InputState {
            segmenter: Segmenter::new(index),
            content: None,
            capped: 0,
            lossy_at: None,
        },
        report: InputReport {
            name: input.name(),
            status: InputStatus::Read,
            lines: 0,
            bytes: 0,
        },
        notes: Vec::new(),
        last_line_at: Instant::now(),
        growable,
        done: false,
    })
}

pub(super) fn run(
    scanner: &Scanner<'_>,
    inputs: &[Input],
    window: Window,
    on_seen: &mut dyn FnMut(&Scanner<'_>, Seen),
    keep_going: &dyn Fn() -> bool,
) -> Vec<(InputReport, Vec<Note>)> {
    let mut order = 0u64;
    let mut followed: Vec<Followed> = Vec::new();
    let mut finished: Vec<(InputReport, Vec<Note>)> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        match open(scanner, index, input) {
            Ok(mut f) => {
                if f.lines.sniff().unwrap_or(false) {
                    f.report.status = InputStatus::Binary;
                    finished.push((f.report, f.notes));
                    continue;
                }
                followed.push(f);
            }
            Err(message) => finished.push((
                InputReport {
                    name: input.name(),
                    status: InputStatus::Unreadable(message),
                    lines: 0,
                    bytes: 0,
                },
                Vec::new(),
            )),
        }
    }
    let mut emit = |scanner: &Scanner<'_>,
                    f: &Followed,
                    event: Event,
                    content: Option<String>,
                    order: &mut u64| {
        *order += 1;
        if let Examined::Counted(outcome) =
            scanner.examine(*order, &event, content.as_deref(), window)
        {
            on_seen(
                scanner,
                Seen {
                    input: f.report.name.clone(),
                    outcome,
                },
            );
        }
    };
    loop {
        for f in followed.iter_mut().filter(|f| !f.done) {
            let mut got_lines = false;
            let mut candidates: Vec<(Event, Option<String>)> = Vec::new();
            while let Ok(Some(line)) = f.lines.next_line() {
                got_lines = true;
                f.report.lines = line.number;
                let number = line.number;
                let hit = line.hit;
                let text = input::decode(line.bytes).into_owned();
                scanner.push_line(&mut f.state, number, &text, hit, &mut |e, c| {
                    candidates.push((e, c))
                });
            }
            if got_lines {
                f.last_line_at = Instant::now();
            } else if f.state.segmenter.has_open_event()
                && f.last_line_at.elapsed() >= SETTLE
                && let Some(event) = f.state.segmenter.finish()
            {
                scanner.hand_on(&mut f.state, event, &mut |e, c| candidates.push((e, c)));
            }
            f.report.bytes = f.lines.consumed;
            for (event, content) in candidates {
                emit(scanner, f, event, content, &mut order);
            }
            if let Some(e) = f.lines.error.take() {
                f.report.status = InputStatus::Truncated(format!(
                    "reading stopped ({e}); scanned the {} line(s) before it",
                    f.report.lines
                ));
                f.done = true;
            } else if !f.growable && f.lines.at_end() {
                if let Some(event) = f.state.segmenter.finish() {
                    let mut rest = Vec::new();
                    scanner.hand_on(&mut f.state, event, &mut |e, c| rest.push((e, c)));
                    for (event, content) in rest {
                        emit(scanner, f, event, content, &mut order);
                    }
                }
                f.done = true;
            } else {
                f.lines.resume();
            }
        }
        if followed.iter().all(|f| f.done) || !keep_going() {
            break;
        }
        std::thread::sleep(POLL);
        for f in followed.iter_mut().filter(|f| !f.done && f.growable) {
            reopen_if_truncated(scanner, f);
        }
    }
    finished.extend(followed.into_iter().map(|f| (f.report, f.notes)));
    finished
}

/// A file that shrank was truncated or replaced (log rotation): start again from its top.
fn reopen_if_truncated(scanner: &Scanner<'_>, f: &mut Followed) {
    let Input::File(path) = &f.input else {
        return;
    };
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.len() >= f.lines.consumed {
        return;
    }
    if let Ok(mut fresh) = open(scanner, f.index, &f.input) {
        fresh.notes = std::mem::take(&mut f.notes);
        fresh.notes.push(Note {
            input: f.index,
            line: Some(f.report.lines),
            message: "the file shrank (truncated or rotated); reading it again from the top".into(),
        });
        *f = fresh;
    }
}
