//! Where we are in a tree: history, back, answers → transcript.
