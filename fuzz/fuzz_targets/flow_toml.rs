//! Raw TOML as a flow file: loading never panics, and a file that loads can be shown,
//! exported and diagnosed against.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::kb::{self, Layer, Source};

fuzz_target!(|text: &str| {
    let source = Source::new("fuzz.toml", text, Layer::Extra(0));
    let problems = match kb::load_sources(&[source]) {
        Ok(kb) => {
            for (idx, _) in kb.fixes() {
                let _ = oauth_triage::report::fix_text(&kb, idx, None);
            }
            let _ = oauth_triage::report::knowledge_base_markdown(&kb, None);
            let _ = oauth_triage::diagnose::Diagnoser::new(&kb).diagnose(text);
            return;
        }
        Err(problems) => problems,
    };
    assert!(!problems.is_empty());
    for problem in problems {
        let _ = problem.to_string();
    }
});
