//! Client metrics subscriptions over the wire (kafka-client-metrics.sh's admin calls): the
//! `CLIENT_METRICS` config resources (type 16) through DescribeConfigs and
//! IncrementalAlterConfigs, and their names through ListClientMetricsResources (API 74,
//! which `kafka-protocol` has no codec for: its two small messages are encoded here).

use std::time::Duration;

use super::wire::{connect_any, property_ms, WireClient, WireError};
pub use super::wire_configs::Change;
use super::wire_configs::{self, WireConfigError};
use bytes::Buf;

/// Kafka's resource type of client metrics subscriptions.
const CLIENT_METRICS: i8 = 16;
const LIST_CLIENT_METRICS_RESOURCES: i16 = 74;
const CLIENT_ID: &str = "kafka-client-metrics";

/// Why a call failed: the message Kafka's tool prints after "Error while executing client
/// metrics command : ".
#[derive(Debug, thiserror::Error)]
pub enum ClientMetricsError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The broker's error for the resource, with its message.
    #[error("{0}")]
    Broker(String),
}

impl From<WireConfigError> for ClientMetricsError {
    fn from(e: WireConfigError) -> Self {
        match e {
            WireConfigError::Wire(w) => ClientMetricsError::Wire(w),
            WireConfigError::Broker { message, .. } => ClientMetricsError::Broker(message),
        }
    }
}

/// A connection to the cluster for the client metrics calls.
pub struct ClientMetricsAdmin {
    client: WireClient,
}

impl ClientMetricsAdmin {
    /// Connects to the first bootstrap server that answers.
    pub async fn connect(
        bootstrap: &str,
        properties: &[(String, String)],
    ) -> Result<Self, ClientMetricsError> {
        let timeout =
            property_ms(properties, "request.timeout.ms", 30_000).max(Duration::from_secs(1));
        let client = connect_any(bootstrap, properties, CLIENT_ID, timeout).await?;
        Ok(ClientMetricsAdmin { client })
    }

    /// The names of every subscription (ListClientMetricsResources).
    pub async fn list(&mut self) -> Result<Vec<String>, ClientMetricsError> {
        let answer = self
            .client
            .call_flexible_raw(
                LIST_CLIENT_METRICS_RESOURCES,
                0,
                "ListClientMetricsResources",
                &[0],
            )
            .await?
            .ok_or_else(|| {
                ClientMetricsError::Broker(
                    "The broker does not support LIST_CLIENT_METRICS_RESOURCES".into(),
                )
            })?;
        decode_list(answer)
    }

    /// A subscription's settings (none for an unknown name), as the broker lists them.
    pub async fn describe(
        &mut self,
        name: &str,
    ) -> Result<Vec<(String, String)>, ClientMetricsError> {
        let result = wire_configs::describe(&mut self.client, CLIENT_METRICS, name).await?;
        Ok(result
            .configs
            .iter()
            .map(|c| {
                (
                    c.name.to_string(),
                    c.value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Sets and deletes settings of a subscription (IncrementalAlterConfigs).
    pub async fn alter(
        &mut self,
        name: &str,
        changes: &[Change],
    ) -> Result<(), ClientMetricsError> {
        Ok(wire_configs::alter(&mut self.client, CLIENT_METRICS, name, changes).await?)
    }
}

/// Reads a ListClientMetricsResources v0 response body.
fn decode_list(mut body: bytes::Bytes) -> Result<Vec<String>, ClientMetricsError> {
    let bad = || ClientMetricsError::Broker("malformed ListClientMetricsResources response".into());
    if body.remaining() < 6 {
        return Err(bad());
    }
    let _throttle = body.get_i32();
    let error = body.get_i16();
    if error != 0 {
        return Err(wire_configs::broker_error(error, None).into());
    }
    let count = varint(&mut body)
        .ok_or_else(bad)?
        .checked_sub(1)
        .ok_or_else(bad)?;
    let mut names = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let len = varint(&mut body)
            .ok_or_else(bad)?
            .checked_sub(1)
            .ok_or_else(bad)? as usize;
        if body.remaining() < len {
            return Err(bad());
        }
        names.push(String::from_utf8_lossy(&body.split_to(len)).to_string());
        skip_tags(&mut body).ok_or_else(bad)?;
    }
    Ok(names)
}

fn varint(body: &mut bytes::Bytes) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        if !body.has_remaining() {
            return None;
        }
        let b = body.get_u8();
        value |= ((b & 0x7f) as u32) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn skip_tags(body: &mut bytes::Bytes) -> Option<()> {
    for _ in 0..varint(body)? {
        varint(body)?;
        let size = varint(body)? as usize;
        if body.remaining() < size {
            return None;
        }
        body.advance(size);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_responses_decode() {
        let body =
            bytes::Bytes::from_static(&[0, 0, 0, 0, 0, 0, 3, 2, b'a', 0, 3, b'b', b'c', 0, 0]);
        assert_eq!(decode_list(body).unwrap(), vec!["a", "bc"]);
        assert!(decode_list(bytes::Bytes::from_static(&[0, 0, 0, 0, 0, 0, 3, 2])).is_err());
    }
}
