//! PKCS#8 private keys encrypted with a password (`-----BEGIN ENCRYPTED PRIVATE KEY-----`,
//! what `openssl pkcs8 -topk8` and Kafka's docs make), decrypted with `ssl.key.password` as
//! Kafka's PEM keystore does. PBES2 (PBKDF2 or scrypt with AES) is read; the legacy PBES1
//! schemes are refused by name.

use pkcs8::der::{Decode, Encode};
use pkcs8::pkcs5::pbes2;
use pkcs8::{EncryptedPrivateKeyInfoOwned, EncryptedPrivateKeyInfoRef};
use thiserror::Error;

const BEGIN: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
const END: &str = "-----END ENCRYPTED PRIVATE KEY-----";

/// Why an encrypted key could not be read; the messages name the setting to look at.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EncryptedKeyError {
    #[error("the private key is encrypted, but ssl.key.password is not set")]
    NoPassword,
    #[error("the private key could not be decrypted: wrong ssl.key.password?")]
    WrongPassword,
    #[error("the encrypted private key is not PKCS#8 PEM: {0}")]
    Format(String),
}

/// Whether `pem` holds an encrypted private key.
pub fn is_encrypted(pem: &str) -> bool {
    pem.contains(BEGIN)
}

/// The PKCS#8 DER of the first encrypted private key in `pem`, decrypted with `password`.
pub fn decrypt(pem: &str, password: Option<&str>) -> Result<Vec<u8>, EncryptedKeyError> {
    let start = pem
        .find(BEGIN)
        .ok_or_else(|| EncryptedKeyError::Format("no ENCRYPTED PRIVATE KEY block".into()))?;
    let end = pem[start..]
        .find(END)
        .map(|at| start + at + END.len())
        .ok_or_else(|| EncryptedKeyError::Format("the block has no END line".into()))?;
    let (label, der) = pkcs8::der::pem::decode_vec(&pem.as_bytes()[start..end])
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))?;
    debug_assert_eq!(label, "ENCRYPTED PRIVATE KEY");
    let info = EncryptedPrivateKeyInfoRef::from_der(&der)
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))?;
    let password = password.ok_or(EncryptedKeyError::NoPassword)?;
    if info.encryption_algorithm.pbes2().is_none() {
        return Err(EncryptedKeyError::Format(
            "PBES1 (legacy) encryption is not supported; re-encrypt with `openssl pkcs8 -topk8 \
             -v2 aes-256-cbc`"
                .into(),
        ));
    }
    // A wrong password shows as bad padding or a plaintext that is not a key.
    let plain = info
        .decrypt(password)
        .map_err(|_| EncryptedKeyError::WrongPassword)?;
    Ok(plain.as_bytes().to_vec())
}

/// `key` (PKCS#8 DER) encrypted with `password` (PBES2: PBKDF2-SHA256, AES-256-CBC, as
/// OpenSSL 3's default), as PEM: for `kt certs --password` and tests.
pub fn encrypt(key: &[u8], password: &str) -> Result<String, EncryptedKeyError> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    getrandom::getrandom(&mut salt)
        .and_then(|_| getrandom::getrandom(&mut iv))
        .map_err(|e| EncryptedKeyError::Format(format!("no randomness: {e}")))?;
    let params = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(10_000, &salt, iv)
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))?;
    let scheme = pkcs8::pkcs5::EncryptionScheme::from(params);
    let data = scheme
        .encrypt(password, key)
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))?;
    let info = EncryptedPrivateKeyInfoOwned {
        encryption_algorithm: scheme,
        encrypted_data: pkcs8::der::asn1::OctetString::new(data)
            .map_err(|e| EncryptedKeyError::Format(e.to_string()))?,
    };
    let der = info
        .to_der()
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))?;
    pkcs8::der::pem::encode_string("ENCRYPTED PRIVATE KEY", pkcs8::LineEnding::LF, &der)
        .map_err(|e| EncryptedKeyError::Format(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_encrypted_with_a_password_decrypts_only_with_it() {
        let key = rcgen::KeyPair::generate().unwrap();
        let der = key.serialize_der();
        let pem = encrypt(&der, "key-secret").unwrap();
        assert!(is_encrypted(&pem));
        let text = format!("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n{pem}");
        assert_eq!(decrypt(&text, Some("key-secret")).unwrap(), der);
        assert_eq!(
            decrypt(&text, Some("wrong")),
            Err(EncryptedKeyError::WrongPassword)
        );
        assert_eq!(decrypt(&text, None), Err(EncryptedKeyError::NoPassword));
    }
}
