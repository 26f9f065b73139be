//! `oauth-triage scan FILE` on a terminal: the real binary in a pseudo-terminal opens the
//! findings screen, and Enter reaches the fix of the most frequent error with its excerpt.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLS: u16 = 120;
const TIMEOUT: Duration = Duration::from_secs(15);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Session {
    fn spawn(args: &[&str], dir: &std::path::Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oauth-triage"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", dir);
        cmd.env("HOME", dir);
        for name in [
            "CONNECT_SERVER",
            "OAUTH_TRIAGE_CONFIG",
            "OAUTH_TRIAGE_FLOWS",
            "DISPLAY",
            "WAYLAND_DISPLAY",
        ] {
            cmd.env_remove(name);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn oauth-triage");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().expect("parser").process(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            parser,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {text:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }
}

/// The first error text of fix `id`, read from the built-in knowledge base.
fn error_text(id: &str) -> (String, String) {
    let kb = oauth_triage::kb::builtin().expect("built-in flows");
    let fix = kb.fix(kb.fix_by_id(id).expect("fix"));
    let text = fix.errors[0]
        .raw()
        .replace("{connect_server}", "https://connect.example.com");
    (text, fix.title.to_string())
}

#[test]
fn scan_opens_the_findings_and_enter_reaches_the_most_frequent_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (often, often_title) = error_text("general/no-oauth-session");
    let (once, once_title) = error_text("general/invalid-subject-token");
    let mut log = String::new();
    for i in 0..3 {
        log.push_str(&format!(
            "2024/12/06 10:00:0{i} [rsc-session] starting\n2024/12/06 10:00:0{i} {often}\n"
        ));
    }
    log.push_str(&format!(
        "2024/12/06 10:01:00 {once} client_secret=NeverShowThis42\n"
    ));
    std::fs::write(dir.path().join("job.log"), log).expect("write log");

    let mut s = Session::spawn(&["scan", "job.log"], dir.path());
    let screen = s.wait_for("Scan findings");
    assert!(screen.contains("job.log"), "{screen}");
    // Ranked by count: the error seen three times is first and selected.
    let first = screen
        .lines()
        .position(|l| l.contains(&often_title[..30.min(often_title.len())]))
        .unwrap_or_else(|| panic!("{often_title} not listed:\n{screen}"));
    let second = screen
        .lines()
        .position(|l| l.contains(&once_title[..30.min(once_title.len())]))
        .unwrap_or_else(|| panic!("{once_title} not listed:\n{screen}"));
    assert!(first < second, "{screen}");
    assert!(screen.contains("3x"), "{screen}");
    assert!(!screen.contains("NeverShowThis42"), "{screen}");

    s.send("\r");
    let screen = s.wait_for("Seen in the scanned log at job.log:2");
    assert!(
        screen.contains(&often_title[..30.min(often_title.len())]),
        "{screen}"
    );
    assert!(
        screen.contains("Scan findings"),
        "the breadcrumb keeps the way back:\n{screen}"
    );
    s.send("q");
}

#[test]
fn ctrl_o_on_home_scans_a_typed_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (error, title) = error_text("general/no-oauth-session");
    std::fs::write(
        dir.path().join("app.log"),
        format!("2024/12/06 10:00:00 {error}\n"),
    )
    .expect("write log");
    let mut s = Session::spawn(&[], dir.path());
    s.wait_for("Home");
    s.send("\x0f");
    s.wait_for("Scan a log");
    s.send("app.log\r");
    let screen = s.wait_for("Scan findings");
    assert!(screen.contains(&title[..30.min(title.len())]), "{screen}");
    s.send("q");
}
