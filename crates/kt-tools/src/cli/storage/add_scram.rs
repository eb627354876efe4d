//! `kt storage format --add-scram`: Kafka's `MECHANISM=[name=...,password=...]` arguments read
//! into the `UserScramCredentialRecord`s of `bootstrap.checkpoint`, so a new KRaft cluster
//! starts with users who can authenticate (as kafka-storage.sh's ScramParser does).

use anyhow::bail;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use kt_broker::security::sasl::scram::{ScramCredential, ScramMechanism};
use kt_storage::kraft::{BootstrapScram, MetadataVersion};

/// The first metadata.version with SCRAM records (3.5-IV2).
const SCRAM_LEVEL: i16 = 11;

/// The credentials the `--add-scram` arguments ask for, salted and hashed; a salt is random
/// unless given (base64), iterations 4096 unless given.
pub fn parse_all(
    items: &[String],
    version: MetadataVersion,
) -> anyhow::Result<Vec<BootstrapScram>> {
    if !items.is_empty() && version.level < SCRAM_LEVEL {
        bail!("SCRAM is only supported in metadata.version 3.5-IV2 or later.");
    }
    items.iter().map(|item| parse(item)).collect()
}

fn parse(item: &str) -> anyhow::Result<BootstrapScram> {
    let Some((mechanism, rest)) = item.split_once('=') else {
        bail!("Failed to find equals sign in SCRAM argument '{item}'");
    };
    let Some(mechanism) = ScramMechanism::from_name(mechanism.trim()) else {
        bail!(
            "The add-scram mechanism {} is not supported.",
            mechanism.trim()
        );
    };
    let rest = rest.trim();
    let Some(body) = rest.strip_prefix('[') else {
        bail!("Expected configuration string to start with [");
    };
    let Some(body) = body.strip_suffix(']') else {
        bail!("Expected configuration string to end with ]");
    };
    let (mut name, mut password, mut salt, mut iterations) = (None, None, None, None);
    for field in body.split(',').filter(|f| !f.trim().is_empty()) {
        let Some((key, value)) = field.split_once('=') else {
            bail!("Failed to find equals sign in SCRAM argument '{field}'");
        };
        // Kafka allows each value in double quotes.
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value)
            .to_string();
        match key.trim() {
            "name" => name = Some(value),
            "password" => password = Some(value),
            "salt" => {
                let decoded = B64
                    .decode(&value)
                    .map_err(|e| anyhow::anyhow!("Failed to decode salt {value}: {e}"))?;
                salt = Some(decoded);
            }
            "iterations" => {
                let n: i32 = value
                    .parse()
                    .map_err(|_| anyhow::anyhow!("Failed to parse iterations {value}"))?;
                if !(ScramMechanism::MIN_ITERATIONS..=16384).contains(&n) {
                    bail!(
                        "The iterations value must be between {} and 16384 for {}",
                        ScramMechanism::MIN_ITERATIONS,
                        mechanism.name()
                    );
                }
                iterations = Some(n);
            }
            "saltedpassword" => {
                bail!("saltedpassword is not supported by kt's --add-scram: give the password")
            }
            other => bail!("Unknown SCRAM configuration key {other}"),
        }
    }
    let Some(name) = name else {
        bail!("You must supply 'name' to add-scram");
    };
    let Some(password) = password else {
        bail!("You must supply 'password' to add-scram");
    };
    let salt = match salt {
        Some(salt) => salt,
        None => {
            let mut salt = [0u8; 24];
            getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("no random salt: {e}"))?;
            salt.to_vec()
        }
    };
    let iterations = iterations.unwrap_or(ScramMechanism::MIN_ITERATIONS);
    let credential = ScramCredential::from_password(mechanism, &password, salt, iterations);
    Ok(BootstrapScram {
        user: name,
        mechanism: mechanism.code(),
        salt: credential.salt,
        stored_key: credential.stored_key,
        server_key: credential.server_key,
        iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kt_storage::kraft::LATEST_PRODUCTION;

    #[test]
    fn arguments_read_as_kafka_storage_does() {
        let items = vec![
            "SCRAM-SHA-256=[name=alice,password=alice-secret]".to_string(),
            "SCRAM-SHA-512=[name=\"bob\",password=\"bob-secret\",iterations=8192,salt=\"c2FsdA==\"]"
                .to_string(),
        ];
        let parsed = parse_all(&items, LATEST_PRODUCTION).unwrap();
        assert_eq!(
            (
                parsed[0].user.as_str(),
                parsed[0].mechanism,
                parsed[0].iterations
            ),
            ("alice", 1, 4096)
        );
        let expected = ScramCredential::from_password(
            ScramMechanism::Sha512,
            "bob-secret",
            b"salt".to_vec(),
            8192,
        );
        assert_eq!(
            (
                parsed[1].user.as_str(),
                parsed[1].mechanism,
                &parsed[1].stored_key
            ),
            ("bob", 2, &expected.stored_key)
        );
        for (bad, message) in [
            (
                "SCRAM-SHA-1=[name=a,password=b]",
                "The add-scram mechanism SCRAM-SHA-1 is not supported.",
            ),
            (
                "SCRAM-SHA-256=name=a",
                "Expected configuration string to start with [",
            ),
            (
                "SCRAM-SHA-256=[password=b]",
                "You must supply 'name' to add-scram",
            ),
            (
                "SCRAM-SHA-256=[name=a,password=b,iterations=10]",
                "The iterations value must be between 4096 and 16384 for SCRAM-SHA-256",
            ),
        ] {
            let err = parse_all(&[bad.to_string()], LATEST_PRODUCTION).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
        let old = MetadataVersion::from_release("3.4").unwrap();
        let err = parse_all(&items, old).unwrap_err();
        assert_eq!(
            err.to_string(),
            "SCRAM is only supported in metadata.version 3.5-IV2 or later."
        );
    }
}
