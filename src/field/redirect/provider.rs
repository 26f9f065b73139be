//! The provider a redirect check points at, from its flow's `[field]` table.

use std::fmt;

use crate::kb::{KnowledgeBase, ProviderIdx};

/// A provider whose redirect-URI fix the check can point at, as its flow's `[field]` declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The provider id (`azure`).
    pub id: String,
    /// Its name in findings ("Microsoft Entra ID").
    pub name: crate::text::SafeText,
    /// The fix for "the redirect URI does not match" there.
    pub fix_id: String,
}

impl Provider {
    /// The provider `kb` knows as `idx`, when its flow names a redirect fix.
    pub fn of(kb: &KnowledgeBase, idx: ProviderIdx) -> Option<Provider> {
        let facts = kb.field_facts(idx)?;
        let fix = facts.redirect_fix?;
        Some(Provider {
            id: kb.provider(idx).id.clone(),
            name: facts.name.clone(),
            fix_id: kb.fix(fix).id.clone(),
        })
    }

    /// Reads a provider id, alias or a Connect template that logs in through a provider
    /// (`msgraph` → Entra ID, `drive` → Google).
    pub fn parse(kb: &KnowledgeBase, name: &str) -> Option<Provider> {
        Provider::of(kb, kb.field_target(name)?.provider)
    }

    /// The ids `parse` accepts first, for messages.
    pub fn ids(kb: &KnowledgeBase) -> Vec<&str> {
        kb.redirect_provider_ids()
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}
