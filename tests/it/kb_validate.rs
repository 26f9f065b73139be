//! The validator: shipped flows are clean, and each kind of broken flow is reported with its
//! file, line and column, all problems in one run.

use std::path::{Path, PathBuf};

use oauth_triage::kb::{self, Diagnostic};

/// A minimal valid provider; tests break one thing at a time.
const GOOD: &str = r#"id = "acme"
name = "Acme IdP"
summary = "A provider for tests"

[[copy]]
id = "redirect-uri"
label = "Redirect URI"
value = "{connect_server}/__oauth__/integrations/callback"

[[symptom]]
label = "Something fails"
next = "question:when"

[question.when]
text = "When?"
answers = [
  { label = "At login", next = "fix:login-broken" },
  { label = "Later", next = "fix:refresh-broken" },
]

[fix.login-broken]
title = "Login is broken"
errors = [{ text = "acme: login exploded", source = "https://example.com/errors" }]
seen = "login"
cause = "Because."
steps = ["Do this."]
copy = ["redirect-uri"]
source = "https://example.com/source"
if_not_fixed = "fix:refresh-broken"
checked = 2026-12-01

[fix.refresh-broken]
title = "Refresh is broken"
seen = "refresh"
cause = "Because."
steps = ["Do that."]
source = "https://example.com/source"
checked = 2026-12-01
"#;

fn write_flow(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Loads the built-in flows plus `text` as `acme.toml`; returns the problems (empty when valid).
fn problems(text: &str) -> (Vec<Diagnostic>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_flow(dir.path(), "acme.toml", text);
    let problems = match kb::load(&[dir.path().to_path_buf()]) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    (problems, path.display().to_string())
}

/// Asserts exactly one problem, at `line:col`, whose message contains `needle`.
fn assert_one(text: &str, line: usize, col: usize, needle: &str) {
    let (problems, file) = problems(text);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "expected one problem, got {shown:#?}");
    let p = &problems[0];
    assert_eq!(p.file, file);
    assert_eq!((p.line, p.col), (line, col), "{}", shown[0]);
    assert!(
        p.message.contains(needle),
        "{:?} should mention {needle:?}",
        p.message
    );
    assert!(
        shown[0].starts_with(&format!("{file}:{line}:{col}: ")),
        "{}",
        shown[0]
    );
}

#[test]
fn shipped_flows_validate_clean() {
    let kb = kb::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    assert!(kb.fixes().len() >= 12);
}

#[test]
fn the_test_flow_itself_is_valid() {
    let (problems, _) = problems(GOOD);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn toml_syntax_error() {
    assert_one(
        &GOOD.replace("title = \"Login is broken\"", "title = \"Login is broken"),
        22,
        25,
        "invalid basic string",
    );
}

#[test]
fn unknown_key() {
    let text = GOOD.replace("seen = \"login\"", "seen = \"login\"\nsymptom_text = \"x\"");
    assert_one(&text, 25, 1, "unknown field `symptom_text`");
}

#[test]
fn missing_field() {
    let text = GOOD.replace(
        "cause = \"Because.\"\nsteps = [\"Do that.\"]",
        "steps = [\"Do that.\"]",
    );
    let (problems, _) = problems(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.contains("missing field `cause`"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].line, 32, "{}", problems[0]);
}

#[test]
fn dangling_next() {
    let text = GOOD.replace(
        "next = \"fix:refresh-broken\" }",
        "next = \"fix:refresh-brokn\" }",
    );
    assert_one(
        &text,
        18,
        29,
        "unknown fix 'acme/refresh-brokn' (did you mean 'acme/refresh-broken'?)",
    );
}

#[test]
fn dangling_copy_reference() {
    let text = GOOD.replace("copy = [\"redirect-uri\"]", "copy = [\"redirect_uri\"]");
    assert_one(&text, 27, 9, "unknown copy value 'acme/redirect_uri'");
}

#[test]
fn dangling_if_not_fixed() {
    let text = GOOD.replace(
        "if_not_fixed = \"fix:refresh-broken\"",
        "if_not_fixed = \"fix:nothing\"",
    );
    assert_one(&text, 29, 16, "unknown fix 'acme/nothing'");
}

#[test]
fn unreachable_fix() {
    let text = format!(
        "{GOOD}\n[fix.orphan]\ntitle = \"Nobody gets here\"\nseen = \"setup\"\ncause = \"x\"\nsteps = [\"y\"]\nsource = \"https://example.com\"\nchecked = 2026-12-01\n"
    );
    assert_one(&text, 40, 6, "fix 'acme/orphan' is unreachable");
}

#[test]
fn cycle() {
    let text = GOOD.replace(
        "steps = [\"Do that.\"]",
        "steps = [\"Do that.\"]\nif_not_fixed = \"fix:login-broken\"",
    );
    let (problems, _) = problems(&text);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.starts_with("cycle: "),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].message.contains("acme/login-broken"),
        "{}",
        problems[0]
    );
}

#[test]
fn duplicate_ids() {
    let text = GOOD.replace(
        "[[symptom]]",
        "[[copy]]\nid = \"redirect-uri\"\nlabel = \"Again\"\nvalue = \"x\"\n\n[[symptom]]",
    );
    assert_one(&text, 11, 6, "duplicate copy id 'redirect-uri'");

    let dir = tempfile::tempdir().unwrap();
    write_flow(dir.path(), "a.toml", GOOD);
    write_flow(dir.path(), "b.toml", GOOD);
    let problems = kb::load(&[dir.path().to_path_buf()]).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.contains("duplicate provider id 'acme'"),
        "{}",
        problems[0]
    );
    assert!(problems[0].file.ends_with("b.toml"));
}

#[test]
fn unknown_variable() {
    let text = GOOD.replace("value = \"{connect_server}/", "value = \"{conect_server}/");
    assert_one(&text, 8, 10, "unknown variable '{conect_server}'");
}

#[test]
fn empty_text() {
    let text = GOOD.replace(
        "cause = \"Because.\"\nsteps = [\"Do this.\"]",
        "cause = \"   \"\nsteps = [\"Do this.\"]",
    );
    assert_one(&text, 25, 9, "`cause` is empty");
}

#[test]
fn bad_seen_value_and_url() {
    let text = GOOD
        .replace("seen = \"login\"", "seen = \"logon\"")
        .replace(
            "source = \"https://example.com/source\"\nif_not",
            "source = \"example.com\"\nif_not",
        );
    let (problems, _) = problems(&text);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{shown:#?}");
    assert!(
        shown
            .iter()
            .any(|p| p.contains(":24:8: unknown `seen` value 'logon'")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.contains(":28:10: 'example.com' is not a web address")),
        "{shown:#?}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let text = GOOD
        .replace("next = \"fix:refresh-broken\" }", "next = \"fix:nope\" }")
        .replace(
            "title = \"Refresh is broken\"\nseen = \"refresh\"",
            "title = \"Refresh is broken\"\nseen = \"refresh\"\ncolour = 1",
        )
        .replace("summary = \"A provider for tests\"", "summary = \"\"");
    let (problems, _) = problems(&text);
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn a_flows_directory_replaces_a_builtin_provider_with_the_same_id() {
    // The usual way to adapt a provider: copy its file, edit it, load it with --flows.
    let shipped =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/flows/keycloak.toml"))
            .unwrap();
    let name_line = shipped.lines().find(|l| l.starts_with("name = ")).unwrap();
    let edited = shipped.replace(name_line, "name = \"Our Keycloak\"").replace(
        "[fix.invalid-client-login]",
        "[[symptom]]\nlabel = \"Our own symptom\"\nnext = \"fix:our-fix\"\n\n[fix.our-fix]\ntitle = \"Ours\"\nseen = \"setup\"\ncause = \"x\"\nsteps = [\"y\"]\nsource = \"https://example.com\"\nchecked = 2026-12-01\n\n[fix.invalid-client-login]",
    );
    let dir = tempfile::tempdir().unwrap();
    write_flow(dir.path(), "keycloak.toml", &edited);
    let kb = kb::load(&[dir.path().to_path_buf()]).unwrap_or_else(|p| panic!("{p:#?}"));
    let p = kb.provider_by_id("keycloak").unwrap();
    assert_eq!(kb.provider(p).name, "Our Keycloak");
    assert!(
        kb.provider(p).file.ends_with("keycloak.toml")
            && !kb.provider(p).file.starts_with("flows/")
    );
    assert!(kb.fix_by_id("keycloak/our-fix").is_some());
    assert!(kb.fix_by_id("keycloak/invalid-client-login").is_some());
}

#[test]
fn replacing_a_provider_that_others_link_to_reports_the_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let replacement = GOOD.replace("id = \"acme\"", "id = \"keycloak\"");
    write_flow(dir.path(), "keycloak.toml", &replacement);
    let problems = kb::load(&[dir.path().to_path_buf()]).unwrap_err();
    assert!(
        problems
            .iter()
            .all(|p| p.message.contains("unknown") && p.file.starts_with("flows/")),
        "{problems:#?}"
    );
}

#[test]
fn unreadable_inputs_are_reported_not_panicked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), b"id = \"x\xff\"\n").unwrap();
    let problems = kb::load(&[dir.path().to_path_buf()]).unwrap_err();
    assert!(
        problems[0]
            .to_string()
            .contains("bad.toml:1:8: the file is not valid UTF-8"),
        "{}",
        problems[0]
    );

    let missing = kb::load(&[PathBuf::from("/definitely/not/here")]).unwrap_err();
    assert!(
        missing[0].to_string().contains("/definitely/not/here"),
        "{}",
        missing[0]
    );
}

// ---- Format v2: sourced error texts and the `checked` date ----

#[test]
fn a_bare_error_string_is_refused() {
    let text = GOOD.replace(
        "errors = [{ text = \"acme: login exploded\", source = \"https://example.com/errors\" }]",
        "errors = [\"acme: login exploded\"]",
    );
    assert_one(&text, 23, 11, "needs the address where it was seen");
}

#[test]
fn an_error_text_without_a_source_is_refused() {
    let text = GOOD.replace(", source = \"https://example.com/errors\" }]", " }]");
    assert_one(&text, 23, 11, "`errors` entry has no `source`");
    let variant = GOOD.replace(
        "seen = \"login\"",
        "variants = [{ text = \"acme: login blew up\" }]\nseen = \"login\"",
    );
    assert_one(&variant, 24, 13, "`variants` entry has no `source`");
}

#[test]
fn an_error_text_source_must_be_a_web_address() {
    let text = GOOD.replace(
        "source = \"https://example.com/errors\"",
        "source = \"notes.txt\"",
    );
    assert_one(&text, 23, 53, "'notes.txt' is not a web address");
}

#[test]
fn a_fix_without_a_checked_date_is_refused() {
    // The last fix, refresh-broken, ends with its `checked` line.
    let text = GOOD.strip_suffix("checked = 2026-12-01\n").unwrap();
    assert_one(text, 32, 6, "fix has no `checked` date");
}

#[test]
fn a_checked_date_must_be_a_bare_toml_date() {
    let quoted = GOOD.replacen("checked = 2026-12-01", "checked = \"2026-12-01\"", 1);
    assert_one(&quoted, 30, 11, "must be a TOML date without quotes");
    let with_time = GOOD.replacen("checked = 2026-12-01", "checked = 2026-12-01T09:00:00", 1);
    assert_one(&with_time, 30, 11, "without a time");
    let number = GOOD.replacen("checked = 2026-12-01", "checked = 20261201", 1);
    assert_one(&number, 30, 11, "must be a TOML date");
}

#[test]
fn the_checked_date_and_error_sources_reach_the_model() {
    let dir = tempfile::tempdir().unwrap();
    write_flow(
        dir.path(),
        "acme.toml",
        &GOOD.replacen("checked = 2026-12-01", "checked = 2025-03-04", 1),
    );
    let kb = kb::load(&[dir.path().to_path_buf()]).unwrap_or_else(|p| panic!("{p:#?}"));
    let fix = kb.fix(kb.fix_by_id("acme/login-broken").unwrap());
    assert_eq!(fix.checked.to_string(), "2025-03-04");
    assert_eq!(fix.errors[0].raw(), "acme: login exploded");
    assert_eq!(fix.errors[0].source, "https://example.com/errors");
}

/// Runs the binary with a clean environment (no user config) and returns (exit code, stdout).
fn run_validate(args: &[&str]) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_oauth-triage"))
        .arg("validate")
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn validate_stale_lists_fixes_checked_too_long_ago_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let old = GOOD.replacen("checked = 2026-12-01", "checked = 2001-02-03", 1);
    write_flow(dir.path(), "acme.toml", &old);
    let path = dir.path().to_str().unwrap();

    let (code, out) = run_validate(&[path, "--stale", "24"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("stale: acme/login-broken  checked 2001-02-03  Login is broken"),
        "{out}"
    );
    assert!(!out.contains("acme/refresh-broken"), "{out}");

    // Within 100 years nothing is stale: exit 0, and the check says so.
    let (code, out) = run_validate(&[path, "--stale", "1200"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no fix was last checked before"), "{out}");

    // A format problem still wins with exit 2.
    write_flow(
        dir.path(),
        "acme.toml",
        &old.replace("checked = 2001-02-03", ""),
    );
    let (code, _) = run_validate(&[path, "--stale", "24"]);
    assert_eq!(code, 2);
}

// ---- The shipped knowledge: facts with sources, no wording claimed twice ----

#[test]
fn every_shipped_error_text_has_a_source() {
    let kb = kb::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    let mut texts = 0;
    for (_, fix) in kb.fixes() {
        for error in &fix.errors {
            assert!(
                error.source.starts_with("https://"),
                "{}: {:?} has source {:?}",
                fix.id,
                error.raw(),
                error.source
            );
            texts += 1;
        }
        assert_eq!(fix.variants.len(), fix.variant_sources.len(), "{}", fix.id);
        for (variant, source) in fix.variants.iter().zip(&fix.variant_sources) {
            assert!(
                source.starts_with("https://"),
                "{}: {variant:?} has source {source:?}",
                fix.id
            );
            texts += 1;
        }
    }
    assert!(texts >= 100, "only {texts} error texts");
}

#[test]
fn no_two_fixes_claim_the_same_wording() {
    let kb = kb::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    // Case and runs of spaces do not make a wording different.
    let key = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut owner: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut doubles = Vec::new();
    for (_, fix) in kb.fixes() {
        let texts = fix
            .errors
            .iter()
            .map(|e| e.raw().to_string())
            .chain(fix.variants.iter().map(ToString::to_string));
        let mut own = std::collections::HashSet::new();
        for text in texts {
            let k = key(&text);
            if !own.insert(k.clone()) {
                doubles.push(format!("{} lists {text:?} twice", fix.id));
                continue;
            }
            if let Some(other) = owner.insert(k, &fix.id) {
                doubles.push(format!("{other} and {} both claim {text:?}", fix.id));
            }
        }
    }
    assert!(doubles.is_empty(), "{doubles:#?}");
}

#[test]
fn every_shipped_fix_has_a_plausible_checked_date() {
    let kb = kb::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    let earliest = jiff::civil::date(2024, 1, 1);
    for (_, fix) in kb.fixes() {
        assert!(
            fix.checked >= earliest,
            "{}: checked {}",
            fix.id,
            fix.checked
        );
    }
}

/// Runs any subcommand with a clean environment; returns (exit code, stdout).
fn run_cli(args: &[&str]) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_oauth-triage"))
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn show_labels_the_exact_text_with_its_source_and_the_checked_date() {
    let kb = kb::builtin().unwrap();
    let fix = kb.fix(kb.fix_by_id("azure/no-reply-address").unwrap());
    let (code, out) = run_cli(&["show", "azure/no-reply-address"]);
    assert_eq!(code, 0, "{out}");
    let heading = out
        .find("Exact error text (as the service prints it):")
        .expect(&out);
    let text = out.find(fix.errors[0].raw().as_str()).expect(&out);
    let seen_at = out
        .find(&format!("(seen at {})", fix.errors[0].source))
        .expect(&out);
    assert!(heading < text && text < seen_at, "{out}");
    assert!(out.contains("Cause (our explanation):"), "{out}");
    assert!(
        out.contains(&format!("Steps last checked: {}", fix.checked)),
        "{out}"
    );

    let (code, out) = run_cli(&["show", "azure/no-reply-address", "--json"]);
    assert_eq!(code, 0, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Old fields stay; new ones are added.
    assert_eq!(doc["errors"][0], fix.errors[0].raw().as_str());
    assert_eq!(doc["error_texts"][0]["text"], fix.errors[0].raw().as_str());
    assert_eq!(
        doc["error_texts"][0]["source"],
        fix.errors[0].source.as_str()
    );
    assert_eq!(doc["checked"], fix.checked.to_string());
    assert_eq!(doc["source"], fix.source.as_str());
}

#[test]
fn the_exported_guide_labels_every_exact_text_and_dates_every_fix() {
    let kb = kb::builtin().unwrap();
    let (code, out) = run_cli(&["export", "markdown"]);
    assert_eq!(code, 0);
    let labelled = out
        .matches("**Exact error text (as the service prints it)**, seen at <https://")
        .count();
    let texts: usize = kb.fixes().map(|(_, f)| f.errors.len()).sum();
    assert_eq!(labelled, texts);
    assert_eq!(
        out.matches("Steps last checked: ").count(),
        kb.fixes().len()
    );
}

/// Every fix a symptom leads to through its questions' answers (not through if_not_fixed).
fn fixes_behind(kb: &kb::KnowledgeBase, start: kb::Node) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if !seen.insert(node) {
            continue;
        }
        match node {
            kb::Node::Fix(f) => {
                found.insert(kb.fix(f).id.clone());
            }
            kb::Node::Question(q) => stack.extend(kb.question(q).answers.iter().map(|a| a.next)),
        }
    }
    found
}

/// The AADSTS numbers (digits only) and other 4-to-7-digit codes a fix's wordings carry.
fn codes_of(fix: &kb::Fix) -> Vec<String> {
    let texts = fix
        .errors
        .iter()
        .map(|e| e.raw().to_string())
        .chain(fix.variants.iter().map(ToString::to_string))
        .chain(fix.codes.iter().map(ToString::to_string));
    let mut codes = Vec::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            let digits = word.strip_prefix("AADSTS").unwrap_or(word);
            if (4..=7).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
                codes.push(digits.to_string());
            }
        }
    }
    codes
}

/// Issue item 5: a provider's "What do you see?" list offers each error once. No two entries
/// lead to the same place, and an error with an entry of its own is not offered again by a
/// grouped entry that names its code (as Azure once listed AADSTS7000215 both alone and inside
/// "A client secret error (AADSTS7000215, …)"). Lists stay short enough for a shared screen.
fn menu_doubles(kb: &kb::KnowledgeBase) -> Vec<String> {
    let mut doubles = Vec::new();
    for (_, provider) in kb.providers() {
        let root = kb.question(provider.root);
        if root.answers.len() > 12 {
            doubles.push(format!(
                "{} offers {} symptoms; group them behind a question",
                provider.id,
                root.answers.len()
            ));
        }
        for (i, a) in root.answers.iter().enumerate() {
            for b in &root.answers[i + 1..] {
                if a.next == b.next {
                    doubles.push(format!(
                        "{}: {:?} and {:?} lead to the same place",
                        provider.id, a.label, b.label
                    ));
                }
            }
            let kb::Node::Fix(f) = a.next else { continue };
            let fix = kb.fix(f);
            let codes = codes_of(fix);
            for b in root.answers.iter().filter(|b| b.next != a.next) {
                let words: Vec<&str> = b
                    .label
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .map(|w| w.strip_prefix("AADSTS").unwrap_or(w))
                    .collect();
                let named = codes.iter().any(|c| words.contains(&c.as_str()));
                if named && fixes_behind(kb, b.next).contains(&fix.id) {
                    doubles.push(format!(
                        "{}: {} has its own entry {:?} and is offered again under {:?}",
                        provider.id, fix.id, a.label, b.label
                    ));
                }
            }
        }
    }
    doubles
}

#[test]
fn no_symptom_list_offers_the_same_error_twice() {
    let kb = kb::builtin().unwrap_or_else(|p| panic!("{p:#?}"));
    let doubles = menu_doubles(&kb);
    assert!(doubles.is_empty(), "{doubles:#?}");
}

#[test]
fn the_double_check_finds_a_grouped_entry_next_to_a_single_one() {
    let text = format!(
        "{GOOD}\n[[symptom]]\nlabel = \"AADSTS7000215: bad secret\"\nnext = \"fix:secret\"\n\n[[symptom]]\nlabel = \"A secret error (AADSTS7000215, 7000222)\"\nnext = \"question:secret\"\n\n[question.secret]\ntext = \"Which?\"\nanswers = [{{ label = \"bad\", next = \"fix:secret\" }}, {{ label = \"other\", next = \"fix:refresh-broken\" }}]\n\n[fix.secret]\ntitle = \"Bad secret\"\nerrors = [{{ text = \"AADSTS7000215: Invalid client secret provided.\", source = \"https://example.com/e\" }}]\nseen = \"login\"\ncause = \"c\"\nsteps = [\"s\"]\nsource = \"https://example.com/s\"\nchecked = 2026-12-01\n"
    );
    let dir = tempfile::tempdir().unwrap();
    write_flow(dir.path(), "acme.toml", &text);
    let kb = kb::load(&[dir.path().to_path_buf()]).unwrap_or_else(|p| panic!("{p:#?}"));
    let doubles: Vec<String> = menu_doubles(&kb)
        .into_iter()
        .filter(|d| d.starts_with("acme:"))
        .collect();
    assert_eq!(doubles.len(), 1, "{doubles:#?}");
    assert!(doubles[0].contains("acme/secret"), "{doubles:#?}");
}

/// The checks above would pass vacuously if they never looked at anything: Azure's grouped
/// entries must actually name codes of the fixes behind them.
#[test]
fn the_double_check_sees_azure_codes() {
    let kb = kb::builtin().unwrap();
    let azure = kb.provider(kb.provider_by_id("azure").unwrap());
    let root = kb.question(azure.root);
    let secret = root
        .answers
        .iter()
        .find(|a| a.label.contains("7000215"))
        .expect("a client secret entry");
    let behind = fixes_behind(&kb, secret.next);
    assert!(behind.contains("azure/invalid-client-secret"), "{behind:?}");
    let fix = kb.fix(kb.fix_by_id("azure/invalid-client-secret").unwrap());
    assert!(codes_of(fix).contains(&"7000215".to_string()));
}

/// Issue 8 item 4: two fixes may share an error code only when each has a wording or clue of
/// its own; a fix that claims the code alone is reported where it is defined.
#[test]
fn a_shared_code_needs_something_that_tells_the_fixes_apart() {
    let shared = GOOD.replace(
        "[fix.refresh-broken]\ntitle = \"Refresh is broken\"",
        "[fix.refresh-broken]\ntitle = \"Refresh is broken\"\ncodes = [\"AADSTS70011\"]",
    );
    let both = shared.replace(
        "[fix.login-broken]\ntitle = \"Login is broken\"",
        "[fix.login-broken]\ntitle = \"Login is broken\"\ncodes = [\"AADSTS70011\"]",
    );
    // The login fix has a wording of its own; the refresh fix has nothing: it is the one named.
    let line = both
        .lines()
        .position(|l| l == "[fix.refresh-broken]")
        .expect("fix header")
        + 1;
    assert_one(&both, line, 6, "nothing tells acme/refresh-broken apart");
    // A clue of its own is enough.
    let told_apart = both.replace(
        "seen = \"refresh\"",
        "clues = [\"refresh_token\"]\nseen = \"refresh\"",
    );
    let (problems, _) = problems(&told_apart);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn shared_code_must_be_written_in_an_error_text() {
    let text = GOOD.replace(
        "seen = \"login\"",
        "shared_codes = [\"AADSTS900144\"]\nseen = \"login\"",
    );
    assert_one(&text, 24, 17, "shared code 'AADSTS900144' is in none");
}

#[test]
fn shared_code_needs_a_quoted_value_to_tell_it_apart() {
    let text = GOOD
        .replace(
            "acme: login exploded",
            "AADSTS900144: The request body must contain a parameter.",
        )
        .replace(
            "seen = \"login\"",
            "shared_codes = [\"AADSTS900144\"]\nseen = \"login\"",
        );
    assert_one(&text, 24, 17, "quotes a value");
    let quoted = text.replace("contain a parameter", "contain 'client_id'");
    let (problems, _) = problems(&quoted);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn other_service_uses_must_name_a_provider() {
    let text = format!(
        "{GOOD}\n[other_services]\nchecks = [\"Check it.\"]\n\n[[other_services.service]]\nname = \"Runner\"\npackages = [\"runner-sdk\"]\nuses = [\"acmee\"]\nsource = \"https://example.com/runner\"\n"
    );
    assert_one(&text, 46, 9, "unknown provider 'acmee'");
}

/// The 1-based line and column where `needle` first occurs in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the flow"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, at - line_start + 1)
}

/// `GOOD` with a `[field]` table holding `body`.
fn with_field(body: &str) -> String {
    format!("{GOOD}\n[field]\n{body}\n")
}

#[test]
fn field_tables_are_checked() {
    let valid = with_field(
        "aliases = [\"acme-idp\"]\nredirect_fix = \"login-broken\"\nrefresh_fix = \"general/no-refresh-token\"\nscope_rules = \"oidc\"\nscopes = [\"openid\", \"offline_access\"]\n\n[[field.authorize]]\nhost = \"*.acme.example.com\"\npath = \"/{tenant}/authorize\"",
    );
    let (found, _) = problems(&valid);
    assert!(found.is_empty(), "{found:#?}");

    let cases = [
        (
            "scope_rules = \"oauth\"",
            "\"oauth\"",
            "unknown scope_rules 'oauth'",
        ),
        (
            "redirect_fix = \"login-brokn\"",
            "\"login-brokn\"",
            "unknown fix 'acme/login-brokn'",
        ),
        (
            "aliases = [\"entra\"]",
            "\"entra\"",
            "'entra' already names 'azure'",
        ),
        (
            "aliases = [\"Drive\"]",
            "\"Drive\"",
            "already names 'google's template drive'",
        ),
        (
            "scopes = [\"openid email\"]\nscope_rules = \"oidc\"",
            "\"openid email\"",
            "one scope",
        ),
        ("scopes = [\"openid\"]", "\"openid\"", "no scope_rules"),
        (
            "[[field.authorize]]\nhost = \"https://x.example.com\"\npath = \"/authorize\"",
            "\"https://x.example.com\"",
            "host 'https://x.example.com'",
        ),
        (
            "[[field.authorize]]\nhost = \"*\"\npath = \"/**/*\"",
            "\"/**/*\"",
            "at least one literal segment",
        ),
        (
            "[[field.authorize]]\nhost = \"*\"\npath = \"/**/a/**/b/**/c\"",
            "\"/**/a/**/b/**/c\"",
            "more than two '**'",
        ),
        (
            "[[field.template]]\nid = \"msgraph\"",
            "\"msgraph\"",
            "already names 'azure's template msgraph'",
        ),
    ];
    for (body, at, needle) in cases {
        let text = with_field(body);
        let (line, col) = position_of(&text[GOOD.len()..], at);
        let before = GOOD.matches('\n').count();
        assert_one(&text, before + line, col, needle);
    }
}

#[test]
fn codes_are_read_into_their_family_or_refused_where_written() {
    let with_codes = |codes: &str| {
        GOOD.replace(
            "[fix.refresh-broken]\ntitle = \"Refresh is broken\"",
            &format!("[fix.refresh-broken]\ntitle = \"Refresh is broken\"\ncodes = {codes}"),
        )
    };
    let good = with_codes("[\"AADSTS4242424\", \"connect:299\"]");
    let (found, _) = problems(&good);
    assert!(found.is_empty(), "{found:#?}");
    for (codes, bad) in [
        ("[\"AADSTS070011\"]", "\"AADSTS070011\""),
        ("[\"connect:two\"]", "\"connect:two\""),
        ("[\"NOPE123\"]", "\"NOPE123\""),
    ] {
        let text = with_codes(codes);
        let (line, col) = position_of(&text, bad);
        assert_one(
            &text,
            line,
            col,
            "must be 'connect:<digits>' or a declared code family",
        );
    }
    // A number longer than any code is named as such, where it is written; up to 19 digits is
    // read (renamed copies of the flows, as the scaling benchmark makes, prefix their codes).
    let (found, _) = problems(&with_codes(
        "[\"AADSTS9000900144\", \"connect:9000000000299\"]",
    ));
    assert!(found.is_empty(), "{found:#?}");
    let text = with_codes("[\"AADSTS12345678901234567890\"]");
    let (line, col) = position_of(&text, "\"AADSTS12345678901234567890\"");
    assert_one(&text, line, col, "more than 19 digits is no error code");
    // The checked code reads back as written.
    let kb = kb::load(&[]).expect("built-in flows");
    let fix = kb
        .fix(kb.fix_by_id("azure/default-scope-mixed").expect("fix"))
        .codes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>();
    assert!(fix.iter().all(|c| c.starts_with("AADSTS")), "{fix:?}");
}
