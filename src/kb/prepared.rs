//! The built-in knowledge base as build.rs prepared it: the shipped flows parsed, checked and
//! linked by this same `kb` code at build time, then serialised with `postcard`. Loading it
//! costs a deserialisation instead of TOML parsing and validation, which were most of the
//! start-up time of a one-shot command; each fix is deserialised only when first read.

use super::model::{Fixes, KnowledgeBase, PreparedIndex};
use super::source::Diagnostic;

/// Written by build.rs from `flows/*.toml`: the knowledge base without its fixes, ...
static PREPARED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared_kb.postcard"));
/// ... the fixes end to end, ...
static PREPARED_FIXES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared_fixes.postcard"));
/// ... and where each of them ends.
static PREPARED_FIX_ENDS: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/prepared_fix_ends.postcard"));
/// The diagnosis index of that knowledge base, built by build.rs with the crate's own
/// `diagnose` code (`Diagnoser::new` reads it instead of building one).
static PREPARED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prepared_index.postcard"));

/// The prepared built-in knowledge base, carrying its prepared diagnosis index.
pub fn builtin() -> Result<KnowledgeBase, Vec<Diagnostic>> {
    let mut kb = from_bytes(PREPARED)?;
    let ends: Vec<u32> = postcard::from_bytes(PREPARED_FIX_ENDS).map_err(|e| not_loading(&e))?;
    kb.fixes = Fixes::prepared(PREPARED_FIXES, &ends)
        .filter(|fixes| fixes.len() == kb.fix_by_id.len())
        .ok_or_else(|| not_loading(&"its fixes do not fit their index"))?;
    kb.prepared_index = Some(PreparedIndex(PREPARED_INDEX));
    Ok(kb)
}

fn from_bytes(bytes: &[u8]) -> Result<KnowledgeBase, Vec<Diagnostic>> {
    postcard::from_bytes(bytes).map_err(|e| not_loading(&e))
}

fn not_loading(why: &dyn std::fmt::Display) -> Vec<Diagnostic> {
    vec![Diagnostic {
        file: String::new(),
        line: 0,
        col: 0,
        message: format!(
            "the built-in knowledge prepared at build time does not load ({why}); rebuild"
        ),
    }]
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
    fn every_prepared_fix_is_read_only_when_asked_for_and_reads_whole() {
        let kb = builtin().expect("prepared knowledge loads");
        let from_toml = crate::kb::load_sources(&crate::kb::source::embedded())
            .unwrap_or_else(|e| panic!("embedded flows: {:?}", &e[..e.len().min(3)]));
        assert_eq!(kb.fixes.len(), from_toml.fixes.len());
        // One fix read: the others are still bytes.
        let one = kb.fixes().len() / 2;
        assert_eq!(
            format!("{:?}", kb.fixes[one]),
            format!("{:?}", from_toml.fixes[one])
        );
        assert_eq!(kb.fixes.read_so_far(), 1);
        for (i, fix) in from_toml.fixes() {
            assert_eq!(format!("{:?}", kb.fix(i)), format!("{fix:?}"));
        }
        assert!(!kb.fixes.iter().any(|f| f.id == "unreadable/fix"));
    }

    #[test]
    fn fixes_that_do_not_fit_their_ends_are_refused() {
        assert!(Fixes::prepared(PREPARED_FIXES, &[]).is_none());
        assert!(Fixes::prepared(PREPARED_FIXES, &[u32::MAX]).is_none());
        let damaged = Fixes::prepared(&PREPARED_FIXES[..4], &[4]).expect("fits");
        assert!(
            damaged[0].title.contains("could not be read"),
            "{:?}",
            damaged[0]
        );
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
