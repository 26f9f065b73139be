//! How a walk ends: resolved, or the escalation checklist.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::kb::{Node, ProviderIdx};
use crate::tui::action::Action;
use crate::tui::app::{App, WalkState};
use crate::tui::doc::Para;
use crate::tui::keys::{self, Context};

pub fn resolved(app: &App, state: &WalkState) -> Vec<Para> {
    let theme = &app.theme;
    let title = match state.walk.current() {
        Node::Fix(f) => app.kb.fix(f).title.to_one_line().into_string(),
        Node::Question(_) => String::new(),
    };
    let key = |a| keys::key_for(Context::Resolved, a);
    vec![
        Para::spans(vec![Span::styled(
            "✓ Resolved",
            theme.ok.patch(theme.title),
        )]),
        Para::blank(),
        Para::spans(vec![
            Span::raw("Fixed by: "),
            Span::styled(title, theme.heading),
        ]),
        Para::blank(),
        Para::spans(vec![
            Span::raw("Press "),
            Span::styled(key(Action::Export), theme.key),
            Span::raw(" to export a Markdown transcript of this walk for the ticket, "),
            Span::styled(key(Action::StartOver), theme.key),
            Span::raw(" to start over, or "),
            Span::styled(key(Action::Back), theme.key),
            Span::raw(" to go back to the fix."),
        ]),
    ]
}

pub fn escalation(app: &App, provider: ProviderIdx) -> Vec<Para> {
    let theme = &app.theme;
    let key = |a| keys::key_for(Context::Escalation, a);
    let mut paras = vec![
        Para::text(
            "Not fixed — time to escalate",
            theme.warning.patch(theme.title),
        ),
        Para::blank(),
        Para::text(
            "Nothing more in the knowledge base fits. Collect these before escalating:",
            Style::new(),
        ),
        Para::blank(),
    ];
    for item in app.kb.escalation(Some(provider)) {
        paras.push(Para::prefixed(
            "  ☐ ",
            theme.key,
            vec![Span::raw(item.to_one_line())],
        ));
    }
    paras.push(Para::blank());
    paras.push(Para::spans(vec![
        Span::styled(key(Action::CopySelected), theme.key),
        Span::raw(" copies this checklist; "),
        Span::styled(key(Action::Export), theme.key),
        Span::raw(" exports the whole walk as a transcript."),
    ]));
    paras
}
