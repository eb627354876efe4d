//! Access control as ZooKeeper checks it: which identities an ACL grants what
//! (`checkACL`), how a new ACL is checked and expanded (`fixupACL`), and the `digest`
//! scheme's ids. Schemes: `world`, `digest` (through addauth), `ip` (the client's address), and
//! `auth` in new ACLs (the session's digest ids).

use base64::Engine;
use sha1::{Digest, Sha1};

use super::proto::{Acl, Code, Id};

/// `digest` scheme's id for `user:password`: `user:base64(sha1(user:password))`.
pub fn digest_id(user_password: &str) -> String {
    let user = user_password.split(':').next().unwrap_or_default();
    let hash = Sha1::digest(user_password.as_bytes());
    format!(
        "{user}:{}",
        base64::engine::general_purpose::STANDARD.encode(hash)
    )
}

/// ZooKeeper's `checkACL`: an empty ACL allows all; otherwise some entry granting one of
/// `perm`'s bits must match `world:anyone` or one of the session's identities.
pub fn allowed(acl: &[Acl], perm: i32, auth: &[Id]) -> bool {
    if acl.is_empty() {
        return true;
    }
    acl.iter().any(|a| {
        a.perms & perm != 0
            && ((a.id.scheme == "world" && a.id.id == "anyone")
                || auth.iter().any(|id| id_matches(&a.id, id)))
    })
}

fn id_matches(acl_id: &Id, auth: &Id) -> bool {
    if acl_id.scheme != auth.scheme {
        return false;
    }
    if acl_id.scheme != "ip" {
        return acl_id.id == auth.id;
    }
    let (net, bits) = match acl_id.id.split_once('/') {
        Some((net, bits)) => (net, bits.parse::<u32>().ok()),
        None => (acl_id.id.as_str(), None),
    };
    match (
        net.parse::<std::net::IpAddr>(),
        auth.id.parse::<std::net::IpAddr>(),
    ) {
        (Ok(std::net::IpAddr::V4(a)), Ok(std::net::IpAddr::V4(b))) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// ZooKeeper's `fixupACL`: an ACL must not be empty; `auth` entries become the session's
/// authenticated ids; unknown schemes or malformed ids are INVALIDACL. Duplicates go.
pub fn fixup_acl(acl: &[Acl], auth: &[Id]) -> Result<Vec<Acl>, Code> {
    if acl.is_empty() {
        return Err(Code::InvalidAcl);
    }
    let mut out: Vec<Acl> = Vec::with_capacity(acl.len());
    let mut push = |a: Acl| {
        if !out.contains(&a) {
            out.push(a);
        }
    };
    for a in acl {
        match a.id.scheme.as_str() {
            "world" if a.id.id == "anyone" => push(a.clone()),
            "auth" => {
                let mut any = false;
                for id in auth.iter().filter(|id| id.scheme == "digest") {
                    any = true;
                    push(Acl {
                        perms: a.perms,
                        id: id.clone(),
                    });
                }
                if !any {
                    return Err(Code::InvalidAcl);
                }
            }
            "digest" if a.id.id.contains(':') => push(a.clone()),
            "ip" if valid_ip_id(&a.id.id) => push(a.clone()),
            _ => return Err(Code::InvalidAcl),
        }
    }
    Ok(out)
}

fn valid_ip_id(id: &str) -> bool {
    let (net, bits) = match id.split_once('/') {
        Some((n, b)) => (n, b.parse::<u8>().is_ok()),
        None => (id, true),
    };
    bits && net.parse::<std::net::IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_acls_match_addresses_and_masks() {
        let ip = |s: &str| Id {
            scheme: "ip".into(),
            id: s.into(),
        };
        assert!(id_matches(&ip("127.0.0.1"), &ip("127.0.0.1")));
        assert!(id_matches(&ip("127.0.0.0/8"), &ip("127.1.2.3")));
        assert!(!id_matches(&ip("10.0.0.0/8"), &ip("127.1.2.3")));
    }
}
