//! The server normaliser: a base read again gives itself, and Connect's own callback always
//! matches in check-redirect.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::redirect;
use oauth_triage::server::ConnectServer;

fuzz_target!(|text: &str| {
    let Ok(parsed) = ConnectServer::parse(text) else {
        return;
    };
    let base = parsed.server.base().to_string();
    let again = ConnectServer::parse(&base)
        .unwrap_or_else(|e| panic!("{base:?} (from {text:?}) does not parse again: {e}"));
    assert_eq!(again.server.base(), base, "not idempotent from {text:?}");
    let callback = parsed.server.callback_uri();
    let diffs = redirect::compare(&parsed.server, &callback);
    assert!(
        diffs.is_empty(),
        "own callback {callback:?} differs: {diffs:?}"
    );
    let report = redirect::check(oauth_triage_fuzz::builtin_kb(), &parsed.server, &[callback]);
    let _ = report;
});
