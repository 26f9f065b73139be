//! The built-in knowledge base as build.rs prepared it: the shipped flows parsed, checked and
//! linked by this same `kb` code at build time, then serialised with `postcard`. Loading it
//! costs a deserialisation instead of TOML parsing and validation, which were most of the
//! start-up time of a one-shot command.

use super::model::{KnowledgeBase, PreparedIndex};
use super::source::Diagnostic;

/// Written by build.rs from `flows/*.toml`.
static PREPARED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared_kb.postcard"));
/// The diagnosis index of that knowledge base, built by build.rs with the crate's own
/// `diagnose` code (`Diagnoser::new` reads it instead of building one).
static PREPARED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared_index.postcard"));

/// The prepared built-in knowledge base, carrying its prepared diagnosis index.
pub fn builtin() -> Result<KnowledgeBase, Vec<Diagnostic>> {
    let mut kb = from_bytes(PREPARED)?;
    kb.prepared_index = Some(PreparedIndex(PREPARED_INDEX));
    Ok(kb)
}

fn from_bytes(bytes: &[u8]) -> Result<KnowledgeBase, Vec<Diagnostic>> {
    postcard::from_bytes(bytes).map_err(|e| {
        vec![Diagnostic {
            file: String::new(),
            line: 0,
            col: 0,
            message: format!(
                "the built-in knowledge prepared at build time does not load ({e}); rebuild"
            ),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything in a knowledge base, in a stable order (the id map is a HashMap).
    fn dump(kb: &KnowledgeBase) -> String {
        let mut by_id: Vec<_> = kb.fix_by_id.iter().collect();
        by_id.sort();
        format!(
            "{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}",
            kb.providers,
            kb.questions,
            kb.fixes,
            kb.copies,
            kb.escalation,
            by_id,
            kb.other_services,
            kb.generic_checks
        )
    }

    #[test]
    fn prepared_knowledge_equals_the_embedded_flows_loaded_from_toml() {
        let from_toml = crate::kb::load_sources(&crate::kb::source::embedded())
            .unwrap_or_else(|e| panic!("embedded flows: {:?}", &e[..e.len().min(3)]));
        let prepared = builtin().expect("prepared knowledge loads");
        assert!(!prepared.fixes.is_empty());
        assert_eq!(dump(&prepared), dump(&from_toml));
    }

    #[test]
    fn a_round_trip_keeps_everything() {
        let kb = builtin().expect("prepared knowledge loads");
        let again =
            from_bytes(&postcard::to_allocvec(&kb).expect("serialises")).expect("deserialises");
        assert_eq!(dump(&again), dump(&kb));
    }

    #[test]
    fn damaged_bytes_give_a_message_not_a_panic() {
        let problems = from_bytes(&PREPARED[..PREPARED.len() / 2]).unwrap_err();
        assert!(
            problems[0].message.contains("prepared at build time"),
            "{problems:?}"
        );
    }
}
