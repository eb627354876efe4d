//! Kafka's (Java) client SASL properties in, librdkafka's out: the Java client names its
//! user and password inside `sasl.jaas.config`
//! (`org.apache.kafka.common.security.plain.PlainLoginModule required username="alice"
//! password="...";`, the same with `ScramLoginModule`); librdkafka takes them as
//! `sasl.username` and `sasl.password`. `sasl.mechanism` and `security.protocol` pass through
//! (librdkafka knows both names). Without `sasl.jaas.config`, a SASL client reads the
//! `KafkaClient` entry of the static JAAS file `KAFKA_OPTS` names
//! (`-Djava.security.auth.login.config=FILE`), as the Java client does.

use kt_broker::security::sasl::jaas::{self, LoginModule};
use kt_broker::security::sasl::jaas_context;

/// The credentials of a client `sasl.jaas.config`: librdkafka properties to set, or why the
/// value cannot be used (the message never holds the value: it has a password in it).
pub fn translate_jaas(value: &str) -> Result<Vec<(String, String)>, String> {
    let modules = jaas::parse(value).map_err(|e| format!("sasl.jaas.config: {e}"))?;
    translate_modules(&modules, "sasl.jaas.config")
}

/// The credentials of a client's login modules (`source` names where they came from, for
/// messages).
fn translate_modules(
    modules: &[LoginModule],
    source: &str,
) -> Result<Vec<(String, String)>, String> {
    let module = modules
        .iter()
        .find(|m| {
            m.class.ends_with(".PlainLoginModule") || m.class.ends_with(".ScramLoginModule")
        })
        .ok_or_else(|| {
            format!(
                "{source}: login module {} is not supported by kt's clients (PlainLoginModule and ScramLoginModule are)",
                modules.first().map_or("(none)", |m| m.class.as_str())
            )
        })?;
    let mut out = Vec::new();
    for (java, librdkafka) in [("username", "sasl.username"), ("password", "sasl.password")] {
        match module.options.get(java) {
            Some(v) => out.push((librdkafka.to_string(), v.clone())),
            None => return Err(format!("{source}: {java} is missing")),
        }
    }
    Ok(out)
}

/// The last value of `key` in a client's properties.
fn property(properties: &[(String, String)], key: &str) -> Option<String> {
    properties
        .iter()
        .rev()
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_string())
}

/// The credentials of the static JAAS file's `KafkaClient` entry, for a SASL client that
/// names none itself (no `sasl.jaas.config`, no `sasl.username`), when `KAFKA_OPTS` names a
/// file; `None` otherwise.
pub fn static_file_credentials(
    properties: &[(String, String)],
) -> Option<Result<Vec<(String, String)>, String>> {
    let sasl = property(properties, "security.protocol")
        .is_some_and(|p| p.to_ascii_uppercase().starts_with("SASL_"));
    if !sasl
        || property(properties, "sasl.jaas.config").is_some()
        || property(properties, "sasl.username").is_some()
    {
        return None;
    }
    let path = kt_base::config::jvm_options::jaas_login_config_from_env()?;
    let found = match jaas_context::client_login_modules(None, Some(&path)) {
        Ok(found) => found,
        Err(e) => return Some(Err(e.to_string())),
    };
    let source = format!("{} ({})", jaas_context::CLIENT_ENTRY, path.display());
    Some(match found {
        Some(modules) => translate_modules(&modules, &source),
        None => Err(format!(
            "Could not find a '{}' entry in the JAAS configuration. System property \
             'java.security.auth.login.config' is {}",
            jaas_context::CLIENT_ENTRY,
            path.display()
        )),
    })
}

/// The user and password of a client's properties, from `sasl.jaas.config` or librdkafka's
/// own `sasl.username`/`sasl.password` (the last value of a key wins), else from the static
/// JAAS file's `KafkaClient` entry.
pub fn credentials(properties: &[(String, String)]) -> Result<Option<(String, String)>, String> {
    let mut user = property(properties, "sasl.username");
    let mut password = property(properties, "sasl.password");
    let translated = match property(properties, "sasl.jaas.config") {
        Some(text) => Some(translate_jaas(&text)?),
        None => static_file_credentials(properties).transpose()?,
    };
    for (key, value) in translated.into_iter().flatten() {
        match key.as_str() {
            "sasl.username" => user = Some(value),
            _ => password = Some(value),
        }
    }
    Ok(user.zip(password))
}

/// Whether a client's `sasl.jaas.config` asks for delegation token authentication
/// (`ScramLoginModule required username="<tokenId>" password="<hmac>" tokenauth="true";`):
/// the SCRAM exchange then carries Kafka's `tokenauth=true` extension.
pub fn token_auth(properties: &[(String, String)]) -> bool {
    properties
        .iter()
        .rev()
        .find(|(k, _)| k.trim() == "sasl.jaas.config")
        .and_then(|(_, v)| jaas::parse(v).ok())
        .is_some_and(|modules| {
            modules.iter().any(|m| {
                m.class.ends_with(".ScramLoginModule")
                    && m.options
                        .get("tokenauth")
                        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaas_users_become_librdkafka_credentials() {
        let out = translate_jaas(
            r#"org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";"#,
        )
        .unwrap();
        assert_eq!(
            out,
            vec![
                ("sasl.username".to_string(), "alice".to_string()),
                ("sasl.password".to_string(), "alice-secret".to_string())
            ]
        );
        let err = translate_jaas(
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        )
        .unwrap_err();
        assert!(err.contains("not supported"), "{err}");
        let err = translate_jaas(r#"a.PlainLoginModule required username="u";"#).unwrap_err();
        assert!(err.contains("password is missing"), "{err}");
        let props = vec![
            ("sasl.username".to_string(), "x".to_string()),
            (
                "sasl.jaas.config".to_string(),
                r#"a.PlainLoginModule required username="u" password="p";"#.to_string(),
            ),
        ];
        assert_eq!(
            credentials(&props).unwrap(),
            Some(("u".to_string(), "p".to_string()))
        );
        assert!(!token_auth(&props));
        let token = vec![(
            "sasl.jaas.config".to_string(),
            r#"org.apache.kafka.common.security.scram.ScramLoginModule required username="tid" password="mac" tokenauth="true";"#.to_string(),
        )];
        assert!(token_auth(&token));
    }
}
