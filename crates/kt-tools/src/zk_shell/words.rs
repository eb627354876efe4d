//! Splitting a typed line into words the way zkCli does: runs of non-blank characters, or a
//! whole `"..."` / `'...'` group (quotes removed), so `set /x "a b"` sets `a b`.

/// The words of `line`; empty for a blank line.
pub fn split(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let quote = chars[i];
        if quote == '"' || quote == '\'' {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == quote) {
                words.push(chars[i + 1..i + 1 + len].iter().collect());
                i += len + 2;
                continue;
            }
            // An unclosed quote: zkCli's pattern then takes the quote as the start of a plain
            // word (`[^"']\S*` fails, so the match restarts one character later).
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            i += 1;
        }
        words.push(chars[start..i].iter().collect());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn quotes_group_words_and_are_removed() {
        assert_eq!(split("  set /x \"a b\"  "), ["set", "/x", "a b"]);
        assert_eq!(split("create /y 'it is'"), ["create", "/y", "it is"]);
        assert_eq!(split("get -s /a"), ["get", "-s", "/a"]);
        assert!(split("   ").is_empty());
    }

    #[test]
    fn a_word_may_hold_quotes_inside() {
        assert_eq!(split("set /x {\"a\":1}"), ["set", "/x", "{\"a\":1}"]);
    }
}
