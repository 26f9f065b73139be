//! The walk as Markdown, for tickets.
