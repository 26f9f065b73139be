//! Every screen rendered on ratatui's `TestBackend` at 80×24 and 40×12 (and the too-small
//! screen at 20×5), compared with the snapshots under `tests/it/snapshots/`.
//!
//! The app runs on the frozen fixture flows with the server `connect.example.com`; no clock is
//! drawn, and the transcript path is fixed, so frames are deterministic.

use std::path::PathBuf;

use oauth_triage::field::{FieldReport, Finding, Severity};
use oauth_triage::tui::App;
use oauth_triage::tui::testing::{app, ctrl, open_provider, press, render, type_str};
use oauth_triage::tui::update::{Event, update};
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

/// Builds the app at each size with `setup`, and snapshots it as `<name>_<w>x<h>`.
fn snapshot(name: &str, setup: impl Fn(&mut App)) {
    for size in SIZES {
        let mut app = app(size);
        setup(&mut app);
        let terminal = render(&app);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
    }
}

fn choose_answer(app: &mut App, starts_with: &str) {
    let oauth_triage::kb::Node::Question(q) = app.walk_state().expect("walking").walk.current()
    else {
        panic!("not on a question")
    };
    let n = app
        .kb
        .question(q)
        .answers
        .iter()
        .position(|a| a.label.starts_with(starts_with))
        .expect("answer")
        + 1;
    type_str(app, &n.to_string());
}

fn azure_redirect_fix(app: &mut App) {
    open_provider(app, "azure");
    choose_answer(app, "AADSTS50011");
}

#[test]
fn home() {
    snapshot("home", |_| {});
}

#[test]
fn home_without_server() {
    snapshot("home_no_server", |app| app.server = None);
}

#[test]
fn question() {
    snapshot("question", |app| {
        open_provider(app, "azure");
        press(app, KeyCode::Down);
        press(app, KeyCode::Down);
    });
}

#[test]
fn question_with_filter() {
    snapshot("question_filter", |app| {
        open_provider(app, "azure");
        type_str(app, "f7000");
    });
}

#[test]
fn fix() {
    snapshot("fix", azure_redirect_fix);
}

#[test]
fn fix_without_server_shows_placeholder_and_hint() {
    snapshot("fix_no_server", |app| {
        app.server = None;
        azure_redirect_fix(app);
        // Scroll to the values.
        for _ in 0..12 {
            press(app, KeyCode::Char('j'));
        }
    });
}

#[test]
fn fix_after_copy() {
    snapshot("fix_copied", |app| {
        azure_redirect_fix(app);
        let effects = type_str(app, "1");
        for effect in effects {
            if let oauth_triage::tui::Effect::Copy { label, text } = effect {
                update(
                    app,
                    Event::Copied {
                        label,
                        text,
                        outcome: oauth_triage::clipboard::CopyOutcome::Osc52,
                    },
                );
            }
        }
    });
}

#[test]
fn resolved() {
    snapshot("resolved", |app| {
        azure_redirect_fix(app);
        type_str(app, "y");
    });
}

#[test]
fn escalation() {
    snapshot("escalation", |app| {
        azure_redirect_fix(app);
        type_str(app, "n");
    });
}

#[test]
fn search() {
    snapshot("search", |app| {
        type_str(app, "/redirect");
    });
}

#[test]
fn paste_lands_on_the_fix() {
    snapshot("paste_fix", |app| {
        update(app, Event::Paste("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID".into()));
        // The likelihood comes from the diagnoser, which is tuned separately: keep it out of
        // the frame.
        if let Some(status) = app.status.as_mut()
            && let Some(at) = status.message.rfind(" (")
        {
            status.message.replace_range(at.., " (likelihood redacted)");
        }
    });
}

#[test]
fn paste_unknown() {
    snapshot("paste_unknown", |app| {
        update(app, Event::Paste("Segmentation fault (core dumped)".into()));
    });
}

#[test]
fn paste_several() {
    snapshot("paste_several", |app| {
        let matches: Vec<_> = [
            "keycloak/invalid-client-login",
            "keycloak/invalid-client-refresh",
        ]
        .iter()
        .map(|id| oauth_triage::diagnose::Match {
            fix: app.kb.fix_by_id(id).unwrap(),
            score: 0.7,
        })
        .collect();
        app.push_screen(oauth_triage::tui::app::Screen::Paste(
            oauth_triage::tui::app::PasteState {
                excerpt: "Invalid client or Invalid client credentials".into(),
                matches,
                cursor: 0,
                verdict: oauth_triage::tui::app::PasteVerdict::Several,
            },
        ));
    });
}

#[test]
fn server_input() {
    snapshot("server", |app| {
        update(app, ctrl('s'));
        update(app, ctrl('u'));
        type_str(app, "HTTP://Posit.Example.org/rsc/");
    });
}

#[test]
fn server_input_error() {
    snapshot("server_error", |app| {
        update(app, ctrl('s'));
        update(app, ctrl('u'));
        type_str(app, "ftp://x");
    });
}

#[test]
fn help() {
    snapshot("help", |app| {
        azure_redirect_fix(app);
        type_str(app, "?");
    });
}

#[test]
fn transcript() {
    snapshot("transcript", |app| {
        azure_redirect_fix(app);
        type_str(app, "e");
        update(
            app,
            Event::TranscriptWritten(Ok(PathBuf::from("/tmp/oauth-triage-20250102-030405.md"))),
        );
    });
}

#[test]
fn field_menu() {
    snapshot("field_menu", |app| {
        update(app, ctrl('t'));
    });
}

#[test]
fn field_form() {
    snapshot("field_form", |app| {
        update(app, ctrl('t'));
        type_str(app, "1");
        type_str(
            app,
            "https://connect.example.com/__oauth__/integrations/callback/",
        );
    });
}

#[test]
fn field_report() {
    snapshot("field_report", |app| {
        update(app, ctrl('t'));
        type_str(app, "1");
        type_str(
            app,
            "https://connect.example.com/__oauth__/integrations/callback/",
        );
        update(
            app,
            Event::FieldChecked(Ok(FieldReport {
                title: "Redirect URI check for https://connect.example.com".into(),
                details: vec![("Connect sends".into(), "https://connect.example.com/__oauth__/integrations/callback".into())],
                findings: vec![
                    Finding {
                        severity: Severity::Problem,
                        message: "The registered URI has a trailing slash; providers compare character for character.".into(),
                        fix: Some("azure/redirect-uri-mismatch".into()),
                    },
                    Finding { severity: Severity::Ok, message: "Scheme and host match.".into(), fix: None },
                ],
            })),
        );
    });
}

#[test]
fn too_small() {
    let mut app = app((20, 5));
    let terminal = render(&app);
    insta::assert_snapshot!("too_small_20x5", terminal.backend());
    // Also on a walk: the message does not depend on the screen.
    open_provider(&mut app, "azure");
    let terminal = render(&app);
    insta::assert_snapshot!("too_small_20x5", terminal.backend());
}
