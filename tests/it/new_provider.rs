//! Adding a provider is editing one flow file: `tests/data/new-provider/` holds a single file for
//! a fictional IdP, and with `--flows` pointing at it the provider appears in the guide's walk,
//! in the diagnosis, in the redirect check and in the scope check, with no Rust change.

use std::path::PathBuf;

use assert_cmd::Command;
use oauth_triage::kb::{self, KnowledgeBase};
use oauth_triage::plain::Session;
use oauth_triage::server::ConnectServer;
use serde_json::Value;

const PROVIDER: &str = "exampleidp";

fn flow_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/new-provider")
}

/// The binary with only the new provider's file added to the built-in flows.
fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("oauth-triage").expect("the binary is built");
    cmd.env_remove("OAUTH_TRIAGE_FLOWS")
        .env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests")
        .arg("--flows")
        .arg(flow_dir());
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let output = cmd.output().expect("the binary runs");
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

fn built_in_and_new() -> KnowledgeBase {
    kb::load(&[flow_dir()]).unwrap_or_else(|e| panic!("flows load: {e:?}"))
}

#[test]
fn the_provider_is_one_file() {
    let files: Vec<_> = std::fs::read_dir(flow_dir())
        .expect("fixture directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, [format!("{PROVIDER}.toml")]);
}

#[test]
fn it_is_walked_in_the_guide() {
    let kb = built_in_and_new();
    let position = kb
        .providers()
        .position(|(_, p)| p.id == PROVIDER)
        .expect("the new provider is listed on the home screen");
    let server = ConnectServer::parse("connect.example.com")
        .expect("valid server")
        .server;
    // Choose the provider, then its first symptom, then say the fix worked.
    let answers = format!("{}\n1\ny\n", position + 1);
    let mut out = Vec::new();
    Session {
        kb: &kb,
        server: Some(&server),
        input: answers.as_bytes(),
        out: &mut out,
        echo: true,
    }
    .run(None)
    .expect("the conversation runs");
    let said = String::from_utf8(out).expect("UTF-8");
    assert!(
        said.contains("Example IdP — A fictional provider"),
        "{said}"
    );
    assert!(
        said.contains("[exampleidp/redirect-uri-mismatch]"),
        "{said}"
    );
    assert!(
        said.contains("https://connect.example.com/__oauth__/integrations/callback"),
        "the copy value is filled in for the server: {said}"
    );
}

#[test]
fn its_errors_are_diagnosed() {
    let found = json(cmd().args([
        "diagnose",
        "--json",
        "login failed: EXIDP4001: the redirect address is not registered for this client",
    ]));
    assert_eq!(found["fix"], "exampleidp/redirect-uri-mismatch", "{found}");
    // Its code family is its own: another EXIDP code is not taken for this fix.
    let other = json(cmd().args(["diagnose", "--json", "EXIDP9999: something else"]));
    assert_ne!(other["fix"], "exampleidp/redirect-uri-mismatch", "{other}");
}

#[test]
fn the_redirect_check_knows_it() {
    // Named with --provider, by an alias.
    let named = json(cmd().args([
        "check-redirect",
        "--json",
        "--server",
        "https://connect.example.com",
        "--registered",
        "https://connect.example.com/__oauth__/integrations/callback/",
        "--provider",
        "exidp",
    ]));
    let fixes: Vec<&Value> = named["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "problem")
        .map(|f| &f["fix"])
        .collect();
    assert!(!fixes.is_empty(), "{named}");
    assert!(
        fixes
            .iter()
            .all(|f| *f == "exampleidp/redirect-uri-mismatch"),
        "{named}"
    );

    // Recognised from its authorize endpoint, with the tenant the path names.
    let url = "https://acme.idp.example.com/t1/connect/authorize?client_id=a\
               &redirect_uri=http%3A%2F%2Fconnect.example.com%2F__oauth__%2Fintegrations%2Fcallback";
    let seen = json(cmd().args([
        "check-redirect",
        "--json",
        "--server",
        "https://connect.example.com",
        "--registered",
        url,
    ]));
    let details = seen["details"].as_array().expect("details");
    let detail = |label: &str| details.iter().find(|d| d[0] == label).map(|d| d[1].clone());
    assert_eq!(
        detail("Provider"),
        Some(Value::from("Example IdP")),
        "{seen}"
    );
    assert_eq!(detail("Tenant"), Some(Value::from("t1")), "{seen}");
    assert!(
        seen["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["fix"] == "exampleidp/redirect-uri-mismatch"),
        "{seen}"
    );
}

#[test]
fn the_scope_check_knows_it() {
    // By the name the guide shows; no offline_access for a Viewer integration.
    let report = json(cmd().args([
        "check-scopes",
        "--json",
        "--provider",
        "Example IdP",
        "openid profile",
    ]));
    assert_eq!(report["ok"], false, "{report}");
    let problem = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["severity"] == "problem")
        .unwrap_or_else(|| panic!("no problem in {report}"));
    assert_eq!(problem["fix"], "exampleidp/no-refresh-token", "{report}");
    // A typo of one of its scopes.
    let typo = json(cmd().args([
        "check-scopes",
        "--json",
        "--provider",
        PROVIDER,
        "openid offline_acess",
    ]));
    let said = typo.to_string();
    assert!(
        said.contains("looks like a typo of 'offline_access'"),
        "{said}"
    );
    // Without the file, the built-in flows do not know the provider.
    let unknown = Command::cargo_bin("oauth-triage")
        .expect("binary")
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests")
        .args(["check-scopes", "--provider", PROVIDER, "openid"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}
