//! A SASL listener's settings: the mechanisms it enables (`sasl.enabled.mechanisms`, per
//! listener with `listener.name.<l>.`) and, for PLAIN, the users of its JAAS entry
//! (`listener.name.<l>.plain.sasl.jaas.config`, else `listener.name.<l>.sasl.jaas.config`,
//! else `sasl.jaas.config`). Read once at start-up, so a bad setting stops the broker.

use kt_base::config::ServerConfig;
use thiserror::Error;

use super::jaas::{self, JaasError};
use super::plain::PlainUsers;
use super::scram::ScramMechanism;

/// Kafka's class for PLAIN's login module.
const PLAIN_LOGIN_MODULE: &str = "org.apache.kafka.common.security.plain.PlainLoginModule";

/// A mechanism kt's broker serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Scram(ScramMechanism),
}

impl Mechanism {
    /// Kafka's name for the mechanism.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Scram(m) => m.name(),
        }
    }

    /// The mechanism Kafka names `name`, if kt speaks it.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "PLAIN" => Some(Mechanism::Plain),
            other => ScramMechanism::from_name(other).map(Mechanism::Scram),
        }
    }
}

/// Why a SASL listener cannot start.
#[derive(Debug, Error)]
pub enum SaslConfigError {
    #[error(
        "listener {listener}: SASL mechanism {mechanism} is not supported by kt (PLAIN, \
         SCRAM-SHA-256 and SCRAM-SHA-512 are); set sasl.enabled.mechanisms"
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
            let scoped = format!("listener.name.{lower}.plain.sasl.jaas.config");
            let (key, text) = match config.properties.get(&scoped) {
                Some(text) => (scoped, text.as_str()),
                None => match config.listener_property(listener, "sasl.jaas.config") {
                    Some(text) => ("sasl.jaas.config".to_string(), text),
                    None => {
                        return Err(SaslConfigError::NoPlainJaas {
                            listener: lower.clone(),
                        })
                    }
                },
            };
            let modules = jaas::parse(text).map_err(|source| SaslConfigError::Jaas {
                listener: listener.to_string(),
                key: key.clone(),
                source,
            })?;
            let module = modules
                .iter()
                .find(|m| m.class == PLAIN_LOGIN_MODULE)
                .ok_or_else(|| SaslConfigError::NoPlainJaas {
                    listener: lower.clone(),
                })?;
            plain_users = PlainUsers::from_options(&module.options);
        }
        Ok(ListenerSasl {
            mechanisms,
            plain_users,
        })
    }

    /// The enabled mechanism of this name, if any.
    pub fn enabled(&self, name: &str) -> Option<Mechanism> {
        Mechanism::parse(name).filter(|m| self.mechanisms.contains(m))
    }

    /// The enabled mechanisms' names, for SaslHandshake's answer.
    pub fn names(&self) -> Vec<&'static str> {
        self.mechanisms.iter().map(|m| m.name()).collect()
    }
}
