//! SASL/PLAIN (RFC 4616) checked against the `user_<name>="<password>"` options of the
//! listener's `PlainLoginModule` JAAS entry, with Kafka's messages.

use std::collections::BTreeMap;

use thiserror::Error;

/// Why a PLAIN token was refused; every message is one Kafka sends the client.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PlainError {
    #[error("Invalid SASL/PLAIN response: expected 3 tokens, got {0}")]
    Tokens(usize),
    #[error("Authentication failed: username not specified")]
    NoUser,
    #[error("Authentication failed: password not specified")]
    NoPassword,
    #[error("Authentication failed: Invalid username or password")]
    Invalid,
    #[error("Authentication failed: Client requested an authorization id that is different from username")]
    AuthorizationId,
}

/// The PLAIN users of one listener: name to password, from the JAAS options.
#[derive(Clone, Default)]
pub struct PlainUsers(BTreeMap<String, String>);

impl std::fmt::Debug for PlainUsers {
    // The passwords stay out of any debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl PlainUsers {
    /// The users of a `PlainLoginModule` entry: each `user_<name>` option.
    pub fn from_options(options: &BTreeMap<String, String>) -> Self {
        PlainUsers(
            options
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("user_")?.to_string(), v.clone())))
                .collect(),
        )
    }

    /// Checks `authzid NUL username NUL password`; returns the user name.
    pub fn authenticate(&self, token: &[u8]) -> Result<String, PlainError> {
        let text = String::from_utf8_lossy(token);
        let parts: Vec<&str> = text.split('\0').collect();
        if parts.len() != 3 {
            return Err(PlainError::Tokens(parts.len()));
        }
        let (authzid, user, password) = (parts[0], parts[1], parts[2]);
        if user.is_empty() {
            return Err(PlainError::NoUser);
        }
        if password.is_empty() {
            return Err(PlainError::NoPassword);
        }
        let known = self
            .0
            .get(user)
            .is_some_and(|expected| same_bytes(expected.as_bytes(), password.as_bytes()));
        if !known {
            return Err(PlainError::Invalid);
        }
        if !authzid.is_empty() && authzid != user {
            return Err(PlainError::AuthorizationId);
        }
        Ok(user.to_string())
    }
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> PlainUsers {
        PlainUsers::from_options(&BTreeMap::from([
            ("username".to_string(), "admin".to_string()),
            ("user_alice".to_string(), "alice-secret".to_string()),
        ]))
    }

    #[test]
    fn checks_tokens_as_kafka_does() {
        let u = users();
        assert_eq!(u.authenticate(b"\0alice\0alice-secret").unwrap(), "alice");
        assert_eq!(
            u.authenticate(b"alice\0alice\0alice-secret").unwrap(),
            "alice"
        );
        assert_eq!(u.authenticate(b"\0alice\0wrong"), Err(PlainError::Invalid));
        assert_eq!(u.authenticate(b"\0admin\0x"), Err(PlainError::Invalid));
        assert_eq!(u.authenticate(b"\0\0x"), Err(PlainError::NoUser));
        assert_eq!(u.authenticate(b"\0alice\0"), Err(PlainError::NoPassword));
        assert_eq!(u.authenticate(b"alice-secret"), Err(PlainError::Tokens(1)));
        assert_eq!(
            u.authenticate(b"bob\0alice\0alice-secret"),
            Err(PlainError::AuthorizationId)
        );
        assert!(!format!("{u:?}").contains("secret"));
    }
}
