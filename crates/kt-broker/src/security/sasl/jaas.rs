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
//! next character), as Java's `StreamTokenizer` reads them in Kafka's `JaasConfig`.

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
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Equals,
    Semicolon,
}

fn tokens(text: &str) -> Result<Vec<Token>, JaasError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
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
                    if c.is_whitespace() || c == '=' || c == ';' || c == '"' {
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
    let mut modules = Vec::new();
    let mut rest = tokens.as_slice();
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
    if modules.is_empty() {
        return Err(JaasError::Empty);
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
}
