//! Who a request comes from, as Kafka names it: a principal type and a name, printed
//! `User:alice`. Authentication (TLS client certificates, SASL) decides it per connection;
//! authorization (ACLs) and the tools that show members and ACLs read it.

use std::fmt;

/// Kafka's `KafkaPrincipal`: what ACLs are written against. Two principals are the same
/// when type and name are: whether a connection authenticated with a delegation token does
/// not make its owner someone else (as Kafka's `equals` ignores `tokenAuthenticated`).
#[derive(Debug, Clone)]
pub struct KafkaPrincipal {
    /// The principal type; Kafka's built-in authentication always gives `User`.
    pub principal_type: String,
    /// The user name (or a certificate's distinguished name, after mapping rules).
    pub name: String,
    /// Whether the connection authenticated with a delegation token (SCRAM `tokenauth`):
    /// such a connection may not create, renew, expire or describe tokens.
    pub token_authenticated: bool,
}

impl PartialEq for KafkaPrincipal {
    fn eq(&self, other: &Self) -> bool {
        self.principal_type == other.principal_type && self.name == other.name
    }
}

impl Eq for KafkaPrincipal {}

impl std::hash::Hash for KafkaPrincipal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.principal_type.hash(state);
        self.name.hash(state);
    }
}

impl KafkaPrincipal {
    /// The principal of a connection that did not authenticate (PLAINTEXT, or SSL without
    /// a client certificate): `User:ANONYMOUS`, as in Kafka.
    pub fn anonymous() -> Self {
        Self::user("ANONYMOUS")
    }

    /// A `User:` principal with this name.
    pub fn user(name: impl Into<String>) -> Self {
        Self::new("User", name)
    }

    /// A principal of any type.
    pub fn new(principal_type: impl Into<String>, name: impl Into<String>) -> Self {
        KafkaPrincipal {
            principal_type: principal_type.into(),
            name: name.into(),
            token_authenticated: false,
        }
    }

    /// Reads `Type:name` as Kafka's `SecurityUtils.parseKafkaPrincipal` does (the name may
    /// hold further colons); None without a colon or with an empty part.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, name) = text.split_once(':')?;
        (!kind.is_empty() && !name.is_empty()).then(|| Self::new(kind, name))
    }
}

impl fmt::Display for KafkaPrincipal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.principal_type, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_kafka_does() {
        assert_eq!(KafkaPrincipal::anonymous().to_string(), "User:ANONYMOUS");
        assert_eq!(KafkaPrincipal::user("alice").to_string(), "User:alice");
        let mut token_user = KafkaPrincipal::parse("User:alice").unwrap();
        token_user.token_authenticated = true;
        assert_eq!(token_user, KafkaPrincipal::user("alice"));
        assert_eq!(KafkaPrincipal::parse("User:CN=a:b").unwrap().name, "CN=a:b");
        assert!(KafkaPrincipal::parse("alice").is_none());
    }
}
