//! A test certificate authority and the broker and client certificates it signs, as PEM: what
//! the `keytool`/`openssl` steps of Kafka's security docs make, in one call (`kt certs`), and
//! what kt's own TLS tests start from.
//!
//! Keys are ECDSA P-256 (rcgen's default, which rustls and OpenSSL both accept). A key file
//! holds the private key followed by the certificate chain (leaf, then the CA), the layout
//! `ssl.keystore.type=PEM` with `ssl.keystore.location` reads on the broker and on clients.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// The files `make` wrote.
#[derive(Debug, Clone)]
pub struct CertFiles {
    /// The CA's certificate: the truststore of brokers and clients.
    pub ca: PathBuf,
    /// The broker's key and chain.
    pub broker: PathBuf,
    /// A client's key and chain, for mutual TLS.
    pub client: PathBuf,
}

/// What to make.
#[derive(Debug, Clone)]
pub struct CertRequest {
    /// Host names and addresses the broker's certificate is valid for (its SANs).
    pub hosts: Vec<String>,
    /// The client certificate's common name (its principal is `CN=<name>`).
    pub client_name: String,
    /// How many days the certificates are valid from now.
    pub days: u32,
}

/// Makes a CA, a broker certificate and a client certificate signed by it, and writes
/// `ca.pem`, `ca-key.pem`, `broker.pem` and `client.pem` into `dir`.
pub fn make(dir: &Path, request: &CertRequest) -> anyhow::Result<CertFiles> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let (ca_cert, ca_key) = authority(request.days)?;
    let broker = leaf(
        "kt-broker",
        &request.hosts,
        &[
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ],
        request.days,
        &ca_cert,
        &ca_key,
    )?;
    let client = leaf(
        &request.client_name,
        &[],
        &[ExtendedKeyUsagePurpose::ClientAuth],
        request.days,
        &ca_cert,
        &ca_key,
    )?;
    let files = CertFiles {
        ca: dir.join("ca.pem"),
        broker: dir.join("broker.pem"),
        client: dir.join("client.pem"),
    };
    write(&files.ca, &ca_cert.pem())?;
    write(&dir.join("ca-key.pem"), &ca_key.serialize_pem())?;
    write(&files.broker, &format!("{broker}{}", ca_cert.pem()))?;
    write(&files.client, &format!("{client}{}", ca_cert.pem()))?;
    Ok(files)
}

fn validity(params: &mut CertificateParams, days: u32) {
    let now = time::OffsetDateTime::now_utc();
    // A day back, so a clock a little behind the one that signed still accepts it.
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(i64::from(days));
}

fn authority(days: u32) -> anyhow::Result<(Certificate, KeyPair)> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params
        .distinguished_name
        .push(DnType::CommonName, "kt test CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    validity(&mut params, days);
    let key = KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    Ok((cert, key))
}

/// A certificate signed by the CA, as its private key followed by the certificate.
fn leaf(
    common_name: &str,
    hosts: &[String],
    usages: &[ExtendedKeyUsagePurpose],
    days: u32,
    ca_cert: &Certificate,
    ca_key: &KeyPair,
) -> anyhow::Result<String> {
    // rcgen reads a name that parses as an IP address as an IP SAN.
    let mut params = CertificateParams::new(hosts.to_vec())?;
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = usages.to_vec();
    validity(&mut params, days);
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, ca_cert, ca_key)?;
    Ok(format!("{}{}", key.serialize_pem(), cert.pem()))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
