//! The field tools from the command line: `check-redirect`, `token`, `check-scopes`.
//! Exit codes: 0 nothing wrong, 1 a problem found, 2 input that could not be read.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use assert_cmd::Command;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth_triage::field::{scopes, token};
use predicates::prelude::*;
use serde_json::{Value, json};

const CALLBACK: &str = "https://connect.example.com/__oauth__/integrations/callback";
const SIGNATURE: &str = "c2VjcmV0LXNpZ25hdHVyZS1ub3Qtc2hvd24";

fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("oauth-triage").expect("the binary is built");
    // Keep the user's config and extra flows out of the tests.
    cmd.env_remove("OAUTH_TRIAGE_FLOWS")
        .env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests");
    cmd
}

fn now() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(since.as_secs()).expect("seconds fit")
}

fn jwt(payload: Value) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let encode = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.{SIGNATURE}", encode(&header), encode(&payload))
}

fn stdout_json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("--json prints one JSON document")
}

#[test]
fn every_fix_id_exists_in_the_knowledge_base() {
    let kb = oauth_triage::kb::builtin().unwrap_or_else(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("built-in flows do not load:\n{}", lines.join("\n"))
    });
    // The redirect check's fixes, and the scope check's refresh fixes, come from the flows'
    // `[field]` tables, which are checked as they load.
    let ids = token::FIX_IDS.iter().chain(scopes::FIX_IDS);
    let missing: Vec<&&str> = ids.filter(|id| kb.fix_by_id(id).is_none()).collect();
    assert!(
        missing.is_empty(),
        "fix ids the field tools emit but the flows lack: {missing:?}"
    );
}

// --- check-redirect -------------------------------------------------------------------------

#[test]
fn redirect_exact_match_exits_0() {
    cmd()
        .args([
            "check-redirect",
            "--server",
            "Connect.Example.com",
            "--registered",
            CALLBACK,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("[ok]"))
        .stdout(predicate::str::contains(
            "matches Connect's callback exactly",
        ));
}

#[test]
fn redirect_mismatch_exits_1_and_names_each_difference() {
    cmd()
        .args([
            "check-redirect",
            "--server",
            "https://example.com/rsc/",
            "--provider",
            "okta",
        ])
        .args([
            "--registered",
            "http://example.com/__oauth__/integration/callback/",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[PROBLEM]"))
        .stdout(predicate::str::contains("scheme is http://"))
        .stdout(predicate::str::contains("lacks Connect's prefix /rsc"))
        .stdout(predicate::str::contains("trailing slash"))
        .stdout(predicate::str::contains("misspelt"))
        .stdout(predicate::str::contains(
            "→ see: oauth-triage show okta/redirect-uri-mismatch",
        ));
}

#[test]
fn redirect_workbench_callback_alone_exits_1() {
    cmd()
        .args([
            "check-redirect",
            "--server",
            "connect.example.com",
            "--provider",
            "azure",
        ])
        .args([
            "--registered",
            "https://connect.example.com/oauth_redirect_callback",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Workbench callback"))
        .stdout(predicate::str::contains("azure/redirect-uri-mismatch"));
}

#[test]
fn redirect_authorize_url_shows_what_connect_sends() {
    let url = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize\
        ?client_id=11111111-2222&response_type=code&scope=offline_access%20openid\
        &redirect_uri=http%3A%2F%2Fconnect.example.com%2F__oauth__%2Fintegrations%2Fcallback";
    cmd()
        .args([
            "check-redirect",
            "--server",
            "connect.example.com",
            "--registered",
            url,
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("contoso.onmicrosoft.com"))
        .stdout(predicate::str::contains("11111111-2222"))
        .stdout(predicate::str::contains("offline_access openid"))
        .stdout(predicate::str::contains(
            "Connect sends redirect_uri=http://connect.example.com",
        ))
        .stdout(predicate::str::contains("azure/redirect-uri-mismatch"));
}

#[test]
fn redirect_json_parses_with_ok_flag() {
    let output = cmd()
        .args([
            "check-redirect",
            "--json",
            "--server",
            "connect.example.com",
            "--provider",
            "google",
        ])
        .args([
            "--registered",
            "https://connect.example.com:443/__oauth__/integrations/callback",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert_eq!(report["ok"], Value::Bool(false));
    assert_eq!(report["details"][0], json!(["Connect callback", CALLBACK]));
    let findings = report["findings"].as_array().expect("findings array");
    assert!(findings.iter().any(|f| f["severity"] == "problem"
        && f["fix"] == "google/redirect-uri-mismatch"
        && f["message"].as_str().is_some_and(|m| m.contains(":443"))));
}

#[test]
fn redirect_bad_input_exits_2() {
    cmd()
        .args([
            "check-redirect",
            "--server",
            "not a url",
            "--registered",
            CALLBACK,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--server"));
    cmd()
        .args([
            "check-redirect",
            "--server",
            "connect.example.com",
            "--provider",
            "nope",
        ])
        .args(["--registered", CALLBACK])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown provider 'nope'"))
        .stderr(predicate::str::contains("okta"));
}

// --- token ----------------------------------------------------------------------------------

#[test]
fn token_valid_from_stdin_exits_0_and_never_prints_the_signature() {
    let token = jwt(json!({"iss": "https://issuer.example.com", "sub": "u1", "exp": now() + 3600}));
    cmd()
        .arg("token")
        .write_stdin(format!("Bearer {token}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Issuer (iss)"))
        .stdout(predicate::str::contains("valid for"))
        .stdout(predicate::str::contains(SIGNATURE).not())
        .stderr(predicate::str::contains("secret"));
}

#[test]
fn token_expired_exits_1() {
    let token = jwt(json!({"exp": now() - 3 * 3600 - 60}));
    cmd()
        .args(["token", &token])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("expired 3 h"))
        .stdout(predicate::str::contains("general/invalid-subject-token"));
}

#[test]
fn token_graph_audience_warns_and_expect_scope_checks_the_resource() {
    let token = jwt(json!({
        "iss": "https://login.microsoftonline.com/t1/v2.0",
        "aud": "https://graph.microsoft.com", "scp": "User.Read", "exp": now() + 3600,
    }));
    cmd().args(["token", &token]).assert().success().stdout(
        predicate::str::contains("[warning]")
            .and(predicate::str::contains("azure/jwt-signature-mismatch")),
    );
    cmd()
        .args([
            "token",
            &token,
            "--expect-scope",
            "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default",
        ])
        .assert()
        .code(1);
}

#[test]
fn token_opaque_exits_1() {
    cmd()
        .args(["token", "2YotnFZFEjr1zCsicMWpAA"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not a JWT (opaque token)"));
}

#[test]
fn token_bad_input_exits_2_naming_the_part() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    let cases = [
        ("<garbage>".to_string(), "not a token"),
        (
            format!("{header}.{}", URL_SAFE_NO_PAD.encode("{}")),
            "signature is missing",
        ),
        (
            format!("{header}.abcde.sig"),
            "the payload (part 2) is not base64url",
        ),
        (
            format!("{}.e30.sig", URL_SAFE_NO_PAD.encode("[1]")),
            "the header (part 1) is JSON but not an object",
        ),
    ];
    for (input, message) in cases {
        cmd()
            .args(["token", &input])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn token_one_megabyte_exits_2_quickly() {
    let started = Instant::now();
    cmd()
        .arg("token")
        .write_stdin("e".repeat(1 << 20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than the 64 KiB limit"));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn token_json_parses() {
    let token = jwt(json!({"aud": "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", "exp": now() + 600}));
    let output = cmd()
        .args(["token", "--json", &token])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report = stdout_json(&output);
    assert_eq!(report["ok"], Value::Bool(true));
    assert!(!String::from_utf8_lossy(&output.stdout).contains(SIGNATURE));
}

// --- check-scopes ---------------------------------------------------------------------------

#[test]
fn scopes_good_list_exits_0() {
    cmd()
        .args([
            "check-scopes",
            "--provider",
            "databricks",
            "all-apis,sql",
            "offline_access openid profile email",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problem found."));
}

#[test]
fn scopes_missing_offline_exits_1_with_fix() {
    cmd()
        .args([
            "check-scopes",
            "--provider",
            "snowflake",
            "session:role:ANALYST",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("refresh_token is missing"))
        .stdout(predicate::str::contains(
            "→ see: oauth-triage show snowflake/no-refresh-token",
        ));
}

#[test]
fn scopes_typo_and_service_account() {
    cmd()
        .args([
            "check-scopes",
            "--provider",
            "custom",
            "offline_acess",
            "openid",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("typo of 'offline_access'"));
    cmd()
        .args(["check-scopes", "--provider", "azure", "--service-account"])
        .args([
            "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default",
            "offline_access",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("azure/service-account-scope"));
}

#[test]
fn scopes_unknown_provider_exits_2_listing_known_ones() {
    cmd()
        .args(["check-scopes", "--provider", "nosuchprovider", "openid"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown provider 'nosuchprovider'",
        ))
        .stderr(predicate::str::contains("azure, azure-openai, msgraph"));
}

/// The names the guide shows work too (issue 14, item 17): "entra-id" is Azure.
#[test]
fn scopes_accepts_the_names_the_guide_shows() {
    cmd()
        .args(["check-scopes", "--provider", "entra-id", "openid"])
        .assert()
        .stdout(predicate::str::contains("Scope check for azure"));
}

#[test]
fn scopes_json_parses() {
    let output = cmd()
        .args(["check-scopes", "--json", "--provider", "azure"])
        .args(["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default User.Read offline_access"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report = stdout_json(&output);
    assert_eq!(report["ok"], Value::Bool(false));
    let findings = report["findings"].as_array().expect("findings array");
    assert!(
        findings
            .iter()
            .any(|f| f["fix"] == "azure/default-scope-mixed")
    );
}
