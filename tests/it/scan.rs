//! `oauth-triage scan` on generated logs in every format Connect and its content write, with
//! known errors (read from the knowledge base, not copied) planted at known lines: each must be
//! found with the right count, first and last time and file:line; unknown OAuth errors land
//! under "unrecognised"; planted secrets never appear in any output; bad input is reported.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use serde_json::{Value, json};

/// Secrets planted next to errors; none may ever be printed.
const SECRETS: [&str; 4] = [
    "S3cretClientValue9",
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBsYW50ZWQ",
    "ya29RefreshTokenPlanted77",
    "BearerPlantedCredential123456",
];
const APP_GUID: &str = "387a393b-c754-489c-bc96-3e77d485ea05";
const CONTENT_GUID: &str = "04f24082-2396-484b-9839-f810891dce95";
const UNKNOWN: &str = "AADSTS9999901: The planted tenant refuses this sign-in for no known reason.";

fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("oauth-triage").expect("binary");
    cmd.env_remove("CONNECT_SERVER")
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .env_remove("OAUTH_TRIAGE_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-xdg-for-tests");
    cmd
}

/// The first error text of fix `id` from the built-in knowledge base, placeholders filled.
fn error_text(id: &str) -> String {
    let kb = oauth_triage::kb::builtin().expect("built-in flows");
    let fix = kb.fix(kb.fix_by_id(id).unwrap_or_else(|| panic!("no fix {id}")));
    let raw = fix.errors.first().expect("fix has an error text").raw();
    raw.replace("{connect_server}", "https://connect.example.com")
        .replace("<app_guid>", APP_GUID)
        .replace("<application_guid>", APP_GUID)
}

/// The planted errors: which fix, and the text planted.
fn planted() -> Vec<(&'static str, String)> {
    [
        "azure/redirect-uri-mismatch",
        "general/no-oauth-session",
        "general/invalid-subject-token",
        "azure/invalid-client-secret",
    ]
    .into_iter()
    .map(|id| (id, error_text(id)))
    .collect()
}

/// Where each planted error must be found.
#[derive(Debug, Default)]
struct Expect {
    /// fix id → (count, first line, first time, last time)
    fixes: Vec<(String, u64, u64, String, String)>,
}

impl Expect {
    fn add(&mut self, id: &str, line: u64, time: &str) {
        if let Some(e) = self.fixes.iter_mut().find(|e| e.0 == id) {
            e.1 += 1;
            e.4 = time.to_string();
        } else {
            self.fixes
                .push((id.to_string(), 1, line, time.to_string(), time.to_string()));
        }
    }
}

/// Builds a log line by line, counting lines so planted errors know where they are.
struct Log {
    text: String,
    line: u64,
}

impl Log {
    fn new() -> Log {
        Log {
            text: String::new(),
            line: 0,
        }
    }

    /// Appends one line; returns its number.
    fn push(&mut self, line: &str) -> u64 {
        self.line += 1;
        self.text.push_str(line);
        self.text.push('\n');
        self.line
    }
}

/// Seconds after 2024-12-06T10:00:00Z as (RFC 3339 with millis, civil date, civil time).
fn at(second: u64) -> (String, String, String) {
    let (h, m, s) = (10 + second / 3600, (second / 60) % 60, second % 60);
    (
        format!("2024-12-06T{h:02}:{m:02}:{s:02}.000Z"),
        "2024/12/06".to_string(),
        format!("{h:02}:{m:02}:{s:02}"),
    )
}

fn rfc(second: u64) -> String {
    at(second).0.replace(".000Z", "Z")
}

/// Quoted as logrus quotes a value.
fn logrus_quote(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// Background noise of the format plus planted errors, every `every` lines, cycling through
/// the known errors, with an unknown OAuth error and secrets mixed in.
fn generate(format: &str, lines: u64) -> (String, Expect, u64) {
    let errors = planted();
    let mut log = Log::new();
    let mut expect = Expect::default();
    let mut unknown = 0;
    let mut n = 0u64;
    let mut second = 0u64;
    if format == "joblog" {
        let (_, d, t) = at(0);
        log.push(&format!(
            "{d} {t}.000000001 [rsc-session] Content GUID: {CONTENT_GUID}"
        ));
    }
    let mut entries: Vec<Value> = Vec::new();
    while log.line < lines {
        second += 7;
        n += 1;
        let (ts, d, t) = at(second);
        let plant = n.is_multiple_of(9);
        let unknown_here = n.is_multiple_of(25);
        let (id, error) = &errors[(n as usize / 9) % errors.len()];
        let secret = format!(
            "client_secret={} Authorization: Bearer {} token {}",
            SECRETS[0], SECRETS[3], SECRETS[1]
        );
        match format {
            "logrus" => {
                if plant {
                    let msg = format!("OAuth request failed: {error}");
                    let line = log.push(&format!(
                        "time=\"{ts}\" level=error msg={} user=alice{} {secret}",
                        logrus_quote(&msg),
                        n % 2
                    ));
                    log.push("    goroutine 1 [running]: main.handle()");
                    expect.add(id, line, &ts);
                } else if unknown_here {
                    log.push(&format!(
                        "time=\"{ts}\" level=error msg={} refresh_token={}",
                        logrus_quote(UNKNOWN),
                        SECRETS[2]
                    ));
                    unknown += 1;
                } else {
                    log.push(&format!(
                        "time=\"{ts}\" level=info msg=\"GET /content/{CONTENT_GUID}/ 200\" correlation_id=abc{n}"
                    ));
                }
            }
            "legacy" => {
                if plant {
                    let line = log.push(&format!("{d} {t} {error} {secret}"));
                    expect.add(id, line, &rfc(second));
                } else if unknown_here {
                    log.push(&format!("{d} {t} {UNKNOWN}"));
                    unknown += 1;
                } else {
                    log.push(&format!("{d} {t} Starting HTTP listener on :3939"));
                    log.push("    continuation of a wrapped message");
                }
            }
            "json" => {
                if plant {
                    let line = log.push(
                        &json!({"level": "error", "msg": error, "time": ts, "user": "bob", "body": {"refresh_token": SECRETS[2]}})
                            .to_string(),
                    );
                    expect.add(id, line, &ts);
                } else if unknown_here {
                    log.push(&json!({"level": "error", "msg": UNKNOWN, "time": ts}).to_string());
                    unknown += 1;
                } else {
                    log.push(
                        &json!({"level": "info", "msg": "Startup complete", "time": ts})
                            .to_string(),
                    );
                }
            }
            "joblog" => {
                let p = |i: u64| format!("{d} {t}.{i:09}");
                if plant {
                    let line = log.push(&format!("{} Traceback (most recent call last):", p(1)));
                    log.push(&format!(
                        "{}   File \"/opt/rstudio-connect/mnt/app/app.py\", line 54, in server",
                        p(2)
                    ));
                    log.push(&format!(
                        "{}     creds = client.oauth.get_credentials(session_token)  # {secret}",
                        p(3)
                    ));
                    log.push(&format!(
                        "{} posit.connect.errors.ClientError: {error}",
                        p(4)
                    ));
                    expect.add(id, line, &format!("2024-12-06T{t}.000000001Z"));
                } else if unknown_here {
                    log.push(&format!("{} Error in `connect_creds()`:", p(1)));
                    log.push(&format!("{} ! {UNKNOWN}", p(2)));
                    log.push(&format!("{} Backtrace:", p(3)));
                    unknown += 1;
                } else {
                    log.push(&format!("{} Running on host: connect01", p(1)));
                }
            }
            "entries" => {
                // Pretty-printed API response: 6 lines per entry (see below).
                let (data, source) = if plant {
                    (
                        format!("posit.connect.errors.ClientError: {error} {secret}"),
                        "stderr",
                    )
                } else if unknown_here {
                    (UNKNOWN.to_string(), "stderr")
                } else {
                    ("Running on host: connect01".to_string(), "stdout")
                };
                if plant {
                    // `{"entries": [` is line 1-2; entry k opens at 3 + 5k, its "data" one below.
                    let k = entries.len() as u64;
                    expect.add(id, 3 + 5 * k + 1, &ts.replace(".000Z", "Z"));
                }
                if unknown_here && !plant {
                    unknown += 1;
                }
                entries.push(json!({"data": data, "source": source, "timestamp": ts}));
                log.line += 5;
            }
            "container" => {
                let prefix = format!("2024-12-06T{t}.123456789Z");
                if plant {
                    let line = log.push(&format!(
                        "{prefix} time=\"{ts}\" level=error msg={} {secret}",
                        logrus_quote(error)
                    ));
                    expect.add(id, line, &ts);
                } else if unknown_here {
                    log.push(&format!(
                        "{prefix} time=\"{ts}\" level=error msg={}",
                        logrus_quote(UNKNOWN)
                    ));
                    unknown += 1;
                } else {
                    log.push(&format!("{prefix} time=\"{ts}\" level=info msg=\"Starting HTTP server on [::]:3939\""));
                }
            }
            other => panic!("unknown format {other}"),
        }
    }
    if format == "entries" {
        let mut text = String::from("{\n  \"entries\": [\n");
        for (i, e) in entries.iter().enumerate() {
            let sep = if i + 1 < entries.len() { "," } else { "" };
            writeln!(
                text,
                "    {{\n      \"data\": {},\n      \"source\": {},\n      \"timestamp\": {}\n    }}{sep}",
                e["data"], e["source"], e["timestamp"]
            )
            .unwrap();
        }
        text.push_str("  ]\n}\n");
        log.text = text;
    }
    (log.text, expect, unknown)
}

fn scan_json(args: &[&str]) -> (Value, i32, String, String) {
    let out = cmd()
        .arg("scan")
        .arg("--json")
        .args(args)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    (value, out.status.code().unwrap_or(-1), stdout, stderr)
}

fn scan_text(args: &[&str]) -> (String, i32) {
    let out = cmd().arg("scan").args(args).output().expect("run");
    let mut all = String::from_utf8_lossy(&out.stdout).into_owned();
    all.push_str(&String::from_utf8_lossy(&out.stderr));
    (all, out.status.code().unwrap_or(-1))
}

fn assert_no_secrets(output: &str) {
    for secret in SECRETS {
        assert!(
            !output.contains(secret),
            "secret {secret} printed:\n{output}"
        );
    }
}

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} not found in {report:#}"))
}

fn check_format(format: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("{format}.log"));
    let (text, expect, unknown) = generate(format, 400);
    std::fs::write(&path, &text).expect("write log");
    let name = path.to_str().expect("utf-8 path");
    let (report, code, stdout, stderr) = scan_json(&[name]);
    assert_eq!(code, 1, "{stderr}");
    assert_no_secrets(&stdout);
    assert_no_secrets(&stderr);
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(expect.fixes.len()),
        "{format}: {report:#}"
    );
    for (id, count, line, first, last) in &expect.fixes {
        let f = finding(&report, id);
        assert_eq!(f["count"], *count, "{format} {id} count");
        let first_seen = f["first_seen"].as_str().expect("first_seen");
        let last_seen = f["last_seen"].as_str().expect("last_seen");
        let norm = |s: &str| s.replace(".000Z", "Z");
        assert_eq!(norm(first_seen), norm(first), "{format} {id} first");
        assert_eq!(norm(last_seen), norm(last), "{format} {id} last");
        assert_eq!(f["example"]["line"], *line, "{format} {id} line");
        assert_eq!(f["example"]["file"], name, "{format} {id} file");
    }
    let unrecognised: u64 = report["unrecognised"]
        .as_array()
        .expect("unrecognised")
        .iter()
        .filter(|u| {
            u["shape"]
                .as_str()
                .is_some_and(|s| s.contains("AADSTS9999901"))
        })
        .map(|u| u["count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        unrecognised, unknown,
        "{format}: unknown errors under unrecognised"
    );
    let (text_out, code) = scan_text(&[name]);
    assert_eq!(code, 1);
    assert_no_secrets(&text_out);
    assert!(text_out.contains("Unrecognised"), "{text_out}");
}

#[test]
fn logrus_text_service_log() {
    check_format("logrus");
}

#[test]
fn legacy_service_log() {
    check_format("legacy");
}

#[test]
fn json_service_log() {
    check_format("json");
}

#[test]
fn job_log_with_python_tracebacks_and_r_errors() {
    check_format("joblog");
}

#[test]
fn job_log_api_entries() {
    check_format("entries");
}

#[test]
fn container_stdout_with_runtime_timestamps() {
    check_format("container");
}

#[test]
fn job_log_names_its_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("job.stderr");
    std::fs::write(&path, generate("joblog", 60).0).expect("write");
    let (report, ..) = scan_json(&[path.to_str().expect("path")]);
    let f = &report["findings"][0];
    assert_eq!(f["content"][0], CONTENT_GUID, "{f:#}");
}

#[test]
fn nothing_found_exits_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("quiet.log");
    std::fs::write(
        &path,
        "time=\"2024-12-06T10:00:00.000Z\" level=info msg=\"Startup complete\"\n",
    )
    .expect("write");
    let (report, code, ..) = scan_json(&[path.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["inputs"][0]["lines"], 1);
}

#[test]
fn directories_gz_and_stdin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("bundle/logs");
    std::fs::create_dir_all(&sub).expect("dirs");
    let (text, expect, _) = generate("logrus", 200);
    std::fs::write(sub.join("a.log"), &text).expect("write");
    let gz = std::fs::File::create(sub.join("a.log.2.gz")).expect("gz");
    let mut enc = flate2::write::GzEncoder::new(gz, flate2::Compression::fast());
    enc.write_all(text.as_bytes()).expect("compress");
    enc.finish().expect("finish gz");
    let (report, code, ..) = scan_json(&[dir.path().to_str().expect("path")]);
    assert_eq!(code, 1);
    assert_eq!(report["inputs"].as_array().map(Vec::len), Some(2));
    for (id, count, ..) in &expect.fixes {
        assert_eq!(finding(&report, id)["count"], count * 2, "{id}");
    }
    let out = cmd()
        .args(["scan", "--json"])
        .write_stdin(text)
        .output()
        .expect("run");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["inputs"][0]["name"], "-");
    assert_eq!(
        finding(&report, &expect.fixes[0].0)["example"]["line"],
        expect.fixes[0].2
    );
}

#[test]
fn since_and_until_keep_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a.log");
    let (text, _, _) = generate("logrus", 400);
    std::fs::write(&path, &text).expect("write");
    let name = path.to_str().expect("path");
    let (all, ..) = scan_json(&[name]);
    let total: u64 = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    let (some, ..) = scan_json(&[
        name,
        "--since",
        "2024-12-06T10:10:00Z",
        "--until",
        "2024-12-06T10:20:00Z",
    ]);
    let inside: u64 = some["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert!(inside > 0 && inside < total, "{inside} of {total}");
    for f in some["findings"].as_array().unwrap() {
        let first = f["first_seen"].as_str().unwrap();
        let last = f["last_seen"].as_str().unwrap();
        assert!(
            first >= "2024-12-06T10:10:00" && last <= "2024-12-06T10:20:00Z",
            "{first} {last}"
        );
    }
    assert!(some["left_out"]["outside_window"].as_u64().unwrap() > 0);
    let (none, code, ..) = scan_json(&[name, "--since", "2024-12-07"]);
    assert_eq!(
        (none["findings"].as_array().map(Vec::len), code),
        (Some(0), 0)
    );
    let out = cmd()
        .args(["scan", name, "--since", "last tuesday"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
}

#[test]
fn bad_input_is_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let error = error_text("general/no-oauth-session");
    // Binary: skipped with a note, not an error.
    std::fs::write(
        dir.path().join("core.bin"),
        b"\x7fELF\x00\x00\x01 AADSTS50011",
    )
    .expect("write");
    // Invalid UTF-8 and an over-long line before a known error.
    let mut bytes = b"caf\xe9 latin-1 line\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1024 * 1024 + 100));
    bytes.push(b'\n');
    bytes.extend(format!("2024/12/06 10:00:00 {error}\n").as_bytes());
    std::fs::write(dir.path().join("odd.log"), &bytes).expect("write");
    // A truncated .gz: its first lines are still scanned.
    let mut plain = String::new();
    plain.push_str(&format!("2024/12/06 10:00:01 {error}\n"));
    for i in 0..20000 {
        plain.push_str(&format!(
            "2024/12/06 10:00:02 routine line {i} with some padding text\n"
        ));
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(plain.as_bytes()).expect("compress");
    let gz = enc.finish().expect("gz");
    std::fs::write(dir.path().join("cut.log.gz"), &gz[..gz.len() / 2]).expect("write");
    let missing = dir.path().join("missing.log");

    let (report, code, stdout, stderr) =
        scan_json(&[dir.path().to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cut.log.gz") && stderr.contains("missing.log"),
        "{stderr}"
    );
    let status = |name: &str| {
        report["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in {stdout}"))["status"]
            .clone()
    };
    assert_eq!(status("core.bin"), "skipped-binary");
    assert_eq!(status("odd.log"), "read");
    assert_eq!(status("cut.log.gz"), "truncated");
    assert_eq!(status("missing.log"), "unreadable");
    // Both the odd file's error (line 3) and the truncated gz's first line were found.
    assert_eq!(finding(&report, "general/no-oauth-session")["count"], 2);
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["line"] == 2 && n["message"].as_str().unwrap().contains("KiB")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n["line"] == 1 && n["message"].as_str().unwrap().contains("UTF-8"))
    );
}

#[test]
fn follow_prints_findings_as_the_file_grows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("live.log");
    let first = error_text("azure/redirect-uri-mismatch");
    let second = error_text("general/no-oauth-session");
    std::fs::write(&path, format!("2024/12/06 10:00:00 {first}\n")).expect("write");
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_oauth-triage"))
        .args(["scan", "--follow"])
        .arg(&path)
        .env_remove("OAUTH_TRIAGE_FLOWS")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(20);
    let got = rx.recv_timeout(wait);
    let ok_first = got
        .as_ref()
        .is_ok_and(|l| l.contains("azure/redirect-uri-mismatch") && l.contains("live.log:1"));
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    writeln!(file, "2024/12/06 10:00:05 routine line").expect("append");
    writeln!(
        file,
        "2024/12/06 10:00:06 {second} client_secret={}",
        SECRETS[0]
    )
    .expect("append");
    drop(file);
    let got2 = rx.recv_timeout(wait);
    let _ = child.kill();
    let _ = child.wait();
    assert!(ok_first, "first finding: {got:?}");
    let line = got2.expect("second finding printed while following");
    assert!(
        line.contains("general/no-oauth-session") && line.contains("live.log:3"),
        "{line}"
    );
    assert_no_secrets(&line);
}

#[test]
fn secrets_never_reach_json_excerpts_even_in_unrecognised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.log");
    let text = format!(
        "{{\"error\":\"server_error\",\"error_description\":\"{UNKNOWN}\",\"access_token\":\"{}\",\"id_token\":\"{}\"}}\n",
        SECRETS[2], SECRETS[1]
    );
    std::fs::write(&path, text).expect("write");
    let (report, _, stdout, stderr) = scan_json(&[path.to_str().unwrap()]);
    assert_no_secrets(&stdout);
    assert_no_secrets(&stderr);
    assert_eq!(
        report["unrecognised"].as_array().map(Vec::len),
        Some(1),
        "{report:#}"
    );
}

/// A control character inside a token (found by the `scan` fuzz target): cleaning drops it, so
/// the two halves redaction would see apart are joined before redaction, not after.
#[test]
fn a_control_character_cannot_split_a_token_past_redaction() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("c.log");
    let (first, second) = (
        "eyJhbGciOiJIUzI1NiJ9eyJzdWIiOiJ",
        "4In0c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0",
    );
    let text = format!(
        "time=\"2024-12-06T10:00:01Z\" level=error msg=\"OAuth failure: invalid_grant\" auth={first}\u{f}{second}\n"
    );
    std::fs::write(&path, text).expect("write");
    let (report, _, stdout, stderr) = scan_json(&[path.to_str().unwrap()]);
    assert!(report["events_examined"].as_u64() >= Some(1), "{report:#}");
    for half in [first, second] {
        assert!(!stdout.contains(half), "{half} printed:\n{stdout}");
        assert!(!stderr.contains(half), "{half} printed:\n{stderr}");
    }
}
