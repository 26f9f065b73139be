//! `oauth-triage diagnose [TEXT] [--json]`: pasted error text → the fixes it matches, or the
//! question that decides between them, or an honest "not covered" / "not known".

use clap::Args;
use serde_json::{Value, json};

use super::{CommandResult, Failure, Outcome};
use crate::diagnose::{
    Ask, CodeMatch, Diagnoser, Diagnosis, Outcome as Answer, Owner, ProviderSupport,
};
use crate::kb::{KnowledgeBase, Strength};
use crate::text::one_line;

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The error text; read from stdin when absent.
    pub text: Option<String>,
    /// Print `{"matches":[{"id","title","score"}, …], "outcome": …}`, best first.
    #[arg(long)]
    pub json: bool,
    /// Show the evidence behind the best candidates, even those below the threshold (for flow
    /// authors).
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

pub fn run(args: &DiagnoseArgs, kb: &KnowledgeBase) -> CommandResult {
    let text = super::text_or_stdin(
        args.text.as_deref(),
        "error text",
        crate::limits::ERROR_TEXT_BYTES,
        super::Decode::Lossy,
    )?;
    if text.trim().is_empty() {
        return Err(Failure::usage(
            "no error text given (pass TEXT or pipe it on stdin)",
        ));
    }
    let diagnoser = Diagnoser::new(kb);
    if args.explain {
        explain(&diagnoser, kb, &text)?;
        return Ok(Outcome::Success);
    }
    let diagnosis = diagnoser.diagnosis(kb, &text);
    // One-shot: the index is not freed piece by piece just before the process exits.
    std::mem::forget(diagnoser);
    if args.json {
        outln!("{}", to_json(kb, &diagnosis));
    } else {
        print_text(kb, &diagnosis)?;
    }
    Ok(
        if diagnosis.outcome.fix().is_some() || !diagnosis.matches.is_empty() {
            Outcome::Success
        } else {
            Outcome::NotFound
        },
    )
}

/// Scores are shown to two decimals: more would claim a precision they do not have.
fn round(score: f32) -> f64 {
    (f64::from(score) * 100.0).round() / 100.0
}

/// The JSON answer. `matches` keeps its original shape (scripts depend on it); the rest was
/// added with diagnosis v2.
pub fn to_json(kb: &KnowledgeBase, diagnosis: &Diagnosis) -> Value {
    let matches: Vec<Value> = diagnosis
        .matches
        .iter()
        .map(|m| {
            let fix = kb.fix(m.fix);
            json!({ "id": fix.id, "title": fix.title, "score": round(m.score) })
        })
        .collect();
    let mut out = json!({
        "matches": matches,
        "outcome": diagnosis.outcome.kind(),
    });
    match &diagnosis.outcome {
        Answer::Fix(f) => out["fix"] = json!(kb.fix(*f).id),
        Answer::Ask(Ask::Question {
            question,
            supported,
        }) => {
            let q = kb.question(*question);
            let answers: Vec<Value> = q
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    json!({
                        "label": a.label,
                        "next": node_id(kb, a.next),
                        "supported": supported.contains(&i),
                    })
                })
                .collect();
            out["question"] = json!({ "id": q.id, "text": q.text, "answers": answers });
        }
        Answer::Ask(Ask::Provider { candidates }) => {
            let items: Vec<Value> = candidates
                .iter()
                .map(|c| {
                    json!({
                        "id": kb.fix(c.fix).id,
                        "provider": kb.provider(c.provider).id,
                        "title": kb.fix(c.fix).title,
                    })
                })
                .collect();
            out["question"] = json!({
                "text": "Which provider does the integration use?",
                "candidates": items,
                "otherwise": kb.generic_checks(),
            });
        }
        Answer::NotCovered { service, seen } => {
            let s = &kb.other_services()[*service];
            out["not_covered"] = json!({
                "service": s.name,
                "seen": seen,
                "checks": kb.generic_checks(),
            });
        }
        Answer::NotKnown => {}
    }
    let ids: Vec<Value> = diagnosis
        .structure
        .ids
        .iter()
        .map(|(label, value)| json!({ "label": label, "value": value }))
        .collect();
    if !ids.is_empty() {
        out["ids"] = json!(ids);
    }
    out
}

fn node_id(kb: &KnowledgeBase, node: crate::kb::Node) -> String {
    match node {
        crate::kb::Node::Fix(f) => format!("fix:{}", kb.fix(f).id),
        crate::kb::Node::Question(q) => format!("question:{}", kb.question(q).id),
    }
}

fn print_text(kb: &KnowledgeBase, diagnosis: &Diagnosis) -> Result<(), Failure> {
    match &diagnosis.outcome {
        Answer::Fix(f) => {
            let fix = kb.fix(*f);
            outln!("{}  {}", fix.id, fix.title.to_one_line());
            for m in diagnosis.matches.iter().filter(|m| m.fix != *f) {
                let other = kb.fix(m.fix);
                outln!(
                    "  also possible: {}  {}",
                    other.id,
                    other.title.to_one_line()
                );
            }
            outln!();
            outln!("Details: oauth-triage show {}", fix.id);
        }
        Answer::Ask(Ask::Question {
            question,
            supported,
        }) => {
            let q = kb.question(*question);
            outln!("This error has more than one cause; what decides is:");
            outln!("  {}", q.text.to_one_line());
            for (i, a) in q.answers.iter().enumerate() {
                let mark = if supported.contains(&i) {
                    "  (the paste points here)"
                } else {
                    ""
                };
                outln!(
                    "  {}. {} -> {}{mark}",
                    i + 1,
                    a.label.to_one_line(),
                    node_id(kb, a.next)
                );
            }
        }
        Answer::Ask(Ask::Provider { candidates }) => {
            outln!("This error is known for several providers and the paste does not say which.");
            outln!("Which provider does the integration use?");
            for c in candidates {
                outln!(
                    "  {}: {}  {}",
                    kb.provider(c.provider).name.to_one_line(),
                    kb.fix(c.fix).id,
                    kb.fix(c.fix).title.to_one_line()
                );
            }
            outln!("Another provider: these checks apply to any of them:");
            for (i, check) in kb.generic_checks().iter().enumerate() {
                outln!("  {}. {}", i + 1, check.to_one_line());
            }
        }
        Answer::NotCovered { service, seen } => {
            let s = &kb.other_services()[*service];
            outln!(
                "This looks like an error from {} ({}), which this guide does not cover.",
                s.name.to_one_line(),
                one_line(seen)
            );
            outln!("Checks that apply to any OAuth provider:");
            for (i, check) in kb.generic_checks().iter().enumerate() {
                outln!("  {}. {}", i + 1, check.to_one_line());
            }
        }
        Answer::NotKnown => {
            outln!("No known problem matches this text.");
            outln!("Try `oauth-triage` and search with /, or `oauth-triage list`.");
        }
    }
    if !diagnosis.structure.ids.is_empty() {
        outln!();
        outln!("Ids to quote when escalating:");
        for (label, value) in &diagnosis.structure.ids {
            outln!("  {label}: {}", one_line(value));
        }
    }
    Ok(())
}

fn explain(diagnoser: &Diagnoser, kb: &KnowledgeBase, text: &str) -> Result<(), Failure> {
    let explanation = diagnoser.explain(text);
    let structure = &explanation.structure;
    outln!("structure:");
    if structure.shapes.is_empty() {
        outln!("  plain text");
    }
    for shape in &structure.shapes {
        outln!("  {}", shape.describe());
    }
    if let Some(e) = &structure.error_code {
        outln!("  error field: {}", one_line(e));
    }
    if let Some(e) = &structure.exception {
        outln!("  exception: {}", one_line(e));
    }
    outln!("provider evidence:");
    if explanation.providers.sightings.is_empty() {
        outln!("  none");
    }
    for s in &explanation.providers.sightings {
        let who = match s.owner {
            Owner::Provider(p) => kb.provider(p).id.clone(),
            Owner::Other(i) => format!("{} (not covered)", kb.other_services()[i].name),
        };
        let strength = match s.strength {
            Strength::Strong => "strong",
            Strength::Moderate => "moderate",
        };
        outln!("  {} {strength}: {}", one_line(&who), one_line(&s.what));
    }
    outln!();
    outln!("score  code       wording clause quoted clues provider   fix");
    for (fix, b) in explanation.fixes.iter().take(8) {
        let code = match b.code {
            CodeMatch::None => "-",
            CodeMatch::Same => "same",
            CodeMatch::Different => "different",
        };
        let provider = match b.provider {
            ProviderSupport::Agnostic => "any",
            ProviderSupport::Named(Strength::Strong) => "named",
            ProviderSupport::Named(Strength::Moderate) => "mentioned",
            ProviderSupport::Unknown => "unknown",
            ProviderSupport::OtherNamed => "other",
            ProviderSupport::Contradicted => "ruled-out",
        };
        let mut notes = String::new();
        if b.missing_code {
            notes.push_str(" (no code, though its errors all have one)");
        }
        if b.foreign_code {
            notes.push_str(" (code of another family)");
        }
        if matches!(
            b.error_field,
            crate::diagnose::ErrorField::Other | crate::diagnose::ErrorField::OtherStandard
        ) {
            notes.push_str(" (the paste's error field names another error)");
        }
        outln!(
            "{:>5.2}  {code:<9}  {:>7.2} {:>6.2} {:>6.2} {:>5} {provider:<10} {}{notes}",
            b.score(),
            b.wording,
            b.clause,
            b.quoted,
            b.clues,
            kb.fix(*fix).id
        );
    }
    outln!("threshold {:.2}", crate::diagnose::THRESHOLD);
    Ok(())
}
