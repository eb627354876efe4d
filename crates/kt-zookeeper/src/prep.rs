//! Validation of writes, in the order ZooKeeper's `PrepRequestProcessor` checks them so that
//! clients get the same error codes. A write is checked against the tree seen through an
//! [`Overlay`] of the changes made so far by the same request (a multi's earlier parts) and
//! becomes the [`Txn`] that the tree then applies.

use std::collections::HashMap;

use super::acl::{allowed, fixup_acl};
use super::proto::{op, perms, Acl, Code, Id, Op};
use super::tree::{
    is_system_path, parent_of, ttl_owner, valid_path, DataTree, NodeKind, Txn, CONTAINER_OWNER,
    MAX_TTL,
};

/// Settings that bound what a write may do.
pub struct Limits {
    /// Largest data accepted (`jute.maxbuffer`).
    pub max_buffer: usize,
    /// TTL nodes allowed (`extendedTypesEnabled`).
    pub ttl_enabled: bool,
}

/// What validation needs of a node: no data, no children list.
#[derive(Debug, Clone)]
struct View {
    version: i32,
    cversion: i32,
    aversion: i32,
    owner: i64,
    children: i32,
    acl: Vec<Acl>,
}

/// The tree as a multi's later parts must see it: the earlier parts' changes over the tree.
pub struct Overlay<'a> {
    tree: &'a DataTree,
    changed: HashMap<String, Option<View>>,
}

impl<'a> Overlay<'a> {
    /// The tree with no change over it yet.
    pub fn new(tree: &'a DataTree) -> Self {
        Overlay {
            tree,
            changed: HashMap::new(),
        }
    }

    fn get(&self, path: &str) -> Option<View> {
        match self.changed.get(path) {
            Some(v) => v.clone(),
            None => self.tree.get(path).map(|n| View {
                version: n.version,
                cversion: n.cversion,
                aversion: n.aversion,
                owner: n.ephemeral_owner,
                children: n.children.len() as i32,
                acl: n.acl.clone(),
            }),
        }
    }

    fn set(&mut self, path: &str, view: Option<View>) {
        self.changed.insert(path.to_string(), view);
    }
}

fn check_version(expected: i32, actual: i32) -> Result<(), Code> {
    if expected == -1 || expected == actual {
        Ok(())
    } else {
        Err(Code::BadVersion)
    }
}

/// Validates a write against the overlay and returns its transaction (the overlay then holds
/// its effect), or ZooKeeper's error code.
pub fn prep(
    request: &Op,
    ov: &mut Overlay,
    session: i64,
    auth: &[Id],
    limits: &Limits,
) -> Result<Txn, Code> {
    match request {
        Op::Create {
            opcode,
            path,
            data,
            acl,
            flags,
            ttl,
        } => {
            // CreateMode flags: 0 persistent, 1 ephemeral, 2 persistent sequential,
            // 3 ephemeral sequential, 4 container, 5 persistent TTL, 6 persistent sequential TTL.
            let (ephemeral, sequential, container, is_ttl) = match flags {
                0 => (false, false, false, false),
                1 => (true, false, false, false),
                2 => (false, true, false, false),
                3 => (true, true, false, false),
                4 => (false, false, true, false),
                5 => (false, false, false, true),
                6 => (false, true, false, true),
                _ => return Err(Code::BadArguments),
            };
            // As in ZooKeeper: TTL nodes exist only with extendedTypesEnabled.
            if is_ttl && !limits.ttl_enabled {
                return Err(Code::Unimplemented);
            }
            if is_ttl && *opcode != op::CREATE_TTL {
                return Err(Code::BadArguments);
            }
            if is_ttl {
                if *ttl <= 0 || *ttl > MAX_TTL {
                    return Err(Code::BadArguments);
                }
            } else if *ttl >= 0 {
                return Err(Code::BadArguments);
            }
            if data.as_ref().map_or(0, Vec::len) > limits.max_buffer {
                return Err(Code::BadArguments);
            }
            if path.rfind('/').is_none() || path.contains('\0') {
                return Err(Code::BadArguments);
            }
            let acl = fixup_acl(acl, auth)?;
            let parent_path = parent_of(path);
            let mut parent = ov.get(parent_path).ok_or(Code::NoNode)?;
            if !allowed(&parent.acl, perms::CREATE, auth) {
                return Err(Code::NoAuth);
            }
            let path = if sequential {
                format!("{path}{:010}", parent.cversion)
            } else {
                path.clone()
            };
            if !valid_path(&path) || path == "/" {
                return Err(if path == "/" {
                    Code::NodeExists
                } else {
                    Code::BadArguments
                });
            }
            if ov.get(&path).is_some() {
                return Err(Code::NodeExists);
            }
            if matches!(NodeKind::of(parent.owner), NodeKind::Ephemeral(_)) {
                return Err(Code::NoChildrenForEphemerals);
            }
            let owner = if container {
                CONTAINER_OWNER
            } else if is_ttl {
                ttl_owner(*ttl)
            } else if ephemeral {
                session
            } else {
                0
            };
            parent.cversion += 1;
            parent.children += 1;
            let parent_cversion = parent.cversion;
            ov.set(parent_path, Some(parent));
            ov.set(
                &path,
                Some(View {
                    version: 0,
                    cversion: 0,
                    aversion: 0,
                    owner,
                    children: 0,
                    acl: acl.clone(),
                }),
            );
            Ok(Txn::Create {
                path,
                data: data.clone(),
                acl,
                ephemeral_owner: owner,
                parent_cversion,
            })
        }
        Op::Delete { path, version } => {
            if !valid_path(path) || is_system_path(path) {
                return Err(Code::BadArguments);
            }
            let parent_path = parent_of(path);
            let mut parent = ov.get(parent_path).ok_or(Code::NoNode)?;
            if !allowed(&parent.acl, perms::DELETE, auth) {
                return Err(Code::NoAuth);
            }
            let node = ov.get(path).ok_or(Code::NoNode)?;
            check_version(*version, node.version)?;
            if node.children > 0 {
                return Err(Code::NotEmpty);
            }
            parent.children -= 1;
            ov.set(parent_path, Some(parent));
            ov.set(path, None);
            Ok(Txn::Delete { path: path.clone() })
        }
        Op::SetData {
            path,
            data,
            version,
        } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            if data.as_ref().map_or(0, Vec::len) > limits.max_buffer {
                return Err(Code::BadArguments);
            }
            let mut node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::WRITE, auth) {
                return Err(Code::NoAuth);
            }
            check_version(*version, node.version)?;
            node.version += 1;
            let new_version = node.version;
            ov.set(path, Some(node));
            Ok(Txn::SetData {
                path: path.clone(),
                data: data.clone(),
                version: new_version,
            })
        }
        Op::SetAcl { path, acl, version } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            let mut node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::ADMIN, auth) {
                return Err(Code::NoAuth);
            }
            let acl = fixup_acl(acl, auth)?;
            check_version(*version, node.aversion)?;
            node.aversion += 1;
            node.acl = acl.clone();
            let new_version = node.aversion;
            ov.set(path, Some(node));
            Ok(Txn::SetAcl {
                path: path.clone(),
                acl,
                version: new_version,
            })
        }
        Op::Check { path, version } => {
            if !valid_path(path) {
                return Err(Code::BadArguments);
            }
            let node = ov.get(path).ok_or(Code::NoNode)?;
            if !allowed(&node.acl, perms::READ, auth) {
                return Err(Code::NoAuth);
            }
            check_version(*version, node.version)?;
            Ok(Txn::Check { path: path.clone() })
        }
        _ => Err(Code::BadArguments),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acl::digest_id;
    use crate::tree::TxnHeader;

    const LIMITS: Limits = Limits {
        max_buffer: 1024,
        ttl_enabled: true,
    };

    fn open_acl() -> Vec<Acl> {
        Acl::open()
    }

    fn create(path: &str, flags: i32) -> Op {
        Op::Create {
            opcode: op::CREATE2,
            path: path.into(),
            data: Some(b"v".to_vec()),
            acl: open_acl(),
            flags,
            ttl: -1,
        }
    }

    fn apply(tree: &mut DataTree, txn: &Txn, zxid: i64) {
        let hdr = TxnHeader {
            session: 9,
            zxid,
            time: 0,
        };
        tree.apply(&hdr, txn, &mut Vec::new());
    }

    fn run(tree: &mut DataTree, o: &Op, zxid: i64) -> Result<Txn, Code> {
        let txn = prep(o, &mut Overlay::new(tree), 9, &[], &LIMITS)?;
        apply(tree, &txn, zxid);
        Ok(txn)
    }

    #[test]
    fn create_errors_follow_zookeeper() {
        let mut t = DataTree::new();
        assert_eq!(run(&mut t, &create("/a/b", 0), 1), Err(Code::NoNode));
        assert_eq!(run(&mut t, &create("a", 0), 1), Err(Code::BadArguments));
        // As in ZooKeeper: the parent is looked up before the full path is validated.
        assert_eq!(run(&mut t, &create("/a/", 0), 1), Err(Code::NoNode));
        assert_eq!(
            run(&mut t, &create("/zookeeper/", 0), 1),
            Err(Code::BadArguments)
        );
        assert_eq!(run(&mut t, &create("/", 0), 1), Err(Code::NodeExists));
        assert_eq!(run(&mut t, &create("/a", 9), 1), Err(Code::BadArguments));
        run(&mut t, &create("/e", 1), 1).unwrap();
        assert_eq!(
            run(&mut t, &create("/e/x", 0), 2),
            Err(Code::NoChildrenForEphemerals)
        );
        assert_eq!(run(&mut t, &create("/e", 0), 2), Err(Code::NodeExists));
        let mut empty = create("/x", 0);
        if let Op::Create { acl, .. } = &mut empty {
            acl.clear();
        }
        assert_eq!(run(&mut t, &empty, 2), Err(Code::InvalidAcl));
        let Txn::Create {
            ephemeral_owner, ..
        } = run(&mut t, &create("/e2", 1), 3).unwrap()
        else {
            panic!()
        };
        assert_eq!(ephemeral_owner, 9);
    }

    #[test]
    fn sequential_names_come_from_the_parents_cversion() {
        let mut t = DataTree::new();
        run(&mut t, &create("/q", 0), 1).unwrap();
        let mut names = Vec::new();
        for z in 2..5 {
            let Txn::Create { path, .. } = run(&mut t, &create("/q/job-", 2), z).unwrap() else {
                panic!()
            };
            names.push(path);
        }
        assert_eq!(
            names,
            [
                "/q/job-0000000000",
                "/q/job-0000000001",
                "/q/job-0000000002"
            ]
        );
        // A delete does not move cversion, so the next name goes on counting.
        run(
            &mut t,
            &Op::Delete {
                path: "/q/job-0000000000".into(),
                version: -1,
            },
            5,
        )
        .unwrap();
        let Txn::Create { path, .. } = run(&mut t, &create("/q/", 2), 6).unwrap() else {
            panic!()
        };
        assert_eq!(path, "/q/0000000003");
    }

    #[test]
    fn versions_and_not_empty() {
        let mut t = DataTree::new();
        run(&mut t, &create("/a", 0), 1).unwrap();
        run(&mut t, &create("/a/b", 0), 2).unwrap();
        let set = |v| Op::SetData {
            path: "/a".into(),
            data: None,
            version: v,
        };
        assert_eq!(run(&mut t, &set(3), 3), Err(Code::BadVersion));
        run(&mut t, &set(0), 3).unwrap();
        run(&mut t, &set(-1), 4).unwrap();
        assert_eq!(t.get("/a").unwrap().version, 2);
        let del = |v| Op::Delete {
            path: "/a".into(),
            version: v,
        };
        assert_eq!(run(&mut t, &del(2), 5), Err(Code::NotEmpty));
        assert_eq!(run(&mut t, &del(1), 5), Err(Code::BadVersion));
        assert_eq!(
            run(
                &mut t,
                &Op::Delete {
                    path: "/zookeeper".into(),
                    version: -1
                },
                5
            ),
            Err(Code::BadArguments)
        );
    }

    #[test]
    fn digest_acls_need_addauth() {
        let mut t = DataTree::new();
        let alice = Id {
            scheme: "digest".into(),
            id: digest_id("alice:secret"),
        };
        assert!(alice.id.starts_with("alice:"));
        let create_secret = Op::Create {
            opcode: op::CREATE,
            path: "/s".into(),
            data: None,
            acl: vec![Acl {
                perms: perms::ALL,
                id: Id {
                    scheme: "auth".into(),
                    id: "".into(),
                },
            }],
            flags: 0,
            ttl: -1,
        };
        // `auth` with no authenticated id is an invalid ACL.
        assert_eq!(
            prep(&create_secret, &mut Overlay::new(&t), 9, &[], &LIMITS),
            Err(Code::InvalidAcl)
        );
        let txn = prep(
            &create_secret,
            &mut Overlay::new(&t),
            9,
            std::slice::from_ref(&alice),
            &LIMITS,
        )
        .unwrap();
        apply(&mut t, &txn, 1);
        let acl = &t.get("/s").unwrap().acl;
        assert_eq!(acl[0].id, alice);
        assert!(!allowed(acl, perms::READ, &[]));
        assert!(allowed(acl, perms::READ, std::slice::from_ref(&alice)));
        let set = Op::SetData {
            path: "/s".into(),
            data: None,
            version: -1,
        };
        assert_eq!(
            prep(&set, &mut Overlay::new(&t), 9, &[], &LIMITS),
            Err(Code::NoAuth)
        );
    }

    /// Random writes on a few paths, grouped into multis: a multi that fails validation leaves
    /// the tree as it was; one that passes is applied whole, and the tree then agrees with what
    /// validation predicted (versions, child counts, existence) for every path it touched.
    mod multi_properties {
        use super::*;
        use proptest::prelude::*;

        const PATHS: &[&str] = &["/a", "/a/b", "/a/b/c", "/d", "/a/e"];

        fn op_strategy() -> impl Strategy<Value = Op> {
            let path = proptest::sample::select(PATHS);
            let version = prop_oneof![Just(-1), 0..3i32];
            prop_oneof![
                (path.clone(), 0..4i32).prop_map(|(p, flags)| Op::Create {
                    opcode: op::CREATE2,
                    path: p.to_string(),
                    data: Some(vec![1]),
                    acl: Acl::open(),
                    flags,
                    ttl: -1,
                }),
                (path.clone(), version.clone()).prop_map(|(p, version)| Op::Delete {
                    path: p.to_string(),
                    version
                }),
                (path.clone(), version.clone()).prop_map(|(p, version)| Op::SetData {
                    path: p.to_string(),
                    data: None,
                    version
                }),
                (path, version).prop_map(|(p, version)| Op::Check {
                    path: p.to_string(),
                    version
                }),
            ]
        }

        proptest! {
            #[test]
            fn multis_are_all_or_nothing_and_validation_agrees_with_application(
                groups in proptest::collection::vec(proptest::collection::vec(op_strategy(), 1..5), 1..12)
            ) {
                let mut tree = DataTree::new();
                let mut zxid = 0;
                for ops in groups {
                    let before = tree.clone();
                    let mut ov = Overlay::new(&before);
                    let txns: Result<Vec<Txn>, Code> =
                        ops.iter().map(|o| prep(o, &mut ov, 9, &[], &LIMITS)).collect();
                    let predicted = ov.changed.clone();
                    zxid += 1;
                    match txns {
                        Err(_) => prop_assert_eq!(&tree, &before),
                        Ok(txns) => {
                            apply(&mut tree, &Txn::Multi(txns), zxid);
                            for (path, view) in predicted {
                                let node = tree.get(&path);
                                prop_assert_eq!(node.is_some(), view.is_some(), "{}", path);
                                if let (Some(n), Some(v)) = (node, view) {
                                    prop_assert_eq!(n.version, v.version);
                                    prop_assert_eq!(n.cversion, v.cversion);
                                    prop_assert_eq!(n.children.len() as i32, v.children);
                                    prop_assert_eq!(n.ephemeral_owner, v.owner);
                                }
                            }
                        }
                    }
                    for (path, node) in tree.nodes() {
                        if path != "/" {
                            let parent = tree.get(parent_of(path));
                            prop_assert!(parent.is_some(), "orphan {}", path);
                            prop_assert!(parent.unwrap().children.contains(&path[path.rfind('/').unwrap() + 1..]));
                        }
                        prop_assert!(node.stat().num_children as usize == node.children.len());
                    }
                }
            }
        }
    }

    #[test]
    fn a_multi_sees_its_own_earlier_parts() {
        let t = DataTree::new();
        let mut ov = Overlay::new(&t);
        prep(&create("/m", 0), &mut ov, 9, &[], &LIMITS).unwrap();
        prep(&create("/m/c", 0), &mut ov, 9, &[], &LIMITS).unwrap();
        assert_eq!(
            prep(
                &Op::Delete {
                    path: "/m".into(),
                    version: -1
                },
                &mut ov,
                9,
                &[],
                &LIMITS
            ),
            Err(Code::NotEmpty)
        );
        assert!(t.get("/m").is_none(), "the tree itself is untouched");
    }
}
