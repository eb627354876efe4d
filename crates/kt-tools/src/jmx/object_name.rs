//! JMX object names as `kt jmx --object-name` takes them (`javax.management.ObjectName`):
//! `domain:key=value,...`, where the domain and values may hold `*` and `?` wildcards and a
//! trailing `,*` (or a lone `*`) lets further keys through. A name without wildcards matches
//! exactly that MBean, whatever the order of its keys.

use std::fmt;

/// A parsed object name or pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectName {
    text: String,
    domain: String,
    keys: Vec<(String, String)>,
    /// `,*`: further keys are allowed.
    open: bool,
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why an object name did not parse (Kafka prints `MalformedObjectNameException`'s text).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Malformed(String);

impl ObjectName {
    /// Parses `domain:key=value,...`.
    pub fn parse(text: &str) -> Result<Self, Malformed> {
        let (domain, properties) = text
            .split_once(':')
            .ok_or_else(|| Malformed("Domain part must be specified".into()))?;
        if properties.is_empty() {
            return Err(Malformed("Key properties cannot be empty".into()));
        }
        let mut keys = Vec::new();
        let mut open = false;
        for property in properties.split(',') {
            if property == "*" {
                open = true;
                continue;
            }
            let (key, value) = property
                .split_once('=')
                .ok_or_else(|| Malformed(format!("Unterminated key property part {property}")))?;
            if key.is_empty() || value.is_empty() {
                return Err(Malformed(format!("Invalid key property {property}")));
            }
            keys.push((key.to_string(), value.to_string()));
        }
        Ok(ObjectName {
            text: text.to_string(),
            domain: domain.to_string(),
            keys,
            open,
        })
    }

    /// Whether this is a pattern (wildcards in the domain or a value, or `,*`).
    pub fn is_pattern(&self) -> bool {
        self.open || has_wildcard(&self.domain) || self.keys.iter().any(|(_, v)| has_wildcard(v))
    }

    /// Whether the MBean `name` is matched by this name or pattern.
    pub fn matches(&self, name: &ObjectName) -> bool {
        if !wildcard_match(&self.domain, &name.domain) {
            return false;
        }
        let all_found = self.keys.iter().all(|(k, pattern)| {
            name.keys
                .iter()
                .any(|(nk, nv)| nk == k && wildcard_match(pattern, nv))
        });
        all_found && (self.open || self.keys.len() == name.keys.len())
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

/// `*` matches any run of characters, `?` any one.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> ObjectName {
        ObjectName::parse(s).unwrap()
    }

    #[test]
    fn exact_names_and_patterns_match_as_jmx_does() {
        let bean = name("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t");
        let all = name("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec");
        assert!(!all.is_pattern());
        assert!(!all.matches(&bean), "an exact name needs every key");
        assert!(all.matches(&all));
        assert!(name("kafka.server:name=MessagesInPerSec,type=BrokerTopicMetrics").matches(&all));
        let open = name("kafka.server:type=BrokerTopicMetrics,*");
        assert!(open.is_pattern() && open.matches(&bean) && open.matches(&all));
        let valued = name("kafka.server:type=BrokerTopicMetrics,name=*InPerSec,topic=?");
        assert!(valued.matches(&bean) && !valued.matches(&all));
        assert!(name("*:*").matches(&bean));
        assert!(name("kafka.*:type=Broker*,*").matches(&bean));
        assert!(!name("kafka.log:*").matches(&bean));
        assert!(ObjectName::parse("no-colon").is_err());
        assert!(ObjectName::parse("d:").is_err());
    }
}
