//! Scope checks: any provider name and scope list.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::scopes;
use oauth_triage::kb::KnowledgeBase;

/// Loaded once: the providers and their scope rules are the built-in flows'.
fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| oauth_triage::kb::builtin().expect("built-in flows"))
}

fuzz_target!(|input: (u8, bool, &str)| {
    let kb = kb();
    let (pick, service_account, text) = input;
    let known = kb.scope_target_ids();
    let provider = known[usize::from(pick) % known.len()];
    let _ = scopes::check(kb, provider, text, service_account);
    // The text as the provider name as well (unknown names are an error, not a panic).
    let (name, list) = text.split_once(' ').unwrap_or((text, ""));
    let _ = scopes::check(kb, name, list, service_account);
});
