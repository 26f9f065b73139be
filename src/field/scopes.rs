//! Scope check: a scope list against what a provider and template need.
