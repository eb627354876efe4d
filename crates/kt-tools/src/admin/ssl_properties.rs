//! Kafka's (Java) client TLS properties in, librdkafka's out.
//!
//! The Java client reads key and trust stores by `ssl.*store.type`; librdkafka reads PEM files
//! (`ssl.ca.location`, `ssl.certificate.location`, `ssl.key.location`), PEM text
//! (`ssl.ca.pem`, `ssl.certificate.pem`, `ssl.key.pem`) and PKCS#12 keystores
//! (`ssl.keystore.location`); a PKCS12 truststore is read here and handed over as PEM text.
//! The store keys decide together (a type may come after its
//! location in the file), so they are translated as a group, not one by one.

use std::collections::BTreeMap;

/// A Java TLS property and what became of it.
#[derive(Debug, PartialEq, Eq)]
pub enum Translated {
    /// Set in librdkafka under this name and value.
    Set(String, String),
    /// Dropped, with the warning to print (None: dropped silently, as librdkafka has the same
    /// behaviour by default).
    Dropped(Option<String>),
}

/// Whether the property is one of the Java TLS store keys this module translates.
pub fn is_store_key(key: &str) -> bool {
    key.starts_with("ssl.truststore.")
        || key.starts_with("ssl.keystore.")
        || key == "ssl.enabled.protocols"
        || key == "ssl.protocol"
        || key == "ssl.endpoint.identification.algorithm"
}

/// Translates every store key of `properties` (the last value of a key wins).
pub fn translate(properties: &[(String, String)]) -> Vec<Translated> {
    let given: BTreeMap<&str, &str> = properties
        .iter()
        .filter(|(k, _)| is_store_key(k.trim()))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let get = |key: &str| given.get(key).copied().filter(|v| !v.is_empty());
    let mut out = Vec::new();

    // The keystore: the client's own certificate, for mutual TLS.
    let keystore_type = get("ssl.keystore.type").map(str::to_ascii_uppercase);
    match (
        get("ssl.keystore.location"),
        get("ssl.keystore.certificate.chain"),
        get("ssl.keystore.key"),
    ) {
        (_, Some(chain), Some(key)) => {
            set(&mut out, "ssl.certificate.pem", chain);
            set(&mut out, "ssl.key.pem", key);
        }
        (Some(path), _, _) => match store_type(keystore_type.as_deref(), path).as_str() {
            // One PEM file with the key and its chain: librdkafka takes the chain and the key
            // from the same file.
            "PEM" => {
                set(&mut out, "ssl.certificate.location", path);
                set(&mut out, "ssl.key.location", path);
            }
            "PKCS12" => {
                set(&mut out, "ssl.keystore.location", path);
                if let Some(password) = get("ssl.keystore.password") {
                    set(&mut out, "ssl.keystore.password", password);
                }
            }
            other => out.push(unsupported("ssl.keystore.location", other)),
        },
        _ => {}
    }

    // The truststore: the CAs the broker's certificate is checked against.
    match (
        get("ssl.truststore.location"),
        get("ssl.truststore.certificates"),
    ) {
        (_, Some(pem)) => set(&mut out, "ssl.ca.pem", pem),
        (Some(path), None) => {
            let kind = get("ssl.truststore.type").map(str::to_ascii_uppercase);
            match store_type(kind.as_deref(), path).as_str() {
                "PEM" => set(&mut out, "ssl.ca.location", path),
                // librdkafka reads no PKCS12 truststore: its certificates go in as PEM text.
                "PKCS12" => match pkcs12_truststore_pem(path, get("ssl.truststore.password")) {
                    Ok(pem) => set(&mut out, "ssl.ca.pem", &pem),
                    Err(why) => out.push(Translated::Dropped(Some(format!(
                        "The configuration 'ssl.truststore.location' is ignored: {why}"
                    )))),
                },
                other => out.push(unsupported("ssl.truststore.location", other)),
            }
        }
        (None, None) => {}
    }

    // Java's empty value turns host name checking off; librdkafka's word for it is `none`.
    if let Some(value) = given.get("ssl.endpoint.identification.algorithm") {
        let value = if value.is_empty() { "none" } else { value };
        out.push(Translated::Set(
            "ssl.endpoint.identification.algorithm".into(),
            value.to_string(),
        ));
    }
    if given.contains_key("ssl.enabled.protocols") || given.contains_key("ssl.protocol") {
        // librdkafka negotiates TLSv1.2 or TLSv1.3 as Kafka's defaults do.
        out.push(Translated::Dropped(None));
    }
    out
}

/// The store's type: the one given, else PEM when the file is PEM text (a common client
/// shortcut kt allows), else Kafka's default JKS.
fn store_type(given: Option<&str>, path: &str) -> String {
    if let Some(kind) = given {
        return kind.to_string();
    }
    let looks_pem = std::fs::read(path)
        .map(|bytes| bytes.windows(11).any(|w| w == b"-----BEGIN "))
        .unwrap_or(false);
    if looks_pem { "PEM" } else { "JKS" }.to_string()
}

/// The certificates of a PKCS12 truststore as PEM text, or why they cannot be read.
fn pkcs12_truststore_pem(path: &str, password: Option<&str>) -> Result<String, String> {
    use base64::Engine;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let certs = kt_broker::security::pkcs12_store::read_truststore(&bytes, password)
        .map_err(|e| format!("Failed to load PKCS12 SSL truststore {path}: {e}"))?;
    let mut pem = String::new();
    for der in certs {
        let text = base64::engine::general_purpose::STANDARD.encode(der);
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        for line in text.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
    }
    Ok(pem)
}

fn set(out: &mut Vec<Translated>, key: &str, value: &str) {
    out.push(Translated::Set(key.into(), value.into()));
}

fn unsupported(key: &str, kind: &str) -> Translated {
    Translated::Dropped(Some(format!(
        "The configuration '{key}' is ignored: {kind} stores are not supported by kt's \
         clients; use a PEM file (ssl.keystore.type=PEM / ssl.truststore.type=PEM) or a PKCS12 \
         keystore."
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn set(k: &str, v: &str) -> Translated {
        Translated::Set(k.into(), v.into())
    }

    #[test]
    fn pem_stores_become_librdkafka_locations_whatever_the_key_order() {
        let out = translate(&props(&[
            ("ssl.truststore.location", "/ca.pem"),
            ("ssl.keystore.location", "/client.pem"),
            ("ssl.keystore.type", "PEM"),
            ("ssl.truststore.type", "PEM"),
            ("ssl.endpoint.identification.algorithm", ""),
        ]));
        assert_eq!(
            out,
            vec![
                set("ssl.certificate.location", "/client.pem"),
                set("ssl.key.location", "/client.pem"),
                set("ssl.ca.location", "/ca.pem"),
                set("ssl.endpoint.identification.algorithm", "none"),
            ]
        );
    }

    #[test]
    fn inline_pem_pkcs12_and_unsupported_jks() {
        let out = translate(&props(&[
            ("ssl.keystore.type", "PEM"),
            ("ssl.keystore.certificate.chain", "CHAIN"),
            ("ssl.keystore.key", "KEY"),
            ("ssl.truststore.certificates", "CA"),
        ]));
        assert_eq!(
            out,
            vec![
                set("ssl.certificate.pem", "CHAIN"),
                set("ssl.key.pem", "KEY"),
                set("ssl.ca.pem", "CA")
            ]
        );
        let out = translate(&props(&[
            ("ssl.keystore.type", "PKCS12"),
            ("ssl.keystore.location", "/ks.p12"),
            ("ssl.keystore.password", "secret"),
        ]));
        assert_eq!(
            out,
            vec![
                set("ssl.keystore.location", "/ks.p12"),
                set("ssl.keystore.password", "secret")
            ]
        );
        let out = translate(&props(&[
            ("ssl.truststore.location", "/no/such/ts.jks"),
            ("ssl.truststore.password", "x"),
        ]));
        assert!(matches!(&out[..], [Translated::Dropped(Some(w))] if w.contains("JKS stores")));
    }
}
