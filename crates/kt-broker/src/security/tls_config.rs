//! An SSL listener's TLS settings: Kafka's `ssl.*` keys (each overridable per listener with
//! `listener.name.<name>.`) read into a rustls server configuration, with Kafka's messages
//! for settings that do not fit together or files that cannot be read.
//!
//! Keystores and truststores are PEM (`ssl.keystore.type=PEM`, `ssl.truststore.type=PEM`),
//! from a file or inline, with the key encrypted or not (`ssl.key.password`), or PKCS12 files
//! with their passwords (`pkcs12_store`). JKS is refused with a message naming what is
//! supported (`keytool -importkeystore -deststoretype PKCS12` converts one).

use std::path::Path;
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, SupportedProtocolVersion};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use thiserror::Error;

use kt_base::config::ServerConfig;

use super::encrypted_key;
use super::pkcs12_store;

/// Why an SSL listener cannot start: the message says which key or file, as Kafka's do.
#[derive(Debug, Error)]
pub enum TlsConfigError {
    /// Settings that do not fit together (Kafka's `InvalidConfigurationException`).
    #[error("Invalid SSL configuration of listener {listener}: {reason}")]
    Invalid { listener: String, reason: String },
    /// A keystore or truststore that cannot be read or holds no usable entry.
    #[error("Failed to load {kind} SSL {store} {path}: {reason}")]
    Load {
        kind: &'static str,
        store: &'static str,
        path: String,
        reason: String,
    },
}

/// `ssl.client.auth`: whether clients are asked for a certificate (mutual TLS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    None,
    Requested,
    Required,
}

/// The settings of one SSL listener, read from the broker's properties.
pub(super) struct ListenerSsl<'a> {
    pub(super) config: &'a ServerConfig,
    pub(super) listener: &'a str,
}

impl<'a> ListenerSsl<'a> {
    pub(super) fn get(&self, key: &str) -> Option<&'a str> {
        self.config
            .listener_property(self.listener, key)
            .filter(|v| !v.is_empty())
    }

    pub(super) fn invalid(&self, reason: impl Into<String>) -> TlsConfigError {
        TlsConfigError::Invalid {
            listener: self.listener.to_string(),
            reason: reason.into(),
        }
    }
}

/// Builds the rustls configuration of the SSL listener `listener` from the broker's `ssl.*`
/// settings, reading the keystore and truststore now, so a bad path stops the start-up.
pub fn server_config(
    config: &ServerConfig,
    listener: &str,
) -> Result<Arc<rustls::ServerConfig>, TlsConfigError> {
    let ssl = ListenerSsl { config, listener };
    let provider = Arc::new(provider(&ssl)?);
    let versions = protocol_versions(&ssl)?;
    let (chain, key) = keystore(&ssl)?;
    let client_auth = match ssl.get("ssl.client.auth").unwrap_or("none") {
        v if v.eq_ignore_ascii_case("none") => ClientAuth::None,
        v if v.eq_ignore_ascii_case("requested") => ClientAuth::Requested,
        v if v.eq_ignore_ascii_case("required") => ClientAuth::Required,
        other => {
            return Err(ssl.invalid(format!(
                "Invalid value {other} for configuration ssl.client.auth: String must be one \
                 of: required, requested, none"
            )))
        }
    };
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .map_err(|e| ssl.invalid(e.to_string()))?;
    let builder = match client_auth {
        ClientAuth::None => builder.with_no_client_auth(),
        ClientAuth::Requested | ClientAuth::Required => {
            let roots = truststore(&ssl)?.ok_or_else(|| {
                ssl.invalid(format!(
                    "ssl.client.auth={} needs a truststore to verify client certificates: set \
                     ssl.truststore.type=PEM with ssl.truststore.location or \
                     ssl.truststore.certificates",
                    if client_auth == ClientAuth::Required {
                        "required"
                    } else {
                        "requested"
                    }
                ))
            })?;
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
            let verifier = if client_auth == ClientAuth::Requested {
                verifier.allow_unauthenticated()
            } else {
                verifier
            };
            builder.with_client_cert_verifier(
                verifier
                    .build()
                    .map_err(|e| ssl.invalid(format!("truststore: {e}")))?,
            )
        }
    };
    let server = builder
        .with_single_cert(chain, key)
        .map_err(|e| ssl.invalid(format!("keystore: {e}")))?;
    Ok(Arc::new(server))
}

/// ring's provider, with its cipher suites narrowed to `ssl.cipher.suites` when given.
/// Kafka takes the JSSE (IANA) names; rustls names TLS 1.3 suites `TLS13_...`, read here
/// under both.
pub(super) fn provider(ssl: &ListenerSsl) -> Result<CryptoProvider, TlsConfigError> {
    // ring, not aws-lc-rs (see the workspace manifest); rustls deprecates ring's provider only
    // to steer towards aws-lc-rs' post-quantum key exchange.
    #[allow(deprecated)]
    let mut provider = rustls::crypto::ring::default_provider();
    let Some(wanted) = ssl.get("ssl.cipher.suites") else {
        return Ok(provider);
    };
    let name_of = |suite: &rustls::SupportedCipherSuite| {
        suite
            .suite()
            .as_str()
            .map(|n| n.replace("TLS13_", "TLS_"))
            .unwrap_or_default()
    };
    let mut chosen = Vec::new();
    for name in wanted.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let normalised = name.replace("TLS13_", "TLS_");
        match provider
            .cipher_suites
            .iter()
            .find(|s| name_of(s) == normalised)
        {
            Some(suite) => chosen.push(*suite),
            None => {
                let known: Vec<String> = provider.cipher_suites.iter().map(name_of).collect();
                return Err(ssl.invalid(format!(
                    "ssl.cipher.suites: {name} is not supported; the supported suites are {}",
                    known.join(",")
                )));
            }
        }
    }
    provider.cipher_suites = chosen;
    Ok(provider)
}

/// `ssl.enabled.protocols` (Kafka's default `TLSv1.2,TLSv1.3`); older versions are refused
/// by rustls and are named in the error.
pub(super) fn protocol_versions(
    ssl: &ListenerSsl,
) -> Result<Vec<&'static SupportedProtocolVersion>, TlsConfigError> {
    let text = ssl
        .get("ssl.enabled.protocols")
        .unwrap_or("TLSv1.2,TLSv1.3");
    let mut versions = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name {
            "TLSv1.2" => versions.push(&rustls::version::TLS12),
            "TLSv1.3" => versions.push(&rustls::version::TLS13),
            other => {
                return Err(ssl.invalid(format!(
                    "ssl.enabled.protocols: {other} is not supported; kt supports TLSv1.2 \
                     and TLSv1.3"
                )))
            }
        }
    }
    if versions.is_empty() {
        return Err(ssl.invalid("ssl.enabled.protocols names no protocol"));
    }
    Ok(versions)
}

/// The broker's certificate chain and private key: `ssl.keystore.location` (a PEM file with
/// both) or inline `ssl.keystore.certificate.chain` and `ssl.keystore.key`, with Kafka's
/// checks of which combinations are allowed.
pub(super) fn keystore(
    ssl: &ListenerSsl,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), TlsConfigError> {
    let kind = ssl.get("ssl.keystore.type").unwrap_or("JKS");
    let location = ssl.get("ssl.keystore.location");
    let inline_chain = ssl.get("ssl.keystore.certificate.chain");
    let inline_key = ssl.get("ssl.keystore.key");
    let key_password = ssl.get("ssl.key.password");
    if inline_key.is_some() {
        if !kind.eq_ignore_ascii_case("PEM") {
            return Err(ssl.invalid(format!(
                "SSL private key can be specified only for PEM, but key store type is {kind}."
            )));
        }
        if inline_chain.is_none() {
            return Err(ssl
                .invalid("SSL private key is specified, but certificate chain is not specified."));
        }
        if location.is_some() {
            return Err(
                ssl.invalid("Both SSL key store location and separate private key are specified.")
            );
        }
    } else if inline_chain.is_some() {
        return Err(
            ssl.invalid("SSL certificate chain is specified, but private key is not specified")
        );
    }
    if kind.eq_ignore_ascii_case("PEM") && ssl.get("ssl.keystore.password").is_some() {
        return Err(ssl.invalid(
            "SSL key store password cannot be specified with PEM format, only key password \
             may be specified.",
        ));
    }
    let (path, text) = match (location, inline_chain, inline_key) {
        (_, Some(chain), Some(key)) => ("(inline)".to_string(), format!("{chain}\n{key}\n")),
        (Some(path), _, _) if kind.eq_ignore_ascii_case("PKCS12") => {
            return pkcs12_keystore(ssl, path);
        }
        (Some(path), _, _) => {
            if !kind.eq_ignore_ascii_case("PEM") {
                return Err(unsupported_store(ssl, "ssl.keystore.type", kind));
            }
            let text = std::fs::read_to_string(path).map_err(|e| TlsConfigError::Load {
                kind: "PEM",
                store: "keystore",
                path: path.to_string(),
                reason: e.to_string(),
            })?;
            (path.to_string(), text)
        }
        _ => {
            return Err(ssl.invalid(
                "an SSL listener needs a keystore: set ssl.keystore.type=PEM with \
                 ssl.keystore.location, or ssl.keystore.certificate.chain and \
                 ssl.keystore.key, or ssl.keystore.type=PKCS12 with ssl.keystore.location and \
                 ssl.keystore.password",
            ))
        }
    };
    let failed = |reason: String| TlsConfigError::Load {
        kind: "PEM",
        store: "keystore",
        path: path.clone(),
        reason,
    };
    let chain = CertificateDer::pem_slice_iter(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| failed(e.to_string()))?;
    if chain.is_empty() {
        return Err(failed(
            "At least one certificate expected, but none found".into(),
        ));
    }
    if encrypted_key::is_encrypted(&text) {
        let der = encrypted_key::decrypt(&text, key_password)
            .map_err(|e| failed(format!("Private key could not be loaded: {e}")))?;
        return Ok((chain, PrivateKeyDer::Pkcs8(der.into())));
    }
    let key = PrivateKeyDer::from_pem_slice(text.as_bytes()).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => failed("Private key not provided".into()),
        other => failed(format!("Private key could not be loaded: {other}")),
    })?;
    Ok((chain, key))
}

/// The chain and key of a PKCS12 keystore file, opened with `ssl.keystore.password`.
fn pkcs12_keystore(
    ssl: &ListenerSsl,
    path: &str,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), TlsConfigError> {
    let failed = |reason: String| TlsConfigError::Load {
        kind: "PKCS12",
        store: "keystore",
        path: path.to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
    let (key, chain) = pkcs12_store::read_keystore(&bytes, ssl.get("ssl.keystore.password"))
        .map_err(|e| failed(e.to_string()))?;
    Ok((
        chain.into_iter().map(CertificateDer::from).collect(),
        PrivateKeyDer::Pkcs8(key.into()),
    ))
}

/// The trusted CA certificates (`ssl.truststore.location` or `ssl.truststore.certificates`,
/// PEM), None when neither is set.
pub(super) fn truststore(ssl: &ListenerSsl) -> Result<Option<RootCertStore>, TlsConfigError> {
    let kind = ssl.get("ssl.truststore.type").unwrap_or("JKS");
    let location = ssl.get("ssl.truststore.location");
    let inline = ssl.get("ssl.truststore.certificates");
    if inline.is_some() && location.is_some() {
        return Err(ssl.invalid(
            "Both SSL trust store location and separate trust certificates are specified.",
        ));
    }
    if inline.is_some() && !kind.eq_ignore_ascii_case("PEM") {
        return Err(ssl.invalid(format!(
            "SSL trust store certs can be specified only for PEM, but trust store type is {kind}."
        )));
    }
    if kind.eq_ignore_ascii_case("PEM") && ssl.get("ssl.truststore.password").is_some() {
        return Err(ssl.invalid("SSL trust store password cannot be specified for PEM format."));
    }
    let (path, text) = match (location, inline) {
        (_, Some(text)) => ("(inline)".to_string(), text.to_string()),
        (Some(path), None) if kind.eq_ignore_ascii_case("PKCS12") => {
            let failed = |reason: String| TlsConfigError::Load {
                kind: "PKCS12",
                store: "truststore",
                path: path.to_string(),
                reason,
            };
            let bytes = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
            let certs = pkcs12_store::read_truststore(&bytes, ssl.get("ssl.truststore.password"))
                .map_err(|e| failed(e.to_string()))?;
            let mut roots = RootCertStore::empty();
            for cert in certs {
                roots
                    .add(CertificateDer::from(cert))
                    .map_err(|e| failed(e.to_string()))?;
            }
            return Ok(Some(roots));
        }
        (Some(path), None) => {
            if !kind.eq_ignore_ascii_case("PEM") {
                return Err(unsupported_store(ssl, "ssl.truststore.type", kind));
            }
            let text =
                std::fs::read_to_string(Path::new(path)).map_err(|e| TlsConfigError::Load {
                    kind: "PEM",
                    store: "truststore",
                    path: path.to_string(),
                    reason: e.to_string(),
                })?;
            (path.to_string(), text)
        }
        (None, None) => return Ok(None),
    };
    let failed = |reason: String| TlsConfigError::Load {
        kind: "PEM",
        store: "truststore",
        path: path.clone(),
        reason,
    };
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(text.as_bytes()) {
        let cert = cert.map_err(|e| failed(e.to_string()))?;
        roots.add(cert).map_err(|e| failed(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(failed(
            "At least one certificate expected, but none found".into(),
        ));
    }
    Ok(Some(roots))
}

fn unsupported_store(ssl: &ListenerSsl, key: &str, kind: &str) -> TlsConfigError {
    ssl.invalid(format!(
        "{key}={kind} is not supported by kt: use PEM or PKCS12 (a JKS store converts with \
         `keytool -importkeystore -deststoretype PKCS12`)"
    ))
}
