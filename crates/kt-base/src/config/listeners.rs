//! The broker's listeners as Kafka names them: `listeners`, `advertised.listeners`,
//! `listener.security.protocol.map` and the inter-broker listener, resolved and checked
//! together with Kafka's messages (KafkaConfig's `validateValues`, CoreUtils'
//! `listenerListToEndPoints`).

use std::collections::BTreeMap;
use std::fmt;

use super::server::ConfigError;

/// Kafka's default `listener.security.protocol.map`: each protocol is a listener name of itself.
pub const DEFAULT_PROTOCOL_MAP: &str =
    "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";

/// How a listener's connections are secured (Kafka's `SecurityProtocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityProtocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

impl SecurityProtocol {
    /// Kafka's name, as in configs and the broker's registration.
    pub fn name(self) -> &'static str {
        match self {
            SecurityProtocol::Plaintext => "PLAINTEXT",
            SecurityProtocol::Ssl => "SSL",
            SecurityProtocol::SaslPlaintext => "SASL_PLAINTEXT",
            SecurityProtocol::SaslSsl => "SASL_SSL",
        }
    }

    /// Reads a protocol name in any case, as `SecurityProtocol.forName` does.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_uppercase().as_str() {
            "PLAINTEXT" => Some(SecurityProtocol::Plaintext),
            "SSL" => Some(SecurityProtocol::Ssl),
            "SASL_PLAINTEXT" => Some(SecurityProtocol::SaslPlaintext),
            "SASL_SSL" => Some(SecurityProtocol::SaslSsl),
            _ => None,
        }
    }

    /// Whether connections on this protocol are wrapped in TLS.
    pub fn uses_tls(self) -> bool {
        matches!(self, SecurityProtocol::Ssl | SecurityProtocol::SaslSsl)
    }
}

impl fmt::Display for SecurityProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One `NAME://host:port` listener with the protocol its name maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    /// The listener name, upper-cased as Kafka normalises it (`PLAINTEXT`, `SSL`, `CLIENT`...).
    pub name: String,
    /// The protocol from `listener.security.protocol.map`.
    pub protocol: SecurityProtocol,
    /// The host to bind or advertise; empty means every interface when binding.
    pub host: String,
    /// The TCP port; 0 asks the system for a free one (useful in tests).
    pub port: u16,
}

impl Listener {
    /// The address to bind: an empty host binds every interface, like Kafka.
    pub fn bind_address(&self) -> String {
        let host = if self.host.is_empty() {
            "0.0.0.0"
        } else {
            &self.host
        };
        if host.contains(':') {
            format!("[{host}]:{}", self.port)
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// `NAME://host:port`, as Kafka writes an endpoint.
    pub fn endpoint(&self) -> String {
        format!("{}://{}:{}", self.name, self.host, self.port)
    }
}

/// The listener keys as given, resolved together in [`resolve`] once every key is read.
#[derive(Debug, Default)]
pub(super) struct ListenerKeys {
    pub listeners: String,
    pub advertised: Option<String>,
    pub protocol_map: String,
    pub inter_broker_name: Option<String>,
    pub inter_broker_protocol: String,
    pub inter_broker_protocol_given: bool,
}

/// The resolved listeners: what to bind, what to advertise, and the listener brokers use
/// among themselves.
#[derive(Debug)]
pub(super) struct ResolvedListeners {
    pub listeners: Vec<Listener>,
    pub advertised: Vec<Listener>,
    pub inter_broker: String,
}

/// Resolves the listener keys with Kafka's checks, in Kafka's order.
pub(super) fn resolve(keys: &ListenerKeys) -> Result<ResolvedListeners, ConfigError> {
    let map = parse_protocol_map(&keys.protocol_map)?;
    let listeners = parse_endpoints(&keys.listeners, &map, true)?;
    let advertised = match &keys.advertised {
        Some(text) => parse_endpoints(text, &map, false)?,
        None => listeners.clone(),
    };
    let inter_broker = match &keys.inter_broker_name {
        Some(_) if keys.inter_broker_protocol_given => {
            return Err(ConfigError::Invalid(
                "Only one of inter.broker.listener.name and security.inter.broker.protocol \
                 should be set."
                    .into(),
            ))
        }
        Some(name) => {
            let name = name.trim().to_ascii_uppercase();
            if !map.contains_key(&name) {
                return Err(ConfigError::Invalid(format!(
                    "Listener with name {name} defined in inter.broker.listener.name not found \
                     in listener.security.protocol.map."
                )));
            }
            name
        }
        None => SecurityProtocol::parse(&keys.inter_broker_protocol)
            .ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "Invalid security protocol `{}` defined in security.inter.broker.protocol",
                    keys.inter_broker_protocol
                ))
            })?
            .name()
            .to_string(),
    };
    let names = |list: &[Listener]| list.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    let advertised_names = names(&advertised);
    if !advertised_names.contains(&inter_broker) {
        return Err(ConfigError::Requirement(format!(
            "inter.broker.listener.name must be a listener name defined in advertised.listeners. \
             The valid options based on currently configured listeners are {}",
            advertised_names.join(",")
        )));
    }
    let listener_names = names(&listeners);
    if !advertised_names.iter().all(|n| listener_names.contains(n)) {
        return Err(ConfigError::Requirement(format!(
            "advertised.listeners listener names must be equal to or a subset of the ones \
             defined in listeners. Found {}. The valid options based on the current \
             configuration are {}",
            advertised_names.join(","),
            listener_names.join(",")
        )));
    }
    if advertised.iter().any(|l| l.host == "0.0.0.0") {
        return Err(ConfigError::Requirement(
            "advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a \
             routable IP address."
                .into(),
        ));
    }
    Ok(ResolvedListeners {
        listeners,
        advertised,
        inter_broker,
    })
}

/// `NAME:PROTOCOL,NAME:PROTOCOL`, names upper-cased as Kafka's `ListenerName.normalised`.
fn parse_protocol_map(text: &str) -> Result<BTreeMap<String, SecurityProtocol>, ConfigError> {
    let mut map = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, protocol) = pair.split_once(':').ok_or_else(|| {
            ConfigError::Invalid(format!(
                "Error parsing configuration property 'listener.security.protocol.map': \
                 Invalid map entry '{pair}' (expected NAME:PROTOCOL)"
            ))
        })?;
        let protocol = SecurityProtocol::parse(protocol).ok_or_else(|| {
            ConfigError::Invalid(format!(
                "Invalid security protocol `{}` defined in listener.security.protocol.map",
                protocol.trim()
            ))
        })?;
        map.insert(name.trim().to_ascii_uppercase(), protocol);
    }
    Ok(map)
}

/// `PLAINTEXT://host:port[,...]` read alone (KRaft's controller listeners, which kt does not
/// serve): the endpoints as [`parse_endpoints`] checks them, with `key` named on error.
pub(super) fn parse_plaintext_endpoints(
    key: &str,
    text: &str,
) -> Result<Vec<Listener>, ConfigError> {
    let map = BTreeMap::from([("PLAINTEXT".to_string(), SecurityProtocol::Plaintext)]);
    parse_endpoints(text, &map, false).map_err(|e| {
        ConfigError::Invalid(format!("Invalid value {text} for configuration {key}: {e}"))
    })
}

/// `NAME://host:port[,...]` with Kafka's checks: every name mapped to a protocol, names
/// distinct, and (for `listeners`) ports distinct (port 0 excepted, for tests).
fn parse_endpoints(
    text: &str,
    map: &BTreeMap<String, SecurityProtocol>,
    distinct_ports: bool,
) -> Result<Vec<Listener>, ConfigError> {
    let failed = |reason: String| {
        ConfigError::Requirement(format!(
            "Error creating broker listeners from '{text}': {reason}"
        ))
    };
    let mut listeners: Vec<Listener> = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let unparsable = || failed(format!("Unable to parse {entry} to a broker endpoint"));
        let (name, address) = entry.split_once("://").ok_or_else(unparsable)?;
        let (host, port) = address.rsplit_once(':').ok_or_else(unparsable)?;
        let port = port.parse::<u16>().map_err(|_| unparsable())?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        // Kafka's URI pattern: letters, digits and `-%._:` only.
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-%._:".contains(c))
        {
            return Err(unparsable());
        }
        let name = name.trim().to_ascii_uppercase();
        let protocol = *map
            .get(&name)
            .ok_or_else(|| failed(format!("No security protocol defined for listener {name}")))?;
        listeners.push(Listener {
            name,
            protocol,
            host: host.to_string(),
            port,
        });
    }
    let mut names: Vec<&str> = listeners.iter().map(|l| l.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() != listeners.len() {
        return Err(ConfigError::Requirement(format!(
            "Each listener must have a different name, listeners: {text}"
        )));
    }
    if distinct_ports {
        let mut ports: Vec<u16> = listeners
            .iter()
            .map(|l| l.port)
            .filter(|p| *p != 0)
            .collect();
        let given = ports.len();
        ports.sort_unstable();
        ports.dedup();
        if ports.len() != given {
            return Err(ConfigError::Requirement(format!(
                "Each listener must have a different port, listeners: {text}"
            )));
        }
    }
    Ok(listeners)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(listeners: &str) -> ListenerKeys {
        ListenerKeys {
            listeners: listeners.into(),
            advertised: None,
            protocol_map: DEFAULT_PROTOCOL_MAP.into(),
            inter_broker_name: None,
            inter_broker_protocol: "PLAINTEXT".into(),
            inter_broker_protocol_given: false,
        }
    }

    #[test]
    fn plaintext_and_ssl_listeners_map_through_the_default_map() {
        let resolved = resolve(&keys("PLAINTEXT://:9092,SSL://localhost:9093")).unwrap();
        assert_eq!(resolved.listeners.len(), 2);
        assert_eq!(resolved.listeners[1].protocol, SecurityProtocol::Ssl);
        assert_eq!(resolved.listeners[1].host, "localhost");
        assert_eq!(resolved.inter_broker, "PLAINTEXT");
        assert_eq!(resolved.advertised, resolved.listeners);
    }

    #[test]
    fn named_listeners_need_the_map() {
        let err = resolve(&keys("CLIENT://:9092")).unwrap_err().to_string();
        assert!(
            err.contains("No security protocol defined for listener CLIENT"),
            "{err}"
        );
        let mut named = keys("CLIENT://:9093,REPLICATION://:9094");
        named.protocol_map = "CLIENT:SSL,REPLICATION:PLAINTEXT".into();
        named.inter_broker_name = Some("replication".into());
        let resolved = resolve(&named).unwrap();
        assert_eq!(resolved.listeners[0].protocol, SecurityProtocol::Ssl);
        assert_eq!(resolved.inter_broker, "REPLICATION");
    }

    #[test]
    fn kafkas_checks_and_messages() {
        let err = |k: &ListenerKeys| resolve(k).unwrap_err().to_string();
        assert!(err(&keys("PLAINTEXT://:9092,PLAINTEXT://:9093"))
            .contains("Each listener must have a different name"));
        assert!(err(&keys("PLAINTEXT://:9092,SSL://:9092"))
            .contains("Each listener must have a different port"));
        assert!(err(&keys("PLAINTEXT:9092")).contains("Unable to parse PLAINTEXT:9092"));
        let mut k = keys("SSL://:9093");
        assert!(err(&k).contains(
            "inter.broker.listener.name must be a listener name defined in advertised.listeners. \
             The valid options based on currently configured listeners are SSL"
        ));
        k.inter_broker_protocol = "SSL".into();
        k.inter_broker_protocol_given = true;
        k.inter_broker_name = Some("SSL".into());
        assert!(err(&k).contains("Only one of inter.broker.listener.name"));
        let mut k = keys("PLAINTEXT://:9092");
        k.advertised = Some("PLAINTEXT://:9092,SSL://h:9093".into());
        assert!(err(&k).contains("advertised.listeners listener names must be equal to"));
        k.advertised = Some("PLAINTEXT://0.0.0.0:9092".into());
        assert!(err(&k).contains("nonroutable meta-address 0.0.0.0"));
        let mut k = keys("PLAINTEXT://:9092");
        k.protocol_map = "PLAINTEXT:TLS".into();
        assert!(err(&k).contains("Invalid security protocol `TLS`"));
    }
}
