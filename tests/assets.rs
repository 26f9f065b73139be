//! The generated files under `assets/` are what the code generates today: each is rendered
//! again in memory and compared with the file in the repository. When this fails, run the command
//! in the message and commit the result.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oauth_triage::assets::{self, Asset, REFRESH};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails naming every file that is missing, different, or left over in `dir`.
fn assert_fresh(dir: &str, expected: &[Asset]) {
    let mut problems = Vec::new();
    for asset in expected {
        match std::fs::read(root().join(&asset.path)) {
            Ok(found) if found == asset.contents => {}
            Ok(_) => problems.push(format!("{} differs", asset.path.display())),
            Err(e) => problems.push(format!("{} cannot be read: {e}", asset.path.display())),
        }
    }
    let wanted: BTreeSet<&PathBuf> = expected.iter().map(|a| &a.path).collect();
    let entries = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir} cannot be read: {e}; run `{REFRESH}`"));
    for entry in entries {
        let path = Path::new(dir).join(entry.expect("directory entry").file_name());
        if !wanted.contains(&path) {
            problems.push(format!("{} is not generated any more", path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{dir} is stale:\n  {}\nrun `{REFRESH}` to refresh, and commit the result",
        problems.join("\n  ")
    );
}

#[test]
fn man_pages_are_fresh() {
    let pages = assets::man_pages();
    assert!(
        pages.len() > 10,
        "expected a page per subcommand, got {}",
        pages.len()
    );
    assert_fresh("assets/man", &pages);
}

#[test]
fn completions_are_fresh() {
    let scripts = assets::completions();
    assert_eq!(scripts.len(), 3, "bash, zsh and fish");
    assert_fresh("assets/completions", &scripts);
}

#[test]
fn every_subcommand_has_a_man_page_that_names_it() {
    let pages = assets::man_pages();
    for sub in [
        "diagnose",
        "show",
        "validate",
        "check-redirect",
        "completions",
    ] {
        let name = format!("assets/man/oauth-triage-{sub}.1");
        let page = pages
            .iter()
            .find(|p| p.path == Path::new(&name))
            .unwrap_or_else(|| panic!("no page {name}"));
        let text = String::from_utf8_lossy(&page.contents);
        assert!(
            text.contains(&format!("oauth\\-triage\\-{}", sub.replace('-', "\\-"))),
            "{name} does not name its command:\n{text}"
        );
    }
    let main = String::from_utf8_lossy(&pages[0].contents);
    assert!(main.starts_with(".ie"), "a roff page: {main}");
    assert!(main.contains(".TH oauth-triage 1 "), "{main}");
    let version = format!("\"oauth-triage {}\"", env!("CARGO_PKG_VERSION"));
    for page in &pages {
        let text = String::from_utf8_lossy(&page.contents);
        assert!(
            text.contains(&version),
            "{} lacks {version}",
            page.path.display()
        );
    }
}

#[test]
fn screenshots_are_fresh() {
    let shots = assets::screenshots().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(shots.len(), assets::screenshots::SHOTS.len());
    assert_fresh("assets/screenshots", &shots);
}

/// The pictures show what they claim: the server's redirect URI on the fix, the diagnosis of
/// the pasted page, the finding of the redirect check.
#[test]
fn screenshots_show_their_subject() {
    let shots = assets::screenshots().unwrap_or_else(|e| panic!("{e}"));
    let svg = |name: &str| {
        let path = PathBuf::from(format!("assets/screenshots/{name}.svg"));
        let shot = shots
            .iter()
            .find(|s| s.path == path)
            .unwrap_or_else(|| panic!("no {}", path.display()));
        String::from_utf8(shot.contents.clone()).expect("SVG is UTF-8")
    };
    let callback = "https://connect.example.com/__oauth__/integrations/callback";
    for (name, expected) in [
        ("home", "Or pick a provider"),
        ("azure-symptoms", "AADSTS50011"),
        ("fix", callback),
        ("fix", "Values to paste"),
        ("paste", "pasted error matched"),
        ("field-tools", "PROBLEM"),
    ] {
        let image = svg(name);
        assert!(image.starts_with("<svg "), "{name}: not an SVG");
        assert!(image.trim_end().ends_with("</svg>"), "{name}: not closed");
        assert!(
            image.contains(expected),
            "{name}.svg does not show {expected:?}"
        );
    }
    // Drawn in colour: the theme's values are green, not the default foreground.
    assert!(svg("fix").contains(r##"fill="#a6e3a1""##), "no green value");
}
