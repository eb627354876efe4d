//! The broker's `delegation.token.*` settings, Kafka's names and defaults.

use kt_base::config::ServerConfig;

/// The deprecated alias of the secret key, read when the new name is not set.
const MASTER_KEY: &str = "delegation.token.master.key";
const SECRET_KEY: &str = "delegation.token.secret.key";

/// What the token rules need; present only when a secret key enables the feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSettings {
    /// `delegation.token.secret.key` (or `.master.key`): the key of every token's HMAC.
    pub secret: Vec<u8>,
    /// `delegation.token.max.lifetime.ms` (7 days): no token lives longer.
    pub max_lifetime_ms: i64,
    /// `delegation.token.expiry.time.ms` (1 day): a token's life between renewals.
    pub expiry_time_ms: i64,
    /// `delegation.token.expiry.check.interval.ms` (1 hour): how often expired tokens go.
    pub check_interval_ms: i64,
}

impl TokenSettings {
    /// The settings of `config`: None when no secret key is set (or it is empty), as Kafka's
    /// `tokenAuthEnabled`; an error names a value that is not a positive number.
    pub fn of(config: &ServerConfig) -> Result<Option<Self>, String> {
        let get = |key: &str| config.properties.get(key).map(|v| v.trim().to_string());
        let long = |key: &str, default: i64| -> Result<i64, String> {
            match get(key) {
                None => Ok(default),
                Some(text) => match text.parse::<i64>() {
                    Ok(v) if v >= 1 => Ok(v),
                    _ => Err(format!(
                        "Invalid value {text} for configuration {key}: Value must be at least 1"
                    )),
                },
            }
        };
        let max_lifetime_ms = long("delegation.token.max.lifetime.ms", 7 * 24 * 3_600_000)?;
        let expiry_time_ms = long("delegation.token.expiry.time.ms", 24 * 3_600_000)?;
        let check_interval_ms = long("delegation.token.expiry.check.interval.ms", 3_600_000)?;
        // The secret is a password: kept as given (Kafka does not trim it either).
        let secret = config
            .properties
            .get(SECRET_KEY)
            .or_else(|| config.properties.get(MASTER_KEY))
            .filter(|v| !v.is_empty());
        Ok(secret.map(|secret| TokenSettings {
            secret: secret.as_bytes().to_vec(),
            max_lifetime_ms,
            expiry_time_ms,
            check_interval_ms,
        }))
    }
}
