//! Any text pasted into `diagnose`: scores stay in range, the order is best first.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oauth_triage::diagnose::Diagnoser;

fuzz_target!(|text: &str| {
    static DIAGNOSER: OnceLock<Diagnoser> = OnceLock::new();
    let diagnoser = DIAGNOSER.get_or_init(|| Diagnoser::new(oauth_triage_fuzz::builtin_kb()));
    let matches = diagnoser.diagnose(text);
    for pair in matches.windows(2) {
        assert!(pair[0].score >= pair[1].score, "not best first");
    }
    for m in &matches {
        assert!((0.0..=1.0).contains(&m.score), "score {}", m.score);
    }
    let _ = diagnoser.explain(text);
});
