//! Re-authentication (KIP-368): with `connections.max.reauth.ms` a SASL session lasts that
//! long (or until its token expires, if sooner); the client renews it on the same connection
//! with SaslHandshake + SaslAuthenticate, for the same principal and mechanism, at most once
//! a second; a connection that does not is closed at its next request. librdkafka renews its
//! sessions and keeps producing over the same connections.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use bytes::Buf;
use kafka_protocol::messages::{ApiKey, MetadataRequest};
use rdkafka::producer::{FutureProducer, FutureRecord};

use crate::common;
use crate::common::raw::{connect, encode_request, read_frame, send_raw};
use crate::common::security::{
    authenticate, epoch_seconds, handshake, oauthbearer_first, oauthbearer_jaas, sasl_client,
    unsecured_jws,
};

const PLAIN_JAAS: &str = "org.apache.kafka.common.security.plain.PlainLoginModule required \
                          user_alice=\"alice-secret\" user_admin=\"admin-secret\";";
/// The session length on the SASL listener; the broker-wide value is longer, so the
/// listener's own setting is the one used.
const SESSION_MS: i64 = 1200;

/// Metadata on `s`: whether it was answered (false: the broker closed the connection).
fn metadata_answered(s: &mut TcpStream, correlation: i32) -> bool {
    let request = encode_request(
        ApiKey::Metadata,
        12,
        correlation,
        &MetadataRequest::default(),
    );
    send_raw(s, &request);
    match read_frame(s) {
        Some(mut frame) => {
            assert_eq!(frame.get_i32(), correlation);
            true
        }
        None => false,
    }
}

/// A connection authenticated with PLAIN as `user`: the session lifetime it was granted.
fn plain_login(s: &mut TcpStream, user: &str, password: &str) -> i64 {
    assert_eq!(handshake(s, 1, "PLAIN").error_code, 0);
    let r = authenticate(s, format!("\0{user}\0{password}").as_bytes());
    assert_eq!(r.error_code, 0, "{:?}", r.error_message);
    r.session_lifetime_ms
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_after_connections_max_reauth_ms_unless_the_client_renews_them() {
    let dir = tempfile::tempdir().unwrap();
    let oauth_jaas = oauthbearer_jaas("");
    let session = SESSION_MS.to_string();
    let broker = common::start_broker(
        dir.path(),
        &[
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
            ),
            ("sasl.enabled.mechanisms", "PLAIN,OAUTHBEARER"),
            (
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                PLAIN_JAAS,
            ),
            (
                "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config",
                &oauth_jaas,
            ),
            ("connections.max.reauth.ms", "600000"),
            (
                "listener.name.sasl_plaintext.connections.max.reauth.ms",
                &session,
            ),
        ],
    )
    .await;
    let addr = broker.listener_addr("SASL_PLAINTEXT").unwrap();
    let bootstrap = addr.to_string();

    // librdkafka renews its sessions (at 90% of their life): it keeps producing across
    // two and a half of them over the connections it opened first — no connection is created after
    // the first delivery, as one would be had the broker closed an expired one.
    let mut config = sasl_client(
        &bootstrap,
        "SASL_PLAINTEXT",
        "PLAIN",
        "alice",
        "alice-secret",
        std::path::Path::new("unused"),
    );
    config.remove("ssl.ca.location");
    let producer: FutureProducer = config.create().unwrap();
    let send = |i: usize| {
        let producer = producer.clone();
        async move {
            let value = format!("v{i}");
            producer
                .send(
                    FutureRecord::<(), _>::to("reauth").payload(&value),
                    Duration::from_secs(5),
                )
                .await
                .map(|_| ())
                .map_err(|(e, _)| e.to_string())
        }
    };
    assert_eq!(send(0).await, Ok(()));
    let created = || {
        broker
            .broker()
            .metrics()
            .connections
            .per_listener()
            .into_iter()
            .find(|(name, _, _)| &**name == "SASL_PLAINTEXT")
            .map(|(_, _, created)| created)
            .unwrap()
    };
    let connections = created();
    let started = Instant::now();
    let mut sent = 1;
    while started.elapsed() < Duration::from_millis(5 * SESSION_MS as u64 / 2) {
        assert_eq!(send(sent).await, Ok(()), "record {sent}");
        sent += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        created(),
        connections,
        "librdkafka reconnected instead of re-authenticating"
    );
    drop(producer);
    // The listener's socket-server-metrics counted the renewals, none failed.
    let counts = || {
        broker
            .broker()
            .metrics()
            .connections
            .authentication_per_listener()
            .into_iter()
            .find(|(name, _)| &**name == "SASL_PLAINTEXT")
            .map(|(_, totals)| totals)
            .unwrap()
    };
    let after_librdkafka = counts();
    assert!(
        after_librdkafka.reauthenticated >= 2
            && after_librdkafka.failed == 0
            && after_librdkafka.reauthentication_failed == 0
            && after_librdkafka.succeeded_without_reauth == 0,
        "{after_librdkafka:?}"
    );
    assert!(
        after_librdkafka.reauthentication_latency_max_ms
            >= after_librdkafka.reauthentication_latency_avg_ms,
        "{after_librdkafka:?}"
    );

    tokio::task::spawn_blocking(move || {
        // SaslAuthenticate v1+ tells the session's length; a re-authentication as someone
        // else fails with Kafka's message and closes the connection.
        let mut changer = connect(addr);
        assert_eq!(
            plain_login(&mut changer, "alice", "alice-secret"),
            SESSION_MS
        );
        assert!(metadata_answered(&mut changer, 10));
        assert_eq!(handshake(&mut changer, 1, "PLAIN").error_code, 0);
        let r = authenticate(&mut changer, b"\0admin\0admin-secret");
        assert_eq!(
            (r.error_code, r.error_message.as_deref()),
            (
                58,
                Some(
                    "Cannot change principals during re-authentication from User.alice: User.admin"
                )
            )
        );
        assert!(read_frame(&mut changer).is_none());

        // Another mechanism for the renewal: the handshake is answered, the token is not,
        // and the connection closes.
        let mut switcher = connect(addr);
        plain_login(&mut switcher, "alice", "alice-secret");
        assert_eq!(handshake(&mut switcher, 1, "OAUTHBEARER").error_code, 0);
        send_raw(
            &mut switcher,
            &encode_request(
                ApiKey::SaslAuthenticate,
                2,
                2,
                &kafka_protocol::messages::SaslAuthenticateRequest::default(),
            ),
        );
        assert!(read_frame(&mut switcher).is_none());

        // A renewal as the same user: a fresh session. Another within a second is not a
        // renewal: SaslHandshake then gets ILLEGAL_SASL_STATE, as after any authentication.
        let mut renewer = connect(addr);
        plain_login(&mut renewer, "alice", "alice-secret");
        assert_eq!(
            plain_login(&mut renewer, "alice", "alice-secret"),
            SESSION_MS
        );
        assert_eq!(handshake(&mut renewer, 1, "PLAIN").error_code, 34);
        assert!(metadata_answered(&mut renewer, 11));

        // A token that expires before connections.max.reauth.ms bounds the session; one
        // that lasts longer does not.
        let now = epoch_seconds();
        let mut short = connect(addr);
        let token = unsecured_jws(&format!(r#"{{"sub":"alice","exp":{}}}"#, now + 0.8));
        assert_eq!(handshake(&mut short, 1, "OAUTHBEARER").error_code, 0);
        let r = authenticate(&mut short, &oauthbearer_first(&token, ""));
        assert_eq!(r.error_code, 0);
        assert!(
            // About 800 ms: the token's remaining life (to the broker's ms clock).
            (1..=810).contains(&r.session_lifetime_ms),
            "{}",
            r.session_lifetime_ms
        );
        let mut long = connect(addr);
        let token = unsecured_jws(&format!(r#"{{"sub":"alice","exp":{}}}"#, now + 60.0));
        assert_eq!(handshake(&mut long, 1, "OAUTHBEARER").error_code, 0);
        let r = authenticate(&mut long, &oauthbearer_first(&token, ""));
        assert_eq!((r.error_code, r.session_lifetime_ms), (0, SESSION_MS));

        // A client that does not renew: served until its session ends, then closed at its
        // next request. After the end a SaslHandshake still renews the session.
        let mut idle = connect(addr);
        plain_login(&mut idle, "alice", "alice-secret");
        assert!(metadata_answered(&mut idle, 12));
        let mut late = connect(addr);
        plain_login(&mut late, "alice", "alice-secret");
        std::thread::sleep(Duration::from_millis(SESSION_MS as u64 + 200));
        assert!(
            !metadata_answered(&mut idle, 13),
            "an expired session served"
        );
        assert!(
            !metadata_answered(&mut short, 14),
            "an expired token served"
        );
        assert_eq!(plain_login(&mut late, "alice", "alice-secret"), SESSION_MS);
        assert!(metadata_answered(&mut late, 15));
        // The renewer's second renewal, more than a second after its first, is accepted.
        assert_eq!(
            plain_login(&mut renewer, "alice", "alice-secret"),
            SESSION_MS
        );
        assert!(metadata_answered(&mut renewer, 16));
    })
    .await
    .unwrap();
    // The wire clients above: seven first logins (changer, switcher, renewer, short, long,
    // idle, late), three renewals (renewer twice, late), two refused renewals (another
    // principal, another mechanism).
    let end = counts();
    assert_eq!(
        (
            end.succeeded - after_librdkafka.succeeded,
            end.reauthenticated - after_librdkafka.reauthenticated,
            end.reauthentication_failed,
            end.failed,
            end.succeeded_without_reauth,
        ),
        (7, 3, 2, 0, 0),
        "{end:?}"
    );
    broker.shutdown().await;
}
