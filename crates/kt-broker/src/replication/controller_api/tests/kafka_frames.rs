//! Frames serialized by Kafka 3.9.0's own message classes (`testdata/kafka-3.9.0-frames.txt`,
//! written by `testdata/CaptureControllerFrames.java`): every version of every request and
//! response must decode to the sample value and encode back to the very same bytes.

use std::collections::BTreeSet;
use std::fmt::Debug;

use bytes::{Buf, Bytes, BytesMut};
use kafka_protocol::messages::ResponseHeader;
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};

use super::super::*;
use super::samples;

const FRAMES: &str = include_str!("../testdata/kafka-3.9.0-frames.txt");
const CORRELATION_ID: i32 = 42;

/// (message name, version, frame bytes) for each line of the capture.
fn frames() -> Vec<(&'static str, i16, Bytes)> {
    FRAMES
        .lines()
        .map(|line| {
            let mut parts = line.split(' ');
            let name = parts.next().unwrap();
            let version = parts.next().unwrap().parse().unwrap();
            let hex = parts.next().unwrap();
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect::<Vec<u8>>();
            (name, version, Bytes::from(bytes))
        })
        .collect()
}

fn api_of(name: &str) -> ControllerApi {
    let stem = name
        .trim_end_matches("Request")
        .trim_end_matches("Response");
    match stem {
        "LeaderAndIsr" => ControllerApi::LeaderAndIsr,
        "StopReplica" => ControllerApi::StopReplica,
        "UpdateMetadata" => ControllerApi::UpdateMetadata,
        "ControlledShutdown" => ControllerApi::ControlledShutdown,
        other => panic!("unknown message {other}"),
    }
}

/// Decodes a captured request frame (header + body), checks it against `expected`, and
/// re-encodes both to the captured bytes.
fn check_request<T: Decodable + Encodable + PartialEq + Debug>(
    frame: &Bytes,
    api: ControllerApi,
    version: i16,
    expected: T,
) {
    let header_version = api.request_header_version(version);
    let mut input = frame.clone();
    let header = decode_request_header(&mut input, header_version).unwrap();
    assert_eq!(header.request_api_key, api.key());
    assert_eq!(header.request_api_version, version);
    assert_eq!(header.correlation_id, CORRELATION_ID);
    let client_id = (header_version > 0).then(|| StrBytes::from_static_str("kt-capture"));
    assert_eq!(header.client_id, client_id, "{api:?} v{version}");
    let body = T::decode(&mut input, version).unwrap();
    assert_eq!(input.remaining(), 0, "{api:?} v{version}: bytes left over");
    assert_eq!(body, expected, "{api:?} v{version} request");

    let mut output = BytesMut::new();
    encode_request_header(&mut output, &header, header_version).unwrap();
    let header_len = output.len();
    expected.encode(&mut output, version).unwrap();
    assert_eq!(
        output.as_ref(),
        frame.as_ref(),
        "{api:?} v{version} request bytes"
    );
    assert_eq!(
        expected.compute_size(version).unwrap(),
        frame.len() - header_len
    );
}

fn check_response<T: Decodable + Encodable + PartialEq + Debug>(
    frame: &Bytes,
    api: ControllerApi,
    version: i16,
    expected: T,
) {
    let header_version = api.response_header_version(version);
    let mut input = frame.clone();
    let header = ResponseHeader::decode(&mut input, header_version).unwrap();
    assert_eq!(header.correlation_id, CORRELATION_ID);
    let body = T::decode(&mut input, version).unwrap();
    assert_eq!(input.remaining(), 0, "{api:?} v{version}: bytes left over");
    assert_eq!(body, expected, "{api:?} v{version} response");

    let mut output = BytesMut::new();
    header.encode(&mut output, header_version).unwrap();
    let header_len = output.len();
    expected.encode(&mut output, version).unwrap();
    assert_eq!(
        output.as_ref(),
        frame.as_ref(),
        "{api:?} v{version} response bytes"
    );
    assert_eq!(
        expected.compute_size(version).unwrap(),
        frame.len() - header_len
    );
}

#[test]
fn the_capture_covers_every_version_of_every_message() {
    let seen: BTreeSet<(String, i16)> = frames()
        .into_iter()
        .map(|(name, v, _)| (name.to_string(), v))
        .collect();
    for api in ControllerApi::ALL {
        let versions = api.versions();
        for v in versions.min..=versions.max {
            for kind in ["Request", "Response"] {
                let name = format!("{api:?}{kind}");
                assert!(
                    seen.contains(&(name.clone(), v)),
                    "{name} v{v} not captured"
                );
            }
        }
    }
    assert_eq!(seen.len(), 2 * (8 + 5 + 9 + 4));
}

#[test]
fn kafka_3_9_frames_decode_to_the_samples_and_encode_back_byte_for_byte() {
    for (name, v, frame) in frames() {
        let api = api_of(name);
        match name {
            "LeaderAndIsrRequest" => {
                check_request(&frame, api, v, samples::leader_and_isr_request(v))
            }
            "LeaderAndIsrResponse" => {
                check_response(&frame, api, v, samples::leader_and_isr_response(v))
            }
            "StopReplicaRequest" => check_request(&frame, api, v, samples::stop_replica_request(v)),
            "StopReplicaResponse" => {
                check_response(&frame, api, v, samples::stop_replica_response(v))
            }
            "UpdateMetadataRequest" => {
                check_request(&frame, api, v, samples::update_metadata_request(v))
            }
            "UpdateMetadataResponse" => {
                check_response(&frame, api, v, samples::update_metadata_response(v))
            }
            "ControlledShutdownRequest" => {
                check_request(&frame, api, v, samples::controlled_shutdown_request(v))
            }
            "ControlledShutdownResponse" => {
                check_response(&frame, api, v, samples::controlled_shutdown_response(v))
            }
            other => panic!("unknown message {other}"),
        }
    }
}

#[test]
fn every_truncation_of_a_kafka_frame_is_an_error_not_a_panic() {
    for (name, v, frame) in frames() {
        let api = api_of(name);
        let is_request = name.ends_with("Request");
        let header_version = if is_request {
            api.request_header_version(v)
        } else {
            api.response_header_version(v)
        };
        let mut body = frame.clone();
        if is_request {
            decode_request_header(&mut body, header_version).unwrap();
        } else {
            ResponseHeader::decode(&mut body, header_version).unwrap();
        }
        for cut in 0..body.len() {
            let mut short = body.slice(..cut);
            let decoded = match name {
                "LeaderAndIsrRequest" => LeaderAndIsrRequest::decode(&mut short, v).map(drop),
                "LeaderAndIsrResponse" => LeaderAndIsrResponse::decode(&mut short, v).map(drop),
                "StopReplicaRequest" => StopReplicaRequest::decode(&mut short, v).map(drop),
                "StopReplicaResponse" => StopReplicaResponse::decode(&mut short, v).map(drop),
                "UpdateMetadataRequest" => UpdateMetadataRequest::decode(&mut short, v).map(drop),
                "UpdateMetadataResponse" => UpdateMetadataResponse::decode(&mut short, v).map(drop),
                "ControlledShutdownRequest" => {
                    ControlledShutdownRequest::decode(&mut short, v).map(drop)
                }
                _ => ControlledShutdownResponse::decode(&mut short, v).map(drop),
            };
            assert!(decoded.is_err(), "{name} v{v} cut at {cut} decoded");
        }
    }
}
