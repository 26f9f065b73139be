//! Choosing by number when a list is longer than nine, without a clock: digits accumulate.
//!
//! A digit chooses at once when no longer number in the list starts with it (with 12 items:
//! `3`–`9` at once, and `10`–`12` as soon as their second digit is typed). Otherwise it waits,
//! shown in the status line, for the next digit or Enter. A "back" key (Esc…) drops it; any
//! other key drops it and then does what it always does.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::app::{App, FieldTool, PendingNumber, Screen, Status};
use super::keys::{self, Context};
use crate::kb::Node;
use crate::text::SafeText;

/// What the key press means, with digits resolved into [`Action::Pick`] once the number is
/// complete. `None` while a number waits for more digits.
pub fn key_action(app: &mut App, key: &KeyEvent) -> Option<Action> {
    let context = app.context();
    let action = keys::action_for(context, key);
    let pending = app.pending_number.take().filter(|p| p.context == context);
    match (pending, action) {
        (None, Some(Action::Digit(digit))) => first_digit(app, context, usize::from(digit)),
        (None, other) => other,
        (Some(pending), Some(Action::Digit(digit))) => next_digit(app, pending, usize::from(digit)),
        (Some(pending), _) if key.code == KeyCode::Enter => Some(Action::Pick(pending.value)),
        (Some(_), Some(Action::Back | Action::Cancel)) => None,
        (Some(_), other) => other,
    }
}

/// How many items the current screen numbers.
pub fn item_count(app: &App) -> usize {
    match app.screen() {
        Screen::Home(_) => app.kb.providers().count(),
        Screen::Walk(state) => match state.walk.current() {
            Node::Question(q) => app.kb.question(q).answers.len(),
            Node::Fix(f) => app.kb.fix(f).copy.len(),
        },
        Screen::Paste(state) => state.matches.len(),
        Screen::Findings(state) => state.rows.len(),
        Screen::Field(_) => FieldTool::ALL.len(),
        _ => 0,
    }
}

/// What the status line shows while a number waits for its next digit: what Enter takes, and
/// which longer numbers the next digit can still make.
pub fn prompt(app: &App, pending: &PendingNumber) -> String {
    let n = pending.value;
    let count = item_count(app);
    let first = n * 10;
    let last = (n * 10 + 9).min(count);
    let what = item_label(app, n)
        .map(|label| format!(" ({})", super::view::truncate(&label, 40)))
        .unwrap_or_default();
    if first == last {
        format!("{n}…  Enter chooses {n}{what}, or type 0 for {first}")
    } else {
        format!("{n}…  Enter chooses {n}{what}, or type a second digit for {first}–{last}")
    }
}

/// The n-th (1-based) item of the current screen's numbered list, in words.
fn item_label(app: &App, n: usize) -> Option<String> {
    let i = n.checked_sub(1)?;
    let label = match app.screen() {
        Screen::Walk(state) => match state.walk.current() {
            Node::Question(q) => app.kb.question(q).answers.get(i)?.label.clone(),
            Node::Fix(f) => {
                let copy = *app.kb.fix(f).copy.get(i)?;
                app.kb.copy_value(copy).label.clone()
            }
        },
        Screen::Paste(state) => app.kb.fix(state.matches.get(i)?.fix).title.clone(),
        Screen::Field(_) => SafeText::from_static(FieldTool::ALL.get(i)?.title()),
        _ => return None,
    };
    Some(label.to_one_line().into_string())
}

fn first_digit(app: &mut App, context: Context, digit: usize) -> Option<Action> {
    // A lone 0 numbers nothing.
    if digit == 0 {
        return None;
    }
    wait_or_pick(app, context, digit)
}

fn next_digit(app: &mut App, pending: PendingNumber, digit: usize) -> Option<Action> {
    let number = pending.value.saturating_mul(10).saturating_add(digit);
    let count = item_count(app);
    if number > count {
        app.status = Some(Status::problem(format!(
            "there is no number {number} here (1–{count})"
        )));
        return None;
    }
    wait_or_pick(app, pending.context, number)
}

fn wait_or_pick(app: &mut App, context: Context, number: usize) -> Option<Action> {
    if number.saturating_mul(10) <= item_count(app) {
        // A longer number could still start with these digits.
        app.pending_number = Some(PendingNumber {
            context,
            value: number,
        });
        None
    } else {
        Some(Action::Pick(number))
    }
}
