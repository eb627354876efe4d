//! Where a login's JAAS modules come from, as Kafka's `JaasContext` finds them: a
//! `sasl.jaas.config` property, else the static JAAS file named by the JVM's
//! `java.security.auth.login.config` (kt reads it from `KAFKA_OPTS`, as Kafka's scripts pass
//! it). A broker's listener looks in `listener.name.<l>.<mechanism>.sasl.jaas.config`, then
//! the file's `<l>.KafkaServer` entry, then its `KafkaServer` entry; a client looks in
//! `sasl.jaas.config`, then the file's `KafkaClient` entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kt_base::config::ServerConfig;
use thiserror::Error;

use super::jaas::{self, JaasError, LoginModule};

/// The broker's entry in a static JAAS file.
pub const SERVER_ENTRY: &str = "KafkaServer";
/// A client's entry in a static JAAS file.
pub const CLIENT_ENTRY: &str = "KafkaClient";
/// The broker's ZooKeeper client's entry, which kt's ZooKeeper client does not use.
pub const ZOOKEEPER_CLIENT_ENTRY: &str = "Client";

/// Why a JAAS configuration cannot be read. No message holds an option's value: values are
/// passwords.
#[derive(Debug, Error)]
pub enum JaasContextError {
    #[error("listener {listener}: {key}: {source}")]
    Property {
        listener: String,
        key: String,
        source: JaasError,
    },
    #[error("cannot read the JAAS file {} (java.security.auth.login.config): {source}", path.display())]
    FileUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("JAAS file {} (java.security.auth.login.config): {source}", path.display())]
    FileSyntax { path: PathBuf, source: JaasError },
}

/// A static JAAS file's entries, by name.
#[derive(Debug, Clone, Default)]
pub struct StaticJaas {
    entries: BTreeMap<String, Vec<LoginModule>>,
}

impl StaticJaas {
    /// Reads and parses the file; a missing or malformed file is an error, as the JVM's
    /// `ConfigFile` makes it one.
    pub fn load(path: &Path) -> Result<Self, JaasContextError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| JaasContextError::FileUnreadable {
                path: path.to_path_buf(),
                source,
            })?;
        let entries = jaas::parse_file(&text).map_err(|source| JaasContextError::FileSyntax {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(StaticJaas { entries })
    }

    /// The login modules of the entry `name`, if the file has it.
    pub fn entry(&self, name: &str) -> Option<&[LoginModule]> {
        self.entries.get(name).map(Vec::as_slice)
    }

    /// The broker's entry for `listener` (Kafka's `JaasContext.defaultContext`): the
    /// lower-cased listener's `<l>.KafkaServer` when the file has one, else `KafkaServer`.
    pub fn server_entry(&self, listener: &str) -> Option<&[LoginModule]> {
        let scoped = format!("{}.{SERVER_ENTRY}", listener.to_ascii_lowercase());
        self.entry(&scoped).or_else(|| self.entry(SERVER_ENTRY))
    }
}

/// How the missing-entry message names the static file: Kafka's "System property
/// 'java.security.auth.login.config' is not set" or "... is FILE".
pub fn login_config_state(config: &ServerConfig) -> String {
    match &config.jaas_login_config {
        Some(path) => path.display().to_string(),
        None => "not set".to_string(),
    }
}

/// The login modules of listener `listener`'s JAAS context for `mechanism` (any case):
/// `listener.name.<l>.<mechanism>.sasl.jaas.config`, else the static file's entry for the
/// listener, else (kt's leniency: Kafka's broker ignores an unprefixed one with a warning)
/// `listener.name.<l>.sasl.jaas.config` or `sasl.jaas.config`. `None` when none is given.
pub fn server_login_modules(
    config: &ServerConfig,
    listener: &str,
    mechanism: &str,
) -> Result<Option<Vec<LoginModule>>, JaasContextError> {
    let property = |key: String, text: &str| {
        jaas::parse(text).map_err(|source| JaasContextError::Property {
            listener: listener.to_string(),
            key,
            source,
        })
    };
    let scoped = format!(
        "listener.name.{}.{}.sasl.jaas.config",
        listener.to_ascii_lowercase(),
        mechanism.to_ascii_lowercase()
    );
    if let Some(text) = config.properties.get(&scoped) {
        return property(scoped, text).map(Some);
    }
    if let Some(path) = &config.jaas_login_config {
        let file = StaticJaas::load(path)?;
        if let Some(modules) = file.server_entry(listener) {
            return Ok(Some(modules.to_vec()));
        }
    }
    match config.listener_property(listener, "sasl.jaas.config") {
        Some(text) => property("sasl.jaas.config".to_string(), text).map(Some),
        None => Ok(None),
    }
}

/// The login module of class `class` in listener `listener`'s context for `mechanism`.
pub fn server_login_module(
    config: &ServerConfig,
    listener: &str,
    mechanism: &str,
    class: &str,
) -> Result<Option<LoginModule>, JaasContextError> {
    Ok(server_login_modules(config, listener, mechanism)?
        .and_then(|modules| modules.into_iter().find(|m| m.class == class)))
}

/// A client's JAAS modules (Kafka's `JaasContext.loadClientContext`): its `sasl.jaas.config`
/// value when given, else the static file's `KafkaClient` entry.
pub fn client_login_modules(
    sasl_jaas_config: Option<&str>,
    jaas_file: Option<&Path>,
) -> Result<Option<Vec<LoginModule>>, JaasContextError> {
    if let Some(text) = sasl_jaas_config {
        return jaas::parse(text)
            .map(Some)
            .map_err(|source| JaasContextError::Property {
                listener: "client".to_string(),
                key: "sasl.jaas.config".to_string(),
                source,
            });
    }
    match jaas_file {
        Some(path) => Ok(StaticJaas::load(path)?
            .entry(CLIENT_ENTRY)
            .map(<[LoginModule]>::to_vec)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kt_base::config::Properties;

    const FILE: &str = r#"
        KafkaServer {
            org.apache.kafka.common.security.plain.PlainLoginModule required
            username="admin" password="admin-secret" user_admin="admin-secret";
        };
        sasl_ssl.KafkaServer {
            org.apache.kafka.common.security.plain.PlainLoginModule required
            user_tls="tls-secret";
        };
        KafkaClient {
            org.apache.kafka.common.security.scram.ScramLoginModule required
            username="alice" password="alice-secret";
        };
    "#;

    fn config(dir: &Path, pairs: &[(&str, &str)]) -> ServerConfig {
        let mut props = Properties::new();
        props.insert(
            "listeners".into(),
            "SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0".into(),
        );
        props.insert(
            "security.inter.broker.protocol".into(),
            "SASL_PLAINTEXT".into(),
        );
        for (k, v) in pairs {
            props.insert(k.to_string(), v.to_string());
        }
        let mut config = ServerConfig::from_properties(&props).unwrap().0;
        let path = dir.join("jaas.conf");
        std::fs::write(&path, FILE).unwrap();
        config.jaas_login_config = Some(path);
        config
    }

    const PLAIN: &str = "org.apache.kafka.common.security.plain.PlainLoginModule";

    #[test]
    fn a_listener_takes_its_own_file_entry_then_the_shared_one() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path(), &[]);
        let shared = server_login_module(&config, "SASL_PLAINTEXT", "PLAIN", PLAIN)
            .unwrap()
            .unwrap();
        assert_eq!(shared.options["user_admin"], "admin-secret");
        let own = server_login_module(&config, "SASL_SSL", "PLAIN", PLAIN)
            .unwrap()
            .unwrap();
        assert_eq!(own.options["user_tls"], "tls-secret");
        assert!(!own.options.contains_key("user_admin"));
    }

    #[test]
    fn a_mechanism_property_wins_over_the_file_and_the_file_over_an_unprefixed_one() {
        let dir = tempfile::tempdir().unwrap();
        let scoped = config(
            dir.path(),
            &[(
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"b\";",
            )],
        );
        let module = server_login_module(&scoped, "SASL_PLAINTEXT", "PLAIN", PLAIN)
            .unwrap()
            .unwrap();
        assert!(module.options.contains_key("user_bob"));

        let unprefixed = config(
            dir.path(),
            &[(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_carol=\"c\";",
            )],
        );
        let module = server_login_module(&unprefixed, "SASL_PLAINTEXT", "PLAIN", PLAIN)
            .unwrap()
            .unwrap();
        assert!(module.options.contains_key("user_admin"), "{module:?}");
        let mut no_file = unprefixed.clone();
        no_file.jaas_login_config = None;
        let module = server_login_module(&no_file, "SASL_PLAINTEXT", "PLAIN", PLAIN)
            .unwrap()
            .unwrap();
        assert!(module.options.contains_key("user_carol"));
    }

    #[test]
    fn clients_read_kafka_client_and_a_bad_file_is_an_error_without_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client.conf");
        std::fs::write(&path, FILE).unwrap();
        let modules = client_login_modules(None, Some(&path)).unwrap().unwrap();
        assert_eq!(modules[0].options["username"], "alice");
        let given = client_login_modules(Some("a.B required u=\"x\";"), Some(&path))
            .unwrap()
            .unwrap();
        assert_eq!(given[0].class, "a.B");
        assert!(client_login_modules(None, None).unwrap().is_none());

        let missing = dir.path().join("nope.conf");
        let err = client_login_modules(None, Some(&missing)).unwrap_err();
        assert!(err.to_string().contains("nope.conf"), "{err}");
        std::fs::write(&path, "KafkaClient { a.B required password=\"s3cret\"; ").unwrap();
        let err = client_login_modules(None, Some(&path))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not closed"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
