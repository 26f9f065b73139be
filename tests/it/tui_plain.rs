//! `--plain` golden tests: answers piped on stdin, stdout compared with the expected files under
//! `tests/data/plain/`, run in-process on the frozen fixture flows of `tests/data/tui-flows/`. After
//! a deliberate change to plain mode's wording, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test it tui_plain` and read the diff.
//!
//! Also: without a terminal and without `--plain`, the guide refuses with exit 2.

use std::path::PathBuf;

use assert_cmd::Command;
use oauth_triage::kb::{self, KnowledgeBase, Layer};
use oauth_triage::plain::Session;
use oauth_triage::server::ConnectServer;

fn oauth_triage() -> Command {
    let mut cmd = Command::cargo_bin("oauth-triage").expect("binary");
    let home = std::env::temp_dir();
    cmd.env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_CONFIG")
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .env(
            "XDG_CONFIG_HOME",
            home.join("oauth-triage-plain-tests-no-config"),
        )
        .env("NO_COLOR", "1");
    cmd
}

/// The frozen fixture flows (`tests/data/tui-flows/`): the goldens pick providers and answers
/// by position, so they run on flows that change only with them, not with every edit of the
/// shipped knowledge.
fn fixture_kb() -> KnowledgeBase {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/tui-flows");
    let sources = kb::source::read_dir(&dir, Layer::BuiltIn).expect("fixture flows");
    kb::load_sources(&sources).unwrap_or_else(|e| panic!("fixture flows: {e:?}"))
}

/// Runs a plain-mode conversation in-process on the fixture flows, as `--plain [--server S]
/// [--error E]` with `stdin` piped, and compares what it printed with
/// `tests/data/plain/<name>.txt`.
fn golden(name: &str, server: Option<&str>, error: Option<&str>, stdin: &str) {
    let kb = fixture_kb();
    let server = server.map(|s| ConnectServer::parse(s).expect("valid server").server);
    let mut out = Vec::new();
    Session {
        kb: &kb,
        server: server.as_ref(),
        input: stdin.as_bytes(),
        out: &mut out,
        // As for piped answers: echoed after each prompt.
        echo: true,
    }
    .run(error)
    .expect("the conversation runs");
    let stdout = String::from_utf8(out).expect("UTF-8 output");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/plain")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &stdout).expect("write golden");
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(stdout, expected, "stdout differs from {}", path.display());
}

/// The binary's `--plain` prints what the in-process session prints (the goldens run
/// in-process, so this checks the wiring once, on the shipped flows).
#[test]
fn the_binary_runs_the_same_session() {
    let stdin = "b\nq\n";
    let output = oauth_triage()
        .args(["--plain", "--server", "connect.example.com"])
        .write_stdin(stdin)
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let kb = kb::builtin().expect("built-in flows");
    let server = ConnectServer::parse("connect.example.com")
        .expect("valid")
        .server;
    let mut out = Vec::new();
    Session {
        kb: &kb,
        server: Some(&server),
        input: stdin.as_bytes(),
        out: &mut out,
        echo: true,
    }
    .run(None)
    .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&out)
    );
}

#[test]
fn walk_to_a_fix_and_resolve() {
    golden(
        "azure_redirect_resolved",
        Some("connect.example.com"),
        None,
        "2\n1\ny\n",
    );
}

/// Answered "when a viewer logs in": after "no", the refresh cause (which that answer rules
/// out) is not offered, whatever the flow's `if_not_fixed` says (issue 14, item 9).
#[test]
fn not_fixed_respects_the_answers_then_escalates() {
    golden(
        "keycloak_not_fixed_escalate",
        Some("connect.example.com"),
        None,
        "4\n1\n1\nn\n",
    );
}

#[test]
fn a_pasted_error_is_diagnosed() {
    golden(
        "pasted_error",
        None,
        None,
        "AADSTS500113: No reply address is registered for the application.\ny\n",
    );
}

#[test]
fn an_unknown_error_says_so_and_q_quits() {
    golden(
        "unknown_error_quit",
        None,
        None,
        "Segmentation fault (core dumped)\nq\n",
    );
}

#[test]
fn back_and_end_of_input() {
    golden("back_then_eof", None, None, "2\nb\n");
}

#[test]
fn error_flag_starts_on_the_diagnosis() {
    golden(
        "error_flag",
        Some("https://example.com/rsc/"),
        Some(
            "AADSTS50011: The redirect URI 'https://example.com/rsc/__oauth__/integrations/callback' specified in the request does not match the redirect URIs configured for the application",
        ),
        "n\n",
    );
}

#[test]
fn empty_input_ends_cleanly() {
    oauth_triage()
        .arg("--plain")
        .write_stdin("")
        .assert()
        .success();
}

#[test]
fn without_a_terminal_the_guide_refuses_with_exit_2() {
    let output = oauth_triage().write_stdin("").output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("needs a terminal") && stderr.contains("--plain"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing drawn on stdout");
}

#[test]
fn an_invalid_server_preset_is_a_usage_error() {
    let output = oauth_triage()
        .args(["--plain", "--server", "ftp://x"])
        .write_stdin("")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid Connect server"));
}

/// Issue 14, item 10: TERM=dumb cannot draw the guide: it runs in plain mode and says so.
#[test]
fn term_dumb_switches_to_plain_and_says_so_on_stderr() {
    let output = oauth_triage()
        .env("TERM", "dumb")
        .write_stdin("q\n")
        .output()
        .expect("run");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("TERM=dumb") && stderr.contains("--plain"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("(plain mode)"), "{stdout}");
}

/// A Microsoft sign-in page as copied: the error, then its IDs on lines of their own.
const MULTI_LINE_PASTE: &str = "AADSTS500113: No reply address is registered for the application.\n\
    Trace ID: 0b1c2d3e-0000-4000-8000-000000000000\n\
    Correlation ID: 9a8b7c6d-0000-4000-8000-000000000000\n\
    Timestamp: 2026-11-30 10:00:00Z\n";

/// Issue 14, item 7: the lines of one paste are one error; none of them answers a later
/// question.
#[test]
fn a_multi_line_paste_is_read_as_one_error() {
    for ending in ["", "\n"] {
        let stdin = format!("{MULTI_LINE_PASTE}{ending}y\n");
        let output = oauth_triage()
            .arg("--plain")
            .write_stdin(stdin)
            .output()
            .expect("run");
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("read 4 pasted lines as one error"),
            "{stdout}"
        );
        assert!(
            !stdout.contains("Type y or n"),
            "a line answered a question:\n{stdout}"
        );
        assert!(stdout.contains("Resolved."), "{stdout}");
    }
}

/// Issue 10: a line with no end is read in bounded pieces, not held whole. Nine megabytes on one
/// line (over the 8 MB an error text may have) end in a normal session, not in a hang or
/// unbounded memory.
#[test]
fn an_endless_line_is_read_in_bounded_pieces() {
    let mut stdin = "x".repeat(9 * 1024 * 1024);
    stdin.push_str("\nq\n");
    let output = oauth_triage()
        .args(["--plain"])
        .write_stdin(stdin)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
