//! A pasted authorize URL: which provider's endpoint it is (from the flows' `[[field.authorize]]`),
//! and what Connect sent in it (`redirect_uri`, `client_id`, `scope`).

use url::Url;

use super::Provider;
use crate::kb::KnowledgeBase;

/// What a pasted authorize URL says about the login Connect started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    /// The provider recognised from the endpoint, when it is one we know.
    pub provider: Option<Provider>,
    /// The endpoint without its query.
    pub endpoint: String,
    /// What the endpoint's path names (an Entra tenant, a Keycloak realm), as (label, value).
    pub path_details: Vec<(String, String)>,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    /// The redirect URI Connect sent, decoded.
    pub redirect_uri: Option<String>,
}

/// Reads `input` as a provider's authorize URL: an authorize endpoint a flow declares, or any
/// web URL whose query carries OAuth parameters. `None` for anything else (a plain redirect URI).
pub fn parse_authorize(kb: &KnowledgeBase, input: &str) -> Option<AuthorizeRequest> {
    let url = Url::parse(input.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let redirect_uri = param("redirect_uri");
    let client_id = param("client_id");
    let has_oauth_query =
        redirect_uri.is_some() || client_id.is_some() || param("response_type").is_some();
    let recognised = kb.recognise_authorize(url.host_str().unwrap_or_default(), url.path());
    if recognised.is_none() && !has_oauth_query {
        return None;
    }
    let (provider, path_details) = match recognised {
        Some(found) => (
            Provider::of(kb, found.provider),
            found
                .captures
                .into_iter()
                .map(|(name, value)| (capitalised(&name), value))
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    let mut endpoint = url.clone();
    endpoint.set_query(None);
    endpoint.set_fragment(None);
    Some(AuthorizeRequest {
        provider,
        endpoint: endpoint.to_string(),
        path_details,
        client_id,
        scope: param("scope"),
        redirect_uri,
    })
}

/// `tenant` → `Tenant`, as a detail's label.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
