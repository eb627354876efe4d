//! The KRaft keys of `server.properties` (`process.roles`, `node.id`, the controller quorum
//! and its listener). kt serves a KRaft config as one combined node: its broker is kt's
//! standalone broker (a cluster of one whose broker id is `node.id`); the controller's work
//! for a cluster of one (ids, the topic catalogue) is done by that broker itself, so no
//! Raft quorum runs and the CONTROLLER listener is not served.

use std::path::{Path, PathBuf};

use super::listeners::{parse_plaintext_endpoints, Listener};
use super::server::{invalid, ConfigError};
use super::Properties;

/// A voter of `controller.quorum.voters` (`id@host:port`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumVoter {
    /// The voter's node id.
    pub id: i32,
    /// Its controller host.
    pub host: String,
    /// Its controller port.
    pub port: u16,
}

/// The KRaft settings of a config that has `process.roles`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KraftSettings {
    /// `process.roles`: `broker`, `controller` or both.
    pub roles: Vec<String>,
    /// `node.id` (required in KRaft mode).
    pub node_id: i32,
    /// `controller.quorum.voters` (a static quorum).
    pub voters: Vec<QuorumVoter>,
    /// `controller.quorum.bootstrap.servers` (a dynamic quorum, KIP-853).
    pub bootstrap_servers: Vec<String>,
    /// `controller.listener.names`.
    pub controller_listener_names: Vec<String>,
    /// The listeners of `listeners` named in `controller.listener.names`, taken out of the
    /// broker's listeners.
    pub controller_listeners: Vec<Listener>,
    /// The same from `advertised.listeners` (Kafka falls back on `controller_listeners`).
    pub advertised_controller_listeners: Vec<Listener>,
    /// `metadata.log.dir`, if set (else the first of `log.dirs`).
    pub metadata_log_dir: Option<PathBuf>,
}

impl KraftSettings {
    /// Whether the node has the controller role.
    pub fn is_controller(&self) -> bool {
        self.roles.iter().any(|r| r == "controller")
    }

    /// Whether the node has the broker role.
    pub fn is_broker(&self) -> bool {
        self.roles.iter().any(|r| r == "broker")
    }

    /// The metadata log directory: `metadata.log.dir`, else the first log directory.
    pub fn metadata_dir(&self, log_dirs: &[PathBuf]) -> PathBuf {
        self.metadata_log_dir
            .clone()
            .or_else(|| log_dirs.first().cloned())
            .unwrap_or_else(|| Path::new("/tmp/kafka-logs").to_path_buf())
    }

    /// The controller endpoint others reach this node at (the first advertised controller
    /// listener; `localhost` for an empty host, as `kafka-storage format --standalone` says).
    pub fn advertised_controller(&self) -> Option<(String, u16)> {
        let listener = self
            .advertised_controller_listeners
            .first()
            .or(self.controller_listeners.first())?;
        let host = if listener.host.is_empty() {
            "localhost".to_string()
        } else {
            listener.host.clone()
        };
        Some((host, listener.port))
    }

    /// Refuses what kt cannot run: a node without both roles, or a quorum of more than this
    /// node. The message names what is missing.
    pub fn require_single_node(&self) -> Result<(), ConfigError> {
        if !(self.is_broker() && self.is_controller()) {
            return Err(ConfigError::Unsupported(format!(
                "process.roles={} needs a separate KRaft {} node, and kt has no multi-node KRaft \
                 quorum: kt serves a KRaft config only as one combined node, \
                 process.roles=broker,controller, with itself the only voter",
                self.roles.join(","),
                if self.is_broker() {
                    "controller"
                } else {
                    "broker"
                }
            )));
        }
        let others: Vec<String> = self
            .voters
            .iter()
            .filter(|v| v.id != self.node_id)
            .map(|v| format!("{}@{}:{}", v.id, v.host, v.port))
            .collect();
        if !others.is_empty() {
            return Err(ConfigError::Unsupported(format!(
                "controller.quorum.voters lists {} voters besides this node ({}): a multi-node \
                 KRaft quorum is not supported by kt, which serves a KRaft config only as one \
                 combined node that is the only voter (controller.quorum.voters={}@HOST:PORT)",
                others.len(),
                others.join(","),
                self.node_id
            )));
        }
        if self.bootstrap_servers.len() > 1 {
            return Err(ConfigError::Unsupported(format!(
                "controller.quorum.bootstrap.servers lists {} controllers ({}): a multi-node \
                 KRaft quorum is not supported by kt, which serves a KRaft config only as one \
                 combined node (one bootstrap server, itself, formatted with \
                 kt storage format --standalone)",
                self.bootstrap_servers.len(),
                self.bootstrap_servers.join(",")
            )));
        }
        Ok(())
    }
}

/// Reads the KRaft keys when `process.roles` is set, and returns the properties the broker's
/// table reads: `listeners` and `advertised.listeners` without the controller listeners.
/// Without `process.roles` the properties pass unchanged (a ZooKeeper-mode or standalone
/// broker).
pub(super) fn split(
    props: &Properties,
) -> Result<(Properties, Option<KraftSettings>), ConfigError> {
    let Some(roles_text) = props.get("process.roles").map(|s| s.trim().to_string()) else {
        return Ok((props.clone(), None));
    };
    let roles: Vec<String> = list(&roles_text);
    for role in &roles {
        if role != "broker" && role != "controller" {
            return Err(invalid(
                "process.roles",
                &roles_text,
                &format!("Unknown process role '{role}' (valid values are broker and controller)"),
            ));
        }
    }
    if roles.is_empty() {
        return Err(invalid("process.roles", &roles_text, "no role given"));
    }
    let node_id = match props.get("node.id").map(|s| s.trim()) {
        None => {
            return Err(ConfigError::Unsupported(
                "Missing required configuration \"node.id\" which has no default value.".into(),
            ))
        }
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| invalid("node.id", text, "must be a number, 0 or more"))?,
    };
    if props.contains_key("zookeeper.connect") {
        return Err(ConfigError::Unsupported(
            "zookeeper.connect and process.roles are both set: a KRaft node (process.roles) has \
             no ZooKeeper, and kt does not migrate a ZooKeeper cluster to KRaft; remove one of \
             them"
                .into(),
        ));
    }
    let voters = match props.get("controller.quorum.voters") {
        Some(text) => parse_voters(text)?,
        None => Vec::new(),
    };
    let bootstrap_servers = props
        .get("controller.quorum.bootstrap.servers")
        .map(|t| list(t))
        .unwrap_or_default();
    if voters.is_empty() && bootstrap_servers.is_empty() {
        return Err(ConfigError::Unsupported(
            "If using process.roles, either controller.quorum.bootstrap.servers must contain the \
             set of bootstrap controllers or controller.quorum.voters must contain a parseable \
             set of controllers."
                .into(),
        ));
    }
    let controller_listener_names: Vec<String> = props
        .get("controller.listener.names")
        .map(|t| list(t))
        .unwrap_or_default();
    let is_controller = roles.iter().any(|r| r == "controller");
    if is_controller && !voters.is_empty() && !voters.iter().any(|v| v.id == node_id) {
        let ids: Vec<String> = voters.iter().map(|v| v.id.to_string()).collect();
        return Err(ConfigError::Unsupported(format!(
            "If process.roles contains the 'controller' role, the node id {node_id} must be \
             included in the set of voters controller.quorum.voters=Set({})",
            ids.join(", ")
        )));
    }
    let mut table = props.clone();
    let listeners_text = props
        .get("listeners")
        .cloned()
        .unwrap_or_else(|| "PLAINTEXT://:9092".into());
    let (broker_listeners, controller_listeners) =
        split_listeners("listeners", &listeners_text, &controller_listener_names)?;
    if is_controller && controller_listeners.is_empty() {
        return Err(ConfigError::Unsupported(
            "controller.listener.names must contain at least one value appearing in the \
             'listeners' configuration when running the KRaft controller role"
                .into(),
        ));
    }
    let broker_listeners = broker_listeners.ok_or_else(|| {
        ConfigError::Unsupported(
            "There must be at least one broker advertised listener. Perhaps all listeners \
             appear in controller.listener.names?"
                .into(),
        )
    })?;
    table.insert("listeners".into(), broker_listeners);
    let mut advertised_controller_listeners = Vec::new();
    if let Some(text) = props.get("advertised.listeners") {
        let (broker, controller) =
            split_listeners("advertised.listeners", text, &controller_listener_names)?;
        advertised_controller_listeners = controller;
        match broker {
            Some(b) => table.insert("advertised.listeners".into(), b),
            None => table.remove("advertised.listeners"),
        };
    }
    let metadata_log_dir = props
        .get("metadata.log.dir")
        .map(|d| PathBuf::from(d.trim()));
    Ok((
        table,
        Some(KraftSettings {
            roles,
            node_id,
            voters,
            bootstrap_servers,
            controller_listener_names,
            controller_listeners,
            advertised_controller_listeners,
            metadata_log_dir,
        }),
    ))
}

/// A comma-separated list, trimmed, without empty items.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `id@host:port,...`.
fn parse_voters(text: &str) -> Result<Vec<QuorumVoter>, ConfigError> {
    let bad = || {
        invalid(
            "controller.quorum.voters",
            text,
            "expected id@host:port,...",
        )
    };
    let mut voters = Vec::new();
    for item in list(text) {
        let (id, address) = item.split_once('@').ok_or_else(bad)?;
        let (host, port) = address.rsplit_once(':').ok_or_else(bad)?;
        voters.push(QuorumVoter {
            id: id.trim().parse().map_err(|_| bad())?,
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: port.parse().map_err(|_| bad())?,
        });
    }
    Ok(voters)
}

/// Splits a listener list into the broker's part (as text, for the broker's own parser; None
/// when nothing is left) and the controller listeners (named in `controller_names`).
fn split_listeners(
    key: &str,
    text: &str,
    controller_names: &[String],
) -> Result<(Option<String>, Vec<Listener>), ConfigError> {
    let mut broker = Vec::new();
    let mut controller = Vec::new();
    for item in list(text) {
        let name = item.split_once("://").map(|(n, _)| n).unwrap_or("");
        if controller_names
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
        {
            // A controller listener is plaintext in every Kafka quickstart file
            // (CONTROLLER:PLAINTEXT in the protocol map), and kt does not serve it.
            let address = item.split_once("://").map(|(_, a)| a).unwrap_or("");
            let mut parsed = parse_plaintext_endpoints(key, &format!("PLAINTEXT://{address}"))?;
            for l in &mut parsed {
                l.name = name.to_ascii_uppercase();
            }
            controller.extend(parsed);
        } else {
            broker.push(item);
        }
    }
    let broker = (!broker.is_empty()).then(|| broker.join(","));
    Ok((broker, controller))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Properties {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const COMBINED: &[(&str, &str)] = &[
        ("process.roles", "broker,controller"),
        ("node.id", "1"),
        ("controller.quorum.voters", "1@localhost:9093"),
        ("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093"),
        (
            "advertised.listeners",
            "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093",
        ),
        ("controller.listener.names", "CONTROLLER"),
    ];

    #[test]
    fn combined_node_takes_the_controller_listener_out() {
        let (table, kraft) = split(&props(COMBINED)).unwrap();
        let kraft = kraft.unwrap();
        assert_eq!(table.get("listeners").unwrap(), "PLAINTEXT://:9092");
        assert_eq!(
            table.get("advertised.listeners").unwrap(),
            "PLAINTEXT://localhost:9092"
        );
        assert_eq!(kraft.node_id, 1);
        assert_eq!(kraft.controller_listeners[0].port, 9093);
        assert_eq!(
            kraft.advertised_controller(),
            Some(("localhost".into(), 9093))
        );
        kraft.require_single_node().unwrap();
    }

    #[test]
    fn a_combined_nodes_config_takes_dynamic_overrides() {
        let (config, _) = crate::config::ServerConfig::from_properties(&props(COMBINED)).unwrap();
        let layered = config
            .with_overrides(&props(&[("log.cleaner.threads", "2")]))
            .unwrap();
        assert_eq!(layered.properties.get("log.cleaner.threads").unwrap(), "2");
        assert_eq!(layered.kraft, config.kraft);
        assert_eq!(layered.listeners, config.listeners);
    }

    #[test]
    fn what_kt_cannot_run_is_named() {
        let mut p = props(COMBINED);
        p.insert(
            "controller.quorum.voters".into(),
            "1@localhost:9093,2@localhost:9095,3@localhost:9097".into(),
        );
        let err = split(&p)
            .unwrap()
            .1
            .unwrap()
            .require_single_node()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("2@localhost:9095,3@localhost:9097"),
            "{err}"
        );
        assert!(err.to_string().contains("multi-node KRaft quorum"), "{err}");
        let mut p = props(COMBINED);
        p.insert("process.roles".into(), "broker".into());
        p.insert("node.id".into(), "2".into());
        let err = split(&p)
            .unwrap()
            .1
            .unwrap()
            .require_single_node()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("needs a separate KRaft controller"),
            "{err}"
        );
        let mut p = props(COMBINED);
        p.remove("node.id");
        assert!(split(&p).unwrap_err().to_string().contains("\"node.id\""));
        let mut p = props(COMBINED);
        p.remove("controller.quorum.voters");
        assert!(split(&p)
            .unwrap_err()
            .to_string()
            .contains("controller.quorum.bootstrap.servers"));
        let mut p = props(COMBINED);
        p.insert("node.id".into(), "4".into());
        assert!(split(&p)
            .unwrap_err()
            .to_string()
            .contains("the node id 4 must be included"));
        let mut p = props(COMBINED);
        p.remove("controller.listener.names");
        assert!(split(&p)
            .unwrap_err()
            .to_string()
            .contains("controller.listener.names"));
    }

    #[test]
    fn no_process_roles_is_not_kraft() {
        let p = props(&[("listeners", "PLAINTEXT://:9092")]);
        let (table, kraft) = split(&p).unwrap();
        assert!(kraft.is_none());
        assert_eq!(table, p);
    }
}
