//! The checks Kafka's `ClientMetricsConfigs.validate` makes of a client metrics resource,
//! with its messages.

use super::Settings;

/// The settings a resource may hold.
const NAMES: [&str; 3] = ["metrics", "interval.ms", "match"];
/// What `match` may select on.
const SELECTORS: [&str; 6] = [
    "client_instance_id",
    "client_id",
    "client_software_name",
    "client_software_version",
    "client_source_address",
    "client_source_port",
];

/// Why a resource's settings were refused.
#[derive(Debug, thiserror::Error)]
pub enum ClientMetricsError {
    /// Kafka's InvalidRequestException.
    #[error("{0}")]
    InvalidRequest(String),
    /// Kafka's InvalidConfigurationException.
    #[error("{0}")]
    InvalidConfig(String),
    /// The file could not be written.
    #[error("cannot save the client metrics resources: {0}")]
    Storage(String),
}

/// Checks a resource's name and settings.
pub fn validate(name: &str, settings: &Settings) -> Result<(), ClientMetricsError> {
    use ClientMetricsError::*;
    if name.is_empty() {
        return Err(InvalidRequest("Subscription name can't be empty".into()));
    }
    if let Some(unknown) = settings.keys().find(|k| !NAMES.contains(&k.as_str())) {
        return Err(InvalidRequest(format!(
            "Unknown client metrics configuration: {unknown}"
        )));
    }
    if let Some(interval) = settings.get("interval.ms") {
        let value: i32 = interval.trim().parse().map_err(|_| {
            InvalidConfig(format!(
                "Invalid value {interval} for configuration interval.ms: Not a number of type INT"
            ))
        })?;
        if !(100..=3_600_000).contains(&value) {
            return Err(InvalidRequest(format!(
                "Invalid value {value} for interval.ms, interval must be between 100 and 3600000 (1 hour)"
            )));
        }
    }
    if let Some(patterns) = settings.get("match") {
        matching_patterns(patterns)?;
    }
    Ok(())
}

/// `match`'s `selector=regex` entries, each regex anchored (Java's `Matcher.matches`).
pub fn matching_patterns(
    patterns: &str,
) -> Result<Vec<(String, regex::Regex)>, ClientMetricsError> {
    patterns
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pattern| {
            let illegal = || {
                ClientMetricsError::InvalidConfig(format!(
                    "Illegal client matching pattern: {pattern}"
                ))
            };
            let parts: Vec<&str> = pattern.split('=').collect();
            if parts.len() != 2 {
                return Err(illegal());
            }
            let selector = parts[0].trim();
            if !SELECTORS.contains(&selector) {
                return Err(illegal());
            }
            let regex =
                regex::Regex::new(&format!("^(?:{})$", parts[1].trim())).map_err(|_| illegal())?;
            Ok((selector.to_string(), regex))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::settings;

    #[test]
    fn kafkas_checks_and_messages() {
        assert!(validate(
            "s",
            &settings(&[
                ("metrics", "org.apache.kafka.producer."),
                ("interval.ms", "1000"),
                ("match", "client_id=perf.*,client_software_name=librdkafka")
            ])
        )
        .is_ok());
        let err = |name, pairs: &[(&str, &str)]| {
            validate(name, &settings(pairs)).unwrap_err().to_string()
        };
        assert_eq!(err("", &[]), "Subscription name can't be empty");
        assert_eq!(
            err("s", &[("colour", "red")]),
            "Unknown client metrics configuration: colour"
        );
        assert_eq!(
            err("s", &[("interval.ms", "5")]),
            "Invalid value 5 for interval.ms, interval must be between 100 and 3600000 (1 hour)"
        );
        assert_eq!(
            err("s", &[("match", "host=x")]),
            "Illegal client matching pattern: host=x"
        );
        assert_eq!(
            err("s", &[("match", "client_id=(")]),
            "Illegal client matching pattern: client_id=("
        );
    }
}
