//! Diagnosis accuracy over labelled pastes (`tests/data/*.jsonl`).
//!
//! For a labelled id, the top match must be that id. For `none`, the top match must not be one of
//! the twelve seed ids (no match, or a newer entry, passes).

use oauth_triage::diagnose::Diagnoser;
use oauth_triage::kb;

const SEED_IDS: [&str; 12] = [
    "general/no-refresh-token",
    "general/invalid-subject-token",
    "general/no-integration-associated",
    "general/no-oauth-session",
    "azure/jwt-signature-mismatch",
    "azure/invalid-client-secret",
    "azure/no-reply-address",
    "azure/redirect-uri-mismatch",
    "azure/client-secret-expired",
    "snowflake/redirect-uri-mismatch",
    "keycloak/invalid-client-login",
    "keycloak/invalid-client-refresh",
];

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    expect: String,
}

fn cases(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1)))
        .collect()
}

/// Runs every case; returns (correct, total, failures, none-cases that got a seed id).
fn evaluate(cases: &[Case]) -> (usize, usize, Vec<String>, Vec<String>) {
    let kb = kb::builtin().expect("built-in flows load");
    let diagnoser = Diagnoser::new(&kb);
    let mut correct = 0;
    let mut failures = Vec::new();
    let mut seed_on_none = Vec::new();
    for case in cases {
        let matches = diagnoser.diagnose(&case.text);
        let top = matches.first().map(|m| kb.fix(m.fix).id.as_str());
        let ok = if case.expect == "none" {
            let wrong = top.is_some_and(|id| SEED_IDS.contains(&id));
            if wrong {
                seed_on_none.push(format!("{:?} -> {top:?}", short(&case.text)));
            }
            !wrong
        } else {
            assert!(
                kb.fix_by_id(&case.expect).is_some(),
                "corpus names unknown id {}",
                case.expect
            );
            top == Some(case.expect.as_str())
        };
        if ok {
            correct += 1;
        } else {
            let scores: Vec<String> = matches
                .iter()
                .map(|m| format!("{}={:.2}", kb.fix(m.fix).id, m.score))
                .collect();
            failures.push(format!(
                "expected {} got [{}] for {:?}",
                case.expect,
                scores.join(", "),
                short(&case.text)
            ));
        }
    }
    (correct, cases.len(), failures, seed_on_none)
}

fn short(text: &str) -> String {
    text.chars()
        .take(110)
        .collect::<String>()
        .replace('\n', "⏎")
}

fn check(file: &str, bar: f64) {
    let cases = cases(file);
    let (correct, total, failures, seed_on_none) = evaluate(&cases);
    let accuracy = correct as f64 / total as f64;
    println!(
        "{file}: top-1 accuracy {:.1}% ({correct}/{total})",
        accuracy * 100.0
    );
    for f in &failures {
        println!("  MISS {f}");
    }
    assert!(
        seed_on_none.is_empty(),
        "`none` cases matched a seed id: {seed_on_none:#?}"
    );
    assert!(
        accuracy >= bar,
        "{file}: accuracy {:.1}% is below {:.0}%",
        accuracy * 100.0,
        bar * 100.0
    );
}

#[test]
fn public_corpus_accuracy_is_at_least_95_percent() {
    check("errors-public.jsonl", 0.95);
}

/// Our own labelled pastes: other real-world shapes, and every error added beyond the seed.
#[test]
fn extra_corpus_accuracy_is_at_least_95_percent() {
    check("errors-extra.jsonl", 0.95);
}

/// Every error text in the knowledge base (the seed's twelve among them), as a person would see
/// it with a real server filled in, diagnoses to its own fix.
#[test]
fn every_known_error_text_diagnoses_to_its_own_fix() {
    let kb = kb::builtin().expect("built-in flows load");
    let diagnoser = Diagnoser::new(&kb);
    let server = oauth_triage::server::ConnectServer::parse("https://connect.example-corp.com")
        .unwrap()
        .server;
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (_, fix) in kb.fixes() {
        for error in &fix.errors {
            let text = error.render(Some(&server)).text;
            let matches = diagnoser.diagnose(&text);
            let top = matches.first().map(|m| kb.fix(m.fix).id.as_str());
            if top != Some(fix.id.as_str()) {
                wrong.push(format!("{} -> {top:?}: {text}", fix.id));
            }
            checked += 1;
        }
    }
    for id in SEED_IDS {
        assert!(
            kb.fix_by_id(id)
                .is_some_and(|f| !kb.fix(f).errors.is_empty()),
            "{id} must carry its error text"
        );
    }
    println!("{checked} error texts checked");
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Every error the knowledge base knows beyond the seed has at least three labelled pastes of
/// its own, so a new error cannot land untested.
#[test]
fn every_error_beyond_the_seed_has_three_labelled_pastes() {
    let kb = kb::builtin().expect("built-in flows load");
    let cases = cases("errors-extra.jsonl");
    let mut short = Vec::new();
    for (_, fix) in kb.fixes() {
        if fix.errors.is_empty() || SEED_IDS.contains(&fix.id.as_str()) {
            continue;
        }
        let count = cases.iter().filter(|c| c.expect == fix.id).count();
        if count < 3 {
            short.push(format!("{}: {count}", fix.id));
        }
    }
    assert!(short.is_empty(), "fewer than three pastes: {short:#?}");
}
