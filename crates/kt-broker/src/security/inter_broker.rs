//! How this broker reaches the others (follower fetches, the controller's requests, requests
//! to the controller, transaction markers), as Kafka's brokers do: over the inter-broker
//! listener (`inter.broker.listener.name`, else the listener named after
//! `security.inter.broker.protocol`), with that listener's TLS and SASL.
//!
//! SASL uses `sasl.mechanism.inter.broker.protocol` (Kafka's default GSSAPI, which kt does
//! not speak: a clear start-up error) and the broker's own credentials from the listener's
//! JAAS context for that mechanism (`listener.name.<l>.<mechanism>.sasl.jaas.config`, else
//! the static JAAS file's `KafkaServer` entry: see `sasl::jaas_context`): the `username` and
//! `password` options of PlainLoginModule or ScramLoginModule. Read once at start-up, so a
//! missing setting stops the broker.

use std::sync::Arc;

use thiserror::Error;

use kt_base::config::{SecurityProtocol, ServerConfig};

use super::sasl::client::Login;
use super::sasl::jaas_context::{self, JaasContextError};
use super::sasl::{ListenerSasl, Mechanism, SaslConfigError};
use super::TlsConfigError;

/// Kafka's login module classes, by mechanism.
const PLAIN_LOGIN_MODULE: &str = "org.apache.kafka.common.security.plain.PlainLoginModule";
const SCRAM_LOGIN_MODULE: &str = "org.apache.kafka.common.security.scram.ScramLoginModule";

/// Why the broker cannot connect to other brokers as configured (a start-up error).
#[derive(Debug, Error)]
pub enum InterBrokerConfigError {
    #[error(
        "sasl.mechanism.inter.broker.protocol={0} is not supported by kt (its default is \
         GSSAPI, as Kafka's): set it to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"
    )]
    Unsupported(String),
    #[error(
        "sasl.mechanism.inter.broker.protocol must be included in sasl.enabled.mechanisms when \
         SASL is used for inter-broker communication"
    )]
    NotEnabled,
    #[error(
        "inter-broker listener {listener}: no username and password for the broker's own \
         {mechanism} logins: set listener.name.{lower}.{mechanism_lower}.sasl.jaas.config (or \
         the KafkaServer entry of the JAAS file in KAFKA_OPTS) to {module} required \
         username=\"...\" password=\"...\";",
        lower = listener.to_ascii_lowercase(),
        mechanism_lower = mechanism.to_ascii_lowercase()
    )]
    NoCredentials {
        listener: String,
        mechanism: &'static str,
        module: &'static str,
    },
    #[error(transparent)]
    Jaas(#[from] JaasContextError),
    #[error(transparent)]
    Sasl(#[from] SaslConfigError),
    #[error(transparent)]
    Tls(#[from] TlsConfigError),
}

/// The broker's own SASL login on the inter-broker listener.
#[derive(Debug, Clone)]
pub struct InterBrokerLogin {
    pub mechanism: Mechanism,
    pub login: Login,
}

/// How this broker connects to other brokers.
#[derive(Clone)]
pub struct InterBrokerSecurity {
    /// The inter-broker listener's name: other brokers are reached at their endpoint on it.
    pub listener: String,
    /// TLS settings when the listener is SSL or SASL_SSL.
    pub tls: Option<Arc<rustls::ClientConfig>>,
    /// The SASL login when the listener is SASL_PLAINTEXT or SASL_SSL.
    pub sasl: Option<InterBrokerLogin>,
}

impl std::fmt::Debug for InterBrokerSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterBrokerSecurity")
            .field("listener", &self.listener)
            .field("tls", &self.tls.is_some())
            .field("sasl", &self.sasl)
            .finish()
    }
}

impl InterBrokerSecurity {
    /// Plain TCP on a PLAINTEXT listener of this name.
    pub fn plaintext(listener: &str) -> Self {
        InterBrokerSecurity {
            listener: listener.to_string(),
            tls: None,
            sasl: None,
        }
    }

    /// Reads the inter-broker listener's security from the broker's settings.
    pub fn from_config(config: &ServerConfig) -> Result<Self, InterBrokerConfigError> {
        let listener = config.inter_broker_listener.clone();
        let protocol = config
            .listeners
            .iter()
            .find(|l| l.name == listener)
            .map_or(SecurityProtocol::Plaintext, |l| l.protocol);
        let tls = match protocol.uses_tls() {
            true => Some(super::tls_client::client_config(config, &listener)?),
            false => None,
        };
        let sasl = match protocol {
            SecurityProtocol::SaslPlaintext | SecurityProtocol::SaslSsl => {
                Some(login(config, &listener)?)
            }
            SecurityProtocol::Plaintext | SecurityProtocol::Ssl => None,
        };
        Ok(InterBrokerSecurity {
            listener,
            tls,
            sasl,
        })
    }
}

/// The mechanism and the broker's credentials for it on the SASL listener `listener`.
fn login(
    config: &ServerConfig,
    listener: &str,
) -> Result<InterBrokerLogin, InterBrokerConfigError> {
    let name = config
        .properties
        .get("sasl.mechanism.inter.broker.protocol")
        .map_or("GSSAPI", |v| v.trim());
    // kt's brokers log in to each other with a password: OAUTHBEARER would need a token
    // provider, which kt's broker does not have.
    let mechanism = Mechanism::parse(name)
        .filter(|m| !matches!(m, Mechanism::OAuthBearer))
        .ok_or_else(|| InterBrokerConfigError::Unsupported(name.into()))?;
    let enabled = ListenerSasl::from_config(config, listener)?;
    if enabled.enabled(name).is_none() {
        return Err(InterBrokerConfigError::NotEnabled);
    }
    let module = match mechanism {
        Mechanism::Plain => PLAIN_LOGIN_MODULE,
        Mechanism::Scram(_) => SCRAM_LOGIN_MODULE,
        Mechanism::OAuthBearer => return Err(InterBrokerConfigError::Unsupported(name.into())),
    };
    let missing = || InterBrokerConfigError::NoCredentials {
        listener: listener.to_string(),
        mechanism: mechanism.name(),
        module,
    };
    let found =
        jaas_context::server_login_module(config, listener, name, module)?.ok_or_else(missing)?;
    let options = &found.options;
    match (options.get("username"), options.get("password")) {
        (Some(user), Some(password)) => Ok(InterBrokerLogin {
            mechanism,
            login: Login {
                user: user.clone(),
                password: password.clone(),
                token_auth: false,
            },
        }),
        _ => Err(missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kt_base::config::Properties;

    fn config(pairs: &[(&str, &str)]) -> ServerConfig {
        let mut props = Properties::new();
        props.insert("listeners".into(), "SASL_PLAINTEXT://127.0.0.1:0".into());
        props.insert(
            "security.inter.broker.protocol".into(),
            "SASL_PLAINTEXT".into(),
        );
        for (k, v) in pairs {
            props.insert(k.to_string(), v.to_string());
        }
        ServerConfig::from_properties(&props).unwrap().0
    }

    const SCRAM_JAAS: &str = "org.apache.kafka.common.security.scram.ScramLoginModule required \
                              username=\"admin\" password=\"admin-secret\";";

    #[test]
    fn reads_the_listeners_scram_entry_and_refuses_what_kt_cannot_do() {
        let good = config(&[
            ("sasl.enabled.mechanisms", "SCRAM-SHA-512"),
            ("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512"),
            (
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                SCRAM_JAAS,
            ),
        ]);
        let security = InterBrokerSecurity::from_config(&good).unwrap();
        assert_eq!(security.listener, "SASL_PLAINTEXT");
        assert!(security.tls.is_none());
        let login = security.sasl.unwrap();
        assert_eq!(login.mechanism.name(), "SCRAM-SHA-512");
        assert_eq!(login.login.user, "admin");
        assert_eq!(login.login.password, "admin-secret");

        // Kafka's default mechanism, GSSAPI.
        let gssapi = config(&[("sasl.enabled.mechanisms", "SCRAM-SHA-512")]);
        let e = InterBrokerSecurity::from_config(&gssapi).unwrap_err();
        assert!(
            e.to_string().contains("GSSAPI is not supported by kt"),
            "{e}"
        );
        // The mechanism must be enabled on the listener.
        let disabled = config(&[
            ("sasl.enabled.mechanisms", "SCRAM-SHA-256"),
            ("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512"),
            ("sasl.jaas.config", SCRAM_JAAS),
        ]);
        let e = InterBrokerSecurity::from_config(&disabled).unwrap_err();
        assert!(e.to_string().contains("must be included"), "{e}");
        // A PLAIN entry with only server-side users gives no credentials.
        let no_login = config(&[
            ("sasl.enabled.mechanisms", "PLAIN"),
            ("sasl.mechanism.inter.broker.protocol", "PLAIN"),
            (
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required \
                 user_admin=\"secret\";",
            ),
        ]);
        let e = InterBrokerSecurity::from_config(&no_login).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("no username and password"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
