//! TLS for kt's raw wire client (`security.protocol=SSL`), with rustls: the client's trust
//! and key stores from Kafka's client properties (PEM), or librdkafka's names for the same
//! files, so one `--command-config` serves both kt's librdkafka clients and this one.

use std::sync::Arc;

use kt_broker::security::ChainVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;

/// The rustls client configuration the properties describe.
pub fn client_config(
    property: impl Fn(&str) -> Option<String>,
) -> Result<rustls::ClientConfig, String> {
    // ring, as on the broker (see the workspace manifest); rustls deprecates its provider
    // only to steer towards aws-lc-rs' post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let pem_of = |location: &str, inline: &str| -> Result<Option<(String, String)>, String> {
        if let Some(text) = property(inline).filter(|t| !t.is_empty()) {
            return Ok(Some(("(inline)".into(), text)));
        }
        match property(location).filter(|p| !p.is_empty()) {
            Some(path) => std::fs::read_to_string(&path)
                .map(|text| Some((path.clone(), text)))
                .map_err(|e| format!("Failed to load PEM SSL store {path}: {e}")),
            None => Ok(None),
        }
    };
    let trust = match pem_of("ssl.truststore.location", "ssl.truststore.certificates")? {
        Some(found) => Some(found),
        None => pem_of("ssl.ca.location", "ssl.ca.pem")?,
    };
    let Some((path, text)) = trust else {
        return Err(
            "security.protocol=SSL needs the CA that signed the broker's certificate: set \
             ssl.truststore.type=PEM and ssl.truststore.location"
                .into(),
        );
    };
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(text.as_bytes()) {
        let cert = cert.map_err(|e| format!("Failed to load PEM SSL truststore {path}: {e}"))?;
        roots
            .add(cert)
            .map_err(|e| format!("Failed to load PEM SSL truststore {path}: {e}"))?;
    }
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("truststore: {e}"))?;
    // Java's empty value (and librdkafka's `none`) turn host name checking off.
    let check_names = property("ssl.endpoint.identification.algorithm")
        .is_none_or(|v| v.eq_ignore_ascii_case("https"));
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ChainVerifier::new(verifier, check_names)));
    let keystore = match pem_of("ssl.keystore.location", "ssl.keystore.certificate.chain")? {
        Some((path, chain)) if property("ssl.keystore.location").is_some() => {
            Some((path, chain.clone(), chain))
        }
        Some((path, chain)) => Some((
            path,
            chain,
            property("ssl.keystore.key").unwrap_or_default(),
        )),
        None => match pem_of("ssl.certificate.location", "ssl.certificate.pem")? {
            Some((path, chain)) => {
                let key = pem_of("ssl.key.location", "ssl.key.pem")?.map(|(_, k)| k);
                Some((path, chain, key.unwrap_or_default()))
            }
            None => None,
        },
    };
    match keystore {
        None => Ok(builder.with_no_client_auth()),
        Some((path, chain, key)) => {
            let load = |e: String| format!("Failed to load PEM SSL keystore {path}: {e}");
            let chain = CertificateDer::pem_slice_iter(chain.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| load(e.to_string()))?;
            let key =
                PrivateKeyDer::from_pem_slice(key.as_bytes()).map_err(|e| load(e.to_string()))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| load(e.to_string()))
        }
    }
}

/// The server name to verify for `host`: an address or a DNS name.
pub fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.trim_matches(['[', ']']).to_string())
        .map_err(|e| format!("{host}: {e}"))
}
