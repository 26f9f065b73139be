//! `oauth-triage scan [PATH ...]`: OAuth findings in whole logs, directories and bundles.
//! Exit 0 nothing found, 1 findings, 2 bad input (after the report of what was read).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use jiff::Timestamp;
use serde_json::{Value, json};

use super::{CommandResult, Failure, Outcome};
use crate::kb::KnowledgeBase;
use crate::scan::report::{Excerpt, InputReport, Listed, Note, OutcomeKind, Report, Tally};
use crate::scan::{Input, Scanner, Seen, Window, input};
use crate::text::one_line;

/// Inputs smaller than this in total get no progress bar: they are done before it would show.
const PROGRESS_MIN_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Log files, directories (read recursively) or `.gz` files; stdin when none (or `-`).
    pub paths: Vec<PathBuf>,
    /// Print the report as JSON (the schema is in the README).
    #[arg(long)]
    pub json: bool,
    /// Only events at or after this time (RFC 3339, or a date: its start, UTC).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events at or before this time (RFC 3339, or a date: its end, UTC).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Keep reading the files as they grow (like `tail -f`) and print findings as they appear.
    #[arg(long)]
    pub follow: bool,
    /// Print the summary even on a terminal, instead of opening the findings in the guide.
    #[arg(long)]
    pub print: bool,
}

pub fn run(
    args: &ScanArgs,
    kb: &KnowledgeBase,
    settings: &crate::config::Settings,
) -> CommandResult {
    let window = Window {
        since: args
            .since
            .as_deref()
            .map(|t| parse_bound(t, false))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| parse_bound(t, true))
            .transpose()?,
    };
    if let (Some(s), Some(u)) = (window.since, window.until)
        && s > u
    {
        return Err(Failure::usage("--since is later than --until"));
    }
    let (inputs, unlisted) = input::expand(&args.paths);
    if inputs.contains(&Input::Stdin) && std::io::stdin().is_terminal() {
        eprintln!("Reading a log from standard input; paste it, then press Ctrl-D:");
    }
    let scanner = Scanner::new(kb);
    if args.follow {
        return follow(&scanner, &inputs, &unlisted, window, args.json);
    }
    let bar = progress_bar(&inputs);
    let tick = |n: u64| {
        if let Some(bar) = &bar {
            bar.inc(n);
        }
    };
    let mut report = scanner.scan(&inputs, window, &tick);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for problem in unlisted {
        report.inputs.push(InputReport {
            name: problem.name,
            status: crate::scan::report::InputStatus::Unreadable(problem.message),
            lines: 0,
            bytes: 0,
        });
    }
    let interactive = !args.json
        && !args.print
        && !inputs.contains(&Input::Stdin)
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    if interactive && !report.bad_input() {
        let found = crate::tui::findings::from_report(&report, kb);
        return crate::tui::run_findings(settings, kb.clone(), found);
    }
    if args.json {
        println!("{}", to_json(&report, kb));
    } else {
        print!("{}", to_text(&report, kb));
    }
    finish(&report)
}

/// Exit code: 2 when some input could not be read fully, else 1 when anything was found.
fn finish(report: &Report) -> CommandResult {
    if report.bad_input() {
        let bad = report.bad_input_lines();
        return Err(Failure::usage(format!(
            "{} input(s) could not be read fully:\n{}",
            bad.len(),
            bad.join("\n")
        )));
    }
    Ok(
        if report.findings.is_empty() && report.unrecognised.is_empty() {
            Outcome::Success
        } else {
            Outcome::NotFound
        },
    )
}

/// `2024-12-06T19:09:29Z`, or a date: the start of it (`--since`) or its last instant
/// (`--until`), in UTC.
fn parse_bound(text: &str, end_of_day: bool) -> Result<Timestamp, Failure> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        let start = date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| Failure::usage(format!("bad date {text:?}: {e}")))?
            .timestamp();
        return Ok(if end_of_day {
            start + jiff::SignedDuration::from_nanos(86_400_000_000_000 - 1)
        } else {
            start
        });
    }
    Err(Failure::usage(format!(
        "cannot read {:?} as a time: use RFC 3339 (2024-12-06T19:09:29Z) or a date (2024-12-06)",
        one_line(text)
    )))
}

fn progress_bar(inputs: &[Input]) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || inputs.contains(&Input::Stdin) {
        return None;
    }
    let total: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum();
    if total < PROGRESS_MIN_BYTES {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "scanning {bar:30} {bytes}/{total_bytes}  {bytes_per_sec}  {eta} left",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

fn time(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "no time".to_string(), |t| t.to_string())
}

fn location(report: &Report, e: &Excerpt) -> String {
    let name = report
        .inputs
        .get(e.input)
        .map_or("?".to_string(), |i| one_line(&i.name));
    format!("{name}:{}", e.line)
}

fn listed(label: &str, l: &Listed, out: &mut String) {
    if l.values.is_empty() {
        return;
    }
    let values: Vec<&str> = l.values.iter().map(String::as_str).take(8).collect();
    let hidden = l.values.len().saturating_sub(8) + l.more;
    let more = if hidden > 0 {
        format!(" (+{hidden} more)")
    } else {
        String::new()
    };
    out.push_str(&format!("   {label}: {}{more}\n", values.join(", ")));
}

fn tally_text(report: &Report, t: &Tally, out: &mut String) {
    let span = match (t.first_seen, t.last_seen) {
        (Some(f), Some(l)) if f == l => format!(", at {f}"),
        (Some(f), Some(l)) => format!(", {f} to {l}"),
        _ => String::new(),
    };
    let times = if t.count == 1 { "time" } else { "times" };
    out.push_str(&format!("   {} {times}{span}\n", t.count));
    listed("users", &t.users, out);
    listed("integrations", &t.integrations, out);
    listed("content", &t.content, out);
    listed("paths", &t.paths, out);
    if let Some(e) = &t.example {
        out.push_str(&format!("   example at {}:\n", location(report, e)));
        for line in e.text.lines() {
            out.push_str(&format!("     | {line}\n"));
        }
    }
}

/// The summary for a person.
pub fn to_text(report: &Report, kb: &KnowledgeBase) -> String {
    let mut out = String::new();
    let lines: u64 = report.inputs.iter().map(|i| i.lines).sum();
    let bytes: u64 = report.inputs.iter().map(|i| i.bytes).sum();
    out.push_str(&format!(
        "Scanned {} input(s): {lines} lines, {}; {} event(s) looked at closely.\n",
        report.inputs.len(),
        human_bytes(bytes),
        report.events_examined
    ));
    if report.undated_skipped + report.outside_window > 0 {
        out.push_str(&format!(
            "Left out by --since/--until: {} outside the window, {} without a time.\n",
            report.outside_window, report.undated_skipped
        ));
    }
    if report.findings.is_empty() && report.unrecognised.is_empty() {
        out.push_str("\nNo OAuth problems found.\n");
    }
    for (n, finding) in report.findings.iter().enumerate() {
        let fix = kb.fix(finding.fix);
        out.push_str(&format!(
            "\n{}. {} — {}\n",
            n + 1,
            fix.id,
            fix.title.to_one_line()
        ));
        tally_text(report, &finding.tally, &mut out);
        out.push_str(&format!("   next: oauth-triage show {}\n", fix.id));
    }
    if !report.unrecognised.is_empty() {
        out.push_str("\nUnrecognised: these look like OAuth errors but match no known fix.\n");
        for u in &report.unrecognised {
            out.push_str(&format!("\n - {}\n", u.shape));
            tally_text(report, &u.tally, &mut out);
        }
        let (groups, events) = report.unrecognised_more;
        if groups > 0 {
            out.push_str(&format!(
                "\n ({groups} more kind(s), {events} event(s), not listed; see --json)\n"
            ));
        }
    }
    let notes = input_notes(report);
    if !notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in notes {
            out.push_str(&format!("   {n}\n"));
        }
    }
    out
}

/// Skipped, unreadable and truncated inputs, then notes about lines.
fn input_notes(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .inputs
        .iter()
        .filter_map(|i| {
            i.status
                .message()
                .map(|m| format!("{}: {}", one_line(&i.name), one_line(m)))
        })
        .collect();
    out.extend(report.notes.iter().map(|n| note_text(report, n)));
    out
}

fn note_text(report: &Report, n: &Note) -> String {
    let name = report
        .inputs
        .get(n.input)
        .map_or("?".to_string(), |i| one_line(&i.name));
    match n.line {
        Some(line) => format!("{name}:{line}: {}", n.message),
        None => format!("{name}: {}", n.message),
    }
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn listed_json(l: &Listed) -> Value {
    json!(l.values.iter().collect::<Vec<_>>())
}

fn excerpt_json(report: &Report, e: &Option<Excerpt>) -> Value {
    match e {
        Some(e) => json!({
            "file": report.inputs.get(e.input).map(|i| i.name.clone()),
            "line": e.line,
            "text": e.text,
        }),
        None => Value::Null,
    }
}

fn tally_json(report: &Report, t: &Tally) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("count".into(), json!(t.count));
    m.insert(
        "first_seen".into(),
        json!(t.first_seen.map(|t| t.to_string())),
    );
    m.insert(
        "last_seen".into(),
        json!(t.last_seen.map(|t| t.to_string())),
    );
    m.insert("users".into(), listed_json(&t.users));
    m.insert("users_more".into(), json!(t.users.more));
    m.insert("integrations".into(), listed_json(&t.integrations));
    m.insert("content".into(), listed_json(&t.content));
    m.insert("paths".into(), listed_json(&t.paths));
    m.insert("example".into(), excerpt_json(report, &t.example));
    m
}

/// The report for scripts; the schema is documented in the README and kept stable.
pub fn to_json(report: &Report, kb: &KnowledgeBase) -> Value {
    let inputs: Vec<Value> = report
        .inputs
        .iter()
        .map(|i| {
            json!({
                "name": i.name,
                "status": i.status.key(),
                "message": i.status.message(),
                "lines": i.lines,
                "bytes": i.bytes,
            })
        })
        .collect();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let fix = kb.fix(f.fix);
            let mut m = serde_json::Map::new();
            m.insert("id".into(), json!(fix.id));
            m.insert("title".into(), json!(fix.title));
            m.extend(tally_json(report, &f.tally));
            Value::Object(m)
        })
        .collect();
    let unrecognised: Vec<Value> = report
        .unrecognised
        .iter()
        .map(|u| {
            let mut m = serde_json::Map::new();
            m.insert("shape".into(), json!(u.shape));
            m.extend(tally_json(report, &u.tally));
            Value::Object(m)
        })
        .collect();
    let notes: Vec<Value> = report
        .notes
        .iter()
        .map(|n| {
            json!({
                "file": report.inputs.get(n.input).map(|i| i.name.clone()),
                "line": n.line,
                "message": n.message,
            })
        })
        .collect();
    json!({
        "version": 1,
        "inputs": inputs,
        "findings": findings,
        "unrecognised": unrecognised,
        "unrecognised_more": { "groups": report.unrecognised_more.0, "events": report.unrecognised_more.1 },
        "notes": notes,
        "events_examined": report.events_examined,
        "left_out": { "outside_window": report.outside_window, "without_time": report.undated_skipped },
    })
}

/// `--follow`: one line (or one JSON object) per finding, as it is read.
fn follow(
    scanner: &Scanner<'_>,
    inputs: &[Input],
    unlisted: &[input::Unreadable],
    window: Window,
    json_lines: bool,
) -> CommandResult {
    for problem in unlisted {
        eprintln!(
            "oauth-triage: {}: {}",
            one_line(&problem.name),
            one_line(&problem.message)
        );
    }
    let mut found = false;
    let mut print = |scanner: &Scanner<'_>, seen: Seen| {
        found = true;
        let o = &seen.outcome;
        let first_line = o
            .excerpt
            .text
            .lines()
            .find(|l| l.trim() != "…")
            .unwrap_or("");
        let location = format!("{}:{}", one_line(&seen.input), o.excerpt.line);
        let line = match (&o.kind, json_lines) {
            (OutcomeKind::Fix(fix), true) => json!({
                "type": "finding", "id": scanner.kb.fix(*fix).id, "title": scanner.kb.fix(*fix).title,
                "time": o.time.map(|t| t.to_string()), "file": seen.input, "line": o.excerpt.line,
                "text": o.excerpt.text,
            })
            .to_string(),
            (OutcomeKind::Unrecognised { shape }, true) => json!({
                "type": "unrecognised", "shape": shape,
                "time": o.time.map(|t| t.to_string()), "file": seen.input, "line": o.excerpt.line,
                "text": o.excerpt.text,
            })
            .to_string(),
            (OutcomeKind::Fix(fix), false) => format!(
                "{}  {}  {location}  {first_line}",
                time(o.time),
                scanner.kb.fix(*fix).id
            ),
            (OutcomeKind::Unrecognised { .. }, false) => {
                format!("{}  unrecognised  {location}  {first_line}", time(o.time))
            }
        };
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
    };
    let reports = scanner.follow(inputs, window, &mut print, &|| true);
    let bad: Vec<String> = reports
        .iter()
        .filter(|(r, _)| r.status.is_bad_input())
        .map(|(r, _)| {
            format!(
                "{}: {}",
                one_line(&r.name),
                one_line(r.status.message().unwrap_or(""))
            )
        })
        .chain(
            unlisted
                .iter()
                .map(|u| format!("{}: {}", one_line(&u.name), one_line(&u.message))),
        )
        .collect();
    for (r, _) in &reports {
        if r.status == crate::scan::report::InputStatus::Binary {
            eprintln!("oauth-triage: {}: binary file, skipped", one_line(&r.name));
        }
    }
    if !bad.is_empty() {
        return Err(Failure::usage(bad.join("\n")));
    }
    Ok(if found {
        Outcome::NotFound
    } else {
        Outcome::Success
    })
}
