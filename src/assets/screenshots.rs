//! Screenshots of the guide for the README: the app is driven in-process on the shipped flows
//! (keys, a paste, a field check, as a person would), drawn by its own view code on ratatui's
//! `TestBackend`, and each frame written as SVG ([`super::svg`]).
//!
//! To add a screen: add a [`Shot`] to [`SHOTS`] whose `setup` drives the app there with keys
//! and events (returning an error when it does not get there), link `assets/screenshots/<name>.svg`
//! in README.md's "More screens", and run [`super::REFRESH`].
//!
//! The `scan` findings are fed in through the same event the guide uses after a real scan of a
//! log written for the picture.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Asset;
use super::svg;
use crate::config::ThemeName;
use crate::kb::{KnowledgeBase, Node};
use crate::server::ConnectServer;
use crate::tui::action::Action;
use crate::tui::keys::{self, Key};
use crate::tui::style::Theme;
use crate::tui::testing::{render, type_str};
use crate::tui::update::{Effect, Event, update};
use crate::tui::{App, run_field_check};

/// The directory the images go in.
pub const DIR: &str = "assets/screenshots";

/// The terminal every screenshot is taken on: wide enough for a fix's redirect URI on one line,
/// small enough to read in a README at its natural size.
pub const SIZE: (u16, u16) = (100, 30);

/// The Connect address in every screenshot (a documentation name, not a customer's).
pub const SERVER: &str = "connect.example.com";

/// One screenshot: its file name (without `.svg`), the window title, and how to get there.
pub struct Shot {
    pub name: &'static str,
    pub title: &'static str,
    pub setup: fn(&mut App) -> Result<(), String>,
}

pub const SHOTS: &[Shot] = &[
    Shot {
        name: "home",
        title: "oauth-triage --server connect.example.com",
        setup: |_| Ok(()),
    },
    Shot {
        name: "azure-symptoms",
        title: "Azure / Entra ID: what do you see?",
        setup: |app| open_provider(app, "azure"),
    },
    Shot {
        name: "fix",
        title: "A fix, with the redirect URI for this Connect server",
        setup: azure_redirect_fix,
    },
    Shot {
        name: "paste",
        title: "A pasted Microsoft sign-in page, diagnosed",
        setup: paste_sign_in_page,
    },
    Shot {
        name: "field-tools",
        title: "Field tools: checking a registered redirect URI",
        setup: check_registered_redirect,
    },
    Shot {
        name: "scan",
        title: "oauth-triage scan rstudio-connect.log",
        setup: scan_findings,
    },
];

/// Every screenshot, rendered on the shipped flows.
pub fn all() -> Result<Vec<Asset>, String> {
    let kb = crate::kb::builtin().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("the shipped flows do not load:\n{}", lines.join("\n"))
    })?;
    SHOTS
        .iter()
        .map(|shot| {
            let mut app = new_app(kb.clone())?;
            (shot.setup)(&mut app).map_err(|e| format!("screenshot {}: {e}", shot.name))?;
            let terminal = render(&app);
            let image = svg::render(terminal.backend().buffer(), shot.title);
            Ok(Asset::new(format!("{DIR}/{}.svg", shot.name), image))
        })
        .collect()
}

fn new_app(kb: KnowledgeBase) -> Result<App, String> {
    let server = ConnectServer::parse(SERVER)
        .map_err(|e| format!("{SERVER}: {e}"))?
        .server;
    Ok(App::new(
        kb,
        Some(server),
        Theme::new(ThemeName::Default),
        SIZE,
    ))
}

/// Does `action` by pressing the first key the key table binds to it on the current screen, so
/// the pictures follow the keys wherever they are rebound.
fn act(app: &mut App, action: Action) -> Result<Vec<Effect>, String> {
    let context = app.context();
    let key = keys::bindings(context)
        .filter(|binding| binding.action == action)
        .flat_map(|binding| binding.keys.iter())
        .find_map(|key| match *key {
            Key::Char(c) => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            Key::Ctrl(c) => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            Key::Code(code) => Some(KeyEvent::new(code, KeyModifiers::NONE)),
            Key::Digits | Key::Text => None,
        })
        .ok_or_else(|| format!("no key does {action:?} on {context:?}"))?;
    Ok(update(app, Event::Key(key)))
}

/// Moves the highlight down `rows` rows and chooses that row.
fn choose_row(app: &mut App, rows: usize) -> Result<(), String> {
    for _ in 0..rows {
        act(app, Action::Down)?;
    }
    act(app, Action::Choose)?;
    Ok(())
}

/// Opens a provider from Home, as a person would.
fn open_provider(app: &mut App, id: &str) -> Result<(), String> {
    let position = app
        .kb
        .providers()
        .position(|(_, p)| p.id == id)
        .ok_or_else(|| format!("no provider {id:?} in the shipped flows"))?;
    choose_row(app, position)?;
    match app.walk_state().map(|w| w.walk.current()) {
        Some(Node::Question(_)) => Ok(()),
        _ => Err(format!("choosing {id} on Home did not open its list")),
    }
}

/// On a question, chooses the answer that leads to `fix_id`.
fn choose_answer_to(app: &mut App, fix_id: &str) -> Result<(), String> {
    let fix = app
        .kb
        .fix_by_id(fix_id)
        .ok_or_else(|| format!("no fix {fix_id:?} in the shipped flows"))?;
    let Some(Node::Question(question)) = app.walk_state().map(|w| w.walk.current()) else {
        return Err("not on a question".into());
    };
    let position = app
        .kb
        .question(question)
        .answers
        .iter()
        .position(|a| a.next == Node::Fix(fix))
        .ok_or_else(|| format!("no answer leads to {fix_id}"))?;
    choose_row(app, position)?;
    let on_fix = app
        .walk_state()
        .is_some_and(|w| w.walk.current() == Node::Fix(fix));
    if on_fix {
        Ok(())
    } else {
        Err(format!(
            "choosing answer {} did not open {fix_id}",
            position + 1
        ))
    }
}

const REDIRECT_FIX: &str = "azure/redirect-uri-mismatch";

fn azure_redirect_fix(app: &mut App) -> Result<(), String> {
    open_provider(app, "azure")?;
    choose_answer_to(app, REDIRECT_FIX)
}

/// Pastes what a viewer copies from Microsoft's sign-in page: the page's own wording around the
/// flow's exact AADSTS50011 text (with this server filled in and a made-up application id).
fn paste_sign_in_page(app: &mut App) -> Result<(), String> {
    let fix = app
        .kb
        .fix_by_id(REDIRECT_FIX)
        .ok_or_else(|| format!("no fix {REDIRECT_FIX:?}"))?;
    let error = app
        .kb
        .fix(fix)
        .errors
        .first()
        .ok_or_else(|| format!("{REDIRECT_FIX} has no error text"))?
        .render(app.server.as_ref())
        .text
        .replace("<application_guid>", "3f0c2a7e-5b1d-4c8e-9a6f-2d4b7e1c9a05");
    let page = format!(
        "Sign in\nSorry, but we’re having trouble signing you in.\n\n{error}\n\n\
         Troubleshooting details\nIf you contact your administrator, send this info to them.\n\
         Copy info to clipboard\nRequest Id: 6b1f3c2e-8a4d-4f7b-9c1e-2d5a8b3f7e60\n\
         Correlation Id: 0d9e4a7c-3b2f-4e1a-8c6d-5f7b9a2e4c13\n\
         Timestamp: 2026-11-30T14:22:05.431Z\nMessage: {error}\n\
         Flag sign-in errors for review: Enable flagging"
    );
    update(app, Event::Paste(page));
    let landed = app
        .walk_state()
        .is_some_and(|w| w.walk.current() == Node::Fix(fix));
    if !landed {
        return Err(format!(
            "the pasted sign-in page did not land on {REDIRECT_FIX}"
        ));
    }
    // To the end of the fix: the provider's error text, next to the status line saying what
    // the paste matched.
    act(app, Action::Bottom)?;
    Ok(())
}

/// From the Azure walk, opens the redirect check and runs it on a URI registered with a
/// trailing slash, through the real check.
fn check_registered_redirect(app: &mut App) -> Result<(), String> {
    azure_redirect_fix(app)?;
    act(app, Action::FieldTools)?;
    // The redirect check is the first tool.
    act(app, Action::Choose)?;
    type_str(
        app,
        &format!("https://{SERVER}/__oauth__/integrations/callback/"),
    );
    let effects = act(app, Action::Apply)?;
    let request = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::RunFieldCheck(request) => Some(request),
            _ => None,
        })
        .ok_or("Enter did not run the redirect check")?;
    let result = run_field_check(&app.kb, request);
    update(app, Event::FieldChecked(result));
    Ok(())
}

/// A server log with known errors planted (their texts taken from the flows), scanned for real
/// and handed to the guide as a finished scan is.
fn scan_findings(app: &mut App) -> Result<(), String> {
    let text_of = |id: &str| -> Result<String, String> {
        let fix = app
            .kb
            .fix_by_id(id)
            .ok_or_else(|| format!("no fix {id:?}"))?;
        Ok(app
            .kb
            .fix(fix)
            .errors
            .first()
            .ok_or_else(|| format!("{id} has no error text"))?
            .render(app.server.as_ref())
            .text
            .replace('"', "'"))
    };
    let planted = [
        ("general/no-refresh-token", "jdoe"),
        ("azure/redirect-uri-mismatch", "asmith"),
        ("general/no-refresh-token", "mchen"),
        ("keycloak/invalid-client-refresh", "jdoe"),
        ("general/no-refresh-token", "jdoe"),
        ("azure/redirect-uri-mismatch", "bkim"),
        ("general/no-refresh-token", "asmith"),
    ];
    let mut log = String::new();
    for (i, (id, user)) in planted.iter().enumerate() {
        log.push_str(&format!(
            "time=\"2026-11-30T0{}:1{}:05.118Z\" level=info msg=\"Serving content\" content_guid=0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n",
            i + 1,
            i
        ));
        log.push_str(&format!(
            "time=\"2026-11-30T0{}:1{}:06.204Z\" level=error msg=\"OAuth integration failed\" integration_guid=f523d6f3-f25c-45e8-b06e-32f164fd24e5 user={user} error=\"{}\"\n",
            i + 1,
            i,
            text_of(id)?
        ));
    }
    // One folder per call: tests render the screenshots from several threads of one process,
    // and one call removing a shared folder took the other's log away mid-scan.
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("oauth-triage-shot-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("rstudio-connect.log");
    let written = std::fs::write(&path, log).map_err(|e| format!("{}: {e}", path.display()));
    let report = written.map(|()| {
        let (inputs, _) = crate::scan::input::expand(std::slice::from_ref(&path));
        crate::scan::Scanner::new(&app.kb).scan(&inputs, crate::scan::Window::default(), &|_| {})
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut report = report?;
    // The picture shows the file as the engineer named it, not the temporary folder.
    for input in &mut report.inputs {
        input.name = "rstudio-connect.log".into();
    }
    let state = crate::tui::findings::from_report(&report, &app.kb);
    update(app, Event::Scanned(Ok(state)));
    if matches!(app.screen(), crate::tui::app::Screen::Findings(_)) {
        Ok(())
    } else {
        Err("the scan did not open the findings screen".into())
    }
}
