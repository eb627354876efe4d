//! A test certificate authority and the broker and client certificates it signs, as PEM: what
//! the `keytool`/`openssl` steps of Kafka's security docs make, in one call (`kt certs`), and
//! what kt's own TLS tests start from.
//!
//! Keys are ECDSA P-256 (rcgen's default, which rustls and OpenSSL both accept). A key file
//! holds the private key followed by the certificate chain (leaf, then the CA), the layout
//! `ssl.keystore.type=PEM` with `ssl.keystore.location` reads on the broker and on clients.
//!
//! With a password, the keys in those files are encrypted (PKCS#8, PBES2; `ssl.key.password`)
//! and PKCS12 stores are written beside them (`broker.p12`, `client.p12`, `truststore.p12`;
//! `ssl.keystore.type=PKCS12` with `ssl.keystore.password`), as keytool's steps would make.

use std::path::{Path, PathBuf};

use anyhow::Context;
use kt_broker::security::{encrypted_key, pkcs12_store};
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
    /// The PKCS12 stores, when a password was given.
    pub pkcs12: Option<Pkcs12Files>,
}

/// The PKCS12 stores `make` wrote, all with the request's password.
#[derive(Debug, Clone)]
pub struct Pkcs12Files {
    /// The broker's keystore (alias `kt-broker`).
    pub broker: PathBuf,
    /// The client's keystore.
    pub client: PathBuf,
    /// The CA as a trusted certificate (alias `kt-ca`).
    pub truststore: PathBuf,
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
    /// Encrypts the PEM keys with this password and writes PKCS12 stores with it too.
    pub password: Option<String>,
}

/// Makes a CA, a broker certificate and a client certificate signed by it, and writes
/// `ca.pem`, `ca-key.pem`, `broker.pem` and `client.pem` into `dir` (and, with a password,
/// the PKCS12 stores).
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
    let password = request.password.as_deref();
    let files = CertFiles {
        ca: dir.join("ca.pem"),
        broker: dir.join("broker.pem"),
        client: dir.join("client.pem"),
        pkcs12: password.map(|_| Pkcs12Files {
            broker: dir.join("broker.p12"),
            client: dir.join("client.p12"),
            truststore: dir.join("truststore.p12"),
        }),
    };
    write(&files.ca, &ca_cert.pem())?;
    write(&dir.join("ca-key.pem"), &ca_key.serialize_pem())?;
    write(
        &files.broker,
        &format!(
            "{}{}{}",
            broker.key_pem(password)?,
            broker.cert.pem(),
            ca_cert.pem()
        ),
    )?;
    write(
        &files.client,
        &format!(
            "{}{}{}",
            client.key_pem(password)?,
            client.cert.pem(),
            ca_cert.pem()
        ),
    )?;
    if let (Some(stores), Some(password)) = (&files.pkcs12, password) {
        let ca_der = ca_cert.der().to_vec();
        for (path, alias, leaf) in [
            (&stores.broker, "kt-broker", &broker),
            (&stores.client, request.client_name.as_str(), &client),
        ] {
            let chain = vec![leaf.cert.der().to_vec(), ca_der.clone()];
            let bytes =
                pkcs12_store::write_keystore(alias, &leaf.key.serialize_der(), &chain, password)
                    .with_context(|| format!("cannot make {}", path.display()))?;
            write_bytes(path, &bytes)?;
        }
        let bytes = pkcs12_store::write_truststore(&[("kt-ca", ca_der)], password)
            .context("cannot make the PKCS12 truststore")?;
        write_bytes(&stores.truststore, &bytes)?;
    }
    Ok(files)
}

/// A certificate signed by the CA, with its key.
struct Leaf {
    cert: Certificate,
    key: KeyPair,
}

impl Leaf {
    /// The key as PEM: PKCS#8, encrypted when a password is given.
    fn key_pem(&self, password: Option<&str>) -> anyhow::Result<String> {
        match password {
            None => Ok(self.key.serialize_pem()),
            Some(password) => encrypted_key::encrypt(&self.key.serialize_der(), password)
                .context("cannot encrypt a private key"),
        }
    }
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

/// A certificate signed by the CA.
fn leaf(
    common_name: &str,
    hosts: &[String],
    usages: &[ExtendedKeyUsagePurpose],
    days: u32,
    ca_cert: &Certificate,
    ca_key: &KeyPair,
) -> anyhow::Result<Leaf> {
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
    Ok(Leaf { cert, key })
}

fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
