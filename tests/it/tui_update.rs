//! `update` driven by keys on every screen: pure, no terminal.

use oauth_triage::clipboard::CopyOutcome;
use oauth_triage::kb::Node;
use oauth_triage::tui::app::{FieldFocus, Screen, WalkEnd};
use oauth_triage::tui::keys::Context;
use oauth_triage::tui::testing::{app, ctrl, open_provider, press, type_str};
use oauth_triage::tui::update::{Effect, Event, FieldRequest, update};
use oauth_triage::tui::{App, testing};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn at_fix(app: &App) -> Option<String> {
    match app.walk_state()?.walk.current() {
        Node::Fix(f) => Some(app.kb.fix(f).id.clone()),
        Node::Question(_) => None,
    }
}

fn answer_number(app: &App, starts_with: &str) -> String {
    let Node::Question(q) = app.walk_state().unwrap().walk.current() else {
        panic!("not on a question")
    };
    (app.kb
        .question(q)
        .answers
        .iter()
        .position(|a| a.label.starts_with(starts_with))
        .unwrap()
        + 1)
    .to_string()
}

/// Presses Enter on a field tool form and runs the check it asks for, as the event loop would.
fn run_requested_field_check(app: &mut App) {
    let effects = press(app, KeyCode::Enter);
    let [Effect::RunFieldCheck(request)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let result = oauth_triage::tui::run_field_check(&app.kb, request.clone());
    update(app, Event::FieldChecked(result));
}

/// The report on the field tools screen.
fn field_report(app: &App) -> &oauth_triage::field::FieldReport {
    let Screen::Field(state) = app.screen() else {
        panic!("left the field tools")
    };
    state.report.as_ref().unwrap().as_ref().unwrap()
}

fn to_azure_redirect_fix(app: &mut App) {
    open_provider(app, "azure");
    let n = answer_number(app, "AADSTS50011");
    type_str(app, &n);
}

#[test]
fn home_keys_move_open_and_start_search() {
    let mut app = app((80, 24));
    assert_eq!(app.context(), Context::Home);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    update(&mut app, ctrl('n'));
    update(&mut app, ctrl('p'));
    let Screen::Home(home) = app.screen() else {
        panic!()
    };
    assert_eq!(home.cursor, 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Question);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Home);
    // Typing starts a search with what was typed.
    type_str(&mut app, "x");
    let Screen::Search(search) = app.screen() else {
        panic!("not searching")
    };
    assert_eq!(search.input.as_str(), "x");
}

/// Issue 14, item 1: on Home every printable key types, so the letters of a query never act
/// as commands (s = server, e = export, t = tools, q = quit, j/k = move, digits = choose).
#[test]
fn typing_on_home_types_into_the_search_box() {
    for query in [
        "snowflake",
        "keycloak",
        "quota exceeded",
        "401 unauthorized",
        "jk",
    ] {
        let mut app = app((80, 24));
        let effects = type_str(&mut app, query);
        assert!(effects.is_empty(), "{query}: {effects:?}");
        let Screen::Search(search) = app.screen() else {
            panic!("{query}: not searching but {:?}", app.context())
        };
        assert_eq!(search.input.as_str(), query);
        assert_eq!(app.screens.len(), 2, "{query}: nothing else opened");
    }
    // The commands are on keys that are never text, and the footer names them.
    let mut app = app((80, 24));
    update(&mut app, ctrl('s'));
    assert_eq!(app.context(), Context::Server);
    press(&mut app, KeyCode::Esc);
    update(&mut app, ctrl('t'));
    assert_eq!(app.context(), Context::FieldMenu);
    press(&mut app, KeyCode::Esc);
    type_str(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Esc);
    assert_eq!(press(&mut app, KeyCode::Esc), vec![Effect::Quit]);
    let footer = testing::screen_text(&app);
    let footer = footer.lines().last().unwrap();
    for hint in ["? ", "type to search", "Ctrl-S server", "Esc quit"] {
        assert!(footer.contains(hint), "{hint:?} not in {footer:?}");
    }
}

#[test]
fn question_keys_choose_by_number_enter_and_filter() {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    assert_eq!(at_fix(&app).as_deref(), Some("azure/redirect-uri-mismatch"));

    // Back restores the cursor onto the answer chosen before.
    let chosen: usize = answer_number_after_back(&mut app);
    let cursor = app.walk_state().unwrap().cursor;
    assert_eq!(cursor + 1, chosen);

    // Filter: letters and digits type; Enter takes the highlighted match.
    type_str(&mut app, "f");
    assert_eq!(app.context(), Context::QuestionFilter);
    type_str(&mut app, "invalid client");
    press(&mut app, KeyCode::Enter);
    assert_eq!(at_fix(&app).as_deref(), Some("azure/invalid-client-secret"));

    // Esc in the filter clears it and stays on the question.
    press(&mut app, KeyCode::Esc);
    type_str(&mut app, "fzzz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Question);
}

fn answer_number_after_back(app: &mut App) -> usize {
    press(app, KeyCode::Backspace);
    answer_number(app, "AADSTS50011").parse().unwrap()
}

#[test]
fn back_keys_all_go_back_one_step() {
    for back in [
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Char('h'),
        KeyCode::Left,
    ] {
        let mut app = app((80, 24));
        to_azure_redirect_fix(&mut app);
        press(&mut app, back);
        assert_eq!(app.context(), Context::Question, "{back:?}");
        press(&mut app, back);
        assert_eq!(app.context(), Context::Home, "{back:?}");
    }
}

#[test]
fn fix_keys_copy_scroll_and_conclude() {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    let effects = type_str(&mut app, "1");
    let [Effect::Copy { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        text,
        "https://connect.example.com/__oauth__/integrations/callback"
    );
    assert_eq!(type_str(&mut app, "c").len(), 1);
    // A missing value says so instead of copying nothing.
    assert!(type_str(&mut app, "9").is_empty());
    assert!(!app.status.as_ref().unwrap().ok);

    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Char('j'));
    assert!(app.walk_state().unwrap().scroll > 0);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.walk_state().unwrap().scroll, 0);
    for _ in 0..500 {
        press(&mut app, KeyCode::Char('j'));
    }
    let bottom = app.walk_state().unwrap().scroll;
    assert!(bottom < 100, "scrolling stops at the end ({bottom})");

    type_str(&mut app, "y");
    assert_eq!(app.context(), Context::Resolved);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Fix);
    type_str(&mut app, "n");
    assert_eq!(app.context(), Context::Escalation);
    let effects = type_str(&mut app, "c");
    assert!(
        matches!(&effects[..], [Effect::Copy { label, .. }] if label == "Escalation checklist")
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Home);
}

#[test]
fn not_fixed_moves_to_the_next_cause() {
    // From a paste, nothing was answered: the flow's next cause comes next, and says so.
    let mut app = app((80, 24));
    let login = app.kb.fix_by_id("keycloak/invalid-client-login").unwrap();
    app.open_walk(oauth_triage::walk::Walk::jump_to(&app.kb, Node::Fix(login)));
    type_str(&mut app, "n");
    assert_eq!(
        at_fix(&app).as_deref(),
        Some("keycloak/invalid-client-refresh")
    );
    assert_eq!(app.walk_state().unwrap().end, WalkEnd::Open);
    let screen = testing::screen_text(&app);
    assert!(
        screen.contains("That did not help; the next likely cause is"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        at_fix(&app).as_deref(),
        Some("keycloak/invalid-client-login")
    );
    assert!(!testing::screen_text(&app).contains("That did not help"));
}

/// Issue 14, item 9: "no" never leads to a cause the person's answers rule out.
#[test]
fn not_fixed_respects_the_answers_given() {
    let mut app = app((80, 24));
    open_provider(&mut app, "keycloak");
    type_str(&mut app, "1");
    let n = answer_number(&app, "When a viewer logs in");
    type_str(&mut app, &n);
    assert_eq!(
        at_fix(&app).as_deref(),
        Some("keycloak/invalid-client-login")
    );
    type_str(&mut app, "n");
    assert_ne!(
        at_fix(&app).as_deref(),
        Some("keycloak/invalid-client-refresh"),
        "answered 'when a viewer logs in', offered the refresh cause"
    );
}

/// Issue 14, item 13: at 80 columns every search row names its provider, and one destination
/// is one row.
#[test]
fn search_rows_name_their_provider_at_80_columns() {
    let mut app = shipped_app();
    update(&mut app, Event::Resize(80, 24));
    type_str(&mut app, "redirect uri");
    let Screen::Search(state) = app.screen() else {
        panic!("not searching")
    };
    assert!(state.hits.len() > 3, "{} hits", state.hits.len());
    let providers: Vec<String> = state
        .hits
        .iter()
        .map(|h| app.search_index().entry(h).provider.clone())
        .collect();
    let screen = testing::screen_text(&app);
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("symptom") || l.contains("error ") || l.contains("fix "))
        .collect();
    assert!(rows.len() > 3, "{screen}");
    for (row, provider) in rows.iter().zip(&providers) {
        assert!(
            row.contains(provider.as_str()),
            "{provider:?} not on {row:?}"
        );
    }
}

/// Issue 14, item 15: a status line goes with the screen it was said on; the paste choice says
/// "likely"/"possible", not raw scores; breadcrumbs are in sentence case.
#[test]
fn status_lines_do_not_linger_and_scores_are_words() {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    type_str(&mut app, "e");
    update(&mut app, Event::TranscriptWritten(Ok("/tmp/t.md".into())));
    assert!(app.status.is_some());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Fix);
    assert!(app.status.is_none(), "{:?}", app.status);
    assert!(!testing::screen_text(&app).contains("transcript written"));
    // A status said by the move itself stays.
    update(
        &mut app,
        Event::Paste("AADSTS500113: No reply address is registered for the application.".into()),
    );
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .message
            .contains("pasted error matched")
    );
    assert!(!app.status.as_ref().unwrap().message.contains("score"));

    let matches: Vec<_> = [
        "keycloak/invalid-client-login",
        "keycloak/invalid-client-refresh",
    ]
    .iter()
    .zip([0.97, 0.62])
    .map(|(id, score)| oauth_triage::diagnose::Match {
        fix: app.kb.fix_by_id(id).unwrap(),
        score,
    })
    .collect();
    app.push_screen(Screen::Paste(oauth_triage::tui::app::PasteState {
        excerpt: "Invalid client".into(),
        matches,
        cursor: 0,
        verdict: oauth_triage::tui::app::PasteVerdict::Several,
    }));
    let screen = testing::screen_text(&app);
    assert!(
        !screen.contains("0.91") && !screen.contains("0.62"),
        "{screen}"
    );
    assert!(
        screen.contains("very likely") && screen.contains("possible"),
        "{screen}"
    );

    type_str(&mut app, "1");
    type_str(&mut app, "y");
    let screen = testing::screen_text(&app);
    assert!(screen.contains("› Resolved"), "{screen}");
}

/// Issue 14, item 18: Enter after "Not a known error" searches for the paste's best words.
#[test]
fn an_unknown_paste_opens_search_with_its_code_and_error_name() {
    let mut app = app((80, 24));
    update(
        &mut app,
        Event::Paste("Traceback (most recent call last):\n  frobnicator.FrobError: XQZ4711 widget_unwired at line 3".into()),
    );
    let Screen::Paste(state) = app.screen() else {
        panic!("diagnosed as {:?}", app.context())
    };
    assert!(state.matches.is_empty(), "expected an unknown paste");
    press(&mut app, KeyCode::Enter);
    let Screen::Search(search) = app.screen() else {
        panic!("no search")
    };
    assert_eq!(search.input.as_str(), "XQZ4711 FrobError");
    assert_eq!(
        oauth_triage::tui::update::search_words("something invalid_grant happened"),
        "invalid_grant"
    );
}

/// Issue 14, item 14: at 80×24 nothing is hidden without a sign: Home says how many providers
/// are below, the value to paste is on the first screen of its fix, and the footer keeps the
/// way out and says "? more".
#[test]
fn at_80x24_hidden_things_are_signposted_and_the_value_is_above_the_fold() {
    let mut app = shipped_app();
    update(&mut app, Event::Resize(80, 24));
    let screen = testing::screen_text(&app);
    assert!(screen.contains("more below"), "{screen}");
    for _ in 0..app.kb.providers().count() {
        press(&mut app, KeyCode::Down);
    }
    let screen = testing::screen_text(&app);
    assert!(screen.contains("more above"), "{screen}");

    let mut app = app_80x24_fix();
    let screen = testing::screen_text(&app);
    assert!(
        screen.contains("https://connect.example.com/__oauth__/integrations/callback"),
        "{screen}"
    );
    let footer = screen.lines().last().unwrap();
    assert!(
        footer.contains("? more") && footer.contains("Esc back") && footer.contains("q quit"),
        "{footer}"
    );
    // Scrolled to the end, the pinned value is still there.
    press(&mut app, KeyCode::End);
    assert!(testing::screen_text(&app).contains("[1] "));
}

/// Every "more below (j, PgDn)" is true: j scrolls wherever it is shown.
#[test]
fn more_below_hints_are_true_at_40x12() {
    let mut app = app((40, 12));
    to_azure_redirect_fix(&mut app);
    for step in ["y", "", "?"] {
        type_str(&mut app, step);
        if !testing::screen_text(&app).contains("more below (j, PgDn)") {
            continue;
        }
        let before = testing::screen_text(&app);
        press(&mut app, KeyCode::Char('j'));
        assert_ne!(
            testing::screen_text(&app),
            before,
            "j did not scroll after {step:?}"
        );
    }
}

fn app_80x24_fix() -> App {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    app
}

/// Issue 14, item 17: the token inspector has an expected-scope field, passed to the check.
#[test]
fn the_token_inspector_asks_for_expected_scopes() {
    let mut app = app((80, 24));
    update(&mut app, ctrl('t'));
    type_str(&mut app, "2");
    type_str(&mut app, "eyJhbGciOiJub25lIn0.eyJzY3AiOiJVc2VyLlJlYWQifQ.");
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "User.Read Files.Read");
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::RunFieldCheck(request)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let FieldRequest::Token { expected, .. } = request else {
        panic!("{request:?}")
    };
    assert_eq!(
        expected,
        &vec!["User.Read".to_string(), "Files.Read".to_string()]
    );
    let result = oauth_triage::tui::run_field_check(&app.kb, request.clone());
    let report = result.expect("decodes");
    let said: String = report.findings.iter().map(|f| f.message.clone()).collect();
    assert!(said.contains("Files.Read"), "{said}");
}

/// Issue 14, "Missing": a paste naming another Connect address than the server set (http vs
/// https here) says so, and s offers to take it.
#[test]
fn a_paste_with_another_connect_address_says_so_and_offers_it() {
    let mut app = app((80, 24));
    update(
        &mut app,
        Event::Paste(
            "AADSTS50011: The redirect URI 'http://connect.example.com/__oauth__/integrations/callback' \
             specified in the request does not match the redirect URIs configured for the application"
                .into(),
        ),
    );
    assert_eq!(at_fix(&app).as_deref(), Some("azure/redirect-uri-mismatch"));
    let screen = testing::screen_text(&app);
    assert!(screen.contains("The paste names Connect at"), "{screen}");
    assert!(
        screen.contains("http://connect.example.com but"),
        "{screen}"
    );
    type_str(&mut app, "s");
    let Screen::Server(state) = app.screen() else {
        panic!("no server input")
    };
    assert_eq!(state.input.as_str(), "http://connect.example.com");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.server.as_ref().unwrap().base(),
        "http://connect.example.com"
    );
    assert!(!testing::screen_text(&app).contains("The paste names Connect"));
    // Percent-encoded in an authorize URL, the same.
    let found = oauth_triage::tui::update::pasted_connect_address(
        "GET /authorize?client_id=x&redirect_uri=https%3A%2F%2Fposit.example.org%2Frsc%2F__oauth__%2Fintegrations%2Fcallback&scope=openid",
    );
    assert_eq!(found.unwrap().base(), "https://posit.example.org/rsc");
}

/// Issue 14, item 11: "Did this fix it?" is answered with y or n, as in --plain; y never
/// copies there.
#[test]
fn did_this_fix_it_takes_y_and_n_and_y_never_copies() {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    let screen = testing::screen_text(&app);
    assert!(screen.contains("Did this fix it? y yes  n no"), "{screen}");
    let effects = type_str(&mut app, "y");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.context(), Context::Resolved);
    press(&mut app, KeyCode::Esc);
    type_str(&mut app, "n");
    assert_eq!(app.context(), Context::Escalation);
}

/// Issue 14, item 15: a set-up guide asks no "Did this fix it?".
#[test]
fn a_set_up_guide_does_not_ask_whether_it_fixed_anything() {
    let mut app = shipped_app();
    let (guide, _) = app
        .kb
        .fixes()
        .find(|(_, f)| f.is_setup_guide())
        .expect("the shipped flows have set-up guides");
    app.open_walk(oauth_triage::walk::Walk::jump_to(&app.kb, Node::Fix(guide)));
    assert_eq!(app.context(), Context::Guide);
    let screen = testing::screen_text(&app);
    assert!(!screen.contains("Did this fix it?"), "{screen}");
    assert!(screen.contains("Set-up guide"), "{screen}");
    assert!(type_str(&mut app, "yn").is_empty());
    assert_eq!(app.context(), Context::Guide, "y and n do nothing there");
}

/// Issue 14, item 8: the redirect check asks for a missing server itself and keeps what was
/// typed across the trip, then runs.
#[test]
fn the_redirect_check_keeps_its_inputs_across_setting_the_server() {
    let mut app = app((80, 24));
    app.server = None;
    update(&mut app, ctrl('t'));
    type_str(&mut app, "1");
    let registered = "https://connect.example.com/__oauth__/integrations/callback/";
    type_str(&mut app, registered);
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert_eq!(app.context(), Context::Server);
    type_str(&mut app, "connect.example.com");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::FieldForm);
    let [Effect::RunFieldCheck(FieldRequest::Redirect { registered: r, .. })] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(r, &vec![registered.to_string()]);
    // Leaving for the menu and coming back keeps them too.
    press(&mut app, KeyCode::Esc);
    type_str(&mut app, "1");
    let Screen::Field(state) = app.screen() else {
        panic!()
    };
    assert_eq!(state.inputs[0].as_str(), registered);
}

/// Issue 14, item 2: a value with an unfilled variable is never copied; the server is asked
/// for, and the value copied once it is set.
#[test]
fn a_placeholder_is_never_copied_the_server_is_asked_for_first() {
    let mut app = app((80, 24));
    app.server = None;
    to_azure_redirect_fix(&mut app);
    for key in ["1", "c"] {
        let effects = type_str(&mut app, key);
        assert!(effects.is_empty(), "{key}: {effects:?}");
        assert_eq!(app.context(), Context::Server, "{key}");
        let screen = testing::screen_text(&app);
        assert!(screen.contains("holds a placeholder"), "{screen}");
        // Esc: nothing copied, and the status says why.
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.context(), Context::Fix);
        let status = app.status.clone().unwrap();
        assert!(
            !status.ok && status.message.contains("not copied"),
            "{status:?}"
        );
    }
    type_str(&mut app, "1");
    type_str(&mut app, "connect.example.com");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Fix);
    let [Effect::Copy { text, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        text,
        "https://connect.example.com/__oauth__/integrations/callback"
    );
    assert!(!text.contains('<'));
}

#[test]
fn copied_event_shows_the_route_and_the_text() {
    let mut app = app((80, 24));
    update(
        &mut app,
        Event::Copied {
            label: "x".into(),
            text: "hello".into(),
            outcome: CopyOutcome::Failed("no display".into()),
        },
    );
    let status = app.status.clone().unwrap();
    assert!(status.message.contains("could not copy"));
    assert_eq!(status.copied.as_deref(), Some("hello"));
    assert!(
        app.log.copied.is_empty(),
        "a failed copy is not logged as copied"
    );
}

#[test]
fn search_keys_type_move_and_jump_with_a_breadcrumb() {
    let mut app = app((80, 24));
    type_str(&mut app, "/");
    assert_eq!(app.context(), Context::Search);
    // In search, letters type: q and s do not quit or open the server screen.
    type_str(&mut app, "qs");
    update(&mut app, ctrl('u'));
    type_str(&mut app, "secret keys are expirex");
    press(&mut app, KeyCode::Backspace);
    type_str(&mut app, "d");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(at_fix(&app).as_deref(), Some("azure/client-secret-expired"));
    let crumbs = app.walk_state().unwrap().walk.breadcrumb(&app.kb);
    assert_eq!(crumbs[0], "Azure");
    // Esc closes search without leaving anything behind.
    type_str(&mut app, "/");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Fix);
}

#[test]
fn paste_diagnoses_or_says_it_is_unknown() {
    let mut app = app((80, 24));
    update(
        &mut app,
        Event::Paste("AADSTS500113: No reply address is registered for the application.".into()),
    );
    assert_eq!(at_fix(&app).as_deref(), Some("azure/no-reply-address"));

    update(
        &mut app,
        Event::Paste("\u{1b}[31mtotally unrelated text\u{1b}[0m".into()),
    );
    let Screen::Paste(state) = app.screen() else {
        panic!("no paste screen")
    };
    assert!(state.matches.is_empty());
    assert_eq!(
        state.excerpt, "totally unrelated text",
        "escape sequences are made inert"
    );
    // Enter offers search.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Search);
    // A paste into search diagnoses too.
    update(
        &mut app,
        Event::Paste("AADSTS500113: No reply address is registered for the application.".into()),
    );
    assert_eq!(at_fix(&app).as_deref(), Some("azure/no-reply-address"));
}

#[test]
fn server_keys_validate_live_and_apply() {
    let mut app = app((80, 24));
    update(&mut app, ctrl('s'));
    assert_eq!(app.context(), Context::Server);
    update(&mut app, ctrl('u'));
    type_str(&mut app, "ftp://nope");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.context(),
        Context::Server,
        "an invalid address is not applied"
    );
    update(&mut app, ctrl('u'));
    update(
        &mut app,
        Event::Paste("https://Posit.Example.org:443/rsc/".into()),
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Home);
    assert_eq!(
        app.server.as_ref().unwrap().base(),
        "https://posit.example.org/rsc"
    );
    // Every rendered URI uses it at once.
    to_azure_redirect_fix(&mut app);
    let effects = type_str(&mut app, "1");
    assert!(
        matches!(&effects[..], [Effect::Copy { text, .. }] if text == "https://posit.example.org/rsc/__oauth__/integrations/callback")
    );
    // Esc cancels (on the fix, s is the server key).
    type_str(&mut app, "s");
    type_str(&mut app, "zzz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.server.as_ref().unwrap().base(),
        "https://posit.example.org/rsc"
    );
}

#[test]
fn help_opens_from_anywhere_and_closes() {
    let mut app = app((80, 24));
    type_str(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::PageDown);
    type_str(&mut app, "?");
    assert_eq!(app.context(), Context::Home);
    // F1 works inside a text input too.
    type_str(&mut app, "/");
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Search);
}

#[test]
fn quit_redraw_and_ctrl_c() {
    let mut app = app((80, 24));
    // On Home q types (it is the search box) and Esc quits; elsewhere q quits.
    assert_eq!(press(&mut app, KeyCode::Esc), vec![Effect::Quit]);
    to_azure_redirect_fix(&mut app);
    assert_eq!(type_str(&mut app, "q"), vec![Effect::Quit]);
    assert_eq!(update(&mut app, ctrl('l')), vec![Effect::ClearScreen]);
    type_str(&mut app, "/");
    assert!(
        type_str(&mut app, "q").is_empty(),
        "q types in a text input"
    );
    assert_eq!(update(&mut app, ctrl('c')), vec![Effect::Quit]);
}

#[test]
fn key_releases_are_ignored() {
    let mut app = app((80, 24));
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert!(update(&mut app, Event::Key(release)).is_empty());
}

#[test]
fn export_asks_for_a_transcript_without_tokens() {
    let mut app = app((80, 24));
    update(&mut app, Event::Paste("AADSTS7000215: Invalid client secret provided. client_secret=abc123 eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln".into()));
    type_str(&mut app, "1");
    let effects = type_str(&mut app, "e");
    let [Effect::WriteTranscript(t)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let markdown = t.to_markdown("TIME");
    assert!(
        markdown.contains("azure/invalid-client-secret"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("eyJ") && !markdown.contains("abc123"),
        "{markdown}"
    );
    assert_eq!(app.context(), Context::Transcript);
    update(&mut app, Event::TranscriptWritten(Ok("/tmp/t.md".into())));
    let effects = type_str(&mut app, "c");
    assert!(matches!(&effects[..], [Effect::Copy { text, .. }] if text == "/tmp/t.md"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Fix);
}

#[test]
fn field_tool_keys_run_checks_and_open_a_finding() {
    let mut app = app((80, 24));
    update(&mut app, ctrl('t'));
    assert_eq!(app.context(), Context::FieldMenu);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::FieldForm);
    let Screen::Field(state) = app.screen() else {
        panic!()
    };
    assert_eq!(state.tool, oauth_triage::tui::app::FieldTool::Token);
    press(&mut app, KeyCode::Esc);
    type_str(&mut app, "1");
    type_str(
        &mut app,
        "https://connect.example.com/__oauth__/integrations/callback/",
    );
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::RunFieldCheck(FieldRequest::Redirect { registered, .. })] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        registered,
        &vec!["https://connect.example.com/__oauth__/integrations/callback/".to_string()]
    );
    let report = oauth_triage::field::FieldReport {
        title: "t".into(),
        details: vec![],
        findings: vec![oauth_triage::field::Finding {
            severity: oauth_triage::field::Severity::Problem,
            message: "m".into(),
            fix: Some("azure/redirect-uri-mismatch".into()),
        }],
    };
    update(&mut app, Event::FieldChecked(Ok(report)));
    assert_eq!(app.context(), Context::FieldReport);
    press(&mut app, KeyCode::Enter);
    assert_eq!(at_fix(&app).as_deref(), Some("azure/redirect-uri-mismatch"));
}

#[test]
fn field_scopes_reads_three_inputs() {
    let mut app = app((80, 24));
    update(&mut app, ctrl('t'));
    type_str(&mut app, "3");
    type_str(&mut app, "azure");
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "openid offline_access");
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "y");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::RunFieldCheck(FieldRequest::Scopes {
            provider: "azure".into(),
            scopes: "openid offline_access".into(),
            service_account: true
        })]
    );
    let Screen::Field(state) = app.screen() else {
        panic!()
    };
    assert_eq!(state.focus, FieldFocus::Input(2));
}

#[test]
fn the_fixture_app_renders_every_context() {
    // Smoke: each context's footer and help come from the key table and render.
    let app = testing::app((80, 24));
    let screen = testing::screen_text(&app);
    // Home has more keys than fit at 80 columns: the help hint says so.
    assert!(screen.contains("? more"), "{screen}");
}

/// An app on the shipped flows (12 providers; Azure has 17 symptoms), for long lists.
fn shipped_app() -> App {
    App::new(
        oauth_triage::kb::builtin().expect("the shipped flows load"),
        Some(testing::server("connect.example.com")),
        oauth_triage::tui::style::Theme::new(oauth_triage::config::ThemeName::Default),
        (100, 30),
    )
}

#[test]
fn copying_says_so_until_the_outcome_arrives() {
    let mut app = app((80, 24));
    to_azure_redirect_fix(&mut app);
    let effects = type_str(&mut app, "1");
    let [Effect::Copy { label, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let status = app.status.clone().unwrap();
    assert_eq!(status.message, "copying…");
    assert!(status.busy, "neither success nor failure is known yet");
    assert!(testing::screen_text(&app).contains("copying…"));
    update(
        &mut app,
        Event::Copied {
            label: label.clone(),
            text: text.clone(),
            outcome: CopyOutcome::Osc52,
        },
    );
    let status = app.status.clone().unwrap();
    assert!(!status.busy && status.ok, "{status:?}");
    assert!(!testing::screen_text(&app).contains("copying…"));
}

#[test]
fn a_failed_copy_says_what_to_do_before_why() {
    let why = "OSC 52: could not write to the terminal: terminal gone; system clipboard: no \
               display (DISPLAY and WAYLAND_DISPLAY are unset); no clipboard tool on PATH \
               (wl-copy, xclip, xsel, pbcopy, clip.exe)";
    let mut app = app((80, 24));
    update(
        &mut app,
        Event::Copied {
            label: "x".into(),
            text: "hello".into(),
            outcome: CopyOutcome::Failed(why.into()),
        },
    );
    let message = app.status.clone().unwrap().message;
    assert_eq!(
        message,
        format!("could not copy — select the text above ({why})")
    );
    // The status line cuts off the end of a long reason, never the advice.
    let screen = testing::screen_text(&app);
    assert!(
        screen.contains("could not copy — select the text above"),
        "{screen}"
    );
}

#[test]
fn ctrl_z_suspends_from_every_screen_and_help_lists_it() {
    use oauth_triage::tui::action::Action;
    use oauth_triage::tui::keys;
    let mut app = app((80, 24));
    assert_eq!(update(&mut app, ctrl('z')), vec![Effect::Suspend]);
    // In a text input too: Ctrl-Z is never text.
    type_str(&mut app, "/ab");
    assert_eq!(update(&mut app, ctrl('z')), vec![Effect::Suspend]);
    let Screen::Search(search) = app.screen() else {
        panic!("not searching")
    };
    assert_eq!(search.input.as_str(), "ab");
    for context in Context::ALL {
        let listed = keys::bindings(context)
            .any(|b| b.action == Action::Suspend && keys::keys_label(b) == "Ctrl-Z");
        assert!(listed, "{context:?}: help does not list Ctrl-Z");
    }
}

/// The shipped Azure flow, on its list of symptoms (17 of them).
fn azure_symptoms() -> App {
    let mut app = shipped_app();
    open_provider(&mut app, "azure");
    assert!(
        symptom_count(&app) >= 12,
        "{} symptoms",
        symptom_count(&app)
    );
    app
}

fn symptom_count(app: &App) -> usize {
    match app.walk_state().unwrap().walk.current() {
        Node::Question(q) => app.kb.question(q).answers.len(),
        Node::Fix(_) => 0,
    }
}

/// Where answer `n` (1-based) of the current question leads.
fn answer_target(app: &App, n: usize) -> Node {
    let Node::Question(q) = app.walk_state().unwrap().walk.current() else {
        panic!("not on a question")
    };
    app.kb.question(q).answers[n - 1].next
}

#[test]
fn two_digits_choose_past_nine() {
    let mut app = azure_symptoms();
    let twelfth = answer_target(&app, 12);
    let count = symptom_count(&app);
    // The footer gives the real range, not "1-9".
    let screen = testing::screen_text(&app);
    assert!(screen.contains(&format!("1-{count} choose")), "{screen}");
    // 1 could start 10-17: it waits, and says what for (issue 14, item 12).
    assert!(type_str(&mut app, "1").is_empty());
    assert_eq!(app.context(), Context::Question);
    let screen = testing::screen_text(&app);
    assert!(screen.contains("1…  Enter chooses 1 ("), "{screen}");
    assert!(
        screen.contains(&format!("a second digit for 10–{count}")),
        "{screen}"
    );
    type_str(&mut app, "2");
    assert_eq!(app.walk_state().unwrap().walk.current(), twelfth);
    assert!(app.pending_number.is_none());
    assert!(!testing::screen_text(&app).contains("1…"));
}

#[test]
fn a_digit_no_longer_number_starts_with_chooses_at_once() {
    let mut app = azure_symptoms();
    let third = answer_target(&app, 3);
    type_str(&mut app, "3");
    assert_eq!(app.walk_state().unwrap().walk.current(), third);
}

#[test]
fn enter_completes_a_pending_digit_and_esc_drops_it() {
    let mut app = azure_symptoms();
    let first = answer_target(&app, 1);
    let tenth = answer_target(&app, 10);
    type_str(&mut app, "1");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.walk_state().unwrap().walk.current(), first);

    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Question);
    type_str(&mut app, "1");
    press(&mut app, KeyCode::Esc);
    assert!(app.pending_number.is_none());
    assert_eq!(
        app.context(),
        Context::Question,
        "Esc dropped the digit only"
    );

    // 0 is the second digit of 10; alone it chooses nothing.
    assert!(type_str(&mut app, "0").is_empty());
    assert_eq!(app.context(), Context::Question);
    type_str(&mut app, "10");
    assert_eq!(app.walk_state().unwrap().walk.current(), tenth);
}

#[test]
fn a_number_past_the_end_says_so_and_another_key_drops_the_digit() {
    let mut app = azure_symptoms();
    let past = symptom_count(&app) + 1;
    assert!((10..=19).contains(&past), "{past}");
    type_str(&mut app, &past.to_string());
    assert_eq!(app.context(), Context::Question);
    assert!(app.pending_number.is_none());
    let status = app.status.clone().unwrap();
    assert!(
        !status.ok && status.message.contains(&past.to_string()),
        "{status:?}"
    );

    // Any other key drops the digit and does what it always does.
    type_str(&mut app, "1");
    press(&mut app, KeyCode::Down);
    assert!(app.pending_number.is_none());
    assert_eq!(app.walk_state().unwrap().cursor, 1);
}

#[test]
fn two_digits_choose_a_symptom_past_nine() {
    let mut app = shipped_app();
    open_provider(&mut app, "azure");
    let Node::Question(q) = app.walk_state().unwrap().walk.current() else {
        panic!("not on a question")
    };
    let answers = app.kb.question(q).answers.len();
    assert!(answers >= 12, "{answers} answers");
    let label = app.kb.question(q).answers[11].label.clone();
    type_str(&mut app, "12");
    // Azure › the 12th symptom › (where it led).
    let crumbs = app.walk_state().unwrap().walk.breadcrumb(&app.kb);
    assert!(crumbs.len() >= 2, "{crumbs:?}");
    assert!(
        label.starts_with(crumbs[1].trim_end_matches('…').trim_end()),
        "{crumbs:?} vs {label}"
    );
}

#[test]
fn field_tools_run_the_real_redirect_check_and_open_the_fix() {
    let mut app = app((80, 24));
    update(&mut app, ctrl('t'));
    type_str(&mut app, "1");
    assert_eq!(app.context(), Context::FieldForm);
    // A registered URI with a trailing slash, and the authorize URL the viewer's browser went to
    // (it names the provider, so the findings point at Azure's fix).
    type_str(
        &mut app,
        "https://connect.example.com/__oauth__/integrations/callback/ \
         https://login.microsoftonline.com/contoso/oauth2/v2.0/authorize?client_id=abc\
         &response_type=code&redirect_uri=https%3A%2F%2Fconnect.example.com%2F__oauth__\
         %2Fintegrations%2Fcallback&scope=openid",
    );
    run_requested_field_check(&mut app);
    assert_eq!(app.context(), Context::FieldReport);

    let report = field_report(&app);
    let slash = report
        .findings
        .iter()
        .position(|f| f.message.contains("trailing slash"))
        .unwrap_or_else(|| panic!("no trailing-slash finding in {:#?}", report.findings));
    assert_eq!(
        report.findings[slash].fix.as_deref(),
        Some("azure/redirect-uri-mismatch")
    );
    // On a screen tall enough for the inputs and the report both.
    update(&mut app, Event::Resize(120, 50));
    let screen = testing::screen_text(&app);
    assert!(screen.contains("trailing slash"), "{screen}");
    for _ in 0..slash {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(at_fix(&app).as_deref(), Some("azure/redirect-uri-mismatch"));
    let crumbs = app.walk_state().unwrap().walk.breadcrumb(&app.kb);
    assert_eq!(
        crumbs.first().map(String::as_str),
        Some("Azure"),
        "{crumbs:?}"
    );
    assert!(crumbs.len() >= 2, "{crumbs:?}");
}

#[test]
fn field_tools_opened_from_a_walk_link_findings_to_that_providers_fix() {
    let mut app = app((120, 50));
    open_provider(&mut app, "snowflake");
    let n = answer_number(&app, "There is a mismatch");
    type_str(&mut app, &n);
    assert_eq!(
        at_fix(&app).as_deref(),
        Some("snowflake/redirect-uri-mismatch")
    );
    type_str(&mut app, "t1");
    type_str(
        &mut app,
        "https://connect.example.com/__oauth__/integrations/callback/",
    );
    run_requested_field_check(&mut app);
    let report = field_report(&app);
    let slash = report
        .findings
        .iter()
        .find(|f| f.message.contains("trailing slash"))
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert_eq!(
        slash.fix.as_deref(),
        Some("snowflake/redirect-uri-mismatch")
    );
}

#[test]
fn backspace_in_search_gives_the_same_hits_as_searching_afresh() {
    let mut app = app((80, 24));
    type_str(&mut app, "client secret");
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_str(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    let Screen::Search(state) = app.screen() else {
        panic!("left search")
    };
    assert_eq!(state.input.as_str(), "client se");
    let shown: Vec<usize> = state.hits.iter().map(|h| h.entry).collect();
    let fresh: Vec<usize> = app
        .search_index()
        .search("client se")
        .iter()
        .map(|h| h.entry)
        .collect();
    assert!(!fresh.is_empty());
    assert_eq!(shown, fresh);
}

/// A terminal that went away reports its size as 0×0; drawing that must not panic.
#[test]
fn a_zero_sized_terminal_draws_without_panicking() {
    for (w, h) in [(0, 0), (0, 30), (100, 0)] {
        let mut app = app((80, 24));
        update(&mut app, Event::Resize(w, h));
        let _ = testing::screen_text(&app);
        to_azure_redirect_fix(&mut app);
        update(&mut app, Event::Resize(w, h));
        let _ = testing::screen_text(&app);
    }
}

/// Issue 14 item 4 / issue 8 item 3: the paste cannot tell which provider, so it lands on the
/// walk's question with the answer its wording supports marked, not on the generic leaf.
#[test]
fn a_paste_without_its_provider_lands_on_the_question_with_answers_marked() {
    let mut app = shipped_app();
    update(
        &mut app,
        Event::Paste("No refresh token found in response. Refresh tokens are required to update access tokens when they expire.".into()),
    );
    let state = app.walk_state().expect("a walk");
    let Node::Question(q) = state.walk.current() else {
        panic!("not on a question: {:?}", state.walk.current());
    };
    assert_eq!(app.kb.question(q).id, "general/refresh-token-provider");
    let (marked_q, marked) = state.pointed.clone().expect("answers marked");
    assert_eq!(marked_q, q);
    assert!(!marked.is_empty());
    assert_eq!(
        state.cursor, marked[0],
        "the cursor starts on a marked answer"
    );
    assert!(testing::screen_text(&app).contains("fits the paste"));
}

/// ... and when the paste does name the provider (a Snowflake host), that answer is taken.
#[test]
fn a_paste_naming_its_provider_takes_that_answer() {
    let mut app = shipped_app();
    update(
        &mut app,
        Event::Paste("Failed to connect to DB: acme-xy12345.snowflakecomputing.com:443. No refresh token found in response.".into()),
    );
    assert_eq!(at_fix(&app).as_deref(), Some("snowflake/no-refresh-token"));
}

/// A paste from a service the guide does not cover says so, and lists the checks for any
/// provider instead of the nearest-sounding fix.
#[test]
fn a_paste_from_an_uncovered_service_says_so() {
    let mut app = shipped_app();
    update(
        &mut app,
        Event::Paste("https://slack.com/oauth/v2/authorize?error=invalid_redirect_uri: redirect_uri did not match any configured URIs".into()),
    );
    assert!(at_fix(&app).is_none());
    let screen = testing::screen_text(&app);
    assert!(screen.contains("does not cover"), "{screen}");
    assert!(screen.contains("Slack"), "{screen}");
}

/// A bare code several providers print: "which provider?", never one provider's fix.
#[test]
fn a_bare_shared_code_asks_which_provider() {
    let mut app = shipped_app();
    update(&mut app, Event::Paste("error=redirect_uri_mismatch".into()));
    assert!(at_fix(&app).is_none());
    let screen = testing::screen_text(&app);
    assert!(screen.contains("Which one is it?"), "{screen}");
}

/// Draws the app as the event loop does, keeping what the frame measured.
fn draw_and_remember(app: &mut App) {
    let (w, h) = app.size;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("test terminal");
    let mut measured = None;
    terminal
        .draw(|frame| measured = oauth_triage::tui::view::draw(frame, app))
        .expect("draw");
    app.remember(measured);
}

fn scroll_of(app: &App) -> u16 {
    match app.screen() {
        Screen::Walk(state) => state.scroll,
        other => panic!("not a walk: {other:?}"),
    }
}

#[test]
fn scrolling_uses_what_the_last_frame_measured_for_the_same_state() {
    let mut app = app((60, 16));
    to_azure_redirect_fix(&mut app);
    draw_and_remember(&mut app);
    let (key, measured) = app.measured.clone().expect("a fix screen scrolls");
    assert_eq!(key, app.scroll_key());
    assert_eq!(measured, oauth_triage::tui::view::measure(&app));
    assert!(measured.scroll_limit > 0, "{measured:?}");
    // End goes exactly as far as the frame said the page scrolls.
    press(&mut app, KeyCode::End);
    assert_eq!(scroll_of(&app), measured.scroll_limit);
    // It is the frame's figure that is used, not a new layout: a (made-up) shorter one rules.
    press(&mut app, KeyCode::Home);
    let short = oauth_triage::tui::view::Measured {
        scroll_limit: 2,
        page_height: measured.page_height,
    };
    app.measured = Some((app.scroll_key(), short));
    press(&mut app, KeyCode::End);
    assert_eq!(scroll_of(&app), 2);
    app.measured = Some((app.scroll_key(), measured));

    // Keys that arrive before the next frame, in another state: the old measurement is not
    // used. A wider terminal wraps the fix into fewer lines, so End stops earlier.
    update(&mut app, Event::Resize(120, 16));
    assert_ne!(
        app.measured.as_ref().map(|(key, _)| key),
        Some(&app.scroll_key())
    );
    press(&mut app, KeyCode::End);
    let wider = oauth_triage::tui::view::measure(&app);
    assert!(wider.scroll_limit < measured.scroll_limit, "{wider:?}");
    assert_eq!(scroll_of(&app), wider.scroll_limit);
}
