//! How `kt configs` prints: kafka-configs' lines (`Dynamic configs for topic T are:`,
//! `Completed updating config for topic T.`) and kt's table and JSON renderings.

use std::io::{self, Write};

use serde::Serialize;

use super::{table, write_json, write_table, OutputFormat};
use crate::admin::ConfigEntry;

/// The configs of one described entity (a topic or a broker).
pub struct DescribedConfigs {
    pub name: String,
    pub entries: Vec<ConfigEntry>,
}

/// How kafka-configs names the entity type: `topic`/`topics`, `broker`/`brokers`.
#[derive(Debug, Clone, Copy)]
pub struct EntityNames {
    pub singular: &'static str,
    pub plural: &'static str,
}

/// `Completed updating config for topic T.`
pub fn altered(out: &mut impl Write, singular: &str, name: &str) -> io::Result<()> {
    writeln!(out, "Completed updating config for {singular} {name}.")?;
    out.flush()
}

/// `Completed updating default config for brokers in the cluster.`
pub fn altered_default(out: &mut impl Write, plural: &str) -> io::Result<()> {
    writeln!(
        out,
        "Completed updating default config for {plural} in the cluster."
    )?;
    out.flush()
}

/// `--describe` in any format.
pub fn described(
    out: &mut impl Write,
    format: OutputFormat,
    names: EntityNames,
    all: bool,
    described: &[DescribedConfigs],
) -> io::Result<()> {
    match format {
        OutputFormat::Plain => plain(out, names, all, described),
        OutputFormat::Table => {
            let rows = described
                .iter()
                .flat_map(|d| {
                    d.entries.iter().map(|e| {
                        vec![
                            d.name.clone(),
                            e.name.clone(),
                            e.value.clone().unwrap_or_else(|| "null".into()),
                            e.source.kafka_name().to_string(),
                        ]
                    })
                })
                .collect();
            let headers = [
                names.singular.to_uppercase(),
                "NAME".into(),
                "VALUE".into(),
                "SOURCE".into(),
            ];
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            write_table(out, &table(&headers, rows))
        }
        OutputFormat::Json => {
            let entities: Vec<EntityJson> = described
                .iter()
                .map(|d| EntityJson {
                    entity_type: names.plural,
                    entity_name: &d.name,
                    configs: d
                        .entries
                        .iter()
                        .map(|e| ConfigJson {
                            name: &e.name,
                            value: e.value.as_deref(),
                            source: e.source.kafka_name(),
                            sensitive: e.sensitive,
                            read_only: e.read_only,
                        })
                        .collect(),
                })
                .collect();
            write_json(out, &Entities { entities })
        }
    }
}

/// kafka-configs' lines: a heading per entity (the default entity, named "", has Kafka's
/// `Default configs for brokers in the cluster are:`), then
/// `  name=value sensitive=.. synonyms={..}`: the synonyms the broker reports, else the
/// entry's own source as its one synonym.
fn plain(
    out: &mut impl Write,
    names: EntityNames,
    all: bool,
    described: &[DescribedConfigs],
) -> std::io::Result<()> {
    let which = if all { "All" } else { "Dynamic" };
    for d in described {
        if d.name.is_empty() {
            writeln!(
                out,
                "Default configs for {} in the cluster are:",
                names.plural
            )?;
        } else {
            writeln!(
                out,
                "{which} configs for {} {} are:",
                names.singular, d.name
            )?;
        }
        for e in &d.entries {
            let value = e.value.as_deref().unwrap_or("null");
            let synonyms: Vec<String> = if e.synonyms.is_empty() {
                vec![format!("{}:{}={value}", e.source.kafka_name(), e.name)]
            } else {
                e.synonyms
                    .iter()
                    .map(|s| {
                        format!(
                            "{}:{}={}",
                            s.source.kafka_name(),
                            s.name,
                            s.value.as_deref().unwrap_or("null")
                        )
                    })
                    .collect()
            };
            writeln!(
                out,
                "  {}={value} sensitive={} synonyms={{{}}}",
                e.name,
                e.sensitive,
                synonyms.join(", ")
            )?;
        }
    }
    out.flush()
}

/// `{"entities": [...]}` of `configs --describe --output json`.
#[derive(Serialize)]
struct Entities<'a> {
    entities: Vec<EntityJson<'a>>,
}

/// One described entity in JSON.
#[derive(Serialize)]
struct EntityJson<'a> {
    entity_type: &'static str,
    entity_name: &'a str,
    configs: Vec<ConfigJson<'a>>,
}

/// One config entry in JSON; `source` is Kafka's name (DYNAMIC_TOPIC_CONFIG, ...).
#[derive(Serialize)]
struct ConfigJson<'a> {
    name: &'a str,
    value: Option<&'a str>,
    source: &'static str,
    sensitive: bool,
    read_only: bool,
}
