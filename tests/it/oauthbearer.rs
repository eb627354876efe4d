//! SASL/OAUTHBEARER with unsecured tokens: librdkafka's built-in token names the principal
//! the ACLs see, a token without the required scope is refused, and at the byte level
//! Kafka's exchange — the JSON error challenge, the client's `\x01`, the failure — for an
//! expired token, a signed one, a malformed message and a mismatched authorization id.

use std::time::Duration;

use bytes::Buf;
use kafka_protocol::messages::{ApiKey, MetadataRequest};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::RDKafkaErrorCode;

use crate::common::raw::{encode_request, read_frame, send_raw};
use crate::common::security::{
    allow_on_topic, authenticate, epoch_seconds, handshaken, oauthbearer_client, oauthbearer_first,
    oauthbearer_jaas, unsecured_jws,
};
use crate::common::{self, produce_one};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauthbearer_tokens_name_the_principal_acls_see_and_bad_tokens_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let jaas = oauthbearer_jaas(r#"unsecuredValidatorRequiredScope="kafka""#);
    let broker = common::start_broker(
        dir.path(),
        &[
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
            ),
            ("sasl.enabled.mechanisms", "OAUTHBEARER"),
            (
                "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config",
                &jaas,
            ),
            (
                "authorizer.class.name",
                "kafka.security.authorizer.AclAuthorizer",
            ),
            // The PLAINTEXT listener's anonymous admin sets things up.
            ("super.users", "User:ANONYMOUS"),
        ],
    )
    .await;
    let plaintext = broker.listener_addr("PLAINTEXT").unwrap().to_string();
    let addr = broker.listener_addr("SASL_PLAINTEXT").unwrap();
    let sasl = addr.to_string();
    common::create_topic(&plaintext, "oauth-t", 1).await;
    let admin = plaintext.clone();
    tokio::task::spawn_blocking(move || allow_on_topic(&admin, "User:alice", "Write", "oauth-t"))
        .await
        .unwrap();

    // alice's token (librdkafka's own, with the scope) writes; bob's authenticates too, but
    // the ACLs see User:bob, who may not.
    let alice = oauthbearer_client(&sasl, "principal=alice scope=kafka");
    assert_eq!(produce_one(&alice, "oauth-t").await, Ok(()));
    let bob = oauthbearer_client(&sasl, "principal=bob scope=kafka,other");
    assert_eq!(
        produce_one(&bob, "oauth-t").await,
        Err(RDKafkaErrorCode::TopicAuthorizationFailed)
    );
    // A token without the required scope is refused: no metadata.
    let unscoped = oauthbearer_client(&sasl, "principal=alice");
    let refused = tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = unscoped.create().unwrap();
        consumer
            .fetch_metadata(None, Duration::from_secs(2))
            .map(|m| m.brokers().len())
    })
    .await
    .unwrap();
    assert!(refused.is_err(), "{refused:?}");

    tokio::task::spawn_blocking(move || {
        let now = epoch_seconds();
        // Issued a second ago: the broker's clock, in whole ms, may not have passed `now`.
        let valid = unsecured_jws(&format!(
            r#"{{"sub":"alice","scope":["kafka"],"iat":{},"exp":{}}}"#,
            now - 1.0,
            now + 60.0
        ));
        // A valid token: no challenge; the session lasts as long as the token (no
        // connections.max.reauth.ms here); requests are served.
        let mut s = handshaken(addr, "OAUTHBEARER");
        let r = authenticate(&mut s, &oauthbearer_first(&valid, ""));
        assert_eq!((r.error_code, r.auth_bytes.len()), (0, 0));
        assert!(
            (55_000..=60_000).contains(&r.session_lifetime_ms),
            "{}",
            r.session_lifetime_ms
        );
        let metadata = encode_request(ApiKey::Metadata, 12, 3, &MetadataRequest::default());
        send_raw(&mut s, &metadata);
        let mut frame = read_frame(&mut s).expect("Metadata after authentication");
        assert_eq!(frame.get_i32(), 3);

        // Refused tokens get the JSON challenge, then fail with it once the client answers
        // \x01, and the connection closes.
        let expired = unsecured_jws(&format!(
            r#"{{"sub":"alice","scope":"kafka","exp":{}}}"#,
            now - 10.0
        ));
        let signed = valid.clone() + "c2ln";
        let unscoped = unsecured_jws(&format!(r#"{{"sub":"alice","exp":{}}}"#, now + 60.0));
        for (token, challenge) in [
            (&expired, r#"{"status":"invalid_token"}"#),
            (&signed, r#"{"status":"invalid_token"}"#),
            (
                &unscoped,
                r#"{"status":"insufficient_scope", "scope":"[kafka]"}"#,
            ),
        ] {
            let mut s = handshaken(addr, "OAUTHBEARER");
            let r = authenticate(&mut s, &oauthbearer_first(token, ""));
            assert_eq!(r.error_code, 0);
            assert_eq!(std::str::from_utf8(&r.auth_bytes), Ok(challenge));
            let r = authenticate(&mut s, b"\x01");
            assert_eq!(r.error_code, 58);
            assert_eq!(r.error_message.as_deref(), Some(challenge));
            assert!(read_frame(&mut s).is_none(), "open after a refused token");
        }

        // A malformed first message, an authorization id that is not the token's principal:
        // SASL_AUTHENTICATION_FAILED at once, with Kafka's messages.
        for (message, expected) in [
            (
                b"n,,\x01auth=Basic abc\x01\x01".to_vec(),
                "Authentication failed during authentication due to invalid credentials with \
                 SASL mechanism OAUTHBEARER",
            ),
            (
                oauthbearer_first(&valid, "bob"),
                "Authentication failed: Client requested an authorization id (bob) that is \
                 different from the token's principal name (alice)",
            ),
        ] {
            let mut s = handshaken(addr, "OAUTHBEARER");
            let r = authenticate(&mut s, &message);
            assert_eq!(
                (r.error_code, r.error_message.as_deref()),
                (58, Some(expected))
            );
            assert!(read_frame(&mut s).is_none());
        }
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
