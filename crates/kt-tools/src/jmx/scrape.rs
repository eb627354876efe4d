//! Reads a Prometheus text scrape back into JMX terms: each sample becomes (object name,
//! attribute, value). The family's `# HELP` carries the MBean pattern the exporter matched,
//! `domain<type=T, name=N><>Attr` (kt's broker writes exactly that; the Prometheus JMX
//! exporter's help ends with it too); the sample's labels are the MBean's further keys, in
//! order, and a `quantile` label names a histogram percentile (`0.99` → `99thPercentile`).

use std::collections::HashMap;

use regex::Regex;

/// One attribute of one MBean, read from a scrape.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// `kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t`.
    pub object_name: String,
    /// `Count`, `Value`, `99thPercentile`, `connection-count`...
    pub attribute: String,
    /// The value as JMX would print it (a Long `300`, a Double `1.5`).
    pub value: String,
}

/// The MBean keys the exporter lower-cases into labels, given back their JMX spelling.
fn key_name(label: &str) -> &str {
    match label {
        "networkprocessor" => "networkProcessor",
        "clientid" => "clientId",
        "brokerhost" => "brokerHost",
        "brokerport" => "brokerPort",
        "clientsoftwarename" => "clientSoftwareName",
        "clientsoftwareversion" => "clientSoftwareVersion",
        other => other,
    }
}

/// What a family's `# HELP` says of its MBean: domain, fixed keys, attribute.
struct Family {
    domain: String,
    keys: Vec<(String, String)>,
    attribute: String,
}

fn family_of(help: &str, pattern: &Regex) -> Option<Family> {
    let caps = pattern.captures(help)?;
    let keys = caps[2]
        .split(", ")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Some(Family {
        domain: caps[1].to_string(),
        keys,
        attribute: caps[3].to_string(),
    })
}

/// A sample line's parts: metric name, labels in order, value text.
type SampleLine<'a> = (&'a str, Vec<(String, String)>, &'a str);

/// Splits a sample line into name, labels and value text.
fn sample(line: &str) -> Option<SampleLine<'_>> {
    let (name, rest) = match line.find('{') {
        Some(open) => {
            let close = line.rfind('}')?;
            (
                &line[..open],
                (Some(&line[open + 1..close]), &line[close + 1..]),
            )
        }
        None => {
            let (name, rest) = line.split_once(' ')?;
            (name, (None, rest))
        }
    };
    let (labels_text, rest) = rest;
    let value = rest.split_whitespace().next()?;
    let mut labels = Vec::new();
    if let Some(text) = labels_text {
        let mut chars = text.chars().peekable();
        loop {
            let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
            let key = key.trim().trim_start_matches(',').trim().to_string();
            if key.is_empty() {
                break;
            }
            if chars.next() != Some('"') {
                return None;
            }
            let mut value = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some('n') => value.push('\n'),
                        Some(c) => value.push(c),
                        None => return None,
                    },
                    '"' => break,
                    c => value.push(c),
                }
            }
            labels.push((key, value));
        }
    }
    Some((name, labels, value))
}

/// Java's `Double.toString` for the values a scrape holds.
fn java_double(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e7).contains(&a) {
        let text = format!("{v:E}");
        let (mantissa, exp) = text.split_once('E').unwrap_or((&text, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        return format!("{mantissa}E{exp}");
    }
    format!("{v:?}")
}

/// Every reading in a scrape, in its order.
pub fn readings(text: &str) -> Vec<Reading> {
    let pattern = Regex::new(r"([A-Za-z0-9_.\-]+)<([^<>]*)><>(\S+)").expect("a valid pattern");
    let mut families: HashMap<&str, Family> = HashMap::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            if let Some((name, help)) = rest.split_once(' ') {
                if let Some(family) = family_of(help, &pattern) {
                    families.insert(name, family);
                }
            }
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((name, labels, value)) = sample(line) else {
            continue;
        };
        let Some(family) = families.get(name) else {
            continue;
        };
        let Ok(number) = value.parse::<f64>() else {
            continue;
        };
        let mut object_name = format!("{}:", family.domain);
        let mut keys: Vec<String> = family
            .keys
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut attribute = family.attribute.clone();
        for (label, v) in &labels {
            if label == "quantile" {
                let digits = v.strip_prefix("0.").unwrap_or(v);
                attribute = format!("{digits}thPercentile");
                continue;
            }
            let key = key_name(label);
            if !family.keys.iter().any(|(k, _)| k == key) {
                keys.push(format!("{key}={v}"));
            }
        }
        object_name.push_str(&keys.join(","));
        // Meters' counts and gauges' values are Longs in Kafka; the rest are Doubles.
        let integral = matches!(attribute.as_str(), "Count" | "Value") && number.fract() == 0.0;
        let value = if integral {
            format!("{}", number as i64)
        } else {
            java_double(number)
        };
        out.push(Reading {
            object_name,
            attribute,
            value,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_become_mbean_attributes() {
        let text = "\
# HELP kafka_server_brokertopicmetrics_messagesin_total kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec><>Count
# TYPE kafka_server_brokertopicmetrics_messagesin_total counter
kafka_server_brokertopicmetrics_messagesin_total 300.0
kafka_server_brokertopicmetrics_messagesin_total{topic=\"t\"} 12.0
# HELP kafka_network_requestmetrics_totaltimems kafka.network<type=RequestMetrics, name=TotalTimeMs><>Percentile
kafka_network_requestmetrics_totaltimems{request=\"Produce\",quantile=\"0.999\"} 0.25
# HELP kafka_server_socket_server_metrics_connection_count kafka.server<type=socket-server-metrics><>connection-count
kafka_server_socket_server_metrics_connection_count{listener=\"PLAINTEXT\",networkprocessor=\"0\"} 2.0
";
        let r = readings(text);
        let pairs: Vec<(String, String, String)> = r
            .into_iter()
            .map(|r| (r.object_name, r.attribute, r.value))
            .collect();
        let want = |o: &str, a: &str, v: &str| (o.to_string(), a.to_string(), v.to_string());
        assert_eq!(
            pairs,
            vec![
                want(
                    "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec",
                    "Count",
                    "300"
                ),
                want(
                    "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t",
                    "Count",
                    "12"
                ),
                want(
                    "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce",
                    "999thPercentile",
                    "0.25"
                ),
                want(
                    "kafka.server:type=socket-server-metrics,listener=PLAINTEXT,networkProcessor=0",
                    "connection-count",
                    "2.0"
                ),
            ]
        );
        assert_eq!(java_double(12345678.0), "1.2345678E7");
        assert_eq!(java_double(0.0), "0.0");
    }
}
