//! PKCS12 key and trust stores (`ssl.keystore.type=PKCS12`, `ssl.truststore.type=PKCS12`), the
//! format keytool writes by default since Java 9 and `openssl pkcs12 -export` writes: read
//! with their password into the DER certificates and PKCS#8 key rustls takes, and written by
//! `kt certs --password`.

use p12_keystore::{
    Certificate, KeyStore, KeyStoreEntry, Pkcs12ImportPolicy, PrivateKey, PrivateKeyChain,
};
use thiserror::Error;

/// Why a PKCS12 store could not be read or written.
#[derive(Debug, Error)]
pub enum Pkcs12Error {
    /// The MAC did not verify or a bag did not decrypt: Java's words for it.
    #[error("keystore password was incorrect")]
    WrongPassword,
    #[error("the store's password is not set ({0})")]
    NoPassword(&'static str),
    #[error("no private key with a certificate chain in the keystore")]
    NoKeyEntry,
    #[error("no certificate in the truststore")]
    NoCertificate,
    #[error("not a PKCS12 store: {0}")]
    Format(String),
}

impl From<p12_keystore::error::Error> for Pkcs12Error {
    fn from(e: p12_keystore::error::Error) -> Self {
        use p12_keystore::error::Error as E;
        match e {
            E::MacError(_) | E::UnpadError | E::InvalidPrivateKey => Pkcs12Error::WrongPassword,
            other => Pkcs12Error::Format(other.to_string()),
        }
    }
}

/// The key (PKCS#8 DER) and its chain (DER, leaf first) of a PKCS12 keystore.
pub fn read_keystore(
    bytes: &[u8],
    password: Option<&str>,
) -> Result<(Vec<u8>, Vec<Vec<u8>>), Pkcs12Error> {
    let password = password.ok_or(Pkcs12Error::NoPassword("ssl.keystore.password"))?;
    let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Relaxed)?;
    let (_, chain) = store
        .private_key_chain()
        .filter(|(_, chain)| !chain.certs().is_empty())
        .ok_or(Pkcs12Error::NoKeyEntry)?;
    Ok((
        chain.key().as_der().to_vec(),
        chain.certs().iter().map(|c| c.as_der().to_vec()).collect(),
    ))
}

/// The certificates (DER) of a PKCS12 truststore: every certificate in it, trusted-marked
/// (keytool) or not (`openssl pkcs12 -export -nokeys`). Kafka reads a truststore without a
/// password too; the stores kt reads are encrypted, so an empty password is tried then.
pub fn read_truststore(bytes: &[u8], password: Option<&str>) -> Result<Vec<Vec<u8>>, Pkcs12Error> {
    let store = KeyStore::from_pkcs12(bytes, password.unwrap_or(""), Pkcs12ImportPolicy::Raw)
        .map_err(|e| match (Pkcs12Error::from(e), password) {
            (Pkcs12Error::WrongPassword, None) => {
                Pkcs12Error::NoPassword("ssl.truststore.password")
            }
            (other, _) => other,
        })?;
    let certs: Vec<Vec<u8>> = store
        .entries()
        .filter_map(|(_, entry)| match entry {
            KeyStoreEntry::Certificate(cert) => Some(cert.as_der().to_vec()),
            KeyStoreEntry::PrivateKeyChain(chain) => {
                chain.certs().first().map(|c| c.as_der().to_vec())
            }
            KeyStoreEntry::Secret(_) => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(Pkcs12Error::NoCertificate);
    }
    Ok(certs)
}

/// A PKCS12 keystore holding `key` (PKCS#8 DER) with `chain` (DER, leaf first) under `alias`,
/// encrypted with `password` (AES-256, as keytool's default).
pub fn write_keystore(
    alias: &str,
    key: &[u8],
    chain: &[Vec<u8>],
    password: &str,
) -> Result<Vec<u8>, Pkcs12Error> {
    let certs = chain
        .iter()
        .map(|der| Certificate::from_der(der))
        .collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKey::from_der(key)?;
    let mut store = KeyStore::new();
    store.add_entry(
        alias,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(alias, key, certs)),
    );
    Ok(store.writer(password).write()?)
}

/// A PKCS12 truststore of `certs` (DER), each a trusted entry as keytool marks them.
pub fn write_truststore(certs: &[(&str, Vec<u8>)], password: &str) -> Result<Vec<u8>, Pkcs12Error> {
    let mut store = KeyStore::new();
    for (alias, der) in certs {
        store.add_entry(
            alias,
            KeyStoreEntry::Certificate(Certificate::from_der(der)?),
        );
    }
    Ok(store.writer(password).write()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_written_read_back_and_a_wrong_password_is_named() {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".into()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let chain = vec![cert.der().to_vec()];
        let bytes = write_keystore("broker", &key.serialize_der(), &chain, "store-secret").unwrap();
        let (read_key, read_chain) = read_keystore(&bytes, Some("store-secret")).unwrap();
        assert_eq!((read_key, read_chain), (key.serialize_der(), chain.clone()));
        assert!(matches!(
            read_keystore(&bytes, Some("wrong")),
            Err(Pkcs12Error::WrongPassword)
        ));
        assert!(matches!(
            read_keystore(&bytes, None),
            Err(Pkcs12Error::NoPassword("ssl.keystore.password"))
        ));

        let trust = write_truststore(&[("ca", chain[0].clone())], "trust-secret").unwrap();
        assert_eq!(
            read_truststore(&trust, Some("trust-secret")).unwrap(),
            chain
        );
        assert!(matches!(
            read_truststore(&trust, Some("wrong")),
            Err(Pkcs12Error::WrongPassword)
        ));
        assert!(read_keystore(b"not a store", Some("x")).is_err());
    }
}
