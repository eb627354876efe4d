//! TLS as a client: a broker's connections to other brokers over an SSL or SASL_SSL
//! inter-broker listener, and (through [`ChainVerifier`]) kt's wire admin client.
//!
//! As Kafka's brokers do, the client side reads the inter-broker listener's own `ssl.*`
//! settings: its truststore verifies the other broker, its keystore is offered as the client
//! certificate (so `ssl.client.auth=required` works between brokers), and
//! `ssl.endpoint.identification.algorithm` (`https` by default, empty to turn it off) says
//! whether the certificate must name the host connected to.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use kt_base::config::ServerConfig;

use super::tls_config::{keystore, protocol_versions, provider, truststore, ListenerSsl};
use super::TlsConfigError;

/// The rustls client configuration of a broker's connections to other brokers on the SSL
/// listener `listener`, read now so a bad setting stops the start-up.
pub fn client_config(
    config: &ServerConfig,
    listener: &str,
) -> Result<Arc<rustls::ClientConfig>, TlsConfigError> {
    let ssl = ListenerSsl { config, listener };
    let provider = Arc::new(provider(&ssl)?);
    let versions = protocol_versions(&ssl)?;
    let roots = truststore(&ssl)?.ok_or_else(|| {
        ssl.invalid(
            "brokers connect to each other over this listener (the inter-broker listener) and \
             verify each other's certificate: set ssl.truststore.type=PEM with \
             ssl.truststore.location or ssl.truststore.certificates",
        )
    })?;
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| ssl.invalid(format!("truststore: {e}")))?;
    // Unset means `https`; an empty value (Java's way to turn it off) checks no name.
    let check_names = config
        .listener_property(listener, "ssl.endpoint.identification.algorithm")
        .is_none_or(|v| v.eq_ignore_ascii_case("https"));
    let (chain, key) = keystore(&ssl)?;
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&versions)
        .map_err(|e| ssl.invalid(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ChainVerifier::new(inner, check_names)))
        .with_client_auth_cert(chain, key)
        .map_err(|e| ssl.invalid(format!("keystore: {e}")))?;
    Ok(Arc::new(client))
}

/// WebPKI's verification of a server's chain, with the host name check optional as Kafka's
/// `ssl.endpoint.identification.algorithm` makes it.
#[derive(Debug)]
pub struct ChainVerifier {
    inner: Arc<WebPkiServerVerifier>,
    check_names: bool,
}

impl ChainVerifier {
    /// `inner` verifies the chain; a certificate for another name passes unless
    /// `check_names`.
    pub fn new(inner: Arc<WebPkiServerVerifier>, check_names: bool) -> Self {
        ChainVerifier { inner, check_names }
    }
}

impl ServerCertVerifier for ChainVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::NotValidForNameContext { .. },
            )) if !self.check_names => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
