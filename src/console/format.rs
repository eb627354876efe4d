//! How the console consumer prints a record: Kafka's default message formatter.

use std::io::{self, Write};

use rdkafka::message::{Headers, Message, Timestamp};

use crate::cli::common::is_true;

/// What to print for each record, from the `--property` flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSettings {
    pub print_timestamp: bool,
    pub print_key: bool,
    pub print_value: bool,
    pub print_offset: bool,
    pub print_partition: bool,
    pub print_headers: bool,
    pub key_separator: Vec<u8>,
    pub line_separator: Vec<u8>,
    pub headers_separator: Vec<u8>,
    pub null_literal: Vec<u8>,
}

impl Default for FormatSettings {
    fn default() -> Self {
        FormatSettings {
            print_timestamp: false,
            print_key: false,
            print_value: true,
            print_offset: false,
            print_partition: false,
            print_headers: false,
            key_separator: b"\t".to_vec(),
            line_separator: b"\n".to_vec(),
            headers_separator: b",".to_vec(),
            null_literal: b"null".to_vec(),
        }
    }
}

impl FormatSettings {
    /// Reads the formatter properties; unknown ones (deserializers, ...) are ignored.
    pub fn from_properties(props: &[(String, String)]) -> Self {
        let mut s = FormatSettings::default();
        for (k, v) in props {
            match k.as_str() {
                "print.timestamp" => s.print_timestamp = is_true(v),
                "print.key" => s.print_key = is_true(v),
                "print.value" => s.print_value = is_true(v),
                "print.offset" => s.print_offset = is_true(v),
                "print.partition" => s.print_partition = is_true(v),
                "print.headers" => s.print_headers = is_true(v),
                "key.separator" => s.key_separator = v.as_bytes().to_vec(),
                "line.separator" => s.line_separator = v.as_bytes().to_vec(),
                "headers.separator" => s.headers_separator = v.as_bytes().to_vec(),
                "null.literal" => s.null_literal = v.as_bytes().to_vec(),
                _ => {}
            }
        }
        s
    }

    /// Writes one record: the selected fields in Kafka's order (timestamp, partition, offset,
    /// headers, key, value), each followed by the key separator, the last by the line separator.
    pub fn write<M: Message>(&self, out: &mut impl Write, m: &M) -> io::Result<()> {
        let fields = [
            self.print_timestamp,
            self.print_partition,
            self.print_offset,
            self.print_headers,
            self.print_key,
            self.print_value,
        ];
        // Index of the last printed field: it ends the line.
        let Some(last) = fields.iter().rposition(|f| *f) else {
            return Ok(());
        };
        let sep = |out: &mut dyn Write, i: usize| -> io::Result<()> {
            if i == last {
                out.write_all(&self.line_separator)
            } else {
                out.write_all(&self.key_separator)
            }
        };
        if self.print_timestamp {
            match m.timestamp() {
                Timestamp::CreateTime(t) => write!(out, "CreateTime:{t}")?,
                Timestamp::LogAppendTime(t) => write!(out, "LogAppendTime:{t}")?,
                Timestamp::NotAvailable => out.write_all(b"NO_TIMESTAMP")?,
            }
            sep(out, 0)?;
        }
        if self.print_partition {
            write!(out, "Partition:{}", m.partition())?;
            sep(out, 1)?;
        }
        if self.print_offset {
            write!(out, "Offset:{}", m.offset())?;
            sep(out, 2)?;
        }
        if self.print_headers {
            match m.headers() {
                Some(h) if h.count() > 0 => {
                    for (i, header) in h.iter().enumerate() {
                        if i > 0 {
                            out.write_all(&self.headers_separator)?;
                        }
                        out.write_all(header.key.as_bytes())?;
                        out.write_all(b":")?;
                        out.write_all(header.value.unwrap_or(&self.null_literal))?;
                    }
                }
                _ => out.write_all(b"NO_HEADERS")?,
            }
            sep(out, 3)?;
        }
        if self.print_key {
            out.write_all(m.key().unwrap_or(&self.null_literal))?;
            sep(out, 4)?;
        }
        if self.print_value {
            out.write_all(m.payload().unwrap_or(&self.null_literal))?;
            sep(out, 5)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdkafka::message::OwnedMessage;

    fn msg(key: Option<&[u8]>, value: Option<&[u8]>) -> OwnedMessage {
        OwnedMessage::new(
            value.map(|v| v.to_vec()),
            key.map(|k| k.to_vec()),
            "t".into(),
            Timestamp::CreateTime(123),
            2,
            7,
            None,
        )
    }

    fn render(s: &FormatSettings, m: &OwnedMessage) -> String {
        let mut buf = Vec::new();
        s.write(&mut buf, m).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn value_only_by_default() {
        let s = FormatSettings::default();
        assert_eq!(render(&s, &msg(Some(b"k"), Some(b"v"))), "v\n");
        assert_eq!(render(&s, &msg(None, None)), "null\n");
    }

    #[test]
    fn all_fields() {
        let props: Vec<(String, String)> = [
            "print.timestamp",
            "print.key",
            "print.offset",
            "print.partition",
            "print.headers",
        ]
        .iter()
        .map(|k| (k.to_string(), "true".to_string()))
        .collect();
        let s = FormatSettings::from_properties(&props);
        assert_eq!(
            render(&s, &msg(None, Some(b"v"))),
            "CreateTime:123\tPartition:2\tOffset:7\tNO_HEADERS\tnull\tv\n"
        );
    }

    #[test]
    fn key_without_value() {
        let props = vec![
            ("print.key".to_string(), "true".to_string()),
            ("print.value".to_string(), "false".to_string()),
        ];
        let s = FormatSettings::from_properties(&props);
        assert_eq!(render(&s, &msg(Some(b"k"), Some(b"v"))), "k\n");
    }
}
