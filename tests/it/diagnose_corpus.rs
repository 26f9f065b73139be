//! Diagnosis accuracy over labelled pastes (`tests/data/*.jsonl`).
//!
//! Two kinds of corpus:
//! - `errors-public.jsonl` and `errors-extra.jsonl`: `expect` is one fix id, or `none`. For an id,
//!   the top match must be that id; for `none` there must be no match at all.
//! - `errors-real.jsonl`: texts people posted publicly, each with its source. `expect` lists the
//!   fixes that would be right advice (`[]`: none would). What is judged is the *answer* the
//!   person gets: a fix (right, or wrong advice), a question (never wrong advice; right when the
//!   answers the paste points at include a right fix, and a "which provider?" question, which
//!   lists no fix as confident and offers the checks for any provider, is right when no fix
//!   would be), "not covered" or "not known" (right when no fix would be).
//!
//! Every corpus prints its figures: top-1 and wrong advice, as `cargo test --test
//! diagnose_corpus -- --nocapture` shows.

use oauth_triage::diagnose::{Ask, Diagnoser, Outcome};
use oauth_triage::kb::{self, KnowledgeBase, Node};
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
    expect: Expect,
}

/// One id or `none` (public and extra corpora), or a list of right ids (real corpus).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Expect {
    One(String),
    Any(Vec<String>),
}

impl Expect {
    fn ids(&self) -> Vec<&str> {
        match self {
            Expect::One(id) if id == "none" => Vec::new(),
            Expect::One(id) => vec![id.as_str()],
            Expect::Any(ids) => ids.iter().map(String::as_str).collect(),
        }
    }
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

/// How one answer is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Right,
    /// A fix that is not right advice.
    WrongAdvice,
    /// A question or "not known" where a fix was due, or a question where none was: not wrong
    /// advice, not right either.
    Missed,
}

/// The fixes an answer leads to: the fix, or the answers of the question it asks (those the
/// paste points at, or all when it points at none).
fn offered(kb: &KnowledgeBase, outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Fix(f) => vec![kb.fix(*f).id.clone()],
        Outcome::Ask(Ask::Question {
            question,
            supported,
        }) => {
            let answers = &kb.question(*question).answers;
            answers
                .iter()
                .enumerate()
                .filter(|(i, _)| supported.is_empty() || supported.contains(i))
                .filter_map(|(_, a)| match a.next {
                    Node::Fix(f) => Some(kb.fix(f).id.clone()),
                    Node::Question(_) => None,
                })
                .collect()
        }
        Outcome::Ask(Ask::Provider { candidates }) => candidates
            .iter()
            .map(|c| kb.fix(c.fix).id.clone())
            .collect(),
        Outcome::NotCovered { .. } | Outcome::NotKnown => Vec::new(),
    }
}

fn judge(kb: &KnowledgeBase, outcome: &Outcome, expect: &[&str]) -> Verdict {
    match outcome {
        Outcome::Fix(f) if expect.contains(&kb.fix(*f).id.as_str()) => Verdict::Right,
        Outcome::Fix(_) => Verdict::WrongAdvice,
        // "Which provider? (or: the checks for any provider)" gives no fix, which is right
        // when none would be.
        Outcome::Ask(Ask::Provider { .. }) if expect.is_empty() => Verdict::Right,
        Outcome::Ask(_) if expect.is_empty() => Verdict::Missed,
        Outcome::Ask(_) => {
            if offered(kb, outcome)
                .iter()
                .any(|id| expect.contains(&id.as_str()))
            {
                Verdict::Right
            } else {
                Verdict::Missed
            }
        }
        Outcome::NotCovered { .. } | Outcome::NotKnown if expect.is_empty() => Verdict::Right,
        Outcome::NotCovered { .. } | Outcome::NotKnown => Verdict::Missed,
    }
}

/// Figures for one corpus.
#[derive(Default)]
struct Figures {
    total: usize,
    /// Top match right (first-generation corpora: one id or `none`, strict).
    top_match_right: usize,
    /// Top match right, or the answer right (a question that offers the right fix).
    top_or_answer_right: usize,
    answer_right: usize,
    wrong_advice: usize,
    asked: usize,
    failures: Vec<String>,
    wrong: Vec<String>,
    /// Labels naming a fix the knowledge base does not have.
    unknown_ids: Vec<String>,
}

fn evaluate(cases: &[Case]) -> Figures {
    let kb = kb::builtin().expect("built-in flows load");
    let diagnoser = Diagnoser::new(&kb);
    let mut figures = Figures {
        total: cases.len(),
        ..Figures::default()
    };
    for case in cases {
        let expect = case.expect.ids();
        for id in &expect {
            if kb.fix_by_id(id).is_none() && !figures.unknown_ids.contains(&id.to_string()) {
                figures.unknown_ids.push(id.to_string());
            }
        }
        let diagnosis = diagnoser.diagnosis(&kb, &case.text);
        let top = diagnosis.matches.first().map(|m| kb.fix(m.fix).id.as_str());
        let top_ok = match top {
            None => expect.is_empty(),
            Some(id) => expect.contains(&id),
        };
        let scores: Vec<String> = diagnosis
            .matches
            .iter()
            .map(|m| format!("{}={:.2}", kb.fix(m.fix).id, m.score))
            .collect();
        if top_ok {
            figures.top_match_right += 1;
        }
        if matches!(diagnosis.outcome, Outcome::Ask(_)) {
            figures.asked += 1;
        }
        let verdict = judge(&kb, &diagnosis.outcome, &expect);
        if top_ok || verdict == Verdict::Right {
            figures.top_or_answer_right += 1;
        } else {
            figures.failures.push(format!(
                "expected {expect:?} got [{}], answered {} {:?} for {:?}",
                scores.join(", "),
                diagnosis.outcome.kind(),
                offered(&kb, &diagnosis.outcome),
                short(&case.text)
            ));
        }
        match verdict {
            Verdict::Right => figures.answer_right += 1,
            Verdict::WrongAdvice => {
                figures.wrong_advice += 1;
                figures.wrong.push(format!(
                    "expected {expect:?} answered {:?} [{}] for {:?}",
                    offered(&kb, &diagnosis.outcome),
                    scores.join(", "),
                    short(&case.text)
                ));
            }
            Verdict::Missed => {}
        }
    }
    figures
}

fn percent(n: usize, of: usize) -> f64 {
    n as f64 * 100.0 / of.max(1) as f64
}

fn report(file: &str, f: &Figures) {
    println!(
        "{file}: top match {:.1}% ({}/{}), top match or answer right {:.1}% ({}), answer right {:.1}% ({}/{}), wrong advice {:.1}% ({}), asked {}",
        percent(f.top_match_right, f.total),
        f.top_match_right,
        f.total,
        percent(f.top_or_answer_right, f.total),
        f.top_or_answer_right,
        percent(f.answer_right, f.total),
        f.answer_right,
        f.total,
        percent(f.wrong_advice, f.total),
        f.wrong_advice,
        f.asked,
    );
    for w in &f.wrong {
        println!("  WRONG {w}");
    }
    for m in &f.failures {
        println!("  MISS {m}");
    }
    assert!(
        f.unknown_ids.is_empty(),
        "{file} names fixes the knowledge base does not have: {:?}",
        f.unknown_ids
    );
}

fn short(text: &str) -> String {
    text.chars()
        .take(110)
        .collect::<String>()
        .replace('\n', "⏎")
}

/// First-generation corpora: for every case the top match is right (`none`: no match at all), or
/// the answer is (a question that offers the labelled fix, where the paste cannot tell it from
/// its siblings); and no answer is wrong advice.
fn check_strict(file: &str, bar: f64) {
    let figures = evaluate(&cases(file));
    report(file, &figures);
    let right = figures.top_or_answer_right as f64 / figures.total as f64;
    assert!(
        right >= bar,
        "{file}: right {:.1}% is below {:.0}%",
        right * 100.0,
        bar * 100.0
    );
    assert!(
        figures.wrong.is_empty(),
        "{file}: wrong advice: {:#?}",
        figures.wrong
    );
}

#[test]
fn public_corpus_top_match_is_always_right() {
    check_strict("errors-public.jsonl", 1.0);
}

/// Our own labelled pastes: other real-world shapes, and every error added beyond the seed.
#[test]
fn extra_corpus_top_match_is_always_right() {
    check_strict("errors-extra.jsonl", 1.0);
}

/// Issue 8's bar for the real-world corpus: at least 95% of answers right, at most 2% wrong
/// advice (a fix that is not right, including any fix for a `none` case).
const REAL_RIGHT_AT_LEAST: f64 = 0.95;
const REAL_WRONG_AT_MOST: f64 = 0.02;

/// Texts people posted publicly: the answer is right at least as often, and wrong advice at most
/// as often, as the bars above.
#[test]
fn real_world_corpus_answers_are_right_and_rarely_wrong() {
    let file = "errors-real.jsonl";
    let cases = cases(file);
    assert!(cases.len() >= 150, "{file} has only {} cases", cases.len());
    let figures = evaluate(&cases);
    report(file, &figures);
    let right = figures.answer_right as f64 / figures.total as f64;
    let wrong = figures.wrong_advice as f64 / figures.total as f64;
    assert!(
        wrong <= REAL_WRONG_AT_MOST,
        "{file}: wrong advice {:.1}% is above {:.0}%",
        wrong * 100.0,
        REAL_WRONG_AT_MOST * 100.0
    );
    assert!(
        right >= REAL_RIGHT_AT_LEAST,
        "{file}: right answers {:.1}% are below {:.0}%",
        right * 100.0,
        REAL_RIGHT_AT_LEAST * 100.0
    );
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
            let diagnosis = diagnoser.diagnosis(&kb, &text);
            let top = diagnosis.matches.first().map(|m| kb.fix(m.fix).id.as_str());
            // A bare standard code ("Error 400: redirect_uri_mismatch") says nothing about the
            // provider: asking which provider, with this fix among the answers, is right too.
            let offers_it = offered(&kb, &diagnosis.outcome).contains(&fix.id);
            if top != Some(fix.id.as_str()) && !offers_it {
                wrong.push(format!(
                    "{} -> {top:?} ({}): {text}",
                    fix.id,
                    diagnosis.outcome.kind()
                ));
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
        let count = cases
            .iter()
            .filter(|c| c.expect.ids().contains(&fix.id.as_str()))
            .count();
        if count < 3 {
            short.push(format!("{}: {count}", fix.id));
        }
    }
    assert!(short.is_empty(), "fewer than three pastes: {short:#?}");
}

/// Issue 8 item 5: a reported score is close to the share of labelled pastes at that score whose
/// answer was right. Bins of 0.05 with at least ten answers are compared with their mean score.
#[test]
fn reported_scores_match_how_often_they_were_right() {
    let kb = kb::builtin().expect("built-in flows load");
    let diagnoser = Diagnoser::new(&kb);
    let mut bins: std::collections::BTreeMap<u32, (f64, usize, usize)> = Default::default();
    for file in [
        "errors-public.jsonl",
        "errors-extra.jsonl",
        "errors-real.jsonl",
    ] {
        for case in cases(file) {
            let diagnosis = diagnoser.diagnosis(&kb, &case.text);
            let Outcome::Fix(fix) = diagnosis.outcome else {
                continue;
            };
            let Some(m) = diagnosis.matches.iter().find(|m| m.fix == fix) else {
                continue;
            };
            let right = case.expect.ids().contains(&kb.fix(fix).id.as_str());
            let bin = bins.entry((m.score * 20.0) as u32).or_default();
            bin.0 += f64::from(m.score);
            bin.1 += 1;
            bin.2 += usize::from(right);
        }
    }
    let mut far = Vec::new();
    for (bin, (sum, n, right)) in &bins {
        let mean = sum / *n as f64;
        let share = *right as f64 / *n as f64;
        println!(
            "scores {:.2}-{:.2}: {n} answers, mean {mean:.2}, right {share:.2}",
            *bin as f64 / 20.0,
            (*bin + 1) as f64 / 20.0
        );
        if *n >= 10 && (mean - share).abs() > 0.1 {
            far.push(format!(
                "{bin}: mean {mean:.2} vs right {share:.2} over {n}"
            ));
        }
    }
    assert!(far.is_empty(), "scores out of calibration: {far:#?}");
}

/// `scan` hands an event to the diagnoser only when its prefilter finds enough in it. Every
/// error text of the public and real corpora the diagnoser finds a fix for must get through,
/// or `scan` would miss in a log what `diagnose` finds in a paste. (The extra corpus is left
/// out: it holds chat messages and retyped texts, which no program writes into a log.)
#[test]
fn scan_prefilter_lets_through_every_paste_the_diagnoser_matches() {
    let kb = kb::builtin().expect("built-in flows");
    let diagnoser = Diagnoser::new(&kb);
    let prefilter = oauth_triage::scan::prefilter::Terms::from_kb(&kb).prefilter();
    let mut matched = 0;
    let mut missed = Vec::new();
    for file in ["errors-public.jsonl", "errors-real.jsonl"] {
        for case in cases(file) {
            if let Some(best) = diagnoser.diagnose(&case.text).first() {
                matched += 1;
                if !prefilter.hits(&case.text).enough() {
                    let start: String = case.text.chars().take(120).collect();
                    missed.push(format!("{file}: {} <- {start}", kb.fix(best.fix).id));
                }
            }
        }
    }
    assert!(matched > 250, "only {matched} pastes matched");
    assert!(
        missed.is_empty(),
        "{} of {matched} missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
