//! TUI latency: per-keystroke search with the shipped flows and with 50× synthetic flows, one
//! full `view` render at 100×30, and process start to first frame in a pseudo-terminal.
//!
//! `cargo bench --bench tui` (plain `Instant` loops; prints a table).

// Measurement code, never shipped: a broken setup should stop the run loudly.
#![allow(clippy::panic, clippy::cast_possible_truncation)]

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oauth_triage::fuzzy::{FuzzyMatcher, SearchIndex, SkimMatcher, Target};
use oauth_triage::kb::{self, KnowledgeBase, Layer, Source};
use oauth_triage::tui::App;
use oauth_triage::tui::style::Theme;
use oauth_triage::tui::testing::{self, key};
use oauth_triage::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const QUERIES: [&str; 3] = ["redirect uri", "aadsts7000222", "client secret expired"];

/// The shipped flows, or the frozen fixture when the shipped ones do not load.
fn shipped_sources() -> (Vec<Source>, &'static str) {
    let embedded = kb::source::embedded();
    if kb::load_sources(&embedded).is_ok() {
        return (embedded, "shipped flows");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tui-flows");
    (
        kb::source::read_dir(&dir, Layer::BuiltIn).expect("fixture flows"),
        "fixture flows (shipped ones do not load)",
    )
}

/// `copies` renamed copies of every provider (`azure` → `azure-7`), references included.
fn synthetic(sources: &[Source], copies: usize) -> KnowledgeBase {
    let ids: Vec<String> = sources
        .iter()
        .filter_map(|s| {
            s.text
                .lines()
                .find_map(|l| l.strip_prefix("id = \""))
                .map(|r| r.trim_end_matches('"').to_string())
        })
        .collect();
    let mut all = Vec::new();
    for k in 0..copies {
        for source in sources {
            let mut text = if k == 0 {
                source.text.clone()
            } else {
                distinct_copy(&source.text, k)
            };
            for id in &ids {
                text = text
                    .replace(&format!("id = \"{id}\""), &format!("id = \"{id}-{k}\""))
                    .replace(&format!(":{id}/"), &format!(":{id}-{k}/"))
                    .replace(&format!("\"{id}/"), &format!("\"{id}-{k}/"))
                    .replace(
                        &format!("seen_with = [\"{id}\""),
                        &format!("seen_with = [\"{id}-{k}\""),
                    );
            }
            // `uses = ["github", "aws"]` of a service the base does not cover names providers.
            text = text
                .lines()
                .map(|line| {
                    if !line.starts_with("uses = [") {
                        return line.to_string();
                    }
                    ids.iter().fold(line.to_string(), |l, id| {
                        l.replace(&format!("\"{id}\""), &format!("\"{id}-{k}\""))
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
            all.push(Source::new(
                format!("{}#{k}", source.name),
                text,
                Layer::BuiltIn,
            ));
        }
    }
    kb::load_sources(&all).unwrap_or_else(|e| panic!("synthetic flows: {:?}", &e[..e.len().min(3)]))
}

/// Copy `k` of a flow file the validator accepts next to the original: a code prefix belongs to
/// one provider, so the copy's `[fingerprints]` drops its `codes` line (and its `[field]` tables
/// go, their names being one provider's), and a code shared by two
/// fixes needs wording to tell them apart, so numbered codes get a per-copy number
/// (`AADSTS50011` → `AADSTS9001` + `50011`), as `benches/process.py` does.
fn distinct_copy(text: &str, k: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut table = "";
    for line in text.lines() {
        if line.starts_with('[') {
            table = line.trim();
        }
        if table == "[fingerprints]" && line.starts_with("codes =") {
            continue;
        }
        // The names a `[field]` table gives `--provider` belong to one provider too.
        if table.starts_with("[field]") || table.starts_with("[[field.") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("AADSTS").or_else(|| rest.find("connect:")) {
            let prefix_len = if rest[at..].starts_with("AADSTS") {
                6
            } else {
                8
            };
            let digits_start = at + prefix_len;
            let has_digits = rest[digits_start..].starts_with(|c: char| c.is_ascii_digit());
            out.push_str(&rest[..digits_start]);
            if has_digits {
                out.push_str(&format!("9{k:03}"));
            }
            rest = &rest[digits_start..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

fn app_with(kb: KnowledgeBase) -> App {
    App::new(
        kb,
        Some(testing::server("connect.example.com")),
        Theme::new(oauth_triage::config::ThemeName::Default),
        (100, 30),
    )
}

/// Types each query into search one key at a time; returns (mean, 99th percentile, worst,
/// count) per keystroke.
fn keystrokes(kb: &KnowledgeBase) -> (Duration, Duration, Duration, usize) {
    let mut times = Vec::new();
    for _ in 0..20 {
        for query in QUERIES {
            let mut app = app_with(kb.clone());
            // As the event loop does once the first frame is up (measured on its own below).
            app.warm_up();
            update(&mut app, key(KeyCode::Char('/')));
            for c in query.chars() {
                let start = Instant::now();
                update(&mut app, key(KeyCode::Char(c)));
                times.push(start.elapsed());
            }
            // Deleting widens the search again: the slow direction.
            for _ in 0..3 {
                let start = Instant::now();
                update(&mut app, key(KeyCode::Backspace));
                times.push(start.elapsed());
            }
        }
    }
    let total: Duration = times.iter().sum();
    let mean = total / times.len() as u32;
    times.sort();
    // The 99th percentile says what a typist meets; the single worst is often the scheduler.
    let p99 = times[times.len() * 99 / 100];
    (
        mean,
        p99,
        times.iter().copied().max().unwrap_or_default(),
        times.len(),
    )
}

/// nucleo-matcher behind the same trait, with the shipped matcher's semantics: the query is one
/// fuzzy atom (its characters in order, spaces included), smart case.
struct NucleoMatcher;

thread_local! {
    /// nucleo's matcher keeps scratch space and scores through `&mut`; the trait scores through
    /// `&self` from any thread, so each thread keeps its own.
    static NUCLEO: std::cell::RefCell<nucleo_matcher::Matcher> =
        std::cell::RefCell::new(nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT));
}

impl NucleoMatcher {
    fn atom(needle: &str) -> nucleo_matcher::pattern::Atom {
        use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
        Atom::new(
            needle,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        )
    }
}

impl FuzzyMatcher for NucleoMatcher {
    fn score(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)> {
        let atom = Self::atom(needle);
        let mut buf = Vec::new();
        let mut indices = Vec::new();
        let score = NUCLEO.with(|m| {
            atom.indices(
                nucleo_matcher::Utf32Str::new(haystack, &mut buf),
                &mut m.borrow_mut(),
                &mut indices,
            )
        })?;
        indices.sort_unstable();
        indices.dedup();
        Some((
            i64::from(score),
            indices.into_iter().map(|i| i as usize).collect(),
        ))
    }

    fn score_only(&self, haystack: &str, needle: &str) -> Option<i64> {
        let atom = Self::atom(needle);
        let mut buf = Vec::new();
        NUCLEO
            .with(|m| {
                atom.score(
                    nucleo_matcher::Utf32Str::new(haystack, &mut buf),
                    &mut m.borrow_mut(),
                )
            })
            .map(i64::from)
    }
}

/// Every prefix of every query, typed as the guide does (each search narrowed to the previous
/// one's candidates); returns (mean, 99th percentile) per keystroke.
fn typing(index: &SearchIndex) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..20 {
        for query in QUERIES {
            let mut previous: Option<Vec<usize>> = None;
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let start = Instant::now();
                let found = index.search_within(&query[..end], previous.as_deref());
                times.push(start.elapsed());
                previous = Some(found.matched);
            }
        }
    }
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    times.sort();
    (mean, times[times.len() * 99 / 100])
}

/// The same keystrokes with nucleo alone: every entry scored, no prefilter of ours.
fn typing_nucleo_alone(index: &SearchIndex) -> (Duration, Duration) {
    let mut times = Vec::new();
    let matcher = NucleoMatcher;
    for _ in 0..5 {
        for query in QUERIES {
            for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let start = Instant::now();
                let mut hits: Vec<(i64, usize)> = index
                    .entries()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, e)| matcher.score_only(&e.text, &query[..end]).map(|s| (s, i)))
                    .collect();
                hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                hits.truncate(50);
                std::hint::black_box(&hits);
                times.push(start.elapsed());
            }
        }
    }
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    times.sort();
    (mean, times[times.len() * 99 / 100])
}

/// Quality: for every fix, its title's first three words and its first error text's first four
/// as queries; how often the fix is the first hit, and among the first three.
fn quality(kb: &KnowledgeBase, index: &SearchIndex) -> (usize, usize, usize) {
    let (mut first, mut top3, mut asked) = (0, 0, 0);
    for (f, fix) in kb.fixes() {
        let words = |text: &str, n: usize| {
            text.split_whitespace()
                .take(n)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut queries = vec![words(&fix.title, 3).to_lowercase()];
        if let Some(error) = fix.errors.first() {
            queries.push(words(error.raw(), 4).to_lowercase());
        }
        for query in queries {
            asked += 1;
            let hits = index.search(&query);
            let leads_here = |rank: usize| {
                hits.get(rank).is_some_and(|h| {
                    matches!(index.entry(h).target, Target::Fix(x) | Target::ErrorText(x) if x == f)
                })
            };
            if leads_here(0) {
                first += 1;
            }
            if (0..3).any(leads_here) {
                top3 += 1;
            }
        }
    }
    (first, top3, asked)
}

fn compare_matchers(shipped: &KnowledgeBase, big: &KnowledgeBase) {
    println!(
        "
matcher comparison (issue 13): skim V2 (shipped) vs nucleo-matcher, same prefilter"
    );
    println!("{:<52} {:>12} {:>12}", "measure", "mean", "99th");
    for (label, kb) in [("shipped", shipped), ("50x synthetic", big)] {
        let skim = SearchIndex::with_matcher(kb, Box::new(SkimMatcher::default()));
        let nucleo = SearchIndex::with_matcher(kb, Box::new(NucleoMatcher));
        for (name, index) in [("skim", &skim), ("nucleo", &nucleo)] {
            let (mean, p99) = typing(index);
            println!(
                "{:<52} {mean:>12.1?} {p99:>12.1?}",
                format!("search keystroke, {name}, {label}")
            );
        }
        let (mean, p99) = typing_nucleo_alone(&skim);
        println!(
            "{:<52} {mean:>12.1?} {p99:>12.1?}",
            format!("search keystroke, nucleo alone, {label}")
        );
    }
    for (name, matcher) in [
        (
            "skim",
            Box::new(SkimMatcher::default()) as Box<dyn FuzzyMatcher>,
        ),
        ("nucleo", Box::new(NucleoMatcher)),
    ] {
        let index = SearchIndex::with_matcher(shipped, matcher);
        let (first, top3, asked) = quality(shipped, &index);
        println!(
            "quality, {name}: fix first for {first} of {asked} queries, in the first three for {top3}"
        );
    }
}

/// CPU time of this process so far (every thread).
fn process_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// From a loaded knowledge base to the first frame drawn (100x30): `App::new` and one `draw`,
/// as CPU time of the process (median and worst of `runs`).
fn first_frame_in_process(kb: &KnowledgeBase, runs: usize) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let kb = kb.clone();
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
            let start = process_cpu();
            let app = app_with(kb);
            terminal
                .draw(|f| {
                    oauth_triage::tui::view::draw(f, &app);
                })
                .expect("draw");
            let spent = process_cpu() - start;
            drop(app);
            spent
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

fn render_cost(app: &App) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let runs = 300;
    let start = Instant::now();
    for _ in 0..runs {
        terminal
            .draw(|f| {
                oauth_triage::tui::view::draw(f, app);
            })
            .expect("draw");
    }
    start.elapsed() / runs
}

/// Start the binary in a pty and wait for the home screen.
fn first_frame() -> Option<(Duration, Duration)> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let mut times = Vec::new();
    for _ in 0..10 {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .ok()?;
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oauth-triage"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        let start = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).ok()?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().ok()?;
        let mut writer = pair.master.take_writer().ok()?;
        let parser = Arc::new(Mutex::new(vt100::Parser::new(30, 100, 0)));
        let feed = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().map(|mut p| p.process(&buf[..n])).ok();
            }
        });
        loop {
            if parser
                .lock()
                .ok()?
                .screen()
                .contents()
                .contains("Or pick a provider")
            {
                times.push(start.elapsed());
                break;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_micros(100));
        }
        let _ = writer.write_all(b"\x1b");
        let _ = child.wait();
    }
    times.sort();
    Some((times[times.len() / 2], times[times.len() - 1]))
}

use std::io::Write as _;

fn main() {
    let (sources, which) = shipped_sources();
    let shipped = kb::load_sources(&sources).expect("flows load");
    let shipped_for_comparison = shipped.clone();
    let start = Instant::now();
    let big = synthetic(&sources, 50);
    let built = start.elapsed();

    println!("oauth-triage TUI benchmarks ({which})\n");
    println!("{:<52} {:>12} {:>12}", "measure", "mean", "worst");
    for (label, kb) in [
        ("keystroke in search, shipped", &shipped),
        ("keystroke in search, 50x synthetic", &big),
    ] {
        let (mean, p99, worst, n) = keystrokes(kb);
        let entries = oauth_triage::fuzzy::SearchIndex::build(kb).entries().len();
        println!(
            "{:<52} {:>12.1?} {:>12.1?}   (99th percentile {p99:.1?})",
            format!("{label} ({entries} entries, {n} keys)"),
            mean,
            worst
        );
    }
    let start = Instant::now();
    let index = oauth_triage::fuzzy::SearchIndex::build(&big);
    println!(
        "{:<52} {:>12.1?}",
        "search index build, 50x synthetic",
        start.elapsed()
    );
    let _ = index;
    println!(
        "{:<52} {:>12.1?}",
        "load + validate 50x synthetic flows", built
    );

    for (label, kb, runs) in [
        ("first frame in-process (CPU), shipped", &shipped, 50),
        ("first frame in-process (CPU), 50x synthetic", &big, 10),
    ] {
        let (median, worst) = first_frame_in_process(kb, runs);
        println!("{label:<52} {median:>12.1?} {worst:>12.1?}");
    }
    let start = process_cpu();
    app_with(big.clone()).warm_up();
    println!(
        "{:<52} {:>12.1?}",
        "warm-up after the first frame (CPU), 50x synthetic",
        process_cpu() - start
    );

    let mut app = app_with(shipped.clone());
    println!(
        "{:<52} {:>12.1?}",
        "full view render 100x30, home",
        render_cost(&app)
    );
    testing::open_provider(&mut app, "azure");
    testing::type_str(&mut app, "1");
    println!(
        "{:<52} {:>12.1?}",
        "full view render 100x30, fix",
        render_cost(&app)
    );
    let mut search = app_with(shipped);
    testing::type_str(&mut search, "/redirect");
    println!(
        "{:<52} {:>12.1?}",
        "full view render 100x30, search",
        render_cost(&search)
    );

    compare_matchers(&shipped_for_comparison, &big);

    match first_frame() {
        Some((median, worst)) => println!(
            "{:<52} {:>12.1?} {:>12.1?}",
            "process start to first frame (pty)", median, worst
        ),
        None => println!(
            "{:<52} {:>12}",
            "process start to first frame (pty)", "failed"
        ),
    }
}
