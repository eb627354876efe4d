//! ZooKeeper's rules for a znode path, checked before anything is sent so that a bad path gets
//! the Java client's message (`Path must start with / character`, ...), as zkCli prints it.

use super::CliError;

/// Checks `path` as ZooKeeper's `PathUtils.validatePath` does; a sequential create checks the
/// path with a digit appended (the server adds the sequence number), so `/x/` is fine there.
pub fn validate(path: &str, sequential: bool) -> Result<(), CliError> {
    let checked;
    let path = if sequential {
        checked = format!("{path}1");
        checked.as_str()
    } else {
        path
    };
    if path.is_empty() {
        return Err(CliError::new("Path length must be > 0"));
    }
    if !path.starts_with('/') {
        return Err(CliError::new("Path must start with / character"));
    }
    if path.len() == 1 {
        return Ok(());
    }
    if path.ends_with('/') {
        return Err(CliError::new("Path must not end with / character"));
    }
    // Java counts UTF-16 units in its `@N` positions; for the characters paths hold in
    // practice that is the char index.
    let chars: Vec<char> = path.chars().collect();
    let mut reason = None;
    for i in 1..chars.len() {
        let (c, last) = (chars[i], chars[i - 1]);
        let ends_name = i + 1 == chars.len() || chars[i + 1] == '/';
        if c == '\0' {
            reason = Some(format!("null character not allowed @{i}"));
        } else if c == '/' && last == '/' {
            reason = Some(format!("empty node name specified @{i}"));
        } else if c == '.' && last == '.' {
            if i >= 2 && chars[i - 2] == '/' && ends_name {
                reason = Some(format!("relative paths not allowed @{i}"));
            }
        } else if c == '.' {
            if last == '/' && ends_name {
                reason = Some(format!("relative paths not allowed @{i}"));
            }
        } else if ('\u{1}'..='\u{1f}').contains(&c)
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || ('\u{e000}'..='\u{f8ff}').contains(&c)
            || ('\u{fff0}'..='\u{ffff}').contains(&c)
            || c > '\u{ffff}'
        {
            reason = Some(format!("invalid character @{i}"));
        }
        if reason.is_some() {
            break;
        }
    }
    match reason {
        Some(r) => Err(CliError::new(format!(
            "Invalid path string \"{path}\" caused by {r}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    fn msg(p: &str) -> String {
        validate(p, false).unwrap_err().message
    }

    #[test]
    fn java_messages() {
        assert!(validate("/", false).is_ok());
        assert!(validate("/a/b.c", false).is_ok());
        assert_eq!(msg("a"), "Path must start with / character");
        assert_eq!(msg(""), "Path length must be > 0");
        assert_eq!(msg("/a/"), "Path must not end with / character");
        assert_eq!(
            msg("/a//b"),
            "Invalid path string \"/a//b\" caused by empty node name specified @3"
        );
        assert_eq!(
            msg("/a/../b"),
            "Invalid path string \"/a/../b\" caused by relative paths not allowed @4"
        );
        assert!(validate("/a/", true).is_ok());
    }
}
