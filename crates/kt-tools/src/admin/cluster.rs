//! What kafka-cluster.sh asks of a cluster: its id (Metadata's `cluster_id`, as Kafka's
//! `Admin.describeCluster`) and the removal of a broker's registration (UnregisterBroker), over
//! [`super::wire`]; and the bootstrap connection the other wire tools share.

use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{BrokerId, MetadataRequest, UnregisterBrokerRequest};

use super::wire::{property_ms, WireClient, WireError};

/// The first broker of a comma-separated `bootstrap` list that answers, connected with the
/// client `properties` (`--command-config`).
pub async fn connect_bootstrap(
    bootstrap: &str,
    properties: &[(String, String)],
    client_id: &str,
) -> Result<WireClient, WireError> {
    let timeout = api_timeout(properties);
    let mut last_error = None;
    for addr in bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        match WireClient::connect(addr, properties, client_id, timeout).await {
            Ok(client) => return Ok(client),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| WireError::Config(format!("no server in {bootstrap:?}"))))
}

/// `default.api.timeout.ms` of the client properties, else Kafka's 60 s.
pub fn api_timeout(properties: &[(String, String)]) -> Duration {
    property_ms(properties, "default.api.timeout.ms", 60_000)
}

/// The cluster's id, `None` when the broker is too old to say (Metadata before v2).
pub async fn cluster_id(client: &mut WireClient) -> Result<Option<String>, WireError> {
    let request = MetadataRequest::default().with_topics(Some(Vec::new()));
    let metadata = client.call(&request, 12).await?;
    Ok(metadata.cluster_id.map(|id| id.to_string()))
}

/// How an UnregisterBroker ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unregistered {
    /// The broker's registration is gone.
    Done,
    /// The cluster does not serve UnregisterBroker (a ZooKeeper-mode cluster).
    Unsupported,
}

/// Why an unregistration failed: the broker's error, with Kafka's message for it.
#[derive(Debug, thiserror::Error)]
pub enum UnregisterError {
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error("{message}")]
    Refused {
        error: ResponseError,
        message: String,
    },
}

/// Asks the cluster to forget broker `id`'s registration.
pub async fn unregister_broker(
    client: &mut WireClient,
    id: i32,
) -> Result<Unregistered, UnregisterError> {
    let request = UnregisterBrokerRequest::default().with_broker_id(BrokerId(id));
    let response = match client.call(&request, 0).await {
        Ok(response) => response,
        Err(WireError::Unsupported { .. }) => return Ok(Unregistered::Unsupported),
        Err(e) => return Err(e.into()),
    };
    match ResponseError::try_from_code(response.error_code) {
        None => Ok(Unregistered::Done),
        Some(ResponseError::UnsupportedVersion) => Ok(Unregistered::Unsupported),
        Some(error) => Err(UnregisterError::Refused {
            error,
            message: response
                .error_message
                .map(|m| m.to_string())
                .unwrap_or_else(|| match error {
                    ResponseError::BrokerIdNotRegistered => {
                        "The given broker ID was not registered.".to_string()
                    }
                    ResponseError::ClusterAuthorizationFailed => {
                        "Cluster authorization failed.".to_string()
                    }
                    other => other.to_string(),
                }),
        }),
    }
}
