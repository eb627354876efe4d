//! Connect's converters for the file connectors' records: the value is always a string
//! (Kafka's FileStreamSource gives its records the schema `STRING`), so a converter turns a
//! line into bytes for the source and bytes back into a line for the sink.

/// A converter as a worker or connector config names it (`key.converter`,
/// `value.converter`, with `*.converter.schemas.enable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Converter {
    /// `org.apache.kafka.connect.json.JsonConverter`: with schemas, Kafka's envelope
    /// `{"schema":{"type":"string","optional":false},"payload":"..."}`, else a JSON string.
    Json { schemas: bool },
    /// `org.apache.kafka.connect.storage.StringConverter`: the UTF-8 bytes.
    String,
    /// `org.apache.kafka.connect.converters.ByteArrayConverter`: the bytes as they are.
    ByteArray,
}

/// Why a record could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// A converter class kt does not have.
    #[error("Class {0} could not be found.")]
    UnknownClass(String),
    /// Bytes that are not what the converter reads (Kafka's `DataException` text).
    #[error("{0}")]
    Data(String),
}

impl Converter {
    /// The converter `class` names, with `schemas.enable` (Kafka's default: true).
    pub fn from_config(
        class: &str,
        schemas_enable: Option<&str>,
    ) -> Result<Converter, ConvertError> {
        let short = class.trim().rsplit('.').next().unwrap_or(class);
        match short {
            "JsonConverter" => Ok(Converter::Json {
                schemas: schemas_enable.is_none_or(crate::console::is_true),
            }),
            "StringConverter" => Ok(Converter::String),
            "ByteArrayConverter" => Ok(Converter::ByteArray),
            _ => Err(ConvertError::UnknownClass(class.trim().to_string())),
        }
    }

    /// A source record's string value (`None`: a null, as the file source's keys are) as
    /// the bytes written to Kafka; a null stays a null record part, as Kafka's converters do.
    pub fn from_connect(&self, value: Option<&str>) -> Option<Vec<u8>> {
        let value = value?;
        Some(match self {
            // Written out by hand: Kafka's field order (serde_json's maps sort their keys).
            Converter::Json { schemas: true } => format!(
                r#"{{"schema":{{"type":"string","optional":false}},"payload":{}}}"#,
                serde_json::Value::from(value)
            )
            .into_bytes(),
            Converter::Json { schemas: false } => {
                serde_json::Value::from(value).to_string().into_bytes()
            }
            Converter::String | Converter::ByteArray => value.as_bytes().to_vec(),
        })
    }

    /// A record part read from Kafka as the text FileStreamSink writes for it (Java's
    /// `toString` of the value; `null` for a null).
    pub fn to_connect(&self, bytes: Option<&[u8]>) -> Result<String, ConvertError> {
        let Some(bytes) = bytes else {
            return Ok("null".into());
        };
        match self {
            Converter::String | Converter::ByteArray => {
                Ok(String::from_utf8_lossy(bytes).into_owned())
            }
            Converter::Json { schemas } => {
                let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
                    ConvertError::Data(format!(
                        "Converting byte[] to Kafka Connect data failed due to serialization \
                         error: {e}"
                    ))
                })?;
                let payload = if *schemas {
                    let envelope = json.as_object().filter(|o| {
                        o.len() == 2 && o.contains_key("schema") && o.contains_key("payload")
                    });
                    let Some(envelope) = envelope else {
                        return Err(ConvertError::Data(
                            "JsonConverter with schemas.enable requires \"schema\" and \
                             \"payload\" fields and may not contain additional fields. If you \
                             are trying to deserialize plain JSON data, set \
                             schemas.enable=false in your converter configuration."
                                .into(),
                        ));
                    };
                    envelope["payload"].clone()
                } else {
                    json
                };
                Ok(match payload {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => "null".into(),
                    // Other values as JSON text (Java would print its Map/List toString).
                    other => other.to_string(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_with_schemas_is_kafkas_envelope_and_reads_back() {
        let c = Converter::from_config("org.apache.kafka.connect.json.JsonConverter", Some("true"))
            .unwrap();
        let bytes = c.from_connect(Some("a \"quoted\" line")).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"schema":{"type":"string","optional":false},"payload":"a \"quoted\" line"}"#
        );
        assert_eq!(c.to_connect(Some(&bytes)).unwrap(), "a \"quoted\" line");
        assert!(c.to_connect(Some(b"\"plain\"")).is_err());
        assert_eq!(c.from_connect(None), None);
    }

    #[test]
    fn json_without_schemas_and_string_converters() {
        let c =
            Converter::from_config("org.apache.kafka.connect.json.JsonConverter", Some("false"))
                .unwrap();
        assert_eq!(c.from_connect(Some("x")).unwrap(), b"\"x\"");
        assert_eq!(c.to_connect(Some(b"\"x\"")).unwrap(), "x");
        let s = Converter::from_config("org.apache.kafka.connect.storage.StringConverter", None)
            .unwrap();
        assert_eq!(s.from_connect(Some("x")).unwrap(), b"x");
        assert_eq!(s.to_connect(Some(b"x")).unwrap(), "x");
        assert!(Converter::from_config("com.example.Avro", None).is_err());
    }
}
