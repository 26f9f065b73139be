//! Text cleaning and redaction: cleaned text is drawable, cleaning it again changes nothing,
//! and redaction never panics and never grows a redacted text further.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::{redact, text};

fuzz_target!(|input: &str| {
    let clean = text::clean(input);
    oauth_triage_fuzz::assert_drawable(&clean);
    assert_eq!(text::clean(&clean), clean, "cleaning clean text changed it");
    let one = text::one_line(input);
    oauth_triage_fuzz::assert_drawable(&one);
    assert!(!one.contains('\n'));
    assert_eq!(
        text::one_line(&one),
        one,
        "one_line of its own output changed it"
    );
    let red = redact::redact(input);
    let _ = redact::redact(&red);
    let ids = oauth_triage::report::transcript::ids_in(input);
    assert!(ids.len() <= 5);
});
