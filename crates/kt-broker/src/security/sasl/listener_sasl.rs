//! A SASL listener's settings: the mechanisms it enables (`sasl.enabled.mechanisms`, per
//! listener with `listener.name.<l>.`); for PLAIN the users of its JAAS entry, for
//! OAUTHBEARER the unsecured-token validator's options (from the listener's JAAS context:
//! `jaas_context` says where that is found); and how long an
//! authenticated session lasts before the client must re-authenticate
//! (`connections.max.reauth.ms`, KIP-368). Read once at start-up, so a bad setting stops
//! the broker.

use kt_base::config::ServerConfig;
use thiserror::Error;

use super::jaas_context::{self, JaasContextError};
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
         configuration. System property 'java.security.auth.login.config' is {file} (kt: set \
         listener.name.{listener}.plain.sasl.jaas.config with {PLAIN_LOGIN_MODULE}, or name a \
         JAAS file in KAFKA_OPTS)"
    )]
    NoPlainJaas { listener: String, file: String },
    #[error(
        "Could not find a 'KafkaServer' or '{listener}.KafkaServer' entry in the JAAS \
         configuration. System property 'java.security.auth.login.config' is {file} (kt: set \
         listener.name.{listener}.oauthbearer.sasl.jaas.config with {OAUTHBEARER_LOGIN_MODULE}, \
         or name a JAAS file in KAFKA_OPTS)"
    )]
    NoOAuthJaas { listener: String, file: String },
    #[error("listener {listener}: OAUTHBEARER's JAAS options: {source}")]
    OAuth {
        listener: String,
        source: OAuthConfigError,
    },
    #[error("Invalid value {value} for configuration {key}: Not a number of type LONG")]
    MaxReauth { key: String, value: String },
    #[error(transparent)]
    Jaas(#[from] JaasContextError),
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
    /// `connections.max.reauth.ms` by mechanism (Kafka's
    /// `listener.name.<l>.<mechanism>.connections.max.reauth.ms`, else the listener's, else
    /// the broker's): the longest a session lasts before the client must re-authenticate on
    /// the same connection; 0 (Kafka's default) for no limit.
    pub max_reauth_ms: Vec<(Mechanism, i64)>,
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
                jaas_context::server_login_module(config, listener, "plain", PLAIN_LOGIN_MODULE)?
                    .ok_or_else(|| SaslConfigError::NoPlainJaas {
                    listener: lower.clone(),
                    file: jaas_context::login_config_state(config),
                })?;
            plain_users = PlainUsers::from_options(&module.options);
        }
        let mut oauthbearer = None;
        if mechanisms.contains(&Mechanism::OAuthBearer) {
            let module = jaas_context::server_login_module(
                config,
                listener,
                "oauthbearer",
                OAUTHBEARER_LOGIN_MODULE,
            )?
            .ok_or_else(|| SaslConfigError::NoOAuthJaas {
                listener: lower.clone(),
                file: jaas_context::login_config_state(config),
            })?;
            oauthbearer = Some(UnsecuredValidator::from_options(&module.options).map_err(
                |source| SaslConfigError::OAuth {
                    listener: listener.to_string(),
                    source,
                },
            )?);
        }
        let mut max_reauth_ms = Vec::new();
        for &mechanism in &mechanisms {
            max_reauth_ms.push((mechanism, max_reauth(config, listener, mechanism)?));
        }
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

    /// The session lifetime to grant a login with `mechanism` at `now_ms` (KIP-368, as
    /// Kafka's `SaslServerAuthenticator` computes it): the mechanism's
    /// `connections.max.reauth.ms`, shortened to the
    /// credential's remaining life when it expires (an OAUTHBEARER token, a delegation
    /// token); `None` when neither bounds the session (the client never re-authenticates).
    pub fn session_lifetime_ms(
        &self,
        mechanism: Mechanism,
        credential_expiry_ms: Option<i64>,
        now_ms: i64,
    ) -> Option<i64> {
        let max = self
            .max_reauth_ms
            .iter()
            .find(|(m, _)| *m == mechanism)
            .map(|(_, ms)| *ms)
            .filter(|ms| *ms > 0);
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

/// `connections.max.reauth.ms` for `mechanism` on `listener`, looked up as Kafka's
/// `SaslChannelBuilder` does: `listener.name.<l>.<mechanism>.connections.max.reauth.ms`, else
/// `listener.name.<l>.connections.max.reauth.ms`, else `connections.max.reauth.ms`; 0 when
/// none is set.
fn max_reauth(
    config: &ServerConfig,
    listener: &str,
    mechanism: Mechanism,
) -> Result<i64, SaslConfigError> {
    const KEY: &str = "connections.max.reauth.ms";
    let scoped = format!(
        "listener.name.{}.{}.{KEY}",
        listener.to_ascii_lowercase(),
        mechanism.name().to_ascii_lowercase()
    );
    let (key, value) = match config.properties.get(&scoped) {
        Some(value) => (scoped, value.trim()),
        None => match config.listener_property(listener, KEY) {
            Some(value) => (KEY.to_string(), value),
            None => return Ok(0),
        },
    };
    value
        .parse::<i64>()
        .map_err(|_| SaslConfigError::MaxReauth {
            key,
            value: value.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_last_the_shorter_of_the_limit_and_the_credential() {
        let plain = Mechanism::Plain;
        let mut sasl = ListenerSasl {
            mechanisms: vec![plain],
            plain_users: PlainUsers::default(),
            oauthbearer: None,
            max_reauth_ms: vec![(plain, 0)],
        };
        assert_eq!(sasl.session_lifetime_ms(plain, None, 1000), None);
        assert_eq!(
            sasl.session_lifetime_ms(plain, Some(6000), 1000),
            Some(5000)
        );
        assert_eq!(sasl.session_lifetime_ms(plain, Some(500), 1000), Some(0));
        sasl.max_reauth_ms = vec![(plain, 2000)];
        assert_eq!(sasl.session_lifetime_ms(plain, None, 1000), Some(2000));
        assert_eq!(
            sasl.session_lifetime_ms(plain, Some(6000), 1000),
            Some(2000)
        );
        assert_eq!(
            sasl.session_lifetime_ms(plain, Some(2500), 1000),
            Some(1500)
        );
    }

    #[test]
    fn a_mechanism_may_have_its_own_reauthentication_limit() {
        let mut props = kt_base::config::Properties::new();
        for (k, v) in [
            (
                "listeners",
                "SASL_PLAINTEXT://127.0.0.1:0,PLAINTEXT://127.0.0.1:0",
            ),
            (
                "sasl.enabled.mechanisms",
                "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
            ),
            (
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"b\";",
            ),
            ("connections.max.reauth.ms", "9000"),
            (
                "listener.name.sasl_plaintext.connections.max.reauth.ms",
                "5000",
            ),
            (
                "listener.name.sasl_plaintext.scram-sha-512.connections.max.reauth.ms",
                "1000",
            ),
        ] {
            props.insert(k.into(), v.into());
        }
        let config = ServerConfig::from_properties(&props).unwrap().0;
        let sasl = ListenerSasl::from_config(&config, "SASL_PLAINTEXT").unwrap();
        let sha256 = Mechanism::parse("SCRAM-SHA-256").unwrap();
        let sha512 = Mechanism::parse("SCRAM-SHA-512").unwrap();
        assert_eq!(sasl.session_lifetime_ms(sha512, None, 0), Some(1000));
        assert_eq!(sasl.session_lifetime_ms(sha256, None, 0), Some(5000));
        assert_eq!(
            sasl.session_lifetime_ms(Mechanism::Plain, None, 0),
            Some(5000)
        );

        props.insert(
            "listener.name.sasl_plaintext.plain.connections.max.reauth.ms".into(),
            "soon".into(),
        );
        let config = ServerConfig::from_properties(&props).unwrap().0;
        let err = ListenerSasl::from_config(&config, "SASL_PLAINTEXT").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value soon for configuration \
             listener.name.sasl_plaintext.plain.connections.max.reauth.ms: Not a number of type LONG"
        );
    }
}
