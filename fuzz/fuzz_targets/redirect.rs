//! The redirect/authorize parser and check-redirect: any server and any registered values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::redirect::{self, Provider};
use oauth_triage::server::ConnectServer;

fuzz_target!(|text: &str| {
    let kb = oauth_triage_fuzz::builtin_kb();
    let mut lines = text.lines();
    let server_text = lines.next().unwrap_or("");
    let registered: Vec<String> = lines.take(16).map(str::to_string).collect();
    for value in &registered {
        let _ = redirect::parse_authorize(kb, value);
    }
    let server = ConnectServer::parse(server_text)
        .map(|p| p.server)
        .unwrap_or_else(|_| ConnectServer::parse("connect.example.com").unwrap().server);
    for value in &registered {
        let _ = redirect::compare(&server, value);
    }
    let _ = redirect::check(kb, &server, &registered);
    let provider = registered
        .first()
        .and_then(|v| Provider::parse(kb, v.split(' ').next().unwrap_or("")));
    let _ = redirect::check_for(kb, &server, &registered, provider);
});
