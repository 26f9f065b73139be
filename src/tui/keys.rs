//! THE key table: which key does what on which screen. The help screen and the footer hints are
//! generated from it, so they can never disagree with what the keys do.
//!
//! To find where a key press is handled: look the key up here to get its [`Action`], then find
//! that action in `update.rs`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Which table applies: one per screen, plus the states of screens that have a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Question,
    /// Typing a filter over the question's answers.
    QuestionFilter,
    Fix,
    /// A fix that is a set-up guide (no "Did this fix it?").
    Guide,
    Resolved,
    Escalation,
    Search,
    Paste,
    Server,
    Help,
    Transcript,
    FieldMenu,
    FieldForm,
    FieldReport,
    Findings,
    /// Typing the path of a log to scan.
    ScanInput,
}

impl Context {
    /// In text inputs letters type, so only keys that cannot be text act globally.
    pub fn is_text_input(self) -> bool {
        matches!(
            self,
            Context::QuestionFilter
                | Context::Search
                | Context::Server
                | Context::FieldForm
                | Context::ScanInput
        )
    }

    /// Whether printable keys type here. Home counts: it is the search box ("snowflake" typed
    /// on Home must search for snowflake, not open the server dialog at the `s`), so its
    /// commands use keys that are never text (Ctrl, F-keys, arrows, Esc) plus `?`, which no
    /// search starts with.
    pub fn letters_type(self) -> bool {
        self.is_text_input() || self == Context::Home
    }

    /// The screen's name in the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Home => "Home",
            Context::Question => "Question",
            Context::QuestionFilter => "Question, while filtering",
            Context::Fix => "Fix",
            Context::Guide => "Set-up guide",
            Context::Resolved => "Resolved",
            Context::Escalation => "Escalation checklist",
            Context::Search => "Search",
            Context::Paste => "Pasted error",
            Context::Server => "Connect server",
            Context::Help => "Help",
            Context::Transcript => "Transcript",
            Context::FieldMenu => "Field tools",
            Context::FieldForm => "Field tools, while typing",
            Context::FieldReport => "Field tools, report",
            Context::Findings => "Scan findings",
            Context::ScanInput => "Scan a log",
        }
    }

    pub const ALL: [Context; 17] = [
        Context::Home,
        Context::Question,
        Context::QuestionFilter,
        Context::Fix,
        Context::Guide,
        Context::Resolved,
        Context::Escalation,
        Context::Search,
        Context::Paste,
        Context::Server,
        Context::Help,
        Context::Transcript,
        Context::FieldMenu,
        Context::FieldForm,
        Context::FieldReport,
        Context::Findings,
        Context::ScanInput,
    ];
}

/// A key, or a family of keys, as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any of 0-9; the digit becomes [`Action::Digit`]'s (a lone 0 chooses nothing, but it is
    /// the second digit of 10, 20, …).
    Digits,
    /// Any printable character (text inputs, and typing on Home to start a search).
    Text,
}

impl Key {
    /// How the key is written in the help screen and footer.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digits => "1-9".into(),
            Key::Text => "type".into(),
            Key::Code(code) => match code {
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }

    /// The action this key gives for `event`, if it matches.
    fn matches(self, event: &KeyEvent, action: Action) -> Option<Action> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match (self, event.code) {
            (Key::Ctrl(c), KeyCode::Char(k)) if ctrl && k.eq_ignore_ascii_case(&c) => Some(action),
            (Key::Char(c), KeyCode::Char(k)) if !ctrl && !alt && k == c => Some(action),
            (Key::Digits, KeyCode::Char(k @ '0'..='9')) if !ctrl && !alt => {
                Some(Action::Digit(k as u8 - b'0'))
            }
            (Key::Text, KeyCode::Char(k)) if !ctrl && !alt && !k.is_control() => {
                Some(Action::Insert(k))
            }
            (Key::Code(c), code) if c == code && !ctrl && !alt => Some(action),
            _ => None,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// For [`Key::Digits`] and [`Key::Text`] the pressed key fills in the number or character.
    pub action: Action,
    /// Shown in the footer when set; rows with the same hint next to each other share it.
    pub hint: Option<&'static str>,
}

const fn bind(keys: &'static [Key], action: Action, hint: Option<&'static str>) -> Binding {
    Binding { keys, action, hint }
}

use Key::{Char, Code, Ctrl, Digits, Text};

const UP: &[Key] = &[Code(KeyCode::Up), Char('k')];
const DOWN: &[Key] = &[Code(KeyCode::Down), Char('j')];
const BACK: &[Key] = &[
    Code(KeyCode::Esc),
    Code(KeyCode::Backspace),
    Char('h'),
    Code(KeyCode::Left),
];
const ENTER: &[Key] = &[Code(KeyCode::Enter)];
const ESC: &[Key] = &[Code(KeyCode::Esc)];

/// Keys that work on every screen without a text input, after the screen's own table.
const NAVIGATION_GLOBAL: &[Binding] = &[
    bind(&[Char('/')], Action::Search, Some("search")),
    bind(&[Char('s')], Action::SetServer, Some("server")),
    bind(&[Char('e')], Action::Export, Some("export")),
    bind(&[Char('t')], Action::FieldTools, Some("tools")),
    bind(
        &[Char('?'), Code(KeyCode::F(1))],
        Action::Help,
        Some("help"),
    ),
    bind(&[Char('q')], Action::Quit, Some("quit")),
];

/// Keys that work everywhere, text inputs included.
#[cfg(unix)]
const ALWAYS: &[Binding] = &[
    bind(&[Ctrl('c')], Action::ForceQuit, None),
    bind(&[Ctrl('z')], Action::Suspend, None),
    bind(&[Ctrl('l')], Action::Redraw, None),
    bind(&[Code(KeyCode::F(1))], Action::Help, None),
];

/// Without job control there is nothing to suspend to.
#[cfg(not(unix))]
const ALWAYS: &[Binding] = &[
    bind(&[Ctrl('c')], Action::ForceQuit, None),
    bind(&[Ctrl('l')], Action::Redraw, None),
    bind(&[Code(KeyCode::F(1))], Action::Help, None),
];

/// Editing keys shared by every text input.
const TEXT_EDITING: [Binding; 3] = [
    bind(&[Code(KeyCode::Backspace)], Action::DeleteBack, None),
    bind(&[Ctrl('u')], Action::ClearInput, None),
    bind(&[Text], Action::Insert(' '), None),
];

/// Home is a search box (as in fzf and television): every printable key but `?` types into it,
/// digits included. Commands need keys that are never text. `/`, the search key everywhere
/// else, opens the search box empty rather than searching for a slash.
const HOME: &[Binding] = &[
    bind(&[Char('/')], Action::Search, None),
    bind(
        &[Char('?'), Code(KeyCode::F(1))],
        Action::Help,
        Some("help"),
    ),
    bind(
        &[Code(KeyCode::Up), Ctrl('k'), Ctrl('p')],
        Action::Up,
        Some("move"),
    ),
    bind(
        &[Code(KeyCode::Down), Ctrl('j'), Ctrl('n')],
        Action::Down,
        Some("move"),
    ),
    bind(ENTER, Action::Choose, Some("open")),
    bind(&[Text], Action::Insert(' '), Some("to search")),
    bind(&[Ctrl('s')], Action::SetServer, Some("server")),
    bind(&[Ctrl('t')], Action::FieldTools, Some("tools")),
    bind(&[Ctrl('e')], Action::Export, Some("export")),
    // Listed in help, not in the footer: Home's footer is full.
    bind(&[Ctrl('o')], Action::ScanLogs, None),
    bind(ESC, Action::Quit, Some("quit")),
];

const QUESTION: &[Binding] = &[
    bind(UP, Action::Up, Some("move")),
    bind(DOWN, Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("choose")),
    bind(&[Digits], Action::Digit(0), Some("choose")),
    bind(&[Char('f')], Action::Filter, Some("filter")),
    bind(&[Code(KeyCode::Home), Char('g')], Action::Top, None),
    bind(&[Code(KeyCode::End), Char('G')], Action::Bottom, None),
    bind(BACK, Action::Back, Some("back")),
];

const QUESTION_FILTER: &[Binding] = &[
    bind(&[Code(KeyCode::Up)], Action::Up, Some("move")),
    bind(&[Code(KeyCode::Down)], Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("choose")),
    bind(ESC, Action::Cancel, Some("clear filter")),
    TEXT_EDITING[0],
    TEXT_EDITING[1],
    TEXT_EDITING[2],
];

/// Scrolling by a page, on every screen with long content.
const PAGE_UP: Binding = bind(&[Code(KeyCode::PageUp)], Action::PageUp, None);
const PAGE_DOWN: Binding = bind(
    &[Code(KeyCode::PageDown), Char(' ')],
    Action::PageDown,
    None,
);

const FIX: &[Binding] = &[
    bind(&[Digits], Action::Digit(0), Some("copy value")),
    // "Did this fix it?" takes y and n, as --plain does; y never copies.
    bind(&[Char('y')], Action::Fixed, Some("fixed")),
    bind(&[Char('n')], Action::NotFixed, Some("not fixed")),
    bind(&[Char('c')], Action::CopySelected, Some("copy")),
    bind(&[Char('v')], Action::ShowValue, Some("value alone")),
    bind(&[Code(KeyCode::Tab)], Action::NextValue, Some("next value")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevValue, None),
    bind(UP, Action::Up, Some("scroll")),
    bind(DOWN, Action::Down, Some("scroll")),
    PAGE_UP,
    PAGE_DOWN,
    bind(&[Code(KeyCode::Home), Char('g')], Action::Top, None),
    bind(&[Code(KeyCode::End), Char('G')], Action::Bottom, None),
    bind(BACK, Action::Back, Some("back")),
];

/// A set-up guide: a fix that is a how-to rather than a cause, so nothing asks whether it
/// fixed anything.
const GUIDE: &[Binding] = &[
    bind(&[Digits], Action::Digit(0), Some("copy value")),
    bind(&[Char('c')], Action::CopySelected, Some("copy")),
    bind(&[Char('v')], Action::ShowValue, Some("value alone")),
    bind(&[Code(KeyCode::Tab)], Action::NextValue, Some("next value")),
    bind(&[Code(KeyCode::BackTab)], Action::PrevValue, None),
    bind(UP, Action::Up, Some("scroll")),
    bind(DOWN, Action::Down, Some("scroll")),
    PAGE_UP,
    PAGE_DOWN,
    bind(&[Code(KeyCode::Home), Char('g')], Action::Top, None),
    bind(&[Code(KeyCode::End), Char('G')], Action::Bottom, None),
    bind(BACK, Action::Back, Some("back")),
];

const RESOLVED: &[Binding] = &[
    bind(ENTER, Action::StartOver, Some("start over")),
    bind(UP, Action::Up, None),
    bind(DOWN, Action::Down, None),
    PAGE_UP,
    PAGE_DOWN,
    bind(BACK, Action::Back, Some("back")),
];

const ESCALATION: &[Binding] = &[
    bind(&[Char('c')], Action::CopySelected, Some("copy checklist")),
    bind(ENTER, Action::StartOver, Some("start over")),
    bind(UP, Action::Up, None),
    bind(DOWN, Action::Down, None),
    PAGE_UP,
    PAGE_DOWN,
    bind(BACK, Action::Back, Some("back")),
];

const SEARCH: &[Binding] = &[
    bind(
        &[Code(KeyCode::Up), Ctrl('k'), Ctrl('p')],
        Action::Up,
        Some("move"),
    ),
    bind(
        &[Code(KeyCode::Down), Ctrl('j'), Ctrl('n')],
        Action::Down,
        Some("move"),
    ),
    bind(ENTER, Action::Choose, Some("go there")),
    bind(ESC, Action::Cancel, Some("close")),
    TEXT_EDITING[0],
    TEXT_EDITING[1],
    TEXT_EDITING[2],
];

const PASTE: &[Binding] = &[
    bind(UP, Action::Up, Some("move")),
    bind(DOWN, Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("open")),
    bind(&[Digits], Action::Digit(0), Some("open")),
    bind(BACK, Action::Back, Some("back")),
];

const SERVER: &[Binding] = &[
    bind(ENTER, Action::Apply, Some("apply")),
    bind(ESC, Action::Cancel, Some("cancel")),
    TEXT_EDITING[0],
    TEXT_EDITING[1],
    TEXT_EDITING[2],
];

const HELP: &[Binding] = &[
    bind(UP, Action::Up, Some("scroll")),
    bind(DOWN, Action::Down, Some("scroll")),
    PAGE_UP,
    PAGE_DOWN,
    bind(BACK, Action::Back, Some("close")),
];

const TRANSCRIPT: &[Binding] = &[
    bind(&[Char('c')], Action::CopySelected, Some("copy path")),
    bind(BACK, Action::Back, Some("back")),
];

const FIELD_MENU: &[Binding] = &[
    bind(UP, Action::Up, Some("move")),
    bind(DOWN, Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("open")),
    bind(&[Digits], Action::Digit(0), Some("open")),
    bind(BACK, Action::Back, Some("back")),
];

const FIELD_FORM: &[Binding] = &[
    bind(ENTER, Action::Apply, Some("run check")),
    bind(
        &[Code(KeyCode::Tab), Code(KeyCode::Down)],
        Action::NextInput,
        Some("next field"),
    ),
    bind(ESC, Action::Cancel, Some("back")),
    TEXT_EDITING[0],
    TEXT_EDITING[1],
    TEXT_EDITING[2],
];

const FINDINGS: &[Binding] = &[
    bind(UP, Action::Up, Some("move")),
    bind(DOWN, Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("open fix")),
    bind(&[Digits], Action::Digit(0), Some("open")),
    bind(BACK, Action::Back, Some("back")),
];

const SCAN_INPUT: &[Binding] = &[
    bind(ENTER, Action::Apply, Some("scan")),
    bind(ESC, Action::Cancel, Some("cancel")),
    TEXT_EDITING[0],
    TEXT_EDITING[1],
    TEXT_EDITING[2],
];

const FIELD_REPORT: &[Binding] = &[
    bind(UP, Action::Up, Some("move")),
    bind(DOWN, Action::Down, Some("move")),
    bind(ENTER, Action::Choose, Some("open fix")),
    bind(BACK, Action::Back, Some("edit")),
];

/// The screen's own bindings, without the global ones.
pub fn screen_bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Home => HOME,
        Context::Question => QUESTION,
        Context::QuestionFilter => QUESTION_FILTER,
        Context::Fix => FIX,
        Context::Guide => GUIDE,
        Context::Resolved => RESOLVED,
        Context::Escalation => ESCALATION,
        Context::Search => SEARCH,
        Context::Paste => PASTE,
        Context::Server => SERVER,
        Context::Help => HELP,
        Context::Transcript => TRANSCRIPT,
        Context::FieldMenu => FIELD_MENU,
        Context::FieldForm => FIELD_FORM,
        Context::FieldReport => FIELD_REPORT,
        Context::Findings => FINDINGS,
        Context::ScanInput => SCAN_INPUT,
    }
}

/// Every binding that applies on `context`, in lookup order: the screen's own, then the
/// navigation keys (not where letters type), then the ones that work everywhere.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    let global: &[Binding] = if context.letters_type() {
        &[]
    } else {
        NAVIGATION_GLOBAL
    };
    screen_bindings(context).iter().chain(global).chain(ALWAYS)
}

/// What a key press means on `context`. `None`: the key does nothing there.
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    // Ctrl-C must never be shadowed by a screen's table.
    if let Some(action) = ALWAYS
        .iter()
        .find_map(|b| b.keys.iter().find_map(|k| k.matches(event, b.action)))
    {
        return Some(action);
    }
    // Specific keys first; "any text" only when nothing else claims the key (so `/` on Home
    // searches instead of typing a slash).
    let specific = bindings(context).find_map(|b| {
        b.keys
            .iter()
            .filter(|k| **k != Key::Text)
            .find_map(|k| k.matches(event, b.action))
    });
    specific.or_else(|| {
        bindings(context).find_map(|b| {
            b.keys
                .iter()
                .filter(|k| **k == Key::Text)
                .find_map(|k| k.matches(event, b.action))
        })
    })
}

/// The first key that does `action` on `context`, for sentences like "press s to set the
/// server". Empty if no key does it (a bug the key-table tests catch).
pub fn key_for(context: Context, action: Action) -> String {
    bindings(context)
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map_or_else(String::new, |k| k.label())
}

/// The keys of a binding as the help screen writes them: `↑/k`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// One footer hint: the keys (`↑/↓`), what they do (`move`), and the action of its first row
/// (the footer keeps the essential ones: help, back, quit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub hint: &'static str,
    pub action: Action,
}

/// The footer hints for `context`, in table order, rows with the same hint next to each other
/// merged (`↑/↓ move`). Where `?` types, help is F1: it gets a hint of its own.
pub fn footer_hints(context: Context) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    for binding in bindings(context) {
        let Some(hint) = binding.hint else { continue };
        let first = binding.keys.first().map_or_else(String::new, |k| k.label());
        match hints.last_mut() {
            Some(last) if last.hint == hint => {
                last.keys.push('/');
                last.keys.push_str(&first);
            }
            _ => hints.push(Hint {
                keys: first,
                hint,
                action: binding.action,
            }),
        }
    }
    if !hints.iter().any(|h| h.action == Action::Help) {
        hints.insert(
            0,
            Hint {
                keys: Key::Code(KeyCode::F(1)).label(),
                hint: "help",
                action: Action::Help,
            },
        );
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_q_only_where_letters_do_not_type() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for context in Context::ALL {
            assert_eq!(
                action_for(context, &ctrl_c),
                Some(Action::ForceQuit),
                "{context:?}"
            );
            let q = action_for(context, &press(KeyCode::Char('q')));
            if context.letters_type() {
                assert_eq!(q, Some(Action::Insert('q')), "{context:?}");
            } else {
                assert_eq!(q, Some(Action::Quit), "{context:?}");
            }
        }
    }

    #[test]
    fn digits_carry_their_number() {
        assert_eq!(
            action_for(Context::Question, &press(KeyCode::Char('3'))),
            Some(Action::Digit(3))
        );
        // 0 is a digit too: the second one of 10.
        assert_eq!(
            action_for(Context::Question, &press(KeyCode::Char('0'))),
            Some(Action::Digit(0))
        );
        // On Home digits type: "401 Unauthorized" is a search, not provider 4.
        assert_eq!(
            action_for(Context::Home, &press(KeyCode::Char('4'))),
            Some(Action::Insert('4'))
        );
        assert_eq!(
            action_for(Context::QuestionFilter, &press(KeyCode::Char('3'))),
            Some(Action::Insert('3'))
        );
    }

    #[test]
    fn every_printable_key_but_question_mark_types_on_home() {
        for c in (' '..='~').filter(|c| !"?/".contains(*c)) {
            assert_eq!(
                action_for(Context::Home, &press(KeyCode::Char(c))),
                Some(Action::Insert(c)),
                "{c:?}"
            );
        }
        for c in ['é', 'ß', '日'] {
            assert_eq!(
                action_for(Context::Home, &press(KeyCode::Char(c))),
                Some(Action::Insert(c))
            );
        }
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(Context::Home, &ctrl('s')),
            Some(Action::SetServer)
        );
        assert_eq!(
            action_for(Context::Home, &ctrl('t')),
            Some(Action::FieldTools)
        );
        assert_eq!(action_for(Context::Home, &ctrl('e')), Some(Action::Export));
        assert_eq!(
            action_for(Context::Home, &press(KeyCode::Esc)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn footer_merges_neighbours_with_the_same_hint() {
        let hints = footer_hints(Context::Question);
        assert_eq!((hints[0].keys.as_str(), hints[0].hint), ("↑/↓", "move"));
        assert!(hints.iter().any(|h| h.hint == "help"));
        // Where ? types, the footer still names a help key.
        let search = footer_hints(Context::Search);
        assert!(search.iter().any(|h| h.keys == "F1" && h.hint == "help"));
    }

    #[test]
    fn every_screen_can_go_back_or_close_and_shows_help() {
        for context in Context::ALL {
            let esc = action_for(context, &press(KeyCode::Esc));
            assert!(esc.is_some(), "{context:?} ignores Esc");
            let f1 = action_for(context, &press(KeyCode::F(1)));
            assert_eq!(f1, Some(Action::Help), "{context:?}");
        }
    }
}
