//! How the console consumer prints a record: Kafka's default message formatter, or (kt) JSON
//! lines or a kcat-style format string.

use std::io::{self, Write};

use base64::Engine;
use rdkafka::message::{Headers, Message, Timestamp};
use serde::Serialize;

use super::is_true;

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

/// How each record is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordFormat {
    /// Kafka's DefaultMessageFormatter with its `--property` settings.
    Kafka(FormatSettings),
    /// (kt) One JSON object per line: see [`JsonRecord`].
    Json,
    /// (kt) kcat's `-f` format language.
    Kcat(KcatFormat),
}

impl RecordFormat {
    /// Writes one record.
    pub fn write<M: Message>(&self, out: &mut impl Write, m: &M) -> io::Result<()> {
        match self {
            RecordFormat::Kafka(s) => s.write(out, m),
            RecordFormat::Json => {
                serde_json::to_writer(&mut *out, &JsonRecord::of(m))?;
                out.write_all(b"\n")
            }
            RecordFormat::Kcat(f) => f.write(out, m),
        }
    }
}

/// Bytes in JSON: a string when they are UTF-8, else `{"base64": "..."}`; null when absent.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonBytes<'a> {
    Text(&'a str),
    Binary { base64: String },
}

impl<'a> JsonBytes<'a> {
    fn of(bytes: Option<&'a [u8]>) -> Option<Self> {
        let b = bytes?;
        Some(match std::str::from_utf8(b) {
            Ok(s) => JsonBytes::Text(s),
            Err(_) => JsonBytes::Binary {
                base64: base64::engine::general_purpose::STANDARD.encode(b),
            },
        })
    }
}

/// One header of a record in JSON (an array keeps order and repeated keys).
#[derive(Debug, Serialize)]
pub struct JsonHeader<'a> {
    pub key: &'a str,
    pub value: Option<JsonBytes<'a>>,
}

/// `console-consumer --output json`: the schema of each line. Fields are only ever added.
/// `timestamp` is ms since the epoch (null when the record has none) and `timestamp_type` is
/// `CreateTime` or `LogAppendTime`.
#[derive(Debug, Serialize)]
pub struct JsonRecord<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    pub timestamp: Option<i64>,
    pub timestamp_type: Option<&'static str>,
    pub key: Option<JsonBytes<'a>>,
    pub value: Option<JsonBytes<'a>>,
    pub headers: Vec<JsonHeader<'a>>,
}

impl<'a> JsonRecord<'a> {
    /// The JSON view of a record.
    pub fn of<M: Message>(m: &'a M) -> Self {
        let (timestamp, timestamp_type) = match m.timestamp() {
            Timestamp::CreateTime(t) => (Some(t), Some("CreateTime")),
            Timestamp::LogAppendTime(t) => (Some(t), Some("LogAppendTime")),
            Timestamp::NotAvailable => (None, None),
        };
        let headers = m
            .headers()
            .map(|h| {
                h.iter()
                    .map(|h| JsonHeader {
                        key: h.key,
                        value: JsonBytes::of(h.value),
                    })
                    .collect()
            })
            .unwrap_or_default();
        JsonRecord {
            topic: m.topic(),
            partition: m.partition(),
            offset: m.offset(),
            timestamp,
            timestamp_type,
            key: JsonBytes::of(m.key()),
            value: JsonBytes::of(m.payload()),
            headers,
        }
    }
}

/// One piece of a kcat format string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(Vec<u8>),
    Topic,
    Partition,
    Offset,
    Key,
    KeyLength,
    Value,
    ValueLength,
    Timestamp,
    Headers,
}

/// A parsed kcat `-f` format: `%t` topic, `%p` partition, `%o` offset, `%k` key, `%K` key
/// length, `%s` value, `%S` value length, `%T` timestamp (ms), `%h` headers (`k=v,k2=v2`),
/// `%%` a percent sign; `\n`, `\r`, `\t`, `\\` and `\xHH` escapes. A null key or value prints
/// nothing and has length -1, as in kcat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KcatFormat(Vec<Piece>);

impl KcatFormat {
    /// Parses a format string; unknown `%` or `\` sequences are errors.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut pieces = Vec::new();
        let mut literal = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        let flush = |literal: &mut Vec<u8>, pieces: &mut Vec<Piece>| {
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(literal)));
            }
        };
        while i < bytes.len() {
            let c = bytes[i];
            let next = bytes.get(i + 1).copied();
            match (c, next) {
                (b'%', Some(n)) => {
                    let piece = match n {
                        b't' => Piece::Topic,
                        b'p' => Piece::Partition,
                        b'o' => Piece::Offset,
                        b'k' => Piece::Key,
                        b'K' => Piece::KeyLength,
                        b's' => Piece::Value,
                        b'S' => Piece::ValueLength,
                        b'T' => Piece::Timestamp,
                        b'h' => Piece::Headers,
                        b'%' => {
                            literal.push(b'%');
                            i += 2;
                            continue;
                        }
                        other => {
                            return Err(format!(
                                "unsupported format token %{} in --format",
                                other as char
                            ))
                        }
                    };
                    flush(&mut literal, &mut pieces);
                    pieces.push(piece);
                    i += 2;
                }
                (b'\\', Some(n)) => {
                    match n {
                        b'n' => literal.push(b'\n'),
                        b'r' => literal.push(b'\r'),
                        b't' => literal.push(b'\t'),
                        b'\\' => literal.push(b'\\'),
                        b'x' => {
                            let hex = text.get(i + 2..i + 4).unwrap_or("");
                            let v = u8::from_str_radix(hex, 16)
                                .map_err(|_| format!("bad \\x escape in --format: {text}"))?;
                            literal.push(v);
                            i += 4;
                            continue;
                        }
                        other => {
                            return Err(format!(
                                "unsupported escape \\{} in --format",
                                other as char
                            ))
                        }
                    }
                    i += 2;
                }
                (b'%', None) | (b'\\', None) => {
                    return Err(format!("--format ends in a lone {}", c as char))
                }
                _ => {
                    literal.push(c);
                    i += 1;
                }
            }
        }
        flush(&mut literal, &mut pieces);
        Ok(KcatFormat(pieces))
    }

    /// Writes one record.
    pub fn write<M: Message>(&self, out: &mut impl Write, m: &M) -> io::Result<()> {
        let len = |b: Option<&[u8]>| b.map_or(-1, |b| b.len() as i64);
        for piece in &self.0 {
            match piece {
                Piece::Literal(l) => out.write_all(l)?,
                Piece::Topic => out.write_all(m.topic().as_bytes())?,
                Piece::Partition => write!(out, "{}", m.partition())?,
                Piece::Offset => write!(out, "{}", m.offset())?,
                Piece::Key => out.write_all(m.key().unwrap_or_default())?,
                Piece::KeyLength => write!(out, "{}", len(m.key()))?,
                Piece::Value => out.write_all(m.payload().unwrap_or_default())?,
                Piece::ValueLength => write!(out, "{}", len(m.payload()))?,
                Piece::Timestamp => write!(out, "{}", m.timestamp().to_millis().unwrap_or(-1))?,
                Piece::Headers => {
                    if let Some(h) = m.headers() {
                        for (i, header) in h.iter().enumerate() {
                            if i > 0 {
                                out.write_all(b",")?;
                            }
                            out.write_all(header.key.as_bytes())?;
                            out.write_all(b"=")?;
                            out.write_all(header.value.unwrap_or_default())?;
                        }
                    }
                }
            }
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

    #[test]
    fn kcat_format() {
        let f = KcatFormat::parse("%t %p %o %k %s %K %S%%\\n").unwrap();
        let mut buf = Vec::new();
        f.write(&mut buf, &msg(None, Some(b"v"))).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "t 2 7  v -1 1%\n");
        let f = KcatFormat::parse("%T\\t\\x41").unwrap();
        let mut buf = Vec::new();
        f.write(&mut buf, &msg(Some(b"k"), None)).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "123\tA");
        assert!(KcatFormat::parse("%z").is_err());
        assert!(KcatFormat::parse("50%").is_err());
    }

    #[test]
    fn json_lines() {
        let mut buf = Vec::new();
        RecordFormat::Json
            .write(&mut buf, &msg(Some(b"k"), Some(&[0xff, 0x00])))
            .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"timestamp\":123,\"timestamp_type\":\"CreateTime\",\"key\":\"k\",\"value\":{\"base64\":\"/wA=\"},\"headers\":[]}\n"
        );
    }
}
