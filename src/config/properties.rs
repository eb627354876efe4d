//! Reading Kafka's `.properties` files and `key=value` overrides.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Keys and values of a properties file, sorted by key so that logs and tests are stable.
pub type Properties = BTreeMap<String, String>;

/// Reads a Java `.properties` file (the format every Kafka config file uses).
pub fn load_properties_file(path: &Path) -> Result<Properties> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let map = java_properties::read(std::io::BufReader::new(file))
        .with_context(|| format!("cannot parse {}", path.display()))?;
    Ok(map.into_iter().collect())
}

/// Splits one `key=value` override (as given to `--override` or `--config`) into its parts.
pub fn parse_override(text: &str) -> Result<(String, String)> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.trim().to_string()))
        }
        _ => bail!("invalid property '{text}': expected key=value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_escapes_continuations_and_both_separators() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(
            file,
            "# comment\n! also a comment\nbroker.id=3\nlisteners : PLAINTEXT://localhost:9092\n\
             log.dirs=/tmp/a,\\\n    /tmp/b\nkey\\ with\\ space=x\\ty\n"
        )
        .unwrap();
        let props = load_properties_file(file.path()).unwrap();
        assert_eq!(props["broker.id"], "3");
        assert_eq!(props["listeners"], "PLAINTEXT://localhost:9092");
        assert_eq!(props["log.dirs"], "/tmp/a,/tmp/b");
        assert_eq!(props["key with space"], "x\ty");
    }

    #[test]
    fn override_needs_a_key_and_an_equals_sign() {
        assert_eq!(
            parse_override("a.b=c=d").unwrap(),
            ("a.b".to_string(), "c=d".to_string())
        );
        assert!(parse_override("novalue").is_err());
        assert!(parse_override("=x").is_err());
    }
}
