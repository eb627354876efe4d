//! `ssl.principal.mapping.rules`: how a client certificate's distinguished name becomes a
//! user name, with Kafka's `SslPrincipalMapper` syntax — a list of
//! `RULE:pattern/replacement/[LU]` and `DEFAULT`, tried in order. A rule applies when its
//! (Java) regular expression matches the whole name; the replacement may use `$1`...; `L` or
//! `U` lower- or upper-cases the result. `DEFAULT` keeps the name as it is. No rule applying
//! refuses the connection.

use regex::Regex;

/// One mapping rule.
#[derive(Debug, Clone)]
enum Rule {
    Default,
    Replace {
        pattern: Regex,
        replacement: String,
        case: Option<char>,
    },
}

/// The parsed rules of a listener.
#[derive(Debug, Clone)]
pub struct PrincipalMapper {
    rules: Vec<Rule>,
    /// The setting as given, for the error of a name no rule maps.
    source: String,
}

/// Kafka's messages for a rule list it cannot read or a name no rule maps.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MappingError {
    #[error("Invalid rule: {0}")]
    InvalidRule(String),
    #[error("No rules apply to {0}, rules {1}")]
    NoRule(String, String),
}

impl PrincipalMapper {
    /// Reads a rule list (`DEFAULT` when the setting is absent).
    pub fn parse(text: &str) -> Result<Self, MappingError> {
        let mut rules = Vec::new();
        let mut rest = text.trim();
        while !rest.is_empty() {
            if let Some(tail) = rest.strip_prefix("DEFAULT") {
                rules.push(Rule::Default);
                rest = tail;
            } else if let Some(tail) = rest.strip_prefix("RULE:") {
                let (pattern, tail) =
                    until_slash(tail).ok_or_else(|| MappingError::InvalidRule(rest.to_string()))?;
                let (replacement, tail) =
                    until_slash(tail).ok_or_else(|| MappingError::InvalidRule(rest.to_string()))?;
                let (case, tail) = match tail.chars().next() {
                    Some(c @ ('L' | 'U')) => (Some(c), &tail[1..]),
                    _ => (None, tail),
                };
                let pattern = Regex::new(&format!("^(?:{pattern})$"))
                    .map_err(|_| MappingError::InvalidRule(rest.to_string()))?;
                rules.push(Rule::Replace {
                    pattern,
                    replacement: java_replacement(&replacement),
                    case,
                });
                rest = tail;
            } else {
                return Err(MappingError::InvalidRule(rest.to_string()));
            }
            rest = rest.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
        if rules.is_empty() {
            rules.push(Rule::Default);
        }
        Ok(PrincipalMapper {
            rules,
            source: text.trim().to_string(),
        })
    }

    /// The user name of a distinguished name.
    pub fn map(&self, dn: &str) -> Result<String, MappingError> {
        for rule in &self.rules {
            match rule {
                Rule::Default => return Ok(dn.to_string()),
                Rule::Replace {
                    pattern,
                    replacement,
                    case,
                } => {
                    if pattern.is_match(dn) {
                        let mapped = pattern.replace_all(dn, replacement.as_str()).into_owned();
                        return Ok(match case {
                            Some('L') => mapped.to_lowercase(),
                            Some('U') => mapped.to_uppercase(),
                            _ => mapped,
                        });
                    }
                }
            }
        }
        Err(MappingError::NoRule(dn.to_string(), self.source.clone()))
    }
}

/// The text up to the next unescaped `/` (a `\/` stays in, as Java's regex reads it), and
/// what follows that slash.
fn until_slash(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, next)) = chars.next() {
                    out.push(next);
                }
            }
            '/' => return Some((out, &text[i + 1..])),
            _ => out.push(c),
        }
    }
    None
}

/// Java's `$1` group references as the regex crate writes them (`${1}`, so `$1a` still means
/// group 1 then `a`).
fn java_replacement(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if next == '$' {
                        out.push_str("$$");
                    } else {
                        out.push(next);
                    }
                }
            }
            '$' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str("$$");
                } else {
                    out.push_str(&format!("${{{digits}}}"));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafkas_documented_rules() {
        let mapper = PrincipalMapper::parse(
            "RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L,DEFAULT",
        )
        .unwrap();
        assert_eq!(
            mapper
                .map("CN=kafka-server1,OU=ServiceUsers,O=Org,C=US")
                .unwrap(),
            "kafka-server1"
        );
        assert_eq!(
            mapper
                .map("CN=Duke,OU=JavaSoft,O=Sun Microsystems,L=Santa Clara,ST=CA,C=US")
                .unwrap(),
            "duke@javasoft"
        );
        assert_eq!(mapper.map("OU=x,cn=Admin.One,O=y").unwrap(), "admin.one");
        assert_eq!(mapper.map("O=nobody").unwrap(), "O=nobody");
    }

    #[test]
    fn default_and_failures() {
        assert_eq!(
            PrincipalMapper::parse("").unwrap().map("CN=a").unwrap(),
            "CN=a"
        );
        let upper = PrincipalMapper::parse("RULE:CN=([a-z]+)/$1/U").unwrap();
        assert_eq!(upper.map("CN=abc").unwrap(), "ABC");
        assert!(matches!(upper.map("OU=x"), Err(MappingError::NoRule(..))));
        assert!(PrincipalMapper::parse("RULE:nope").is_err());
        assert!(PrincipalMapper::parse("BOGUS").is_err());
    }
}
