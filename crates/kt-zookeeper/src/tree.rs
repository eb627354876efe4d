//! The data tree: znodes by path, with their data, ACL and the Stat fields filled exactly as
//! ZooKeeper's `DataTree` fills them. It changes only by applying transactions ([`Txn`]), the
//! same ones the transaction log replays after a restart, so a live tree and a recovered tree
//! cannot differ. Validation (versions, ACLs, existence) happens before, in [`super::ops`].

use std::collections::{BTreeSet, HashMap};

use super::proto::{Acl, Id, Stat};

/// `ephemeralOwner` of a container node (`EphemeralType.CONTAINER_EPHEMERAL_OWNER`).
pub const CONTAINER_OWNER: i64 = i64::MIN;
/// High byte of `ephemeralOwner` that marks a TTL node; the low 40 bits hold the TTL in ms.
const TTL_MARK: i64 = 0xFFi64 << 56;
/// Largest TTL ZooKeeper accepts (`EphemeralType.MAX_TTL`, 40 bits less one).
pub const MAX_TTL: i64 = (1i64 << 40) - 1;

/// The `ephemeralOwner` of a TTL node.
pub fn ttl_owner(ttl: i64) -> i64 {
    TTL_MARK | ttl
}

/// What kind of node an `ephemeralOwner` value says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A plain node.
    Persistent,
    /// Deleted with the session that owns it.
    Ephemeral(i64),
    /// Deleted once its last child is gone.
    Container,
    /// Deleted when childless and unchanged for this many milliseconds.
    Ttl(i64),
}

impl NodeKind {
    /// Decodes an `ephemeralOwner`.
    pub fn of(owner: i64) -> NodeKind {
        if owner == 0 {
            NodeKind::Persistent
        } else if owner == CONTAINER_OWNER {
            NodeKind::Container
        } else if owner & TTL_MARK == TTL_MARK {
            NodeKind::Ttl(owner & MAX_TTL)
        } else {
            NodeKind::Ephemeral(owner)
        }
    }
}

/// One znode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The data; `None` when created with a null buffer (ZooKeeper keeps the difference).
    pub data: Option<Vec<u8>>,
    pub acl: Vec<Acl>,
    pub czxid: i64,
    pub mzxid: i64,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    pub cversion: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub pzxid: i64,
    /// Names (not paths) of the children, sorted.
    pub children: BTreeSet<String>,
}

impl Node {
    fn system(acl: Vec<Acl>) -> Node {
        Node {
            data: Some(Vec::new()),
            acl,
            czxid: 0,
            mzxid: 0,
            ctime: 0,
            mtime: 0,
            version: 0,
            cversion: 0,
            aversion: 0,
            ephemeral_owner: 0,
            pzxid: 0,
            children: BTreeSet::new(),
        }
    }

    /// The node's Stat as a client sees it. As in ZooKeeper's `DataNode.copyStat`: the stored
    /// cversion counts creates only, and is reported as the count of child changes (every
    /// create has a delete, except for the children still present): `2 × creates − children`;
    /// container and TTL nodes report an ephemeralOwner of 0.
    pub fn stat(&self) -> Stat {
        let children = self.children.len() as i32;
        Stat {
            czxid: self.czxid,
            mzxid: self.mzxid,
            ctime: self.ctime,
            mtime: self.mtime,
            version: self.version,
            cversion: self.cversion.wrapping_mul(2).wrapping_sub(children),
            aversion: self.aversion,
            ephemeral_owner: match NodeKind::of(self.ephemeral_owner) {
                NodeKind::Ephemeral(session) => session,
                _ => 0,
            },
            data_length: self.data.as_ref().map_or(0, |d| d.len() as i32),
            num_children: children,
            pzxid: self.pzxid,
        }
    }
}

/// Who made a transaction, when, and its zxid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxnHeader {
    pub session: i64,
    pub zxid: i64,
    /// Wall-clock milliseconds, becoming ctime/mtime.
    pub time: i64,
}

/// A change, already validated. Applying it cannot fail on a tree that validated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Txn {
    Create {
        path: String,
        data: Option<Vec<u8>>,
        acl: Vec<Acl>,
        ephemeral_owner: i64,
        /// The parent's cversion after this create (ZooKeeper logs it so replay matches).
        parent_cversion: i32,
    },
    Delete {
        path: String,
    },
    SetData {
        path: String,
        data: Option<Vec<u8>>,
        /// The node's version after the change.
        version: i32,
    },
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        /// The node's aversion after the change.
        version: i32,
    },
    /// A version check that passed: changes nothing.
    Check {
        path: String,
    },
    /// A session opened with this negotiated timeout and password.
    CreateSession {
        timeout: i32,
        password: Vec<u8>,
    },
    /// The header's session ended; its ephemeral nodes go with it.
    CloseSession,
    /// A write that failed validation still takes a zxid in ZooKeeper; this records it.
    Error {
        code: i32,
    },
    /// All or nothing: the parts of a successful multi.
    Multi(Vec<Txn>),
}

/// A change a watch may be waiting for: the path and the event type of [`super::proto::event`].
pub type Change = (String, i32);

/// The parent path of a valid, non-root path.
pub fn parent_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

fn child_name(path: &str) -> &str {
    &path[path.rfind('/').map_or(0, |i| i + 1)..]
}

/// Checks a path as ZooKeeper's `PathUtils.validatePath` does: absolute, no empty, `.` or
/// `..` segment, no trailing slash, no control or reserved characters.
pub fn valid_path(path: &str) -> bool {
    if !path.starts_with('/') {
        return false;
    }
    if path == "/" {
        return true;
    }
    if path.ends_with('/') {
        return false;
    }
    for segment in path[1..].split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return false;
        }
    }
    !path.chars().any(|c| {
        let c = c as u32;
        c == 0
            || (0x01..=0x1f).contains(&c)
            || (0x7f..=0x9f).contains(&c)
            || (0xd800..=0xf8ff).contains(&c)
            || (0xfff0..=0xffff).contains(&c)
    })
}

/// Paths ZooKeeper reserves for itself; clients may read them but not delete them.
pub fn is_system_path(path: &str) -> bool {
    path == "/" || path == "/zookeeper" || path.starts_with("/zookeeper/")
}

/// All znodes, with indexes of ephemeral, container and TTL nodes for the reapers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataTree {
    nodes: HashMap<String, Node>,
    ephemerals: HashMap<i64, BTreeSet<String>>,
    containers: BTreeSet<String>,
    ttls: BTreeSet<String>,
}

impl Default for DataTree {
    fn default() -> Self {
        DataTree::new()
    }
}

impl DataTree {
    /// A tree with ZooKeeper's own nodes: `/`, `/zookeeper`, `/zookeeper/quota` and the
    /// read-only `/zookeeper/config`.
    pub fn new() -> DataTree {
        let mut nodes = HashMap::new();
        let mut root = Node::system(Acl::open());
        root.children.insert("zookeeper".into());
        let mut zk = Node::system(Acl::open());
        zk.children.insert("quota".into());
        zk.children.insert("config".into());
        nodes.insert("/".to_string(), root);
        nodes.insert("/zookeeper".to_string(), zk);
        nodes.insert("/zookeeper/quota".to_string(), Node::system(Acl::open()));
        let read_only = vec![Acl {
            perms: super::proto::perms::READ,
            id: Id {
                scheme: "world".into(),
                id: "anyone".into(),
            },
        }];
        let mut config = Node::system(read_only);
        // ZooKeeper creates it with aversion -1.
        config.aversion = -1;
        nodes.insert("/zookeeper/config".to_string(), config);
        DataTree {
            nodes,
            ephemerals: HashMap::new(),
            containers: BTreeSet::new(),
            ttls: BTreeSet::new(),
        }
    }

    /// Rebuilds a tree from nodes read back from a snapshot (children sets included).
    pub fn from_nodes(nodes: HashMap<String, Node>) -> DataTree {
        let mut tree = DataTree {
            nodes,
            ephemerals: HashMap::new(),
            containers: BTreeSet::new(),
            ttls: BTreeSet::new(),
        };
        let index: Vec<(String, i64)> = tree
            .nodes
            .iter()
            .map(|(p, n)| (p.clone(), n.ephemeral_owner))
            .collect();
        for (path, owner) in index {
            tree.index(&path, owner);
        }
        tree
    }

    fn index(&mut self, path: &str, owner: i64) {
        match NodeKind::of(owner) {
            NodeKind::Persistent => {}
            NodeKind::Ephemeral(s) => {
                self.ephemerals.entry(s).or_default().insert(path.into());
            }
            NodeKind::Container => {
                self.containers.insert(path.into());
            }
            NodeKind::Ttl(_) => {
                self.ttls.insert(path.into());
            }
        }
    }

    fn unindex(&mut self, path: &str, owner: i64) {
        match NodeKind::of(owner) {
            NodeKind::Persistent => {}
            NodeKind::Ephemeral(s) => {
                if let Some(set) = self.ephemerals.get_mut(&s) {
                    set.remove(path);
                    if set.is_empty() {
                        self.ephemerals.remove(&s);
                    }
                }
            }
            NodeKind::Container => {
                self.containers.remove(path);
            }
            NodeKind::Ttl(_) => {
                self.ttls.remove(path);
            }
        }
    }

    /// The node at `path`.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Every node, for snapshots.
    pub fn nodes(&self) -> &HashMap<String, Node> {
        &self.nodes
    }

    /// How many znodes there are, ZooKeeper's own included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Never true: the root always exists.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Paths of the ephemeral nodes a session owns, sorted.
    pub fn ephemerals_of(&self, session: i64) -> Vec<String> {
        self.ephemerals
            .get(&session)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Number of ephemeral nodes, for `mntr`.
    pub fn ephemeral_count(&self) -> usize {
        self.ephemerals.values().map(BTreeSet::len).sum()
    }

    /// Total bytes of data, for `mntr`.
    pub fn data_size(&self) -> usize {
        self.nodes
            .iter()
            .map(|(p, n)| p.len() + n.data.as_ref().map_or(0, Vec::len))
            .sum()
    }

    /// Number of descendants of `path` (ZooKeeper's `getAllChildrenNumber`).
    pub fn descendant_count(&self, path: &str) -> usize {
        let mut count = 0;
        let mut stack = vec![path.to_string()];
        while let Some(p) = stack.pop() {
            if let Some(node) = self.nodes.get(&p) {
                for child in &node.children {
                    count += 1;
                    stack.push(join(&p, child));
                }
            }
        }
        count
    }

    /// Container nodes with no children, and TTL nodes with no children whose TTL has passed
    /// since their last change: what the reaper deletes. `now` is wall-clock milliseconds.
    pub fn reapable(&self, now: i64) -> Vec<String> {
        let mut out: Vec<String> = self
            .containers
            .iter()
            .filter(|p| {
                self.nodes
                    .get(*p)
                    // A container is reaped only once it has had a child (cversion > 0).
                    .is_some_and(|n| n.children.is_empty() && n.cversion > 0)
            })
            .cloned()
            .collect();
        out.extend(
            self.ttls
                .iter()
                .filter(|p| {
                    self.nodes.get(*p).is_some_and(|n| {
                        let NodeKind::Ttl(ttl) = NodeKind::of(n.ephemeral_owner) else {
                            return false;
                        };
                        n.children.is_empty() && now - n.mtime > ttl
                    })
                })
                .cloned(),
        );
        out.iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Applies a validated transaction and returns the changes watches may be waiting for.
    /// Session transactions other than the deletion of ephemerals are the caller's.
    pub fn apply(&mut self, hdr: &TxnHeader, txn: &Txn, changes: &mut Vec<Change>) {
        use super::proto::event::*;
        match txn {
            Txn::Create {
                path,
                data,
                acl,
                ephemeral_owner,
                parent_cversion,
            } => {
                let parent_path = parent_of(path);
                let Some(parent) = self.nodes.get_mut(parent_path) else {
                    return;
                };
                if !parent.children.insert(child_name(path).to_string()) {
                    return;
                }
                if *parent_cversion > parent.cversion {
                    parent.cversion = *parent_cversion;
                }
                parent.pzxid = hdr.zxid;
                let node = Node {
                    data: data.clone(),
                    acl: acl.clone(),
                    czxid: hdr.zxid,
                    mzxid: hdr.zxid,
                    ctime: hdr.time,
                    mtime: hdr.time,
                    version: 0,
                    cversion: 0,
                    aversion: 0,
                    ephemeral_owner: *ephemeral_owner,
                    pzxid: hdr.zxid,
                    children: BTreeSet::new(),
                };
                self.nodes.insert(path.clone(), node);
                self.index(path, *ephemeral_owner);
                changes.push((path.clone(), NODE_CREATED));
                changes.push((parent_path.to_string(), NODE_CHILDREN_CHANGED));
            }
            Txn::Delete { path } => {
                let parent_path = parent_of(path);
                if let Some(parent) = self.nodes.get_mut(parent_path) {
                    parent.children.remove(child_name(path));
                    if hdr.zxid > parent.pzxid {
                        parent.pzxid = hdr.zxid;
                    }
                }
                if let Some(node) = self.nodes.remove(path) {
                    self.unindex(path, node.ephemeral_owner);
                    changes.push((path.clone(), NODE_DELETED));
                    changes.push((parent_path.to_string(), NODE_CHILDREN_CHANGED));
                }
            }
            Txn::SetData {
                path,
                data,
                version,
            } => {
                if let Some(node) = self.nodes.get_mut(path) {
                    node.data = data.clone();
                    node.version = *version;
                    node.mzxid = hdr.zxid;
                    node.mtime = hdr.time;
                    changes.push((path.clone(), NODE_DATA_CHANGED));
                }
            }
            Txn::SetAcl { path, acl, version } => {
                if let Some(node) = self.nodes.get_mut(path) {
                    node.acl = acl.clone();
                    node.aversion = *version;
                }
            }
            Txn::CloseSession => {
                for path in self.ephemerals_of(hdr.session) {
                    self.apply(hdr, &Txn::Delete { path }, changes);
                }
            }
            Txn::Multi(txns) => {
                for t in txns {
                    self.apply(hdr, t, changes);
                }
            }
            Txn::Check { .. } | Txn::CreateSession { .. } | Txn::Error { .. } => {}
        }
    }
}

/// `parent` + `/` + `child`, without doubling the root's slash.
pub fn join(parent: &str, child: &str) -> String {
    if parent == "/" {
        format!("/{child}")
    } else {
        format!("{parent}/{child}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::event::*;

    fn hdr(zxid: i64) -> TxnHeader {
        TxnHeader {
            session: 0x42,
            zxid,
            time: 1000 + zxid,
        }
    }

    fn create(path: &str, owner: i64, parent_cversion: i32) -> Txn {
        Txn::Create {
            path: path.into(),
            data: Some(b"d".to_vec()),
            acl: Acl::open(),
            ephemeral_owner: owner,
            parent_cversion,
        }
    }

    #[test]
    fn fresh_tree_has_zookeepers_own_nodes() {
        let t = DataTree::new();
        // The figures Apache ZooKeeper 3.8 reports for a fresh tree.
        assert_eq!(t.get("/").unwrap().stat().num_children, 1);
        assert_eq!(t.get("/").unwrap().stat().cversion, -1);
        assert_eq!(t.get("/zookeeper").unwrap().stat().cversion, -2);
        assert_eq!(t.get("/zookeeper/config").unwrap().stat().aversion, -1);
        assert!(t.get("/zookeeper/quota").is_some());
        assert!(t.get("/zookeeper/config").is_some());
        assert_eq!(t.descendant_count("/"), 3);
    }

    #[test]
    fn create_set_delete_fill_stats_as_zookeeper_does() {
        let mut t = DataTree::new();
        let mut ch = Vec::new();
        t.apply(&hdr(5), &create("/a", 0, 1), &mut ch);
        let a = t.get("/a").unwrap().stat();
        assert_eq!((a.czxid, a.mzxid, a.pzxid), (5, 5, 5));
        assert_eq!((a.ctime, a.mtime), (1005, 1005));
        assert_eq!(
            (a.version, a.cversion, a.aversion, a.data_length),
            (0, 0, 0, 1)
        );
        let root = t.get("/").unwrap().stat();
        // Reported cversion: 2 × 1 create − 2 children.
        assert_eq!((root.cversion, root.pzxid, root.num_children), (0, 5, 2));
        assert_eq!(
            ch,
            vec![
                ("/a".to_string(), NODE_CREATED),
                ("/".to_string(), NODE_CHILDREN_CHANGED)
            ]
        );

        t.apply(
            &hdr(6),
            &Txn::SetData {
                path: "/a".into(),
                data: Some(b"xyz".to_vec()),
                version: 1,
            },
            &mut ch,
        );
        let a = t.get("/a").unwrap().stat();
        assert_eq!((a.czxid, a.mzxid, a.version, a.data_length), (5, 6, 1, 3));
        assert_eq!(a.mtime, 1006);

        t.apply(&hdr(7), &create("/a/b", 0, 1), &mut ch);
        t.apply(
            &hdr(8),
            &Txn::Delete {
                path: "/a/b".into(),
            },
            &mut ch,
        );
        let a = t.get("/a").unwrap().stat();
        // Deletes move pzxid; the stored cversion counts creates, the reported one changes.
        assert_eq!(t.get("/a").unwrap().cversion, 1);
        assert_eq!((a.cversion, a.pzxid, a.num_children), (2, 8, 0));
    }

    #[test]
    fn closing_a_session_deletes_its_ephemerals_only() {
        let mut t = DataTree::new();
        let mut ch = Vec::new();
        t.apply(&hdr(1), &create("/e1", 0x42, 1), &mut ch);
        t.apply(&hdr(2), &create("/e2", 0x43, 2), &mut ch);
        assert_eq!(t.ephemerals_of(0x42), vec!["/e1".to_string()]);
        ch.clear();
        t.apply(&hdr(3), &Txn::CloseSession, &mut ch);
        assert!(t.get("/e1").is_none());
        assert!(t.get("/e2").is_some());
        assert_eq!(ch[0], ("/e1".to_string(), NODE_DELETED));
    }

    #[test]
    fn containers_are_reapable_once_emptied_and_ttls_after_their_time() {
        let mut t = DataTree::new();
        let mut ch = Vec::new();
        t.apply(&hdr(1), &create("/c", CONTAINER_OWNER, 1), &mut ch);
        assert!(t.reapable(i64::MAX).is_empty(), "never had a child");
        t.apply(&hdr(2), &create("/c/x", 0, 1), &mut ch);
        assert!(t.reapable(i64::MAX).is_empty());
        t.apply(
            &hdr(3),
            &Txn::Delete {
                path: "/c/x".into(),
            },
            &mut ch,
        );
        assert_eq!(t.reapable(0), vec!["/c".to_string()]);
        t.apply(&hdr(4), &create("/t", ttl_owner(100), 2), &mut ch);
        assert_eq!(NodeKind::of(ttl_owner(100)), NodeKind::Ttl(100));
        assert!(!t.reapable(1004 + 100).contains(&"/t".to_string()));
        assert!(t.reapable(1004 + 101).contains(&"/t".to_string()));
    }

    #[test]
    fn paths_are_validated_like_path_utils() {
        for ok in ["/", "/a", "/a/b", "/a.b", "/..a", "/é"] {
            assert!(valid_path(ok), "{ok}");
        }
        for bad in [
            "", "a", "/a/", "//a", "/a//b", "/.", "/a/..", "/a\0b", "/a\u{1}",
        ] {
            assert!(!valid_path(bad), "{bad:?}");
        }
        assert_eq!(parent_of("/a"), "/");
        assert_eq!(parent_of("/a/b/c"), "/a/b");
    }

    #[test]
    fn a_tree_rebuilt_from_its_nodes_is_the_same() {
        let mut t = DataTree::new();
        let mut ch = Vec::new();
        t.apply(&hdr(1), &create("/e", 0x42, 1), &mut ch);
        t.apply(&hdr(2), &create("/c", CONTAINER_OWNER, 2), &mut ch);
        let back = DataTree::from_nodes(t.nodes().clone());
        assert_eq!(back, t);
    }
}
