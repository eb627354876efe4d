//! `kt configs`: kafka-configs.sh for topics, brokers and users' SCRAM credentials, with its
//! flags and output lines (`Dynamic configs for topic T are:`, `Completed updating config for
//! topic T.`, `SCRAM credential configs for user-principal 'U' are ...`).

use anyhow::Context;
use clap::Args;

use super::common::ConnectArgs;
use super::output::configs::{DescribedConfigs, EntityNames};
use super::output::{self, OutputArgs, OutputFormat};
use super::usage::UsageError;
use crate::admin::{self, Admin, AdminError, ConfigResource, ConfigSource};

/// Flags of `kt configs`. Exactly one of --describe and --alter.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt configs --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name my-topic\n  kt configs --bootstrap-server localhost:9092 --alter --topic my-topic --add-config retention.ms=60000"
)]
pub struct ConfigsArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// List the configs of the given entity (dynamic ones; all with --all).
    #[arg(long)]
    pub describe: bool,
    /// Change the configs of the given entity with --add-config and --delete-config.
    #[arg(long)]
    pub alter: bool,
    /// The kind of entity: topics or brokers.
    #[arg(long, value_name = "TYPE")]
    pub entity_type: Option<String>,
    /// The entity: a topic name or a broker id. Without it, --describe covers every topic.
    #[arg(long, value_name = "NAME")]
    pub entity_name: Option<String>,
    /// The cluster-wide default entity (with --entity-type brokers: the dynamic configs every
    /// broker takes).
    #[arg(long, conflicts_with_all = ["entity_name", "topic", "broker"])]
    pub entity_default: bool,
    /// Shorthand for --entity-type topics --entity-name TOPIC.
    #[arg(long, value_name = "TOPIC", conflicts_with_all = ["entity_type", "entity_name", "broker"])]
    pub topic: Option<String>,
    /// Shorthand for --entity-type brokers --entity-name ID.
    #[arg(long, value_name = "ID", conflicts_with_all = ["entity_type", "entity_name"])]
    pub broker: Option<String>,
    /// Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas).
    /// Repeatable.
    #[arg(long, value_name = "CONFIGS")]
    pub add_config: Vec<String>,
    /// Config keys to remove, as k1,k2. Repeatable.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub delete_config: Vec<String>,
    /// With --describe: every config, defaults included, not only the dynamic ones.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What the flags ask for, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Request {
    alter: bool,
    kind: Kind,
    name: Option<String>,
    /// `--entity-default`: the cluster-wide default entity (brokers).
    default: bool,
    set: Vec<(String, String)>,
    delete: Vec<String>,
}

/// The entity types kt supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Topics,
    Brokers,
    /// Users: their SCRAM credentials (quotas are not supported by kt yet).
    Users,
}

impl Kind {
    /// kafka-configs' `--entity-type` value.
    fn plural(self) -> &'static str {
        match self {
            Kind::Topics => "topics",
            Kind::Brokers => "brokers",
            Kind::Users => "users",
        }
    }
    /// The source kafka-configs shows without --all.
    fn dynamic_source(self) -> ConfigSource {
        match self {
            Kind::Topics => ConfigSource::TopicOverride,
            Kind::Brokers | Kind::Users => ConfigSource::DynamicBroker,
        }
    }
    /// The singular in `Dynamic configs for topic T are:`.
    fn singular(self) -> &'static str {
        match self {
            Kind::Topics => "topic",
            Kind::Brokers => "broker",
            Kind::Users => "user",
        }
    }
}

/// Splits `k1=v1,k2=[a,b],k3=v3` into pairs; brackets group a value containing commas.
fn parse_add_config(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').ok_or_else(|| {
                format!("Invalid entity config: all configs to be added must be in the format \"key=val\": {p}")
            })?;
            let v = v.trim();
            let v = v
                .strip_prefix('[')
                .and_then(|v| v.strip_suffix(']'))
                .unwrap_or(v);
            Ok((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

impl ConfigsArgs {
    /// Checks the flags as kafka-configs does.
    fn request(&self) -> Result<Request, UsageError> {
        if self.describe == self.alter {
            return Err(UsageError::alone(
                "Command must include exactly one action: --describe, --alter",
            ));
        }
        if self.connect.bootstrap_server.is_none() && self.connect.data_dir.is_none() {
            return Err(UsageError::alone(
                "Only one of --bootstrap-server or --zookeeper must be specified",
            ));
        }
        let (kind, name) = match (&self.topic, &self.broker, &self.entity_type) {
            (Some(t), _, _) => (Kind::Topics, Some(t.clone())),
            (None, Some(b), _) => (Kind::Brokers, Some(b.clone())),
            (None, None, Some(t)) => {
                let kind = match t.as_str() {
                    "topics" => Kind::Topics,
                    "brokers" => Kind::Brokers,
                    "users" => Kind::Users,
                    "clients" | "ips" | "broker-loggers" | "client-metrics" | "groups" => {
                        return Err(UsageError::alone(format!(
                            "--entity-type {t} is not supported by kt yet"
                        )))
                    }
                    _ => {
                        return Err(UsageError::alone(format!(
                            "Invalid entity-type {t}, --entity-type must be one of topics, brokers"
                        )))
                    }
                };
                (kind, self.entity_name.clone())
            }
            (None, None, None) => {
                return Err(UsageError::alone(
                    "At least one --entity-type must be specified",
                ))
            }
        };
        if self.describe && (!self.add_config.is_empty() || !self.delete_config.is_empty()) {
            return Err(UsageError::alone(
                "Option \"[describe]\" can't be used with option \"[add-config]\" or \"[delete-config]\""
            ));
        }
        if self.entity_default && kind != Kind::Brokers {
            return Err(UsageError::alone(format!(
                "--entity-default is supported by kt with --entity-type brokers only, not {}",
                kind.plural()
            )));
        }
        if kind == Kind::Brokers && name.is_none() && !self.entity_default {
            return Err(UsageError::alone(
                "--entity-name must be specified with brokers (kt)",
            ));
        }
        if self.alter && name.is_none() && !self.entity_default {
            return Err(UsageError::alone(format!(
                "--entity-name must be specified with --alter of [{}]",
                kind.plural()
            )));
        }
        if self.alter && self.add_config.is_empty() && self.delete_config.is_empty() {
            return Err(UsageError::alone(
                "At least one of --add-config or --delete-config must be specified with --alter",
            ));
        }
        if self.alter && self.output.output != OutputFormat::Plain {
            return Err(UsageError::alone("--output applies to --describe only"));
        }
        let mut set = Vec::new();
        for a in &self.add_config {
            set.extend(parse_add_config(a).map_err(UsageError::alone)?);
        }
        let delete: Vec<String> = self
            .delete_config
            .iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        Ok(Request {
            alter: self.alter,
            kind,
            name,
            default: self.entity_default,
            set,
            delete,
        })
    }
}

/// The resource a name of a kind stands for.
fn resource(kind: Kind, name: &str) -> anyhow::Result<ConfigResource> {
    Ok(match kind {
        Kind::Topics => ConfigResource::Topic(name.to_string()),
        Kind::Brokers => ConfigResource::Broker(
            name.trim()
                .parse()
                .with_context(|| format!("'{name}' is not a broker id"))?,
        ),
        Kind::Users => anyhow::bail!("users have no config resource"),
    })
}

/// A failure: invalid arguments print their message alone, as kafka-configs does; others say
/// the command failed and why, on one line each.
enum Failure {
    Invalid(String),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast_ref::<AdminError>() {
            Some(AdminError::InvalidConfig(m)) => Failure::Invalid(m.clone()),
            _ => Failure::Other(e),
        }
    }
}

impl From<AdminError> for Failure {
    fn from(e: AdminError) -> Self {
        Failure::from(anyhow::Error::new(e))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Other(e.into())
    }
}

/// Runs `kt configs` and returns the exit code.
pub fn run(args: ConfigsArgs) -> i32 {
    let request = match args.request() {
        Ok(r) => r,
        Err(e) => return e.report("configs"),
    };
    let result = (|| -> Result<(), Failure> {
        let rt = super::runtime()?;
        rt.block_on(async {
            if request.kind == Kind::Users {
                return users(&args.connect.options()?, &request).await;
            }
            let admin = admin::connect(&args.connect.options()?)?;
            let result = if request.alter {
                alter(&admin, &request).await
            } else {
                describe(&admin, &request, args.all, args.output.output).await
            };
            admin.abandon();
            result
        })
    })();
    match result {
        Ok(()) => 0,
        Err(Failure::Invalid(msg)) => {
            eprintln!("{msg}");
            1
        }
        Err(Failure::Other(e)) => {
            // The arguments after the tool's name (`kt configs` or a kafka-configs.sh link).
            let mut words: Vec<String> = std::env::args().skip(1).collect();
            if words
                .first()
                .is_some_and(|w| w == "configs" || w.starts_with("kafka-configs"))
            {
                words.remove(0);
            }
            eprintln!(
                "Error while executing config command with args '{}'",
                words.join(" ")
            );
            eprintln!("error: {e:#}");
            1
        }
    }
}

async fn alter(admin: &admin::Backend, request: &Request) -> Result<(), Failure> {
    let name = request.name.clone().unwrap_or_default();
    let res = match request.default {
        true => ConfigResource::BrokerDefault,
        false => resource(request.kind, &name)?,
    };
    if !request.delete.is_empty() {
        // kafka-configs refuses to delete a config the entity does not know.
        let known = admin.describe_configs(&res).await?;
        let invalid: Vec<&str> = request
            .delete
            .iter()
            .filter(|k| !known.iter().any(|e| &e.name == *k))
            .map(String::as_str)
            .collect();
        if !invalid.is_empty() {
            return Err(Failure::Invalid(format!(
                "Invalid config(s): {}",
                invalid.join(",")
            )));
        }
    }
    admin
        .alter_configs(&res, &request.set, &request.delete)
        .await?;
    match request.default {
        true => output::configs::altered_default(&mut output::stdout(), request.kind.plural())?,
        false => output::configs::altered(&mut output::stdout(), request.kind.singular(), &name)?,
    }
    Ok(())
}

async fn describe(
    admin: &admin::Backend,
    request: &Request,
    all: bool,
    format: OutputFormat,
) -> Result<(), Failure> {
    let names = match &request.name {
        Some(n) => vec![n.clone()],
        None if request.default => Vec::new(),
        None => admin
            .list_topics()
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect(),
    };
    let mut described = Vec::new();
    if request.default {
        // kafka-configs shows the default entity's own layer, with or without --all.
        let entries = admin
            .describe_configs(&ConfigResource::BrokerDefault)
            .await?
            .into_iter()
            .filter(|e| e.source == ConfigSource::DynamicDefaultBroker)
            .collect();
        described.push(DescribedConfigs {
            name: String::new(),
            entries,
        });
    }
    for name in names.into_iter().filter(|_| !request.default) {
        let entries = admin
            .describe_configs(&resource(request.kind, &name)?)
            .await?
            .into_iter()
            .filter(|e| all || e.source == request.kind.dynamic_source())
            .collect();
        described.push(DescribedConfigs { name, entries });
    }
    let names = EntityNames {
        singular: request.kind.singular(),
        plural: request.kind.plural(),
    };
    output::configs::described(&mut output::stdout(), format, names, all, &described)?;
    Ok(())
}

/// `--entity-type users`: SCRAM credentials, set/deleted with `--alter` (`SCRAM-SHA-256=
/// [iterations=N,password=P]`) and listed with `--describe`, in kafka-configs' words.
async fn users(options: &admin::ConnectOptions, request: &Request) -> Result<(), Failure> {
    use crate::admin::scram_credentials::{self, Target};
    use kt_broker::security::sasl::scram::ScramMechanism;
    let target = match (&options.bootstrap_servers, &options.data_dir) {
        (Some(bootstrap), _) => Target::Cluster {
            bootstrap,
            properties: &options.properties,
        },
        (None, Some(dir)) => Target::DataDir(dir),
        (None, None) => {
            return Err(Failure::Invalid(
                "--bootstrap-server must be specified".into(),
            ))
        }
    };
    if !request.alter {
        let names: Vec<String> = request.name.iter().cloned().collect();
        let described = scram_credentials::describe(&target, &names).await?;
        for (user, infos) in described {
            let text: Vec<String> = infos
                .iter()
                .map(|(m, iterations)| format!("{m}=iterations={iterations}"))
                .collect();
            println!(
                "SCRAM credential configs for user-principal '{user}' are {}",
                text.join(", ")
            );
        }
        return Ok(());
    }
    let user = request.name.clone().unwrap_or_default();
    let unknown_set: Vec<&str> = request
        .set
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| ScramMechanism::from_name(k).is_none())
        .collect();
    if !unknown_set.is_empty() {
        return Err(Failure::Invalid(format!(
            "Only quota and SCRAM credential configs can be added for 'users' using \
             --bootstrap-server, and kt supports SCRAM credentials only. Unexpected config \
             names: Set({})",
            unknown_set.join(", ")
        )));
    }
    let mut deletions = Vec::new();
    for key in &request.delete {
        match ScramMechanism::from_name(key) {
            Some(m) => deletions.push(m),
            None => {
                return Err(Failure::Invalid(format!(
                    "Only quota and SCRAM credential configs can be deleted for 'users' using \
                     --bootstrap-server, and kt supports SCRAM credentials only. Unexpected \
                     config names: Set({key})"
                )))
            }
        }
    }
    let mut upsertions = Vec::new();
    for (key, value) in &request.set {
        let mechanism = ScramMechanism::from_name(key).expect("checked above");
        upsertions
            .push(scram_credentials::parse_upsertion(mechanism, value).map_err(Failure::Invalid)?);
    }
    scram_credentials::alter(&target, &user, &upsertions, &deletions).await?;
    println!("Completed updating config for user {user}.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_config_groups_brackets() {
        assert_eq!(
            parse_add_config("a=1,b=[x,y],c=z").unwrap(),
            vec![
                ("a".to_string(), "1".to_string()),
                ("b".to_string(), "x,y".to_string()),
                ("c".to_string(), "z".to_string())
            ]
        );
        assert!(parse_add_config("novalue").is_err());
    }
}
