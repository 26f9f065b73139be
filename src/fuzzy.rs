//! Fuzzy matching behind a small trait of our own.
