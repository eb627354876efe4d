//! The JVM options Kafka's scripts pass on through `KAFKA_OPTS`, read for the one system
//! property kt honours: `java.security.auth.login.config`, the static JAAS file that Kafka's
//! security documentation configures brokers and clients with
//! (`export KAFKA_OPTS="-Djava.security.auth.login.config=/etc/kafka/kafka_server_jaas.conf"`).

use std::path::PathBuf;

/// The environment variable Kafka's `bin/*.sh` scripts hand to the JVM.
pub const KAFKA_OPTS: &str = "KAFKA_OPTS";

/// The JVM system property naming the static JAAS file.
pub const JAAS_LOGIN_CONFIG: &str = "java.security.auth.login.config";

/// The value of `-D<name>=<value>` in a JVM options string (the last one given wins, as the
/// JVM takes it). Options are split at whitespace, as the scripts' unquoted `$KAFKA_OPTS`
/// is; `-Dname` alone gives the empty value.
pub fn system_property(options: &str, name: &str) -> Option<String> {
    let flag = format!("-D{name}");
    options.split_whitespace().rev().find_map(|option| {
        let rest = option.strip_prefix(&flag)?;
        match rest.strip_prefix('=') {
            Some(value) => Some(value.to_string()),
            None if rest.is_empty() => Some(String::new()),
            None => None,
        }
    })
}

/// The static JAAS file `KAFKA_OPTS` names, if any. `==FILE` (the JVM's "use only this
/// file") names the file as `=FILE` does, since kt reads no other.
pub fn jaas_login_config_from_env() -> Option<PathBuf> {
    let options = std::env::var(KAFKA_OPTS).ok()?;
    jaas_login_config(&options)
}

/// The static JAAS file named in a JVM options string.
pub fn jaas_login_config(options: &str) -> Option<PathBuf> {
    let value = system_property(options, JAAS_LOGIN_CONFIG)?;
    let value = value.strip_prefix('=').unwrap_or(&value);
    (!value.is_empty()).then(|| PathBuf::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_jaas_file_among_other_jvm_options() {
        let opts = "-Xmx1G -Djava.security.auth.login.config=/etc/kafka/jaas.conf \
                    -Dzookeeper.sasl.client=false";
        assert_eq!(
            jaas_login_config(opts),
            Some(PathBuf::from("/etc/kafka/jaas.conf"))
        );
        assert_eq!(
            jaas_login_config(
                "-Djava.security.auth.login.config==/a -Djava.security.auth.login.config=/b"
            ),
            Some(PathBuf::from("/b"))
        );
        assert_eq!(
            jaas_login_config("-Djava.security.auth.login.config==/only"),
            Some(PathBuf::from("/only"))
        );
        assert_eq!(jaas_login_config("-Xmx1G"), None);
        assert_eq!(
            jaas_login_config("-Djava.security.auth.login.config="),
            None
        );
        // A longer property name that merely starts the same is another property.
        assert_eq!(
            system_property("-Djava.security.auth.login.configX=/x", JAAS_LOGIN_CONFIG),
            None
        );
        assert_eq!(
            system_property("-Dzookeeper.sasl.client", "zookeeper.sasl.client"),
            Some(String::new())
        );
    }
}
