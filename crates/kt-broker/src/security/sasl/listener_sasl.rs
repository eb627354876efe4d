//! A SASL listener's settings: the mechanisms it enables (`sasl.enabled.mechanisms`, per
//! listener with `listener.name.<l>.`); for PLAIN the users of its JAAS entry, for
//! OAUTHBEARER the unsecured-token validator's options
//! (`listener.name.<l>.<mechanism>.sasl.jaas.config`, else
//! `listener.name.<l>.sasl.jaas.config`, else `sasl.jaas.config`); and how long an
//! authenticated session lasts before the client must re-authenticate
//! (`connections.max.reauth.ms`, KIP-368). Read once at start-up, so a bad setting stops
//! the broker.

use kt_base::config::ServerConfig;
use thiserror::Error;

use super::jaas::{self, JaasError, LoginModule};
use super::oauthbearer::{OAuthConfigError, UnsecuredValidator, OAUTHBEARER_LOGIN_MODULE};
use super::plain::PlainUsers;
use super::scram::ScramMechanism;

/// Kafka's class for PLAIN's login module.
const PLAIN_LOGIN_MODULE: &str = "org.apache.kafka.common.security.plain.PlainLoginModule";

/// A mechanism kt's broker serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Scram(ScramMechanism),
    /// OAUTHBEARER with unsecured JWS tokens.
    OAuthBearer,
}

impl Mechanism {
    /// Kafka's name for the mechanism.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Scram(m) => m.name(),
            Mechanism::OAuthBearer => "OAUTHBEARER",
        }
    }

    /// The mechanism Kafka names `name`, if kt speaks it.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "PLAIN" => Some(Mechanism::Plain),
            "OAUTHBEARER" => Some(Mechanism::OAuthBearer),
            other => ScramMechanism::from_name(other).map(Mechanism::Scram),
        }
    }
}

/// Why a SASL listener cannot start.
#[derive(Debug, Error)]
pub enum SaslConfigError {
    #[error(
        "listener {listener}: SASL mechanism {mechanism} is not supported by kt (PLAIN, \
         SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER with unsecured tokens are); set \
         sasl.enabled.mechanisms"
    )]
    Unsupported { listener: String, mechanism: String },
    #[error("listener {listener}: sasl.enabled.mechanisms is empty")]
    NoMechanism { listener: String },
    #[error(
        "Could not find a 'KafkaServer' or '{listener}.KafkaServer' entry in the JAAS \
         configuration: set listener.name.{listener}.plain.sasl.jaas.config with \
         {PLAIN_LOGIN_MODULE}"
    )]
    NoPlainJaas { listener: String },
    #[error(
        "Could not find a 'KafkaServer' or '{listener}.KafkaServer' entry in the JAAS \
         configuration: set listener.name.{listener}.oauthbearer.sasl.jaas.config with \
         {OAUTHBEARER_LOGIN_MODULE}"
    )]
    NoOAuthJaas { listener: String },
    #[error("listener {listener}: OAUTHBEARER's JAAS options: {source}")]
    OAuth {
        listener: String,
        source: OAuthConfigError,
    },
    #[error("Invalid value {value} for configuration {key}: Not a number of type LONG")]
    MaxReauth { key: String, value: String },
    #[error("listener {listener}: {key}: {source}")]
    Jaas {
        listener: String,
        key: String,
        source: JaasError,
    },
}

/// What one SASL listener accepts.
#[derive(Debug, Clone)]
pub struct ListenerSasl {
    /// The enabled mechanisms, in the order configured (what SaslHandshake answers).
    pub mechanisms: Vec<Mechanism>,
    /// The PLAIN users, when PLAIN is enabled.
    pub plain_users: PlainUsers,
    /// The validator of OAUTHBEARER tokens, when OAUTHBEARER is enabled.
    pub oauthbearer: Option<UnsecuredValidator>,
    /// `connections.max.reauth.ms`: the longest a session lasts before the client must
    /// re-authenticate on the same connection; 0 (Kafka's default) for no limit.
    pub max_reauth_ms: i64,
}

impl ListenerSasl {
    /// Reads the SASL settings of `listener` (its name as in `listeners`).
    pub fn from_config(config: &ServerConfig, listener: &str) -> Result<Self, SaslConfigError> {
        let lower = listener.to_ascii_lowercase();
        // Kafka's default is GSSAPI, which kt does not serve: the message below says so.
        let enabled = config
            .listener_property(listener, "sasl.enabled.mechanisms")
            .unwrap_or("GSSAPI");
        let mut mechanisms = Vec::new();
        for name in enabled.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let mechanism = Mechanism::parse(name).ok_or_else(|| SaslConfigError::Unsupported {
                listener: listener.to_string(),
                mechanism: name.to_string(),
            })?;
            if !mechanisms.contains(&mechanism) {
                mechanisms.push(mechanism);
            }
        }
        if mechanisms.is_empty() {
            return Err(SaslConfigError::NoMechanism {
                listener: listener.to_string(),
            });
        }
        let mut plain_users = PlainUsers::default();
        if mechanisms.contains(&Mechanism::Plain) {
            let module =
                login_module(config, listener, "plain", PLAIN_LOGIN_MODULE)?.ok_or_else(|| {
                    SaslConfigError::NoPlainJaas {
                        listener: lower.clone(),
                    }
                })?;
            plain_users = PlainUsers::from_options(&module.options);
        }
        let mut oauthbearer = None;
        if mechanisms.contains(&Mechanism::OAuthBearer) {
            let module = login_module(config, listener, "oauthbearer", OAUTHBEARER_LOGIN_MODULE)?
                .ok_or_else(|| SaslConfigError::NoOAuthJaas {
                listener: lower.clone(),
            })?;
            oauthbearer = Some(UnsecuredValidator::from_options(&module.options).map_err(
                |source| SaslConfigError::OAuth {
                    listener: listener.to_string(),
                    source,
                },
            )?);
        }
        let max_reauth_ms = match config.listener_property(listener, "connections.max.reauth.ms") {
            None => 0,
            Some(value) => value
                .parse::<i64>()
                .map_err(|_| SaslConfigError::MaxReauth {
                    key: "connections.max.reauth.ms".to_string(),
                    value: value.to_string(),
                })?,
        };
        Ok(ListenerSasl {
            mechanisms,
            plain_users,
            oauthbearer,
            max_reauth_ms,
        })
    }

    /// The enabled mechanism of this name, if any.
    pub fn enabled(&self, name: &str) -> Option<Mechanism> {
        Mechanism::parse(name).filter(|m| self.mechanisms.contains(m))
    }

    /// The session lifetime to grant at `now_ms` (KIP-368, as Kafka's
    /// `SaslServerAuthenticator` computes it): `connections.max.reauth.ms`, shortened to the
    /// credential's remaining life when it expires (an OAUTHBEARER token, a delegation
    /// token); `None` when neither bounds the session (the client never re-authenticates).
    pub fn session_lifetime_ms(
        &self,
        credential_expiry_ms: Option<i64>,
        now_ms: i64,
    ) -> Option<i64> {
        let max = Some(self.max_reauth_ms).filter(|ms| *ms > 0);
        let remaining = credential_expiry_ms.map(|expiry| expiry - now_ms);
        let lifetime = match (max, remaining) {
            (None, None) => return None,
            (Some(max), None) => max,
            (None, Some(remaining)) => remaining,
            (Some(max), Some(remaining)) => max.min(remaining),
        };
        Some(lifetime.max(0))
    }

    /// The enabled mechanisms' names, for SaslHandshake's answer.
    pub fn names(&self) -> Vec<&'static str> {
        self.mechanisms.iter().map(|m| m.name()).collect()
    }
}

/// The login module of class `class` in the listener's JAAS entry for `mechanism` (lower
/// case, as in `listener.name.<l>.<mechanism>.sasl.jaas.config`), else in its
/// `sasl.jaas.config`; `None` when neither names that class.
fn login_module(
    config: &ServerConfig,
    listener: &str,
    mechanism: &str,
    class: &str,
) -> Result<Option<LoginModule>, SaslConfigError> {
    let scoped = format!(
        "listener.name.{}.{mechanism}.sasl.jaas.config",
        listener.to_ascii_lowercase()
    );
    let (key, text) = match config.properties.get(&scoped) {
        Some(text) => (scoped, text.as_str()),
        None => match config.listener_property(listener, "sasl.jaas.config") {
            Some(text) => ("sasl.jaas.config".to_string(), text),
            None => return Ok(None),
        },
    };
    let modules = jaas::parse(text).map_err(|source| SaslConfigError::Jaas {
        listener: listener.to_string(),
        key,
        source,
    })?;
    Ok(modules.into_iter().find(|m| m.class == class))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_last_the_shorter_of_the_limit_and_the_credential() {
        let mut sasl = ListenerSasl {
            mechanisms: vec![Mechanism::Plain],
            plain_users: PlainUsers::default(),
            oauthbearer: None,
            max_reauth_ms: 0,
        };
        assert_eq!(sasl.session_lifetime_ms(None, 1000), None);
        assert_eq!(sasl.session_lifetime_ms(Some(6000), 1000), Some(5000));
        assert_eq!(sasl.session_lifetime_ms(Some(500), 1000), Some(0));
        sasl.max_reauth_ms = 2000;
        assert_eq!(sasl.session_lifetime_ms(None, 1000), Some(2000));
        assert_eq!(sasl.session_lifetime_ms(Some(6000), 1000), Some(2000));
        assert_eq!(sasl.session_lifetime_ms(Some(2500), 1000), Some(1500));
    }
}
