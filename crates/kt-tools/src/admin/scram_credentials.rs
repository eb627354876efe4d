//! Users' SCRAM credentials for `kt configs --entity-type users`: through the broker's
//! DescribeUserScramCredentials / AlterUserScramCredentials (with `--bootstrap-server`, over
//! the wire client so SASL and TLS properties apply), or straight in the standalone store of
//! a data directory (`--data-dir`). The password is salted and hashed here: only the salted
//! password travels, as with Kafka's admin client.

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::messages::alter_user_scram_credentials_request::{
    ScramCredentialDeletion, ScramCredentialUpsertion,
};
use kafka_protocol::messages::describe_user_scram_credentials_request::UserName;
use kafka_protocol::messages::{
    AlterUserScramCredentialsRequest, DescribeUserScramCredentialsRequest,
};
use kafka_protocol::protocol::StrBytes;
use kt_broker::security::sasl::credentials::{CredentialStore, USERS_FILE};
use kt_broker::security::sasl::scram::{ScramCredential, ScramMechanism};

use super::wire::WireClient;

/// How long a call may take, as kafka-configs waits.
const TIMEOUT: Duration = Duration::from_secs(30);

/// One credential to set: the mechanism, its iteration count and the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upsertion {
    pub mechanism: ScramMechanism,
    pub iterations: i32,
    pub password: String,
}

/// Where the credentials are: a cluster, or a standalone data directory.
pub enum Target<'a> {
    Cluster {
        bootstrap: &'a str,
        properties: &'a [(String, String)],
    },
    DataDir(&'a Path),
}

fn store(dir: &Path) -> CredentialStore {
    // The first of the directories, as the broker keeps it beside its catalogue.
    let text = dir.display().to_string();
    let first = text.split(',').next().unwrap_or(&text).to_string();
    CredentialStore::File(Path::new(&first).join(USERS_FILE))
}

async fn wire(bootstrap: &str, properties: &[(String, String)]) -> anyhow::Result<WireClient> {
    let addr = bootstrap
        .split(',')
        .map(str::trim)
        .next()
        .unwrap_or(bootstrap);
    Ok(WireClient::connect(addr, properties, "kt-configs", TIMEOUT).await?)
}

/// The mechanisms and iterations of each user's credentials (`users` empty: every user);
/// users without credentials are left out, as Kafka's admin client leaves them.
pub async fn describe(
    target: &Target<'_>,
    users: &[String],
) -> anyhow::Result<Vec<(String, Vec<(ScramMechanism, i32)>)>> {
    match target {
        Target::DataDir(dir) => {
            let store = store(dir);
            let names = if users.is_empty() {
                store.users().await?
            } else {
                users.to_vec()
            };
            let mut out = Vec::new();
            for user in names {
                let mut infos = Vec::new();
                for m in ScramMechanism::ALL {
                    if let Some(c) = store.credential(&user, m).await? {
                        infos.push((m, c.iterations));
                    }
                }
                if !infos.is_empty() {
                    out.push((user, infos));
                }
            }
            Ok(out)
        }
        Target::Cluster {
            bootstrap,
            properties,
        } => {
            let mut client = wire(bootstrap, properties).await?;
            let request = DescribeUserScramCredentialsRequest::default().with_users(Some(
                users
                    .iter()
                    .map(|u| UserName::default().with_name(StrBytes::from_string(u.clone())))
                    .collect(),
            ));
            let response = client.call(&request, 0).await?;
            if response.error_code != 0 {
                anyhow::bail!(
                    "{}",
                    response
                        .error_message
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| format!("error {}", response.error_code))
                );
            }
            let mut out = Vec::new();
            for result in response.results {
                // RESOURCE_NOT_FOUND: a user without credentials.
                if result.error_code == 91 {
                    continue;
                }
                if result.error_code != 0 {
                    anyhow::bail!(
                        "{}",
                        result
                            .error_message
                            .map(|m| m.to_string())
                            .unwrap_or_default()
                    );
                }
                let infos = result
                    .credential_infos
                    .iter()
                    .filter_map(|i| Some((ScramMechanism::from_code(i.mechanism)?, i.iterations)))
                    .collect();
                out.push((result.user.to_string(), infos));
            }
            Ok(out)
        }
    }
}

/// Sets and deletes credentials of one user.
pub async fn alter(
    target: &Target<'_>,
    user: &str,
    upsertions: &[Upsertion],
    deletions: &[ScramMechanism],
) -> anyhow::Result<()> {
    let mut salted = Vec::new();
    for u in upsertions {
        let mut salt = [0u8; 24];
        getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("no random salt: {e}"))?;
        let password =
            u.mechanism
                .salted_password(u.password.as_bytes(), &salt, u.iterations as u32);
        salted.push((u, salt.to_vec(), password));
    }
    match target {
        Target::DataDir(dir) => {
            let mut changes: Vec<(ScramMechanism, Option<ScramCredential>)> =
                deletions.iter().map(|m| (*m, None)).collect();
            for (u, salt, password) in salted {
                changes.push((
                    u.mechanism,
                    Some(ScramCredential::from_salted_password(
                        u.mechanism,
                        &password,
                        salt,
                        u.iterations,
                    )),
                ));
            }
            store(dir).alter(user, &changes).await?;
            Ok(())
        }
        Target::Cluster {
            bootstrap,
            properties,
        } => {
            let mut client = wire(bootstrap, properties).await?;
            let name = || StrBytes::from_string(user.to_string());
            let request = AlterUserScramCredentialsRequest::default()
                .with_deletions(
                    deletions
                        .iter()
                        .map(|m| {
                            ScramCredentialDeletion::default()
                                .with_name(name())
                                .with_mechanism(m.code())
                        })
                        .collect(),
                )
                .with_upsertions(
                    salted
                        .into_iter()
                        .map(|(u, salt, password)| {
                            ScramCredentialUpsertion::default()
                                .with_name(name())
                                .with_mechanism(u.mechanism.code())
                                .with_iterations(u.iterations)
                                .with_salt(Bytes::from(salt))
                                .with_salted_password(Bytes::from(password))
                        })
                        .collect(),
                );
            let response = client.call(&request, 0).await?;
            for result in response.results {
                if result.error_code != 0 {
                    anyhow::bail!(
                        "{}",
                        result
                            .error_message
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| format!("error {}", result.error_code))
                    );
                }
            }
            Ok(())
        }
    }
}

/// Reads kafka-configs' `[iterations=N,]password=P` value of a SCRAM mechanism key.
pub fn parse_upsertion(mechanism: ScramMechanism, value: &str) -> Result<Upsertion, String> {
    let invalid = || format!("Invalid credential property {mechanism}={value}");
    let (iterations, password) = match value.strip_prefix("iterations=") {
        Some(rest) => {
            let (n, password) = rest.split_once(",password=").ok_or_else(invalid)?;
            let n: i32 = n.parse().map_err(|_| invalid())?;
            (if n == -1 { 4096 } else { n }, password)
        }
        None => (4096, value.strip_prefix("password=").ok_or_else(invalid)?),
    };
    if iterations < ScramMechanism::MIN_ITERATIONS {
        return Err(format!(
            "Iterations {iterations} is less than the minimum {} required for {mechanism}",
            ScramMechanism::MIN_ITERATIONS
        ));
    }
    Ok(Upsertion {
        mechanism,
        iterations,
        password: password.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsertions_read_as_kafka_configs_does() {
        let u = parse_upsertion(ScramMechanism::Sha256, "iterations=8192,password=a,b").unwrap();
        assert_eq!((u.iterations, u.password.as_str()), (8192, "a,b"));
        let u = parse_upsertion(ScramMechanism::Sha512, "password=x").unwrap();
        assert_eq!(u.iterations, 4096);
        assert_eq!(
            parse_upsertion(ScramMechanism::Sha256, "iterations=10,password=x").unwrap_err(),
            "Iterations 10 is less than the minimum 4096 required for SCRAM-SHA-256"
        );
        assert!(parse_upsertion(ScramMechanism::Sha256, "pw").is_err());
    }
}
