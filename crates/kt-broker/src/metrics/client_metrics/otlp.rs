//! Reads what a client pushes (KIP-714): an OpenTelemetry `MetricsData` protobuf message.
//! Only what the metrics endpoint shows is read: each metric's name, whether it is a gauge
//! or a monotonic sum, and its number data points with their attributes; histograms and
//! the resource and scope are skipped. A small hand-written protobuf walk, as the workspace
//! has no protobuf crate and these few fields are all that is needed.

/// One data point of a pushed metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The metric's name (`org.apache.kafka.producer.record.queue.time.avg`).
    pub name: String,
    /// A monotonic sum (a counter) rather than a gauge.
    pub counter: bool,
    /// The point's attributes (`node.id`, `topic`...), as text.
    pub attributes: Vec<(String, String)>,
    pub value: f64,
}

/// Why a payload was not read.
#[derive(Debug, thiserror::Error)]
#[error("malformed telemetry payload: {0}")]
pub struct Malformed(&'static str);

/// One protobuf field: its number and its value.
enum Field<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32,
}

/// Iterates the fields of one protobuf message.
struct Fields<'a>(&'a [u8]);

fn varint(buf: &mut &[u8]) -> Result<u64, Malformed> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = buf.split_first().ok_or(Malformed("truncated varint"))?;
        *buf = rest;
        value |= ((byte & 0x7f) as u64) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(Malformed("varint too long"))
}

fn take<'a>(buf: &mut &'a [u8], n: usize) -> Result<&'a [u8], Malformed> {
    if buf.len() < n {
        return Err(Malformed("truncated field"));
    }
    let (head, rest) = buf.split_at(n);
    *buf = rest;
    Ok(head)
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, Field<'a>), Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let read = (|| {
            let key = varint(&mut self.0)?;
            let field = match key & 7 {
                0 => Field::Varint(varint(&mut self.0)?),
                1 => Field::Fixed64(u64::from_le_bytes(
                    take(&mut self.0, 8)?.try_into().expect("eight bytes"),
                )),
                2 => {
                    let n = varint(&mut self.0)? as usize;
                    Field::Bytes(take(&mut self.0, n)?)
                }
                5 => {
                    take(&mut self.0, 4)?;
                    Field::Fixed32
                }
                _ => return Err(Malformed("unsupported wire type")),
            };
            Ok((key >> 3, field))
        })();
        if read.is_err() {
            self.0 = &[];
        }
        Some(read)
    }
}

/// Every number data point of a `MetricsData` payload.
pub fn points(payload: &[u8]) -> Result<Vec<Point>, Malformed> {
    let mut out = Vec::new();
    // MetricsData.resource_metrics = 1 → ResourceMetrics.scope_metrics = 2 →
    // ScopeMetrics.metrics = 2 → Metric.
    for resource in Fields(payload) {
        let (1, Field::Bytes(resource)) = resource? else {
            continue;
        };
        for scope in Fields(resource) {
            let (2, Field::Bytes(scope)) = scope? else {
                continue;
            };
            for metric in Fields(scope) {
                let (2, Field::Bytes(metric)) = metric? else {
                    continue;
                };
                metric_points(metric, &mut out)?;
            }
        }
    }
    Ok(out)
}

/// Metric: name = 1, gauge = 5, sum = 7 (Gauge/Sum: data_points = 1, Sum.is_monotonic = 3).
fn metric_points(metric: &[u8], out: &mut Vec<Point>) -> Result<(), Malformed> {
    let mut name = String::new();
    let mut series: Vec<(&[u8], bool)> = Vec::new();
    for field in Fields(metric) {
        match field? {
            (1, Field::Bytes(b)) => name = String::from_utf8_lossy(b).into_owned(),
            (5, Field::Bytes(b)) => series.push((b, false)),
            (7, Field::Bytes(b)) => {
                let monotonic = Fields(b).any(|f| matches!(f, Ok((3, Field::Varint(1)))));
                series.push((b, monotonic));
            }
            _ => {}
        }
    }
    for (body, counter) in series {
        for point in Fields(body) {
            let (1, Field::Bytes(point)) = point? else {
                continue;
            };
            let mut attributes = Vec::new();
            let mut value = None;
            for field in Fields(point) {
                match field? {
                    // as_double = 4 (double), as_int = 6 (sfixed64).
                    (4, Field::Fixed64(bits)) => value = Some(f64::from_bits(bits)),
                    (6, Field::Fixed64(bits)) => value = Some(bits as i64 as f64),
                    (7, Field::Bytes(kv)) => attributes.push(key_value(kv)?),
                    _ => {}
                }
            }
            if let Some(value) = value {
                out.push(Point {
                    name: name.clone(),
                    counter,
                    attributes,
                    value,
                });
            }
        }
    }
    Ok(())
}

/// KeyValue: key = 1, value = 2 (AnyValue: string = 1, bool = 2, int = 3, double = 4).
fn key_value(kv: &[u8]) -> Result<(String, String), Malformed> {
    let mut key = String::new();
    let mut value = String::new();
    for field in Fields(kv) {
        match field? {
            (1, Field::Bytes(b)) => key = String::from_utf8_lossy(b).into_owned(),
            (2, Field::Bytes(any)) => {
                for v in Fields(any) {
                    value = match v? {
                        (1, Field::Bytes(s)) => String::from_utf8_lossy(s).into_owned(),
                        (2, Field::Varint(b)) => (b != 0).to_string(),
                        (3, Field::Varint(i)) => (i as i64).to_string(),
                        (4, Field::Fixed64(bits)) => f64::from_bits(bits).to_string(),
                        _ => continue,
                    };
                }
            }
            _ => {}
        }
    }
    Ok((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(number: u64, wire: u64, body: &[u8]) -> Vec<u8> {
        let mut out = vec![((number << 3) | wire) as u8];
        if wire == 2 {
            out.push(body.len() as u8);
        }
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn gauges_and_sums_are_read_with_their_attributes() {
        let attribute = field(1, 2, b"node.id")
            .into_iter()
            .chain(field(2, 2, &field(1, 2, b"1")))
            .collect::<Vec<_>>();
        let gauge_point: Vec<u8> = field(4, 1, &2.5f64.to_bits().to_le_bytes())
            .into_iter()
            .chain(field(7, 2, &attribute))
            .collect();
        let sum_point = field(6, 1, &7i64.to_le_bytes());
        let gauge: Vec<u8> = field(1, 2, b"g")
            .into_iter()
            .chain(field(5, 2, &field(1, 2, &gauge_point)))
            .collect();
        let sum_body: Vec<u8> = field(1, 2, &sum_point)
            .into_iter()
            .chain(field(3, 0, &[1]))
            .collect();
        let sum: Vec<u8> = field(1, 2, b"s")
            .into_iter()
            .chain(field(7, 2, &sum_body))
            .collect();
        let scope: Vec<u8> = field(2, 2, &gauge)
            .into_iter()
            .chain(field(2, 2, &sum))
            .collect();
        let payload = field(1, 2, &field(2, 2, &scope));
        let points = points(&payload).unwrap();
        assert_eq!(
            points,
            vec![
                Point {
                    name: "g".into(),
                    counter: false,
                    attributes: vec![("node.id".into(), "1".into())],
                    value: 2.5
                },
                Point {
                    name: "s".into(),
                    counter: true,
                    attributes: vec![],
                    value: 7.0
                },
            ]
        );
        assert!(points_of_garbage());
    }

    fn points_of_garbage() -> bool {
        super::points(&[0x0a, 0x05, 1]).is_err()
    }
}
