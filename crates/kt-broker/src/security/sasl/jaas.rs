//! Kafka's JAAS configuration syntax, as written in `sasl.jaas.config` (and its
//! `listener.name.<l>.<mechanism>.sasl.jaas.config` overrides):
//!
//! ```text
//! org.apache.kafka.common.security.plain.PlainLoginModule required
//!     username="admin" password="admin-secret" user_alice="alice-secret";
//! ```
//!
//! One or more login modules, each a class name, a control flag and `key=value` options,
//! each ended by `;`. Values are bare words or double-quoted strings (with `\` escaping the
//! next character), as Java's `StreamTokenizer` reads them in Kafka's `JaasConfig`; `//` and
//! `/* */` comments are skipped, as there.
//!
//! A static JAAS file (the JVM's `java.security.auth.login.config`) wraps such lists in named
//! entries, `KafkaServer { ... };`: [`parse_file`] reads those.

use std::collections::BTreeMap;

use thiserror::Error;

/// One login module entry of a JAAS configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginModule {
    /// The login module's class, e.g. `org.apache.kafka.common.security.plain.PlainLoginModule`.
    pub class: String,
    /// `required`, `requisite`, `sufficient` or `optional`.
    pub flag: String,
    /// The options in the order of their names.
    pub options: BTreeMap<String, String>,
}

/// Why a JAAS configuration cannot be read; the message never contains an option's value,
/// since values are passwords.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum JaasError {
    #[error("JAAS config entry not terminated by semi-colon")]
    Unterminated,
    #[error("Invalid JAAS config: no login module")]
    Empty,
    #[error("Invalid JAAS control flag '{0}'")]
    BadFlag(String),
    #[error("Value not specified for key '{0}' in JAAS config")]
    MissingValue(String),
    #[error("Invalid JAAS config: unexpected '{0}'")]
    Unexpected(String),
    #[error("Invalid JAAS config: unterminated quoted string")]
    UnterminatedQuote,
    #[error("Invalid JAAS config: unterminated /* comment")]
    UnterminatedComment,
    #[error("Invalid JAAS file: entry {0} is not closed by '}};'")]
    UnclosedEntry(String),
    #[error("Invalid JAAS file: expected an entry name followed by '{{', found '{0}'")]
    ExpectedEntry(String),
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Equals,
    Semicolon,
    Open,
    Close,
}

fn tokens(text: &str) -> Result<Vec<Token>, JaasError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '/' if matches!(chars.clone().nth(1), Some('/')) => {
                while chars.next().is_some_and(|c| c != '\n') {}
            }
            '/' if matches!(chars.clone().nth(1), Some('*')) => {
                chars.next();
                chars.next();
                let mut last = ' ';
                loop {
                    match chars.next() {
                        None => return Err(JaasError::UnterminatedComment),
                        Some('/') if last == '*' => break,
                        Some(c) => last = c,
                    }
                }
            }
            '{' => {
                chars.next();
                out.push(Token::Open);
            }
            '}' => {
                chars.next();
                out.push(Token::Close);
            }
            '=' => {
                chars.next();
                out.push(Token::Equals);
            }
            ';' => {
                chars.next();
                out.push(Token::Semicolon);
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err(JaasError::UnterminatedQuote),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(escaped) => value.push(escaped),
                            None => return Err(JaasError::UnterminatedQuote),
                        },
                        Some(other) => value.push(other),
                    }
                }
                out.push(Token::Quoted(value));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '=' | ';' | '"' | '{' | '}') {
                        break;
                    }
                    if c == '/' && matches!(chars.clone().nth(1), Some('/' | '*')) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
        }
    }
    Ok(out)
}

/// Reads a JAAS configuration string into its login modules.
pub fn parse(text: &str) -> Result<Vec<LoginModule>, JaasError> {
    let tokens = tokens(text)?;
    let modules = modules(&tokens)?;
    if modules.is_empty() {
        return Err(JaasError::Empty);
    }
    Ok(modules)
}

/// Reads a static JAAS file (`Name { module flag options; ... };` entries) into its entries'
/// login modules, by entry name. An entry named twice keeps its last modules, as Java's
/// `ConfigFile` does.
pub fn parse_file(text: &str) -> Result<BTreeMap<String, Vec<LoginModule>>, JaasError> {
    let tokens = tokens(text)?;
    let mut entries = BTreeMap::new();
    let mut rest = tokens.as_slice();
    while !rest.is_empty() {
        let name = match rest {
            [Token::Word(name), Token::Open, tail @ ..] => {
                rest = tail;
                name.clone()
            }
            [other, ..] => return Err(JaasError::ExpectedEntry(describe(other))),
            [] => unreachable!("loop runs while tokens remain"),
        };
        let end = rest
            .iter()
            .position(|t| *t == Token::Close)
            .ok_or_else(|| JaasError::UnclosedEntry(name.clone()))?;
        let body = modules(&rest[..end])?;
        rest = match &rest[end + 1..] {
            [Token::Semicolon, tail @ ..] => tail,
            _ => return Err(JaasError::UnclosedEntry(name)),
        };
        entries.insert(name, body);
    }
    Ok(entries)
}

/// The login modules of a token list (a `sasl.jaas.config` value or a file entry's body).
fn modules(tokens: &[Token]) -> Result<Vec<LoginModule>, JaasError> {
    let mut modules = Vec::new();
    let mut rest = tokens;
    while !rest.is_empty() {
        let (class, flag) = match rest {
            [Token::Word(class), Token::Word(flag), ..] => (class.clone(), flag.clone()),
            [Token::Word(_)] | [Token::Word(_), Token::Semicolon, ..] => {
                return Err(JaasError::Unterminated)
            }
            [other, ..] => return Err(JaasError::Unexpected(describe(other))),
            [] => unreachable!("loop runs while tokens remain"),
        };
        if !["required", "requisite", "sufficient", "optional"]
            .contains(&flag.to_ascii_lowercase().as_str())
        {
            return Err(JaasError::BadFlag(flag));
        }
        rest = &rest[2..];
        let mut options = BTreeMap::new();
        loop {
            match rest {
                [Token::Semicolon, tail @ ..] => {
                    rest = tail;
                    break;
                }
                [Token::Word(key), Token::Equals, Token::Word(value) | Token::Quoted(value), tail @ ..] =>
                {
                    options.insert(key.clone(), value.clone());
                    rest = tail;
                }
                [Token::Word(key), ..] => return Err(JaasError::MissingValue(key.clone())),
                [] => return Err(JaasError::Unterminated),
                [other, ..] => return Err(JaasError::Unexpected(describe(other))),
            }
        }
        modules.push(LoginModule {
            class,
            flag: flag.to_ascii_lowercase(),
            options,
        });
    }
    Ok(modules)
}

/// A token as an error message may show it: punctuation and words, never a quoted value.
fn describe(token: &Token) -> String {
    match token {
        Token::Word(w) => w.clone(),
        Token::Quoted(_) => "a quoted value".to_string(),
        Token::Equals => "=".to_string(),
        Token::Semicolon => ";".to_string(),
        Token::Open => "{".to_string(),
        Token::Close => "}".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kafkas_plain_example() {
        let modules = parse(
            r#"org.apache.kafka.common.security.plain.PlainLoginModule required
               username="admin" password="admin-secret"
               user_admin="admin-secret" user_alice=alice-secret;"#,
        )
        .unwrap();
        assert_eq!(modules.len(), 1);
        let m = &modules[0];
        assert_eq!(
            m.class,
            "org.apache.kafka.common.security.plain.PlainLoginModule"
        );
        assert_eq!(m.flag, "required");
        assert_eq!(m.options["username"], "admin");
        assert_eq!(m.options["user_admin"], "admin-secret");
        assert_eq!(m.options["user_alice"], "alice-secret");
    }

    #[test]
    fn quoted_values_keep_spaces_semicolons_and_escapes() {
        let modules = parse(r#"a.B optional password="p a;s\"s" x="";"#).unwrap();
        assert_eq!(modules[0].options["password"], "p a;s\"s");
        assert_eq!(modules[0].options["x"], "");
        assert_eq!(modules[0].flag, "optional");
    }

    #[test]
    fn several_modules_and_errors() {
        let modules = parse("a.A required; b.B sufficient k=v;").unwrap();
        assert_eq!(modules.len(), 2);
        assert!(modules[0].options.is_empty());
        assert_eq!(parse("a.A required k=v"), Err(JaasError::Unterminated));
        assert_eq!(
            parse("a.A required k=;"),
            Err(JaasError::MissingValue("k".into()))
        );
        assert_eq!(
            parse("a.A mandatory;"),
            Err(JaasError::BadFlag("mandatory".into()))
        );
        assert_eq!(parse("  "), Err(JaasError::Empty));
        assert_eq!(
            parse(r#"a.A required p="secret"#),
            Err(JaasError::UnterminatedQuote)
        );
        // A value never shows in a message.
        let err = parse(r#"a.A required "secret";"#).unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn comments_are_skipped() {
        let modules =
            parse("// the broker's users\n a.A required /* inline */ k=v// trailing\n;").unwrap();
        assert_eq!(modules[0].options["k"], "v");
        assert_eq!(
            parse("a.A required; /* open"),
            Err(JaasError::UnterminatedComment)
        );
    }

    #[test]
    fn reads_kafkas_documented_jaas_file() {
        // The file of Kafka's security docs, with a listener-scoped entry and comments.
        let entries = parse_file(
            r#"
            // kafka_server_jaas.conf
            KafkaServer {
                org.apache.kafka.common.security.plain.PlainLoginModule required
                username="admin"
                password="admin-secret"
                user_admin="admin-secret"
                user_alice="alice-secret";
                org.apache.kafka.common.security.scram.ScramLoginModule required
                username="admin" password="admin-secret";
            };
            sasl_ssl.KafkaServer { a.B optional; };
            /* ZooKeeper's */
            Client {
                org.apache.zookeeper.server.auth.DigestLoginModule required
                username="kafka" password="kafka-secret";
            };
            "#,
        )
        .unwrap();
        assert_eq!(
            entries.keys().collect::<Vec<_>>(),
            ["Client", "KafkaServer", "sasl_ssl.KafkaServer"]
        );
        let server = &entries["KafkaServer"];
        assert_eq!(server.len(), 2);
        assert_eq!(server[0].options["user_alice"], "alice-secret");
        assert!(server[1].class.ends_with("ScramLoginModule"));
        assert_eq!(entries["sasl_ssl.KafkaServer"][0].flag, "optional");
    }

    #[test]
    fn a_broken_jaas_file_says_where_without_values() {
        assert_eq!(
            parse_file(r#"KafkaServer { a.A required p="secret"; "#),
            Err(JaasError::UnclosedEntry("KafkaServer".into()))
        );
        assert_eq!(
            parse_file("KafkaServer { a.A required; }"),
            Err(JaasError::UnclosedEntry("KafkaServer".into()))
        );
        assert_eq!(
            parse_file("a.A required;"),
            Err(JaasError::ExpectedEntry("a.A".into()))
        );
        let err = parse_file(r#"KafkaServer { a.A required "secret"; };"#)
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
        // An entry may be empty; the braces may not appear inside a module list.
        assert_eq!(parse_file("Empty { };").unwrap()["Empty"], vec![]);
        assert!(parse("a.A required { };").is_err());
    }
}
