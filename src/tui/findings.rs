//! The findings screen's state: built from a `scan` report, changed by keys. Drawing is in
//! `view/findings.rs`.

use super::action::Action;
use super::app::{App, FindingRow, FindingsState, Screen};
use crate::kb::{KnowledgeBase, Node};
use crate::scan::report::Report;
use crate::text::one_line;
use crate::walk::Walk;

/// The screen's rows from a report: fixes as ranked by the report (count, then recency), then
/// the unrecognised errors.
pub fn from_report(report: &Report, kb: &KnowledgeBase) -> FindingsState {
    let location = |e: &Option<crate::scan::report::Excerpt>| {
        e.as_ref().map_or(String::new(), |e| {
            let name = report
                .inputs
                .get(e.input)
                .map_or("?".to_string(), |i| one_line(&i.name));
            format!("{name}:{}", e.line)
        })
    };
    let excerpt = |e: &Option<crate::scan::report::Excerpt>| {
        e.as_ref().map_or(String::new(), |e| e.text.clone())
    };
    let mut rows: Vec<FindingRow> = report
        .findings
        .iter()
        .map(|f| FindingRow {
            fix: Some(f.fix),
            label: kb.fix(f.fix).title.to_one_line().into_string(),
            count: f.tally.count,
            last_seen: f.tally.last_seen.map(|t| t.to_string()),
            location: location(&f.tally.example),
            excerpt: excerpt(&f.tally.example),
        })
        .collect();
    rows.extend(report.unrecognised.iter().map(|u| FindingRow {
        fix: None,
        label: format!("Unrecognised: {}", one_line(&u.shape)),
        count: u.tally.count,
        last_seen: u.tally.last_seen.map(|t| t.to_string()),
        location: location(&u.tally.example),
        excerpt: excerpt(&u.tally.example),
    }));
    let lines: u64 = report.inputs.iter().map(|i| i.lines).sum();
    let names: Vec<String> = report.inputs.iter().map(|i| one_line(&i.name)).collect();
    FindingsState {
        scanned: format!("{} ({lines} lines)", names.join(", ")),
        rows,
        cursor: 0,
    }
}

/// What the transcript records of the scan: what was read and what was found.
pub fn summary(state: &FindingsState, kb: &KnowledgeBase) -> String {
    let mut out = format!("Scanned: {}\n", state.scanned);
    if state.rows.is_empty() {
        out.push_str("Found: no OAuth problems\n");
    }
    for row in &state.rows {
        let id = row
            .fix
            .map_or("unrecognised".to_string(), |f| kb.fix(f).id.clone());
        out.push_str(&format!(
            "{:>6}x  {id}  (example at {})\n",
            row.count, row.location
        ));
    }
    out
}

/// Opens the findings screen on top of Home.
pub fn open(app: &mut App, state: FindingsState) {
    app.log.scanned = Some(summary(&state, &app.kb));
    app.screens.truncate(1);
    app.push_screen(Screen::Findings(state));
}

pub fn update(app: &mut App, action: Action) -> Vec<super::Effect> {
    let Screen::Findings(state) = app.screen_mut() else {
        return Vec::new();
    };
    let last = state.rows.len().saturating_sub(1);
    let chosen = match action {
        Action::Up => {
            state.cursor = state.cursor.saturating_sub(1);
            None
        }
        Action::Down => {
            state.cursor = (state.cursor + 1).min(last);
            None
        }
        Action::Choose => Some(state.cursor),
        Action::Pick(n) => n.checked_sub(1),
        Action::Back => {
            app.pop_screen();
            None
        }
        _ => None,
    };
    if let Some(i) = chosen {
        open_row(app, i);
    }
    Vec::new()
}

/// Opens the fix of row `i`, keeping its example so the fix screen can show it. Unrecognised
/// rows have no fix: the status says so.
fn open_row(app: &mut App, i: usize) {
    let Screen::Findings(state) = app.screen() else {
        return;
    };
    let Some(row) = state.rows.get(i).cloned() else {
        return;
    };
    match row.fix {
        Some(fix) => {
            app.log.scan_example = Some((fix, row.location.clone(), row.excerpt.clone()));
            // The walk goes on top of the findings, so Back returns to them.
            let walk = Walk::jump_to(&app.kb, Node::Fix(fix));
            app.push_screen(Screen::Walk(super::app::WalkState::new(walk)));
        }
        None => {
            app.status = Some(super::app::Status::info(
                "no known fix for this one: search with / for its words, or escalate",
            ));
        }
    }
}

/// Runs `scan` over one path for the guide (called by the event loop).
pub fn scan_path(kb: &KnowledgeBase, path: &std::path::Path) -> Result<FindingsState, String> {
    let (inputs, problems) = crate::scan::input::expand(&[path.to_path_buf()]);
    if let Some(p) = problems.first() {
        return Err(format!("{}: {}", one_line(&p.name), one_line(&p.message)));
    }
    let scanner = crate::scan::Scanner::new(kb);
    let report = scanner.scan(&inputs, crate::scan::Window::default(), &|_| {});
    let bad = report.bad_input_lines();
    if !bad.is_empty() && report.findings.is_empty() && report.unrecognised.is_empty() {
        return Err(bad.join("; "));
    }
    Ok(from_report(&report, kb))
}

/// Typing the path on the "Scan a log" screen.
pub fn input(app: &mut App, action: Action) -> Vec<super::Effect> {
    let Screen::ScanInput(input) = app.screen_mut() else {
        return Vec::new();
    };
    match action {
        Action::Insert(_) | Action::DeleteBack | Action::ClearInput => {
            super::update::edit(input, action);
        }
        Action::Apply => {
            let path = input.as_str().trim().to_string();
            if path.is_empty() {
                app.status = Some(super::app::Status::problem("type a path first"));
            } else {
                app.status = Some(super::app::Status::busy(
                    format!("scanning {}…", one_line(&path)),
                    None,
                ));
                return vec![super::Effect::Scan(std::path::PathBuf::from(path))];
            }
        }
        Action::Cancel => app.pop_screen(),
        _ => {}
    }
    Vec::new()
}

/// The result of a scan started from Home.
pub fn scanned(app: &mut App, result: Result<FindingsState, String>) {
    match result {
        Ok(state) => {
            app.status = Some(super::app::Status::info(format!(
                "scanned {}: {} finding(s)",
                state.scanned,
                state.rows.len()
            )));
            open(app, state);
        }
        Err(e) => app.status = Some(super::app::Status::problem(format!("could not scan: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::FindingRow;
    use crate::tui::style::Theme;

    fn app_with_rows() -> App {
        let kb = crate::kb::builtin().expect("built-in flows");
        let often = kb.fix_by_id("general/no-oauth-session").expect("fix");
        let rare = kb.fix_by_id("azure/redirect-uri-mismatch").expect("fix");
        let mut app = App::new(
            kb,
            None,
            Theme::new(crate::config::ThemeName::Default),
            (100, 30),
        );
        let row = |fix, count, line: u64| FindingRow {
            fix,
            label: "x".into(),
            count,
            last_seen: None,
            location: format!("a.log:{line}"),
            excerpt: format!("excerpt {line}"),
        };
        open(
            &mut app,
            FindingsState {
                scanned: "a.log (10 lines)".into(),
                rows: vec![
                    row(Some(often), 3, 2),
                    row(Some(rare), 1, 9),
                    row(None, 1, 7),
                ],
                cursor: 0,
            },
        );
        app
    }

    #[test]
    fn enter_opens_the_fix_over_the_findings_with_its_example() {
        let mut app = app_with_rows();
        update(&mut app, Action::Down);
        update(&mut app, Action::Choose);
        let fix = app.current_fix().expect("a fix is shown");
        assert_eq!(app.kb.fix(fix).id, "azure/redirect-uri-mismatch");
        assert_eq!(
            app.log.scan_example.as_ref().map(|e| e.1.as_str()),
            Some("a.log:9")
        );
        assert!(matches!(app.screens[1], Screen::Findings(_)));
        let transcript = crate::tui::update::build_transcript(&app)
            .scanned
            .expect("scanned");
        assert!(transcript.contains("a.log (10 lines)"), "{transcript}");
        assert!(
            transcript.contains("3x  general/no-oauth-session"),
            "{transcript}"
        );
    }

    #[test]
    fn ctrl_o_on_home_asks_for_a_path_and_runs_the_scan() {
        let kb = crate::kb::builtin().expect("built-in flows");
        let mut app = App::new(
            kb,
            None,
            Theme::new(crate::config::ThemeName::Default),
            (100, 30),
        );
        crate::tui::update::handle(&mut app, Action::ScanLogs);
        for c in "/no/such/log".chars() {
            input(&mut app, Action::Insert(c));
        }
        let effects = input(&mut app, Action::Apply);
        assert_eq!(
            effects,
            vec![crate::tui::Effect::Scan("/no/such/log".into())]
        );
        let result = scan_path(&app.kb, std::path::Path::new("/no/such/log"));
        assert!(result.is_err());
        scanned(&mut app, result);
        assert!(app.status.as_ref().is_some_and(|s| !s.ok));
    }

    #[test]
    fn an_unrecognised_row_says_there_is_no_fix() {
        let mut app = app_with_rows();
        update(&mut app, Action::Pick(3));
        assert!(app.current_fix().is_none());
        assert!(
            app.status
                .as_ref()
                .is_some_and(|s| s.message.contains("no known fix"))
        );
    }
}
