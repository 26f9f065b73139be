//! JWT decoding: any input gives a report or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::token;

fuzz_target!(|text: &str| {
    let now = oauth_triage_fuzz::now();
    let _ = token::inspect(text, now);
    let expected: Vec<String> = text.split(',').take(4).map(str::to_string).collect();
    let _ = token::inspect_expecting(text, now, &expected);
    // The same bytes as the middle of a JWT, so the decoder sees JSON-ish payloads too.
    use base64::Engine as _;
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let jwt = format!("eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln");
    let _ = token::inspect(&jwt, now);
});
