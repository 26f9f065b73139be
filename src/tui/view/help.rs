//! Help, generated from the key table: this screen's keys first, then the keys that work
//! everywhere, then every other screen's.

use ratatui::text::Span;

use crate::tui::doc::Para;
use crate::tui::keys::{self, Context};
use crate::tui::style::Theme;

/// Width of the key column.
const KEYS_WIDTH: usize = 24;

pub fn doc(theme: &Theme, from: Context) -> Vec<Para> {
    let mut paras = vec![
        Para::text("Keys", theme.title),
        Para::text(
            "Paste an error anywhere to diagnose it. Unless started with --mouse, select text with the mouse as usual (with --mouse, hold Shift while dragging).",
            theme.dim,
        ),
        Para::blank(),
    ];
    let mut section = |title: String, context: Context, own_only: bool| {
        paras.push(Para::text(title, theme.heading));
        let rows: Box<dyn Iterator<Item = &keys::Binding>> = if own_only {
            Box::new(keys::screen_bindings(context).iter())
        } else {
            Box::new(keys::bindings(context))
        };
        for binding in rows {
            let keys = keys::keys_label(binding);
            paras.push(Para::prefixed(
                format!("  {keys:<KEYS_WIDTH$} "),
                theme.key,
                vec![Span::raw(binding.action.description())],
            ));
        }
        paras.push(Para::blank());
    };
    section(format!("On this screen ({})", from.title()), from, false);
    for context in Context::ALL
        .into_iter()
        .filter(|c| *c != from && *c != Context::Help)
    {
        section(context.title().to_string(), context, true);
    }
    paras
}
