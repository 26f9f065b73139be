//! Offline checks of a customer's real values: redirect URIs, tokens, scopes.
