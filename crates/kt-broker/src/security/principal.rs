//! Who a request comes from, as Kafka names it: a principal type and a name, printed
//! `User:alice`. Authentication (TLS client certificates, SASL) decides it per connection;
//! authorization (ACLs) and the tools that show members and ACLs read it.

use std::fmt;

/// Kafka's `KafkaPrincipal`: what ACLs are written against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KafkaPrincipal {
    /// The principal type; Kafka's built-in authentication always gives `User`.
    pub principal_type: String,
    /// The user name (or a certificate's distinguished name, after mapping rules).
    pub name: String,
}

impl KafkaPrincipal {
    /// The principal of a connection that did not authenticate (PLAINTEXT, or SSL without
    /// a client certificate): `User:ANONYMOUS`, as in Kafka.
    pub fn anonymous() -> Self {
        Self::user("ANONYMOUS")
    }

    /// A `User:` principal with this name.
    pub fn user(name: impl Into<String>) -> Self {
        KafkaPrincipal {
            principal_type: "User".to_string(),
            name: name.into(),
        }
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
    }
}
