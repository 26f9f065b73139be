//! Any bytes as a log file, or as a `.gz` that is most likely damaged: `scan` reports and goes
//! on, never panics; what it would show is terminal-safe and holds no credential that `redact`
//! would still find (an excerpt is redacted, then cleaned and cut; neither may uncover one).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oauth_triage::redact::redact;
use oauth_triage::scan::report::Tally;
use oauth_triage::scan::{Input, Scanner, Window};

fn scanner() -> &'static Scanner<'static> {
    static SCANNER: OnceLock<Scanner<'static>> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(oauth_triage_fuzz::builtin_kb()))
}

/// Shown text: one line (or, for an excerpt, lines) and no raw control character.
fn check_terminal_safe(what: &str, text: &str, lines_allowed: bool) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && !(lines_allowed && c == '\n')),
        "raw control character in {what}: {text:?}"
    );
}

/// Shown text that keeps its context (an excerpt, a message's shape) has nothing left that
/// redaction would take. (A mention is a value cut out of its context: alone, a GUID with a
/// character missing looks like an opaque secret, so mentions are not held to this.)
fn check_shown(what: &str, text: &str, lines_allowed: bool) {
    check_terminal_safe(what, text, lines_allowed);
    assert_eq!(redact(text), text, "a credential is left in {what}");
}

fn check_tally(tally: &Tally, lines: u64) {
    if let Some(example) = &tally.example {
        assert!(
            (1..=lines).contains(&example.line),
            "example at line {} of {lines}",
            example.line
        );
        check_shown("an excerpt", &example.text, true);
    }
    for listed in [
        &tally.users,
        &tally.integrations,
        &tally.content,
        &tally.paths,
    ] {
        for value in &listed.values {
            check_terminal_safe("a mention", value, false);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, log)) = data.split_first() else {
        return;
    };
    let extension = if mode % 4 == 0 { "log.gz" } else { "log" };
    let path = std::env::temp_dir().join(format!(
        "oauth-triage-fuzz-scan-{}.{extension}",
        std::process::id()
    ));
    std::fs::write(&path, log).expect("write the log to scan");
    let report = scanner().scan(&[Input::File(path.clone())], Window::default(), &|_| {});
    // Nothing is left in the temporary directory once a run ends.
    let _ = std::fs::remove_file(&path);
    let lines = report.inputs.first().map_or(0, |i| i.lines);
    let mut counted = 0;
    for tally in report
        .findings
        .iter()
        .map(|f| &f.tally)
        .chain(report.unrecognised.iter().map(|u| &u.tally))
    {
        counted += tally.count;
        check_tally(tally, lines);
    }
    assert!(
        counted <= report.events_examined,
        "{counted} counted of {} examined",
        report.events_examined
    );
    for u in &report.unrecognised {
        check_shown("an unrecognised shape", &u.shape, false);
    }
});
