//! One client connection: owns the socket and its buffers, cuts size-prefixed frames, hands
//! each request to the route table and writes responses back in order.
//!
//! Requests of one connection are handled one at a time, in order, as Kafka does; responses
//! are buffered and written when no further complete request is already buffered, so a
//! pipelining client (librdkafka) costs one write per burst rather than one per request.
//! A Fetch response's record batches go from the segment files to the socket with
//! `sendfile` (see `sendfile.rs`).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{ApiKey, RequestHeader, ResponseHeader};
use kafka_protocol::protocol::{Decodable, Encodable};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

use super::api::{self, api_versions, BodyPart, DispatchError, Reply, RequestContext};
use super::replication::controller_api::{decode_request_header, ControllerApi};
use super::security::acl::{AclOperation, ResourceType, CLUSTER_NAME};
use super::security::sasl::{Admission, Authenticator, SaslStep, MAX_RECEIVE_SIZE};
use super::security::KafkaPrincipal;
use super::sendfile::Transport;
use super::state::Broker;

/// The smallest request: api key, version and correlation id.
const MIN_REQUEST: usize = 8;

/// Why a connection was closed by the broker.
#[derive(Debug, thiserror::Error)]
enum ConnectionError {
    #[error("request size {size} is outside the accepted sizes, at most {max} (socket.request.max.bytes, or sasl.server.max.receive.size before authentication)")]
    BadSize { size: i32, max: i32 },
    #[error(transparent)]
    Dispatch(#[from] DispatchError),
    #[error("{key:?} v{version}: {source}")]
    Request {
        key: ApiKey,
        version: i16,
        source: DispatchError,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Closed(&'static str),
    #[error("idle for {} ms (connections.max.idle.ms)", .0.as_millis())]
    Idle(Duration),
    #[error("its SASL session ended without re-authentication (connections.max.reauth.ms)")]
    SessionExpired,
}

/// Runs one socket operation, giving up on the connection when it makes no progress for
/// `connections.max.idle.ms`: a client that sends nothing, stops in the middle of a request
/// (half-open, slowloris) or stops reading its answers no longer holds a descriptor.
async fn unless_idle<T>(
    idle: Option<Duration>,
    operation: impl Future<Output = std::io::Result<T>>,
) -> Result<T, ConnectionError> {
    match idle {
        None => Ok(operation.await?),
        Some(limit) => match tokio::time::timeout(limit, operation).await {
            Ok(done) => Ok(done?),
            Err(_) => Err(ConnectionError::Idle(limit)),
        },
    }
}

/// `connections.failed.authentication.delay.ms` (Kafka's default 100).
fn failed_authentication_delay(broker: &Broker) -> Duration {
    let ms = broker
        .config()
        .properties
        .get("connections.failed.authentication.delay.ms")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(100);
    Duration::from_millis(ms)
}

/// Serves one connection until the client closes it, it misbehaves, or shutdown is signalled.
/// `stream` is plain TCP or TLS; `listener` is the name of the listener it came in on;
/// `principal` is who the client authenticated as (by its TLS certificate, or anonymous);
/// on a SASL listener `sasl` runs the exchange first and its user replaces it.
pub async fn serve<S: Transport>(
    mut stream: S,
    peer: SocketAddr,
    listener: Arc<str>,
    mut principal: Arc<KafkaPrincipal>,
    mut sasl: Option<Authenticator>,
    broker: Arc<Broker>,
    mut shutdown: watch::Receiver<bool>,
) {
    let max = broker.config().socket_request_max_bytes;
    let idle = broker.config().connections.max_idle();
    let mut input = BytesMut::with_capacity(64 * 1024);
    let mut output = BytesMut::with_capacity(64 * 1024);
    let result: Result<(), ConnectionError> = async {
        loop {
            // Answer every request already buffered before waiting for more bytes.
            loop {
                // Before authentication only small frames are read (sasl.server.max.receive.size).
                let authenticating = sasl.as_ref().filter(|a| !a.is_complete());
                let (min, limit) = match authenticating {
                    Some(a) => (a.min_frame(), max.min(MAX_RECEIVE_SIZE)),
                    None => (MIN_REQUEST as i32, max),
                };
                let Some(frame) = next_frame(&mut input, min, limit)? else {
                    break;
                };
                // The authenticator takes the exchange's frames, and a SaslHandshake that
                // renews the session (KIP-368); an ended session closes the connection.
                let admission = sasl
                    .as_mut()
                    .map_or(Admission::Serve, |a| a.admit(&frame, std::time::Instant::now()));
                let frame = match (admission, sasl.as_mut()) {
                    (Admission::Serve, _) | (Admission::Exchange, None) => frame,
                    (Admission::Expired, _) => return Err(ConnectionError::SessionExpired),
                    (Admission::Exchange, Some(auth)) => match auth.step(&broker, frame, &mut output).await? {
                        SaslStep::Pass(frame) => frame,
                        SaslStep::Answered => continue,
                        SaslStep::Authenticated(user) => {
                            principal = Arc::new(user);
                            continue;
                        }
                        SaslStep::Close => {
                            let _ = unless_idle(idle, write_output(&mut stream, &output)).await;
                            // As Kafka (KIP-306), the connection closes only after
                            // connections.failed.authentication.delay.ms: the client reads the
                            // error before the end of the stream (kafka-python drops an answer
                            // that arrives with the FIN), and a client retrying in a loop is
                            // slowed down. Shutdown does not wait for it.
                            tokio::select! {
                                _ = tokio::time::sleep(failed_authentication_delay(&broker)) => {}
                                _ = shutdown.changed() => {}
                            }
                            return Ok(());
                        }
                    },
                };
                // A fetch may long-poll: answers already made go out first, so a pipelining
                // client does not wait max.wait.ms for its produce acknowledgements.
                let api_key = i16::from_be_bytes([frame[0], frame[1]]);
                let api_version = i16::from_be_bytes([frame[2], frame[3]]);
                let is_fetch = api_key == ApiKey::Fetch as i16;
                if is_fetch && !output.is_empty() {
                    unless_idle(idle, write_output(&mut stream, &output)).await?;
                    output.clear();
                }
                // Shutdown does not wait for a long-polling fetch either, nor for an acks=all
                // produce waiting for its ISR. The answer it abandons had begun in `output` (a
                // size placeholder of 0 and the header): it is cut off, so that what does go
                // out at shutdown is whole answers only. A frame of size 0 is what librdkafka
                // fails a batch with for good ("Invalid response size 0", BAD_MSG); a closed
                // connection it retries.
                let started = std::time::Instant::now();
                let answered = output.len();
                // An answer made by the time shutdown comes still goes out (biased): an acks=all
                // produce that the loss of leadership ended answers NOT_LEADER_OR_FOLLOWER with
                // the new leader, and the client moves there at once.
                let handled = tokio::select! {
                    biased;
                    handled = handle_frame(&broker, peer, &listener, &principal, frame, &mut output) => Some(handled?),
                    _ = shutdown.changed() => None,
                };
                let Some(parts) = handled else {
                    output.truncate(answered);
                    break;
                };
                // RequestMetrics: from the whole frame being read to its answer being ready.
                broker
                    .metrics()
                    .requests
                    .record(api_key, api_version, started.elapsed());
                if let Some(parts) = parts {
                    // A client that stops reading must not hold up shutdown: the rest of
                    // this answer is abandoned with the connection.
                    tokio::select! {
                        sent = unless_idle(idle, super::sendfile::send_parts(&mut stream, &mut output, parts)) => sent?,
                        _ = shutdown.wait_for(|stopping| *stopping) => return Ok(()),
                    }
                }
            }
            if *shutdown.borrow() {
                // Acknowledgements of appended records still go out, so producers do not
                // retry (and duplicate) them; bounded, as the client may not be reading.
                let _ = tokio::time::timeout(
                    std::time::Duration::from_millis(200),
                    write_output(&mut stream, &output),
                )
                .await;
                return Ok(());
            }
            if !output.is_empty() {
                unless_idle(idle, write_output(&mut stream, &output)).await?;
                output.clear();
            }
            let read = tokio::select! {
                read = unless_idle(idle, stream.read_buf(&mut input)) => read?,
                _ = shutdown.changed() => return Ok(()),
            };
            if read == 0 {
                return Ok(());
            }
        }
    }
    .await;
    match result {
        Ok(()) => {}
        Err(ConnectionError::Io(e)) => tracing::debug!("connection from {peer} closed: {e}"),
        Err(e @ (ConnectionError::Idle(_) | ConnectionError::SessionExpired)) => {
            tracing::debug!("closing connection from {peer}: {e}")
        }
        Err(e) => tracing::warn!("closing connection from {peer}: {e}"),
    }
}

/// Writes buffered responses and flushes them: a TLS stream holds encrypted records until
/// flushed (plain TCP has nothing to flush).
async fn write_output<S: Transport>(stream: &mut S, output: &[u8]) -> std::io::Result<()> {
    stream.write_all(output).await?;
    stream.flush().await
}

/// Cuts the next whole frame off `input`, if one is buffered. The size is checked before
/// anything is allocated for it, so a bogus prefix cannot make the broker reserve memory.
fn next_frame(input: &mut BytesMut, min: i32, max: i32) -> Result<Option<Bytes>, ConnectionError> {
    if input.len() < 4 {
        return Ok(None);
    }
    let size = i32::from_be_bytes([input[0], input[1], input[2], input[3]]);
    if size < min || size > max {
        return Err(ConnectionError::BadSize { size, max });
    }
    let size = size as usize;
    if input.len() < 4 + size {
        input.reserve(4 + size - input.len());
        return Ok(None);
    }
    input.advance(4);
    Ok(Some(input.split_to(size).freeze()))
}

/// Decodes one request, runs it and appends its size-prefixed response to `output`; a
/// response with file ranges (Fetch) gets its size prefix and header there, and its body
/// is returned for the caller to send.
async fn handle_frame(
    broker: &Arc<Broker>,
    peer: SocketAddr,
    listener: &Arc<str>,
    principal: &Arc<KafkaPrincipal>,
    mut frame: Bytes,
    output: &mut BytesMut,
) -> Result<Option<Vec<BodyPart>>, ConnectionError> {
    let api_key = i16::from_be_bytes([frame[0], frame[1]]);
    let version = i16::from_be_bytes([frame[2], frame[3]]);
    let correlation_id = i32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]);
    if let Some(controller_api) = ControllerApi::from_key(api_key) {
        // Kafka: only a principal with ClusterAction (the brokers', or a super user) may
        // drive a broker as its controller.
        if let Some(authorizer) = broker.authorizer() {
            let host = peer.ip().to_string();
            if !authorizer.authorize(
                principal,
                &host,
                AclOperation::ClusterAction,
                ResourceType::Cluster,
                CLUSTER_NAME,
            ) {
                return Err(ConnectionError::Closed(
                    "a controller request from a principal without ClusterAction",
                ));
            }
        }
        return handle_controller_frame(broker, controller_api, version, frame, output).await;
    }
    if api_key == api::list_client_metrics_resources::KEY {
        return list_client_metrics_resources(broker, peer, principal, version, frame, output);
    }
    let route = api::route(api_key).ok_or(DispatchError::UnknownApi(api_key))?;
    let key = route.key;
    if !route.supports(version) {
        if key == ApiKey::ApiVersions {
            // Kafka answers an ApiVersions it cannot parse in the v0 format, with
            // UNSUPPORTED_VERSION and the list, so a newer client can fall back.
            let start = begin_response(output, correlation_id, 0)?;
            api_versions::supported_versions(35)
                .encode(output, 0)
                .map_err(|e| DispatchError::Malformed(e.to_string()))?;
            finish_response(output, start, 0);
            return Ok(None);
        }
        return Err(DispatchError::UnsupportedVersion { key, version }.into());
    }
    let header = RequestHeader::decode(&mut frame, key.request_header_version(version))
        .map_err(|e| DispatchError::Malformed(format!("request header: {e}")))?;
    let start = begin_response(
        output,
        header.correlation_id,
        key.response_header_version(version),
    )?;
    let ctx = RequestContext {
        version,
        client_id: header
            .client_id
            .as_ref()
            .map(|id| id.to_string())
            .unwrap_or_default(),
        client_host: format!("/{}", peer.ip()),
        listener: listener.clone(),
        principal: principal.clone(),
        close_connection: Default::default(),
    };
    match api::dispatch(broker, key, &ctx, &mut frame, output).await {
        Ok(Reply::Buffered) => {
            finish_response(output, start, 0);
            Ok(None)
        }
        Ok(Reply::Parts(parts)) => {
            finish_response(output, start, api::fetch::parts_len(&parts));
            Ok(Some(parts))
        }
        Ok(Reply::Nothing) => {
            output.truncate(start);
            if ctx
                .close_connection
                .load(std::sync::atomic::Ordering::Relaxed)
            {
                return Err(ConnectionError::Closed(
                    "a produce with acks=0 failed; closing the connection as Kafka does",
                ));
            }
            Ok(None)
        }
        Err(e) => {
            output.truncate(start);
            Err(ConnectionError::Request {
                key,
                version,
                source: e,
            })
        }
    }
}

/// ListClientMetricsResources, which has no codec in `kafka-protocol`: DESCRIBE_CONFIGS on
/// the cluster is required, as in Kafka.
fn list_client_metrics_resources(
    broker: &Arc<Broker>,
    peer: SocketAddr,
    principal: &Arc<KafkaPrincipal>,
    version: i16,
    mut frame: Bytes,
    output: &mut BytesMut,
) -> Result<Option<Vec<BodyPart>>, ConnectionError> {
    use api::list_client_metrics_resources as list;
    if !(list::VERSIONS.0..=list::VERSIONS.1).contains(&version) {
        return Err(DispatchError::UnknownApi(list::KEY).into());
    }
    let header = RequestHeader::decode(&mut frame, list::REQUEST_HEADER_VERSION)
        .map_err(|e| DispatchError::Malformed(format!("request header: {e}")))?;
    list::decode_request(&mut frame).map_err(DispatchError::Malformed)?;
    let allowed = broker.authorizer().is_none_or(|authorizer| {
        authorizer.authorize(
            principal,
            &peer.ip().to_string(),
            AclOperation::DescribeConfigs,
            ResourceType::Cluster,
            CLUSTER_NAME,
        )
    });
    let start = begin_response(output, header.correlation_id, list::RESPONSE_HEADER_VERSION)?;
    match allowed {
        true => list::encode_response(output, 0, &list::names(broker)),
        false => list::encode_response(
            output,
            kafka_protocol::error::ResponseError::ClusterAuthorizationFailed.code(),
            &[],
        ),
    }
    finish_response(output, start, 0);
    Ok(None)
}

/// A controller API request (LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown):
/// its own header versions (ControlledShutdown v0 has header v0) and codec.
async fn handle_controller_frame(
    broker: &Arc<Broker>,
    controller_api: ControllerApi,
    version: i16,
    mut frame: Bytes,
    output: &mut BytesMut,
) -> Result<Option<Vec<BodyPart>>, ConnectionError> {
    let range = controller_api.versions();
    if version < range.min || version > range.max {
        return Err(DispatchError::UnknownApi(controller_api.key()).into());
    }
    let header = decode_request_header(&mut frame, controller_api.request_header_version(version))
        .map_err(|e| DispatchError::Malformed(format!("request header: {e}")))?;
    let start = begin_response(
        output,
        header.correlation_id,
        controller_api.response_header_version(version),
    )?;
    match api::controller_requests::dispatch(broker, controller_api, version, &mut frame, output)
        .await
    {
        Ok(()) => {
            finish_response(output, start, 0);
            Ok(None)
        }
        Err(e) => {
            output.truncate(start);
            Err(e.into())
        }
    }
}

/// Appends a size placeholder and the response header; returns where the frame starts.
pub(crate) fn begin_response(
    output: &mut BytesMut,
    correlation_id: i32,
    header_version: i16,
) -> Result<usize, DispatchError> {
    let start = output.len();
    output.put_i32(0);
    ResponseHeader::default()
        .with_correlation_id(correlation_id)
        .encode(output, header_version)
        .map_err(|e| DispatchError::Malformed(e.to_string()))?;
    Ok(start)
}

/// Writes the size prefix of the frame that begins at `start`, now that its body is there
/// (plus `more` bytes of it still to be sent after `output`).
pub(crate) fn finish_response(output: &mut BytesMut, start: usize, more: usize) {
    let size = (output.len() - start - 4 + more) as i32;
    output[start..start + 4].copy_from_slice(&size.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_cut_only_when_whole_and_sizes_are_bounded() {
        let mut input = BytesMut::new();
        input.put_i32(10);
        input.put_slice(&[1; 6]);
        assert!(next_frame(&mut input, 8, 100).unwrap().is_none());
        input.put_slice(&[2; 4]);
        let frame = next_frame(&mut input, 8, 100).unwrap().unwrap();
        assert_eq!(frame.len(), 10);
        assert!(input.is_empty());

        let mut huge = BytesMut::new();
        huge.put_i32(i32::MAX);
        assert!(next_frame(&mut huge, 8, 100).is_err());
        let mut negative = BytesMut::new();
        negative.put_i32(-5);
        assert!(next_frame(&mut negative, 8, 100).is_err());
    }
}
