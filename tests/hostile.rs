//! Hostile and careless input to the command line (issue 10): write errors, escape sequences in
//! flows, config and arguments, odd files and oversized input. The real binary, as a process.

use std::fs::File;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oauth-triage"));
    cmd.env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .env_remove("OAUTH_TRIAGE_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests")
        .env("XDG_STATE_HOME", "/nonexistent-xdg-for-tests");
    cmd
}

fn dev_full() -> File {
    File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
}

/// Every subcommand, with arguments that make it print something on stdout and, where it can,
/// a warning on stderr.
const COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["paths"],
    &["redirect-uri", "https://h"],
    &["redirect-uri", "http://h"],
    &["token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
    &[
        "check-redirect",
        "--server",
        "http://connect.example.com",
        "https://connect.example.com/__oauth__/integrations/callback",
    ],
    &["show", "azure/redirect-uri-mismatch"],
    &["show", "azure/redirect-uri-mismatch", "--json"],
    &["export", "markdown"],
    &["completions", "bash"],
    &["diagnose", "AADSTS50011"],
    &["validate", "flows"],
    &["check-scopes", "--provider", "azure", "openid"],
    &["--help"],
    &["--version"],
    &["no-such-command"],
];

fn assert_no_panic(args: &[&str], output: &Output, what: &str) {
    let code = output.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "{args:?} with {what}: exit {code:?}, stderr {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Issue 10 item 8: `> /dev/full` and `2> /dev/full` once panicked (exit 101).
#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_or_stderr_is_an_error_not_a_panic() {
    for args in COMMANDS {
        let out = bin()
            .args(*args)
            .stdout(dev_full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_no_panic(args, &out, "stdout full");
        if *args != ["no-such-command"] {
            assert_eq!(out.status.code(), Some(2), "{args:?} with stdout full");
        }
        let out = bin()
            .args(*args)
            .stdout(Stdio::null())
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_no_panic(args, &out, "stderr full");
        let out = bin()
            .args(*args)
            .stdout(dev_full())
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_no_panic(args, &out, "both full");
    }
}
