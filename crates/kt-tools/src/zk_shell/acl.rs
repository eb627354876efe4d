//! ACL text as zkCli reads it (`scheme:id:perms`, comma separated) and prints it
//! (`getAcl`: the id as a jute record string, then `: cdrwa`).

use zookeeper_client::{Acl, AuthId, Permission};

/// Parses `text` as ZooKeeper's `AclParser`: an entry without two colons is reported on stderr
/// and skipped, an unknown permission letter is reported and ignored. Returns the ACLs kept and
/// the warnings, in order, for the caller to print.
pub fn parse(text: &str) -> (Vec<Acl>, Vec<String>) {
    let mut acls = Vec::new();
    let mut warnings = Vec::new();
    for entry in text.split(',') {
        let (Some(first), Some(last)) = (entry.find(':'), entry.rfind(':')) else {
            warnings.push(format!("{entry} does not have the form scheme:id:perm"));
            continue;
        };
        if first == last {
            warnings.push(format!("{entry} does not have the form scheme:id:perm"));
            continue;
        }
        let mut perms = Permission::NONE;
        for c in entry[last + 1..].chars() {
            perms = perms
                | match c {
                    'r' => Permission::READ,
                    'w' => Permission::WRITE,
                    'c' => Permission::CREATE,
                    'd' => Permission::DELETE,
                    'a' => Permission::ADMIN,
                    other => {
                        warnings.push(format!("Unknown perm type: {other}"));
                        Permission::NONE
                    }
                };
        }
        let id = AuthId::new(&entry[..first], &entry[first + 1..last]);
        acls.push(Acl::new(perms, id));
    }
    (acls, warnings)
}

/// One ACL as `getAcl` prints it: Java's `Id.toString()` is the jute record text
/// (`'world,'anyone` and a line break), then `: ` and the permissions in `cdrwa` order.
pub fn line(acl: &Acl) -> String {
    format!(
        "'{},'{}\n: {}",
        jute_escape(acl.scheme()),
        jute_escape(acl.id()),
        perm_string(acl.permission())
    )
}

/// Permissions as ZooKeeper's `ZKUtil.getPermString`: create, delete, read, write, admin.
pub fn perm_string(perms: Permission) -> String {
    [
        (Permission::CREATE, 'c'),
        (Permission::DELETE, 'd'),
        (Permission::READ, 'r'),
        (Permission::WRITE, 'w'),
        (Permission::ADMIN, 'a'),
    ]
    .iter()
    .filter(|(p, _)| perms.has(*p))
    .map(|(_, c)| *c)
    .collect()
}

/// Jute's text archive escapes these characters in strings.
fn jute_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push_str("%00"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            ',' => out.push_str("%2C"),
            '}' => out.push_str("%7D"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_reports_bad_ones() {
        let (acls, warnings) = parse("world:anyone:cdrwa,bogus,digest:u:h=:rx");
        assert_eq!(acls.len(), 2);
        assert_eq!(acls[0].permission(), Permission::ALL);
        assert_eq!(acls[1].scheme(), "digest");
        assert_eq!(acls[1].id(), "u:h=");
        assert_eq!(acls[1].permission(), Permission::READ);
        assert_eq!(
            warnings,
            [
                "bogus does not have the form scheme:id:perm",
                "Unknown perm type: x"
            ]
        );
    }

    #[test]
    fn prints_as_zkcli() {
        let acl = Acl::new(Permission::ALL, AuthId::new("world", "anyone"));
        assert_eq!(line(&acl), "'world,'anyone\n: cdrwa");
        let acl = Acl::new(
            Permission::READ | Permission::ADMIN,
            AuthId::new("ip", "1.2.3.4"),
        );
        assert_eq!(line(&acl), "'ip,'1.2.3.4\n: ra");
    }
}
