//! Scope checks: any provider name and scope list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::scopes;

fuzz_target!(|input: (u8, bool, &str)| {
    let kb = oauth_triage_fuzz::builtin_kb();
    let (pick, service_account, text) = input;
    let known = kb.scope_target_ids();
    let provider = known[usize::from(pick) % known.len()];
    let _ = scopes::check(kb, provider, text, service_account);
    // The text as the provider name as well (unknown names are an error, not a panic).
    let (name, list) = text.split_once(' ').unwrap_or((text, ""));
    let _ = scopes::check(kb, name, list, service_account);
});
