//! The command line, run as a real process: output, exit codes (0 ok, 1 no match, 2 bad input)
//! and no panics on hostile input.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("oauth-triage").unwrap();
    // Keep the user's own config and environment out of the tests.
    cmd.env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .env("OAUTH_TRIAGE_CONFIG", "/nonexistent-config-for-tests.toml")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests");
    cmd.env_remove("OAUTH_TRIAGE_CONFIG");
    cmd
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(output)))
}

#[test]
fn diagnose_text_argument_as_json() {
    let out = cmd()
        .args([
            "diagnose",
            "--json",
            "AADSTS500113: No reply address is registered for the application.",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    assert_eq!(v["matches"][0]["id"], "azure/no-reply-address");
    let score = v["matches"][0]["score"].as_f64().unwrap();
    assert!((0.5..=1.0).contains(&score), "{score}");
    assert!(v["matches"][0]["title"].as_str().unwrap().len() > 5);
}

#[test]
fn diagnose_reads_stdin() {
    cmd()
        .args(["diagnose"])
        .write_stdin("posit.connect.errors.ClientError: No OAuth session found. Log in to the OAuth Integration before requesting credentials.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("general/no-oauth-session"));
}

#[test]
fn diagnose_unknown_error_is_exit_1_with_empty_matches() {
    let out = cmd()
        .args(["diagnose", "--json", "Segmentation fault (core dumped)"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let answer = json(&out);
    assert_eq!(answer["matches"], serde_json::json!([]));
    assert_eq!(answer["outcome"], "not_known");
    cmd()
        .args(["diagnose", "Segmentation fault"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No known problem"));
}

#[test]
fn diagnose_rejects_empty_and_non_utf8_input() {
    cmd()
        .args(["diagnose"])
        .write_stdin("  \n\t\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no error text"));
    // Not UTF-8: decoded lossily, with the count of replaced bytes on stderr (issue 14).
    cmd()
        .args(["diagnose"])
        .write_stdin(vec![b'o', b'k', 0xff, 0xfe, b'\n'])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2 byte(s) were replaced"));
}

#[test]
fn diagnose_survives_five_megabytes() {
    let mut text = "lorem ipsum dolor sit amet, consectetur adipiscing elit 12345 ".repeat(85_000);
    text.push_str("AADSTS7000222: The provided client secret keys for app 'x' are expired.");
    assert!(text.len() > 5_000_000);
    let out = cmd()
        .args(["diagnose", "--json"])
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        json(&out)["matches"][0]["id"],
        "azure/client-secret-expired"
    );
}

#[test]
fn list_json_has_every_seed_id_with_provider_title_and_source() {
    let out = cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let fixes = v["fixes"].as_array().unwrap();
    for id in [
        "general/no-refresh-token",
        "azure/redirect-uri-mismatch",
        "snowflake/redirect-uri-mismatch",
        "keycloak/invalid-client-refresh",
    ] {
        let fix = fixes
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(fix["provider"], id.split('/').next().unwrap());
        assert!(fix["source"].as_str().unwrap().starts_with("https://"));
        assert!(!fix["title"].as_str().unwrap().is_empty());
    }
    cmd()
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("azure/client-secret-expired"));
}

#[test]
fn show_renders_values_for_the_server() {
    cmd()
        .args([
            "show",
            "azure/redirect-uri-mismatch",
            "--server",
            "Connect.Example.com/rsc/",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "https://connect.example.com/rsc/__oauth__/integrations/callback",
        ));
    let out = cmd()
        .args([
            "show",
            "snowflake/redirect-uri-mismatch",
            "--json",
            "--server",
            "connect.example.com",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let copy = v["copy"].as_array().unwrap();
    assert!(copy.iter().all(|c| c["complete"] == true));
    assert!(copy.iter().any(|c| c["value"].as_str().unwrap().contains(
        "OAUTH_REDIRECT_URI = 'https://connect.example.com/__oauth__/integrations/callback'"
    )));
}

#[test]
fn show_without_server_uses_an_obvious_placeholder_or_the_env() {
    cmd()
        .args(["show", "azure/no-reply-address"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "https://<connect-server>/__oauth__/integrations/callback",
        ));
    cmd()
        .args(["show", "azure/no-reply-address"])
        .env("CONNECT_SERVER", "env.example.com")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "https://env.example.com/__oauth__/integrations/callback",
        ));
}

#[test]
fn show_unknown_id_or_bad_server_is_exit_2() {
    cmd()
        .args(["show", "azure/redirect-uri-mismatc"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown fix id")
                .and(predicate::str::contains("azure/redirect-uri-mismatch")),
        );
    cmd()
        .args(["show", "azure/no-reply-address", "--server", "not a url"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--server"));
}

#[test]
fn validate_builtin_and_broken_directories() {
    cmd()
        .args(["validate"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok:"));
    cmd().args(["validate", "flows"]).assert().success();

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.toml"),
        "id = \"x\"\nname = \"X\"\nsummary = \"s\"\nbogus = 1\n",
    )
    .unwrap();
    let file = dir.path().join("x.toml").display().to_string();
    cmd()
        .args(["validate"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!(
            "{file}:4:1: unknown field `bogus`"
        )))
        .stderr(predicate::str::contains("problem(s) found"));
    cmd()
        .args(["validate", "/no/such/dir"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("/no/such/dir"));
}

#[test]
fn a_broken_flows_directory_stops_other_commands_with_the_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.toml"), "id = \"x\"\nname = [\n").unwrap();
    cmd()
        .args(["diagnose", "AADSTS50011"])
        .arg("--flows")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("x.toml:2:"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn redirect_uri_normalises_and_rejects_garbage() {
    for (input, expected) in [
        (
            "connect.example.com",
            "https://connect.example.com/__oauth__/integrations/callback",
        ),
        (
            "https://example.com/rsc/",
            "https://example.com/rsc/__oauth__/integrations/callback",
        ),
        (
            "HTTPS://Example.COM:443//",
            "https://example.com/__oauth__/integrations/callback",
        ),
        (
            "https://example.com:8443/a/b/",
            "https://example.com:8443/a/b/__oauth__/integrations/callback",
        ),
    ] {
        cmd()
            .args(["redirect-uri", input])
            .assert()
            .success()
            .stdout(format!("{expected}\n"));
    }
    cmd()
        .args(["redirect-uri", "http://connect.example.com"])
        .assert()
        .success()
        .stdout("http://connect.example.com/__oauth__/integrations/callback\n")
        .stderr(predicate::str::contains("warning: http://"));
    for garbage in ["", "not a url", "ftp://x.example.com", "https://"] {
        cmd()
            .args(["redirect-uri", garbage])
            .assert()
            .code(2)
            .stderr(predicate::str::is_empty().not());
    }
}

#[test]
fn export_markdown_is_one_guide_with_contents() {
    let out = cmd()
        .args(["export", "markdown"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("# "));
    assert!(text.contains("## Contents"));
    for id in [
        "general/invalid-subject-token",
        "azure/jwt-signature-mismatch",
        "keycloak/invalid-client-login",
    ] {
        assert!(
            text.contains(&format!("`{id}`")),
            "{id} missing from export"
        );
    }
    // Every in-document link has its anchor, so the guide can be read by clicking through.
    let anchors: Vec<&str> = text
        .split("<a id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let links: Vec<&str> = text
        .split("](#")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .collect();
    assert!(links.len() > 100, "{} links", links.len());
    for link in links {
        assert!(anchors.contains(&link), "link #{link} has no anchor");
    }
    cmd().args(["export", "pdf"]).assert().code(2);
}

#[test]
fn paths_and_completions() {
    cmd()
        .args(["paths"])
        .assert()
        .success()
        .stdout(predicate::str::contains("config file:"));
    cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("oauth-triage"));
}

#[test]
fn bad_usage_is_exit_2() {
    cmd().args(["no-such-command"]).assert().code(2);
    cmd().args(["show"]).assert().code(2);
}

#[test]
fn a_broken_config_file_is_exit_2_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "server = 42\n").unwrap();
    cmd()
        .args(["list"])
        .env("OAUTH_TRIAGE_CONFIG", &file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:1:10"));
}

#[test]
fn diagnose_explain_shows_the_evidence_even_below_the_threshold() {
    cmd()
        .args([
            "diagnose",
            "--explain",
            "AADSTS50011: The redirect URI does not match",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("azure/redirect-uri-mismatch")
                .and(predicate::str::contains("same")),
        )
        .stdout(predicate::str::contains("threshold"));
    cmd()
        .args(["diagnose", "--explain", "--json", "x"])
        .assert()
        .code(2);
}

/// `oauth-triage export markdown | head -1`: the reader goes away; the tool stops quietly, as
/// `cat` would, instead of panicking about a broken pipe.
#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::io::Read as _;
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("oauth-triage"))
        .args(["export", "markdown"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop: the pipe closes
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(status.code(), Some(101), "{status:?}");
}
