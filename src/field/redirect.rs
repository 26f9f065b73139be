//! Redirect URI check: Connect's callback against what the provider has registered.
