//! A command's options parsed as zkCli parses them (Apache Commons CLI's `DefaultParser`):
//! options may come anywhere among the arguments, `-sw` sets two flags, `-v3` and `-v 3` give a
//! value, `--` ends the options, and any other word starting with `-` is an unrecognized option
//! (so data such as `-1` must be quoted differently or follow `--`).

use std::collections::{HashMap, HashSet};

use super::CliError;

/// Which single-letter options a command takes: `flags` without a value, `valued` with one.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub flags: &'static str,
    pub valued: &'static str,
}

/// A parsed command line: the flags seen, the option values, and the other words in order
/// (the command's name first, as zkCli counts them).
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub flags: HashSet<char>,
    pub values: HashMap<char, String>,
    pub args: Vec<String>,
}

impl Parsed {
    /// Whether flag `c` was given.
    pub fn has(&self, c: char) -> bool {
        self.flags.contains(&c) || self.values.contains_key(&c)
    }

    /// The value of option `c`, if given.
    pub fn value(&self, c: char) -> Option<&str> {
        self.values.get(&c).map(String::as_str)
    }
}

/// The message zkCli prints for a Commons CLI parse error (the exception's `toString()`).
fn unrecognized(token: &str) -> CliError {
    CliError::new(format!(
        "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: {token}"
    ))
}

fn missing_argument(option: char) -> CliError {
    CliError::new(format!(
        "org.apache.commons.cli.MissingArgumentException: Missing argument for option: {option}"
    ))
}

/// Whether Commons CLI would take `token` as an option's value: not option-like, or a
/// negative number.
fn is_value(token: &str) -> bool {
    !token.starts_with('-') || token == "-" || token.parse::<f64>().is_ok()
}

/// Parses `words` (the command's name first) against `spec`.
pub fn parse(words: &[String], spec: Spec) -> Result<Parsed, CliError> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    let mut only_args = false;
    while i < words.len() {
        let token = &words[i];
        i += 1;
        if only_args || !token.starts_with('-') || token == "-" {
            parsed.args.push(token.clone());
            continue;
        }
        if token == "--" {
            only_args = true;
            continue;
        }
        if token.starts_with("--") {
            return Err(unrecognized(token));
        }
        let letters: Vec<char> = token[1..].chars().collect();
        let mut j = 0;
        while j < letters.len() {
            let c = letters[j];
            if spec.valued.contains(c) {
                let rest: String = letters[j + 1..].iter().collect();
                let value = if !rest.is_empty() {
                    rest
                } else if i < words.len() && is_value(&words[i]) {
                    i += 1;
                    words[i - 1].clone()
                } else {
                    return Err(missing_argument(c));
                };
                parsed.values.insert(c, value);
                break;
            } else if spec.flags.contains(c) {
                parsed.flags.insert(c);
                j += 1;
            } else {
                return Err(unrecognized(token));
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    const SET: Spec = Spec {
        flags: "s",
        valued: "v",
    };

    #[test]
    fn options_anywhere_grouped_or_attached() {
        let p = parse(&w("set /x data -s -v 3"), SET).unwrap();
        assert_eq!(p.args, ["set", "/x", "data"]);
        assert!(p.has('s'));
        assert_eq!(p.value('v'), Some("3"));
        let p = parse(&w("set -sv4 /x d"), SET).unwrap();
        assert_eq!(p.value('v'), Some("4"));
        let p = parse(&w("set -v -1 /x d"), SET).unwrap();
        assert_eq!(p.value('v'), Some("-1"));
        let p = parse(&w("set -- /x -d"), SET).unwrap();
        assert_eq!(p.args, ["set", "/x", "-d"]);
    }

    #[test]
    fn commons_cli_errors() {
        assert_eq!(
            parse(&w("set -x /a b"), SET).unwrap_err().message,
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x"
        );
        assert_eq!(
            parse(&w("set /a b -v"), SET).unwrap_err().message,
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: v"
        );
    }
}
