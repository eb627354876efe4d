//! `zookeeper.properties`: the keys of ZooKeeper's standalone configuration, with its defaults.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use kt_base::config::{ConfigError, Properties};

/// Everything `kt zookeeper-start` reads from its properties file.
#[derive(Debug, Clone)]
pub struct ZkConfig {
    /// Where snapshots go (and the log, unless `data_log_dir` is set).
    pub data_dir: PathBuf,
    /// Where the transaction log goes.
    pub data_log_dir: Option<PathBuf>,
    /// Client port; 0 asks the system for a free one (tests).
    pub client_port: u16,
    /// Address to bind; every interface when unset, as ZooKeeper does.
    pub client_port_address: Option<IpAddr>,
    /// The basic time unit in milliseconds.
    pub tick_time: i32,
    /// Shortest session timeout granted (default 2 × tickTime).
    pub min_session_timeout: i32,
    /// Longest session timeout granted (default 20 × tickTime).
    pub max_session_timeout: i32,
    /// Connections allowed from one IP address; 0 means no limit.
    pub max_client_cnxns: usize,
    /// Snapshots (and their logs) kept by the purge task.
    pub snap_retain_count: usize,
    /// Hours between purges; 0 disables purging.
    pub purge_interval_hours: u64,
    /// Read for compatibility; kt has no AdminServer (HTTP), so `true` is logged and ignored.
    pub admin_enable_server: bool,
    /// Four-letter words answered on the client port; `*` for all.
    pub four_letter_words: BTreeSet<String>,
    /// Largest request accepted, in bytes (`jute.maxbuffer`).
    pub max_buffer: usize,
    /// Transactions between snapshots (`snapCount`).
    pub snap_count: u64,
    /// TTL nodes allowed (`extendedTypesEnabled`, ZooKeeper's `zookeeper.extendedTypesEnabled`;
    /// off by default there, so createTTL answers UNIMPLEMENTED unless it is set).
    pub extended_types_enabled: bool,
    /// Every key given, for `conf`.
    pub properties: Properties,
}

/// Four-letter words kt answers.
pub const ALL_WORDS: &[&str] = &["ruok", "srvr", "stat", "mntr", "conf", "envi", "cons"];

/// Keys accepted without effect (cluster settings of a standalone server and the like).
const ACCEPTED_WITHOUT_EFFECT: &[&str] = &[
    "initLimit",
    "syncLimit",
    "clientPortListenBacklog",
    "preAllocSize",
    "globalOutstandingLimit",
    "standaloneEnabled",
    "reconfigEnabled",
    "skipACL",
    "forceSync",
    "admin.serverPort",
    "admin.serverAddress",
    "metricsProvider.className",
    "audit.enable",
];

impl ZkConfig {
    /// Builds the configuration; also returns keys not known, for the caller to log.
    pub fn from_properties(props: &Properties) -> Result<(ZkConfig, Vec<String>), ConfigError> {
        let get = |k: &str| props.get(k).map(|v| v.trim().to_string());
        let int = |k: &str, default: i64| -> Result<i64, ConfigError> {
            match get(k) {
                None => Ok(default),
                Some(v) => v.parse().map_err(|_| invalid(k, &v, "not a number")),
            }
        };
        let data_dir = PathBuf::from(get("dataDir").unwrap_or_else(|| "/tmp/zookeeper".into()));
        let data_log_dir = get("dataLogDir")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let client_port = int("clientPort", 2181)?;
        let client_port = u16::try_from(client_port)
            .map_err(|_| invalid("clientPort", &client_port.to_string(), "not a port"))?;
        let client_port_address = match get("clientPortAddress").filter(|v| !v.is_empty()) {
            None => None,
            Some(v) if v == "localhost" => Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            Some(v) => Some(
                v.parse()
                    .map_err(|_| invalid("clientPortAddress", &v, "not an IP address"))?,
            ),
        };
        let tick_time = int("tickTime", 3000)?;
        if tick_time <= 0 || tick_time > i32::MAX as i64 / 20 {
            return Err(invalid("tickTime", &tick_time.to_string(), "out of range"));
        }
        let tick_time = tick_time as i32;
        let mut min = int("minSessionTimeout", -1)?;
        let mut max = int("maxSessionTimeout", -1)?;
        if min < 0 {
            min = 2 * tick_time as i64;
        }
        if max < 0 {
            max = 20 * tick_time as i64;
        }
        if min > max || max > i32::MAX as i64 {
            return Err(invalid(
                "minSessionTimeout",
                &min.to_string(),
                "must not be above maxSessionTimeout",
            ));
        }
        let max_client_cnxns = int("maxClientCnxns", 60)?.max(0) as usize;
        let words = get("4lw.commands.whitelist").unwrap_or_else(|| "srvr".into());
        let four_letter_words = words
            .split(',')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .flat_map(|w| {
                if w == "*" {
                    ALL_WORDS.iter().map(|s| s.to_string()).collect()
                } else {
                    vec![w]
                }
            })
            .collect();
        let bool_of = |k: &str, default: bool| -> Result<bool, ConfigError> {
            match get(k) {
                None => Ok(default),
                Some(v) => match v.to_ascii_lowercase().as_str() {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(invalid(k, &v, "not true or false")),
                },
            }
        };
        let config = ZkConfig {
            data_dir,
            data_log_dir,
            client_port,
            client_port_address,
            tick_time,
            min_session_timeout: min as i32,
            max_session_timeout: max as i32,
            max_client_cnxns,
            snap_retain_count: int("autopurge.snapRetainCount", 3)?.max(3) as usize,
            purge_interval_hours: int("autopurge.purgeInterval", 0)?.max(0) as u64,
            admin_enable_server: bool_of("admin.enableServer", true)?,
            four_letter_words,
            max_buffer: int("jute.maxbuffer", 0xfffff)?.max(1024) as usize,
            snap_count: int("snapCount", 100_000)?.max(2) as u64,
            extended_types_enabled: bool_of("extendedTypesEnabled", false)?,
            properties: props.clone(),
        };
        const KNOWN: &[&str] = &[
            "dataDir",
            "dataLogDir",
            "clientPort",
            "clientPortAddress",
            "tickTime",
            "minSessionTimeout",
            "maxSessionTimeout",
            "maxClientCnxns",
            "autopurge.snapRetainCount",
            "autopurge.purgeInterval",
            "admin.enableServer",
            "4lw.commands.whitelist",
            "jute.maxbuffer",
            "snapCount",
            "extendedTypesEnabled",
        ];
        let unknown = props
            .keys()
            .filter(|k| {
                !KNOWN.contains(&k.as_str()) && !ACCEPTED_WITHOUT_EFFECT.contains(&k.as_str())
            })
            .cloned()
            .collect();
        Ok((config, unknown))
    }

    /// The address to listen on.
    pub fn bind_address(&self) -> SocketAddr {
        let ip = self
            .client_port_address
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        SocketAddr::new(ip, self.client_port)
    }

    /// The directory of the transaction log.
    pub fn log_dir(&self) -> &PathBuf {
        self.data_log_dir.as_ref().unwrap_or(&self.data_dir)
    }
}

fn invalid(key: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidValue {
        key: key.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
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

    #[test]
    fn kafkas_file_is_accepted_with_zookeepers_defaults() {
        let (c, unknown) = ZkConfig::from_properties(&props(&[
            ("dataDir", "/tmp/zookeeper"),
            ("clientPort", "2181"),
            ("maxClientCnxns", "0"),
            ("admin.enableServer", "false"),
        ]))
        .unwrap();
        assert!(unknown.is_empty());
        assert_eq!(c.client_port, 2181);
        assert_eq!(c.max_client_cnxns, 0);
        assert_eq!(
            (c.tick_time, c.min_session_timeout, c.max_session_timeout),
            (3000, 6000, 60000)
        );
        assert_eq!(c.four_letter_words, BTreeSet::from(["srvr".to_string()]));
        assert_eq!(c.max_buffer, 0xfffff);
        assert_eq!(c.log_dir(), &PathBuf::from("/tmp/zookeeper"));
    }

    #[test]
    fn the_shipped_file_and_kafkas_own_parse_without_unknown_keys() {
        let root = // The repository root, two levels above this crate.
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let mut files = vec![root.join("config/zookeeper.properties")];
        // Kafka 3.9's file, from the shared reference material when it is there.
        let reference = root.join("../shared/reference/config/zookeeper.properties");
        if reference.exists() {
            files.push(reference);
        }
        for file in files {
            let props = kt_base::config::load_properties_file(&file).unwrap();
            let (c, unknown) = ZkConfig::from_properties(&props).unwrap();
            assert!(unknown.is_empty(), "{}: {unknown:?}", file.display());
            assert_eq!(c.client_port, 2181);
            assert_eq!(c.data_dir, PathBuf::from("/tmp/zookeeper"));
            assert!(!c.admin_enable_server);
        }
    }

    #[test]
    fn explicit_values_and_unknown_keys() {
        let (c, unknown) = ZkConfig::from_properties(&props(&[
            ("tickTime", "100"),
            ("maxSessionTimeout", "900"),
            ("4lw.commands.whitelist", "*"),
            ("clientPortAddress", "127.0.0.1"),
            ("dataLogDir", "/tmp/l"),
            ("initLimit", "5"),
            ("bogus", "1"),
        ]))
        .unwrap();
        assert_eq!((c.min_session_timeout, c.max_session_timeout), (200, 900));
        assert_eq!(c.four_letter_words.len(), ALL_WORDS.len());
        assert_eq!(c.bind_address().to_string(), "127.0.0.1:2181");
        assert_eq!(c.log_dir(), &PathBuf::from("/tmp/l"));
        assert_eq!(unknown, vec!["bogus".to_string()]);
        assert!(ZkConfig::from_properties(&props(&[("tickTime", "x")])).is_err());
        assert!(ZkConfig::from_properties(&props(&[("clientPort", "70000")])).is_err());
    }
}
