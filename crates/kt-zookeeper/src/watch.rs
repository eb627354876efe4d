//! Watches, as ZooKeeper's `WatchManager` keeps them: per connection, one-shot data/exist and
//! child watches, and the persistent and persistent-recursive watches of `addWatch`.
//!
//! Rules (from ZooKeeper 3.6+): a data watch (set by getData or exists) fires once on
//! NodeCreated, NodeDataChanged or NodeDeleted of its path; a child watch fires once on
//! NodeChildrenChanged or NodeDeleted of its path; a persistent watch gets every one of those
//! for its path and stays; a recursive watch gets NodeCreated, NodeDataChanged and NodeDeleted
//! for its path and every path below, never NodeChildrenChanged. A connection gets at most one
//! event per change.

use std::collections::{HashMap, HashSet};

use super::proto::event::*;

/// A client connection, the owner of watches (ZooKeeper's `ServerCnxn`).
pub type ConnId = u64;

/// `addWatch` modes.
pub const MODE_PERSISTENT: i32 = 0;
/// `addWatch` mode for the path and all below it.
pub const MODE_PERSISTENT_RECURSIVE: i32 = 1;

/// `removeWatches` kinds (`WatcherType`).
pub const KIND_CHILDREN: i32 = 1;
/// Data (and exist) watches.
pub const KIND_DATA: i32 = 2;
/// Every kind.
pub const KIND_ANY: i32 = 3;

type Table = HashMap<String, HashSet<ConnId>>;

/// Every watch of every connection.
#[derive(Debug, Default)]
pub struct Watches {
    data: Table,
    child: Table,
    persistent: Table,
    recursive: Table,
}

fn add(table: &mut Table, path: &str, conn: ConnId) {
    table.entry(path.to_string()).or_default().insert(conn);
}

fn remove(table: &mut Table, path: &str, conn: ConnId) -> bool {
    let Some(set) = table.get_mut(path) else {
        return false;
    };
    let removed = set.remove(&conn);
    if set.is_empty() {
        table.remove(path);
    }
    removed
}

fn take(table: &mut Table, path: &str, out: &mut Vec<ConnId>) {
    if let Some(set) = table.remove(path) {
        out.extend(set);
    }
}

fn copy(table: &Table, path: &str, out: &mut Vec<ConnId>) {
    if let Some(set) = table.get(path) {
        out.extend(set.iter().copied());
    }
}

impl Watches {
    /// A one-shot data watch (getData) or exist watch (exists).
    pub fn add_data(&mut self, path: &str, conn: ConnId) {
        add(&mut self.data, path, conn);
    }

    /// A one-shot child watch (getChildren).
    pub fn add_child(&mut self, path: &str, conn: ConnId) {
        add(&mut self.child, path, conn);
    }

    /// An `addWatch` watch; false for an unknown mode.
    pub fn add_persistent(&mut self, path: &str, conn: ConnId, mode: i32) -> bool {
        match mode {
            MODE_PERSISTENT => add(&mut self.persistent, path, conn),
            MODE_PERSISTENT_RECURSIVE => add(&mut self.recursive, path, conn),
            _ => return false,
        }
        true
    }

    /// Removes (or, with `dry_run`, looks for) a connection's watches of `kind` on `path`;
    /// false when there was none (the caller answers NOWATCHER).
    pub fn remove(&mut self, path: &str, conn: ConnId, kind: i32, dry_run: bool) -> bool {
        let data_kinds = [&mut self.data, &mut self.persistent, &mut self.recursive];
        let mut found = false;
        if kind == KIND_DATA || kind == KIND_ANY {
            for table in data_kinds {
                found |= if dry_run {
                    table.get(path).is_some_and(|s| s.contains(&conn))
                } else {
                    remove(table, path, conn)
                };
            }
        }
        if kind == KIND_CHILDREN || kind == KIND_ANY {
            for table in [&mut self.child, &mut self.persistent] {
                found |= if dry_run {
                    table.get(path).is_some_and(|s| s.contains(&conn))
                } else {
                    remove(table, path, conn)
                };
            }
        }
        found
    }

    /// Drops every watch of a closed connection.
    pub fn remove_connection(&mut self, conn: ConnId) {
        for table in [
            &mut self.data,
            &mut self.child,
            &mut self.persistent,
            &mut self.recursive,
        ] {
            table.retain(|_, set| {
                set.remove(&conn);
                !set.is_empty()
            });
        }
    }

    /// Number of watches, for `mntr` (`zk_watch_count`).
    pub fn count(&self) -> usize {
        [&self.data, &self.child, &self.persistent, &self.recursive]
            .iter()
            .map(|t| t.values().map(HashSet::len).sum::<usize>())
            .sum()
    }

    /// The connections to notify of one change, each once; one-shot watches are used up.
    pub fn trigger(&mut self, path: &str, event: i32) -> Vec<ConnId> {
        let mut out = Vec::new();
        match event {
            NODE_CREATED | NODE_DATA_CHANGED => take(&mut self.data, path, &mut out),
            NODE_DELETED => {
                take(&mut self.data, path, &mut out);
                take(&mut self.child, path, &mut out);
            }
            NODE_CHILDREN_CHANGED => take(&mut self.child, path, &mut out),
            _ => {}
        }
        copy(&self.persistent, path, &mut out);
        if event != NODE_CHILDREN_CHANGED && !self.recursive.is_empty() {
            let mut p = path;
            loop {
                copy(&self.recursive, p, &mut out);
                if p == "/" {
                    break;
                }
                p = super::tree::parent_of(p);
            }
        }
        let mut seen = HashSet::new();
        out.retain(|c| seen.insert(*c));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shot_watches_fire_once() {
        let mut w = Watches::default();
        w.add_data("/a", 1);
        w.add_child("/a", 2);
        assert_eq!(w.trigger("/a", NODE_DATA_CHANGED), vec![1]);
        assert!(w.trigger("/a", NODE_DATA_CHANGED).is_empty());
        assert_eq!(w.trigger("/a", NODE_CHILDREN_CHANGED), vec![2]);
        assert!(w.trigger("/a", NODE_CHILDREN_CHANGED).is_empty());
    }

    #[test]
    fn delete_fires_data_and_child_watches_once_per_connection() {
        let mut w = Watches::default();
        w.add_data("/a", 1);
        w.add_child("/a", 1);
        w.add_child("/a", 2);
        let mut got = w.trigger("/a", NODE_DELETED);
        got.sort();
        assert_eq!(got, vec![1, 2]);
        assert_eq!(w.count(), 0);
    }

    #[test]
    fn persistent_and_recursive_watches_stay() {
        let mut w = Watches::default();
        assert!(w.add_persistent("/a", 1, MODE_PERSISTENT));
        assert!(w.add_persistent("/", 2, MODE_PERSISTENT_RECURSIVE));
        assert!(!w.add_persistent("/", 2, 7));
        for _ in 0..2 {
            let mut got = w.trigger("/a", NODE_DATA_CHANGED);
            got.sort();
            assert_eq!(got, vec![1, 2]);
        }
        // Recursive watches never get NodeChildrenChanged; persistent ones do.
        assert_eq!(w.trigger("/a", NODE_CHILDREN_CHANGED), vec![1]);
        assert_eq!(w.trigger("/a/b/c", NODE_CREATED), vec![2]);
        assert!(w.remove("/", 2, KIND_ANY, false));
        assert!(!w.remove("/", 2, KIND_ANY, false));
        assert!(w.trigger("/a/b/c", NODE_CREATED).is_empty());
    }

    #[test]
    fn remove_by_kind_and_connection() {
        let mut w = Watches::default();
        w.add_data("/a", 1);
        w.add_child("/a", 1);
        assert!(w.remove("/a", 1, KIND_DATA, true));
        assert!(w.remove("/a", 1, KIND_DATA, false));
        assert!(!w.remove("/a", 1, KIND_DATA, false));
        assert!(w.remove("/a", 1, KIND_CHILDREN, false));
        w.add_data("/b", 3);
        w.remove_connection(3);
        assert_eq!(w.count(), 0);
    }
}
