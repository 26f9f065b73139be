//! Key, paste and resize sequences in the guide, at random sizes: every frame is drawn without a
//! panic and holds no raw control character. The input is a script ([`decode_script`]), so
//! regression seeds are readable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth_triage::tui::app::App;
use oauth_triage::tui::style::Theme;
use oauth_triage_fuzz::{decode_script, draw_and_check, fixture_kb, send};

fuzz_target!(|data: &[u8]| {
    let (size, with_server, events) = decode_script(data);
    let server = with_server.then(|| oauth_triage::tui::testing::server("connect.example.com"));
    let size = (size.0.max(1), size.1.max(1));
    let theme = Theme::new(oauth_triage::config::ThemeName::Default);
    let mut app = App::new(fixture_kb().clone(), server, theme, size);
    draw_and_check(&app);
    for event in events.into_iter().take(48) {
        if !send(&mut app, event) {
            break;
        }
        app.size = (app.size.0.max(1), app.size.1.max(1));
        draw_and_check(&app);
    }
});
