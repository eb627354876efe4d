//! Prometheus' text exposition format (version 0.0.4) with the JMX exporter's names: a
//! family's samples are written together under its `# HELP` and `# TYPE` lines, label values
//! escaped as the format requires.

use std::fmt::Write;

/// The fixed part of a Kafka MBean name: `domain:type=T,name=N` (`name` is absent on the
/// `socket-server-metrics` beans, whose attributes are the metrics).
#[derive(Debug, Clone, Copy)]
pub struct Bean {
    pub domain: &'static str,
    pub kind: &'static str,
    pub name: Option<&'static str>,
}

impl Bean {
    /// `domain:type=T,name=N`.
    pub const fn named(domain: &'static str, kind: &'static str, name: &'static str) -> Self {
        Bean {
            domain,
            kind,
            name: Some(name),
        }
    }
}

/// Which attribute of the bean a family exposes, which decides its name and type under the
/// `kafka-2_0_0.yml` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    /// A meter's `Count` (`...PerSec`): `<name>_total`, a counter.
    MeterCount,
    /// A gauge's `Value`: `<name>`, a gauge.
    Value,
    /// A histogram's `Count`: `<name>_count`, a counter.
    HistogramCount,
    /// A histogram's percentiles: `<name>{quantile=...}`, a gauge.
    Percentiles,
    /// A named attribute of a bean without `name` (`connection-count`): `<attribute>`.
    Named(&'static str),
}

/// The series name the JMX exporter gives `bean`'s `attribute`, lower-cased and with every
/// character outside `[a-zA-Z0-9_]` made `_`, as the exporter does.
pub fn series_name(bean: &Bean, attribute: Attribute) -> String {
    let mut name = String::from(bean.domain);
    name.push('_');
    name.push_str(bean.kind);
    let base = bean.name.unwrap_or("");
    match attribute {
        Attribute::MeterCount => {
            name.push('_');
            name.push_str(base.strip_suffix("PerSec").unwrap_or(base));
            name.push_str("_total");
        }
        Attribute::Value | Attribute::Percentiles => {
            name.push('_');
            name.push_str(base);
        }
        Attribute::HistogramCount => {
            name.push('_');
            name.push_str(base);
            name.push_str("_count");
        }
        Attribute::Named(attr) => {
            name.push('_');
            name.push_str(attr);
        }
    }
    sanitize(&name)
}

/// A metric or label name as the exporter writes it: lower case, and every character
/// outside `[a-z0-9_]` made `_`.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '_',
        })
        .collect()
}

/// The `# HELP` text: the MBean pattern the exporter matched, `domain<type=T, name=N><>Attr`
/// (`Percentile` for the percentile family, whose samples carry the quantile).
fn help(bean: &Bean, attribute: Attribute) -> String {
    let attr = match attribute {
        Attribute::MeterCount | Attribute::HistogramCount => "Count",
        Attribute::Value => "Value",
        Attribute::Percentiles => "Percentile",
        Attribute::Named(a) => a,
    };
    match bean.name {
        Some(name) => format!("{}<type={}, name={name}><>{attr}", bean.domain, bean.kind),
        None => format!("{}<type={}><>{attr}", bean.domain, bean.kind),
    }
}

/// A scrape being written.
#[derive(Debug, Default)]
pub struct Exposition {
    out: String,
}

/// One sample: label pairs (the MBean's further keys, in order) and the value.
pub type Sample<'a> = (Vec<(&'a str, String)>, f64);

impl Exposition {
    /// Writes one family with its samples; a family without samples is left out.
    pub fn family(&mut self, bean: &Bean, attribute: Attribute, samples: &[Sample<'_>]) {
        if samples.is_empty() {
            return;
        }
        let name = series_name(bean, attribute);
        let kind = match attribute {
            Attribute::MeterCount | Attribute::HistogramCount => "counter",
            Attribute::Value | Attribute::Percentiles | Attribute::Named(_) => "gauge",
        };
        let _ = writeln!(self.out, "# HELP {name} {}", help(bean, attribute));
        let _ = writeln!(self.out, "# TYPE {name} {kind}");
        self.samples(&name, samples);
    }

    /// Writes a family that stands for no MBean (the metrics clients push): its own name,
    /// help text and type.
    pub fn plain_family(&mut self, name: &str, help: &str, counter: bool, samples: &[Sample<'_>]) {
        if samples.is_empty() {
            return;
        }
        let kind = if counter { "counter" } else { "gauge" };
        let _ = writeln!(self.out, "# HELP {name} {help}");
        let _ = writeln!(self.out, "# TYPE {name} {kind}");
        self.samples(name, samples);
    }

    fn samples(&mut self, name: &str, samples: &[Sample<'_>]) {
        for (labels, value) in samples {
            self.out.push_str(name);
            if !labels.is_empty() {
                self.out.push('{');
                for (i, (label, value)) in labels.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let _ = write!(self.out, "{}=\"", sanitize(label));
                    escape_into(&mut self.out, value);
                    self.out.push('"');
                }
                self.out.push('}');
            }
            let _ = writeln!(self.out, " {}", number(*value));
        }
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A value as the exporter prints Java doubles: `12.0`, `0.25`, `NaN`.
fn number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// Label values escape backslash, double quote and line feed.
fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_exporter_rules() {
        let meter = Bean::named("kafka.server", "BrokerTopicMetrics", "MessagesInPerSec");
        assert_eq!(
            series_name(&meter, Attribute::MeterCount),
            "kafka_server_brokertopicmetrics_messagesin_total"
        );
        let hist = Bean::named("kafka.network", "RequestMetrics", "TotalTimeMs");
        assert_eq!(
            series_name(&hist, Attribute::HistogramCount),
            "kafka_network_requestmetrics_totaltimems_count"
        );
        let group = Bean::named(
            "kafka.coordinator.group",
            "GroupMetadataManager",
            "NumGroups",
        );
        assert_eq!(
            series_name(&group, Attribute::Value),
            "kafka_coordinator_group_groupmetadatamanager_numgroups"
        );
        let socket = Bean {
            domain: "kafka.server",
            kind: "socket-server-metrics",
            name: None,
        };
        assert_eq!(
            series_name(&socket, Attribute::Named("connection-count")),
            "kafka_server_socket_server_metrics_connection_count"
        );
    }

    #[test]
    fn families_are_written_whole_with_escaped_labels() {
        let mut e = Exposition::default();
        let bean = Bean::named("kafka.log", "Log", "Size");
        e.family(
            &bean,
            Attribute::Value,
            &[(
                vec![("topic", "a\"b".into()), ("partition", "0".into())],
                42.0,
            )],
        );
        e.family(&bean, Attribute::Value, &[]);
        assert_eq!(
            e.finish(),
            "# HELP kafka_log_log_size kafka.log<type=Log, name=Size><>Value\n\
             # TYPE kafka_log_log_size gauge\n\
             kafka_log_log_size{topic=\"a\\\"b\",partition=\"0\"} 42.0\n"
        );
    }
}
