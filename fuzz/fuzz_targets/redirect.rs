//! The redirect/authorize parser and check-redirect: any server and any registered values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::field::redirect::{self, Provider};
use oauth_triage::server::ConnectServer;

fuzz_target!(|text: &str| {
    let mut lines = text.lines();
    let server_text = lines.next().unwrap_or("");
    let registered: Vec<String> = lines.take(16).map(str::to_string).collect();
    for value in &registered {
        let _ = redirect::parse_authorize(value);
    }
    let server = ConnectServer::parse(server_text)
        .map(|p| p.server)
        .unwrap_or_else(|_| ConnectServer::parse("connect.example.com").unwrap().server);
    for value in &registered {
        let _ = redirect::compare(&server, value);
    }
    let _ = redirect::check(&server, &registered);
    let provider = registered
        .first()
        .and_then(|v| Provider::parse(v.split(' ').next().unwrap_or("")));
    let _ = redirect::check_for(&server, &registered, provider);
});
