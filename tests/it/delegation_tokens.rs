//! Delegation tokens end to end: `kt delegation-tokens` against a broker with a SASL SCRAM
//! listener and `delegation.token.secret.key`, a client authenticating with the token (kt's
//! own wire client: librdkafka's SCRAM sends no `tokenauth` extension, so it cannot) that
//! produces and fetches as the token's owner under ACLs, describe/renew/expire with Kafka's
//! lines, the tokens kept across a restart, and Kafka's errors for bad input.

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::{BrokerId, FetchRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use kafka_protocol::records::RecordBatchDecoder;
use kt::admin::wire::WireClient;
use kt::broker::security::sasl::credentials::{CredentialStore, USERS_FILE};
use kt::broker::security::sasl::scram::{ScramCredential, ScramMechanism};

use crate::common::security::{allow_on_topic, client_jaas, properties_file, ListenersThread};
use crate::common::{raw, run_kt};

/// A broker with PLAINTEXT and SASL_PLAINTEXT (SCRAM-SHA-256) listeners and ACLs (the
/// anonymous PLAINTEXT admin is a super user), with a token secret key or without.
fn start(dir: &Path, secret: bool) -> ListenersThread {
    let mut settings: Vec<(String, String)> = [
        (
            "listeners",
            "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
        ),
        ("sasl.enabled.mechanisms", "SCRAM-SHA-256"),
        (
            "authorizer.class.name",
            "kafka.security.authorizer.AclAuthorizer",
        ),
        ("super.users", "User:ANONYMOUS"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if secret {
        settings.push((
            "delegation.token.secret.key".into(),
            "kt-token-secret".into(),
        ));
    }
    ListenersThread::start(
        dir.to_path_buf(),
        settings,
        &["PLAINTEXT", "SASL_PLAINTEXT"],
    )
}

/// SCRAM-SHA-256 users alice, bob and carol (password `<name>-secret`), stored before start.
fn add_users(dir: &Path) {
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    let store = CredentialStore::File(dir.join("logs").join(USERS_FILE));
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        for user in ["alice", "bob", "carol"] {
            let credential = ScramCredential::from_password(
                ScramMechanism::Sha256,
                &format!("{user}-secret"),
                b"salt".to_vec(),
                4096,
            );
            store
                .alter(user, &[(ScramMechanism::Sha256, Some(credential))])
                .await
                .unwrap();
        }
    });
}

/// The `--command-config` file of `user` over SASL_PLAINTEXT.
fn user_config(dir: &Path, user: &str) -> String {
    properties_file(
        dir,
        &format!("{user}.properties"),
        &format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config={}\n",
            client_jaas("SCRAM-SHA-256", user, &format!("{user}-secret"))
        ),
    )
}

/// The client properties of a token: SCRAM as the token id, the HMAC as password, tokenauth.
fn token_properties(token_id: &str, hmac: &str) -> Vec<(String, String)> {
    vec![
        ("security.protocol".into(), "SASL_PLAINTEXT".into()),
        ("sasl.mechanism".into(), "SCRAM-SHA-256".into()),
        (
            "sasl.jaas.config".into(),
            format!(
                "org.apache.kafka.common.security.scram.ScramLoginModule required \
                 username=\"{token_id}\" password=\"{hmac}\" tokenauth=\"true\";"
            ),
        ),
    ]
}

fn tokens(bootstrap: &str, config: &str, action: &[&str]) -> (String, String, i32) {
    let mut args = vec![
        "delegation-tokens",
        "--bootstrap-server",
        bootstrap,
        "--command-config",
        config,
    ];
    args.extend_from_slice(action);
    run_kt(args, "")
}

/// Produces one record with the token, then fetches partition 0 from offset 0: the produce's
/// error code and the fetched values.
async fn produce_and_fetch(
    addr: &str,
    properties: &[(String, String)],
    topic: &'static str,
    value: &'static str,
) -> Result<(i16, Vec<String>), String> {
    let mut client = WireClient::connect(addr, properties, "token-client", Duration::from_secs(5))
        .await
        .map_err(|e| e.to_string())?;
    let records = raw::producer_batch(
        -1,
        -1,
        -1,
        false,
        1,
        &[Bytes::from_static(value.as_bytes())],
    );
    let produce = raw::produce_request(None, topic, records);
    let produced = client.call(&produce, 9).await.map_err(|e| e.to_string())?;
    let produce_error = produced.responses[0].partition_responses[0].error_code;
    let fetch = FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(0)
        .with_min_bytes(1)
        .with_max_bytes(1 << 20)
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_static_str(topic)))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(0)
                .with_partition_max_bytes(1 << 20)])]);
    let fetched = client.call(&fetch, 12).await.map_err(|e| e.to_string())?;
    let mut bytes = fetched.responses[0].partitions[0]
        .records
        .clone()
        .unwrap_or_default();
    let values = RecordBatchDecoder::decode_all(&mut bytes)
        .unwrap()
        .into_iter()
        .flat_map(|set| set.records)
        .map(|r| String::from_utf8(r.value.unwrap().to_vec()).unwrap())
        .collect();
    Ok((produce_error, values))
}

const NOT_ALLOWED: &str = "org.apache.kafka.common.errors.UnsupportedByAuthenticationException: \
     Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on \
     delegation token authenticated channels.";

#[test]
fn delegation_tokens_authenticate_as_their_owner_and_follow_kafkas_rules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    add_users(root);
    let broker = start(root, true);
    let plaintext = broker.addr("PLAINTEXT");
    let sasl = broker.addr("SASL_PLAINTEXT");
    for topic in ["tok", "other"] {
        let (_, err, code) = run_kt(
            [
                "topics",
                "--bootstrap-server",
                &plaintext,
                "--create",
                "--topic",
                topic,
                "--partitions",
                "1",
            ],
            "",
        );
        assert_eq!(code, 0, "{err}");
    }
    // alice may use topic tok, and nothing else.
    allow_on_topic(&plaintext, "User:alice", "All", "tok");
    let alice = user_config(root, "alice");
    let bob = user_config(root, "bob");
    let carol = user_config(root, "carol");

    // alice creates a token that bob may renew.
    let (out, err, code) = tokens(
        &sasl,
        &alice,
        &[
            "--create",
            "--max-life-time-period",
            "-1",
            "--renewer-principal",
            "User:bob",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.split('\n').collect();
    assert_eq!(
        lines[0],
        "Calling create token operation with renewers :[User:bob] , max-life-time-period :-1"
    );
    let token_id = lines[1]
        .strip_prefix("Created delegation token with tokenId : ")
        .unwrap_or_else(|| panic!("{out}"))
        .to_string();
    assert_eq!(token_id.len(), 22, "{out}");
    assert_eq!(lines[2], "");
    assert!(lines[3].starts_with("TOKENID         HMAC      "), "{out}");
    assert_eq!(lines[4], "");
    let row: Vec<&str> = lines[5].split_whitespace().collect();
    assert_eq!(row[0], token_id);
    let hmac = row[1].to_string();
    assert_eq!(
        &row[2..5],
        ["User:alice", "User:alice", "[User:bob]"],
        "{out}"
    );
    assert_eq!(lines[6], "");
    assert_eq!(lines.len(), 7, "{out}");

    // A client with the token acts as alice: it produces and fetches on tok, and alice's
    // ACLs refuse it topic other.
    let token = token_properties(&token_id, &hmac);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (error, values) = runtime
        .block_on(produce_and_fetch(&sasl, &token, "tok", "with-token"))
        .unwrap();
    assert_eq!((error, values), (0, vec!["with-token".to_string()]));
    let (error, _) = runtime
        .block_on(produce_and_fetch(&sasl, &token, "other", "denied"))
        .unwrap();
    assert_eq!(error, 29, "TOPIC_AUTHORIZATION_FAILED expected");
    // Without the extension the token id is no SCRAM user.
    let plain_scram = token_properties(&token_id, &hmac)
        .into_iter()
        .map(|(k, v)| (k, v.replace(" tokenauth=\"true\"", "")))
        .collect::<Vec<_>>();
    assert!(runtime
        .block_on(produce_and_fetch(&sasl, &plain_scram, "tok", "x"))
        .is_err());
    // A token-authenticated connection may not manage tokens.
    let token_file = properties_file(
        root,
        "token.properties",
        &token
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect::<String>(),
    );
    let (_, err, code) = tokens(&sasl, &token_file, &["--describe"]);
    assert_eq!(code, 1);
    assert!(err.starts_with(&format!("{NOT_ALLOWED}\n")), "{err}");

    // Describe: alice sees her token, bob (a renewer) too when naming alice, carol nothing.
    let (out, err, code) = tokens(&sasl, &alice, &["--describe"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "Calling describe token operation for current user.\nTotal number of tokens : 1\n\
             TOKENID"
        ),
        "{out}"
    );
    assert!(out.contains(&format!("\n{token_id} {hmac} ")), "{out}");
    let (out, _, code) = tokens(
        &sasl,
        &bob,
        &["--describe", "--owner-principal", "User:alice"],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Calling describe token operation for owners: [User:alice]\nTotal number of tokens : 1"
        ),
        "{out}"
    );
    let (out, _, _) = tokens(&sasl, &carol, &["--describe"]);
    assert!(out.contains("Total number of tokens : 0"), "{out}");

    // Renew: carol is neither owner nor renewer; a wrong HMAC is no token; bob may.
    let renew = |config: &str, mac: &str| {
        tokens(
            &sasl,
            config,
            &["--renew", "--renew-time-period", "3600000", "--hmac", mac],
        )
    };
    let (_, err, code) = renew(&carol, &hmac);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "org.apache.kafka.common.errors.DelegationTokenOwnerMismatchException: Specified \
             Principal is not valid Owner/Renewer.\n"
        ),
        "{err}"
    );
    let (_, err, code) = renew(&bob, "AAAA");
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "org.apache.kafka.common.errors.DelegationTokenNotFoundException: Delegation Token \
             is not found on server.\n"
        ),
        "{err}"
    );
    let (out, err, code) = renew(&bob, &hmac);
    assert_eq!(code, 0, "{err}");
    let expected = format!(
        "Calling renew token operation with hmac :{hmac} , renew-time-period :3600000\n\
         Completed renew operation. New expiry date : "
    );
    assert!(out.starts_with(&expected), "{out}");
    assert_eq!(
        out.len(),
        expected.len() + "2026-01-01T00:00".len(),
        "{out}"
    );

    // Over PLAINTEXT (no SASL) token requests are refused.
    let nothing = properties_file(root, "plain.properties", "");
    let (out, err, code) = tokens(&plaintext, &nothing, &["--describe"]);
    assert_eq!(code, 1);
    assert_eq!(out, "Calling describe token operation for current user.\n");
    assert!(err.starts_with(&format!("{NOT_ALLOWED}\n")), "{err}");

    // The token survives a restart of the (standalone) broker.
    drop(broker);
    let broker = start(root, true);
    let sasl = broker.addr("SASL_PLAINTEXT");
    let (out, _, code) = tokens(&sasl, &alice, &["--describe"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("\n{token_id} {hmac} ")), "{out}");
    let (_, values) = runtime
        .block_on(produce_and_fetch(&sasl, &token, "tok", "after-restart"))
        .unwrap();
    assert_eq!(values, ["with-token", "after-restart"]);

    // Expire at once: the token no longer authenticates, nor is it described.
    let (out, err, code) = tokens(
        &sasl,
        &alice,
        &["--expire", "--expiry-time-period", "-1", "--hmac", &hmac],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(&format!(
            "Calling expire token operation with hmac :{hmac} , expire-time-period :-1\n\
             Completed expire operation. New expiry date : "
        )),
        "{out}"
    );
    let refused = runtime
        .block_on(produce_and_fetch(&sasl, &token, "tok", "expired"))
        .unwrap_err();
    assert!(
        refused.contains("Authentication failed during authentication due to invalid credentials"),
        "{refused}"
    );
    let (out, _, _) = tokens(&sasl, &alice, &["--describe"]);
    assert!(out.contains("Total number of tokens : 0"), "{out}");
    drop(broker);

    // Without a secret key the feature is off.
    let other = tempfile::tempdir().unwrap();
    add_users(other.path());
    let broker = start(other.path(), false);
    let alice = user_config(other.path(), "alice");
    let (_, err, code) = tokens(
        &broker.addr("SASL_PLAINTEXT"),
        &alice,
        &["--create", "--max-life-time-period", "-1"],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "org.apache.kafka.common.errors.DelegationTokenDisabledException: Delegation Token \
             feature is not enabled.\n"
        ),
        "{err}"
    );
}

/// Kafka 3.9 serves the token APIs from version 0, which has version 1's schema (kafka-protocol,
/// following Kafka 4.0, no longer encodes it): a version 0 request gets the answer a version 1
/// request gets. Over PLAINTEXT that is Kafka's DELEGATION_TOKEN_REQUEST_NOT_ALLOWED (64):
/// tokens are only for SASL-authenticated users. Versions 1 and 2 have no field for who asked
/// for a token: kt used to fill it in anyway, failed to encode the answer and closed the
/// connection.
#[test]
fn the_token_apis_serve_every_version_kafka_39_does() {
    use kafka_protocol::messages::{
        CreateDelegationTokenRequest, DescribeDelegationTokenRequest, ExpireDelegationTokenRequest,
        RenewDelegationTokenRequest,
    };
    const DELEGATION_TOKEN_REQUEST_NOT_ALLOWED: i16 = 64;
    let dir = tempfile::tempdir().unwrap();
    add_users(dir.path());
    let broker = start(dir.path(), true);
    let addr: std::net::SocketAddr = broker.addr("PLAINTEXT").parse().unwrap();
    let mut client = raw::Client::connect(addr);
    let hmac = Bytes::from_static(b"not-a-token");
    for version in [0, 1] {
        let create = client.call_as(version, 1, &CreateDelegationTokenRequest::default());
        let describe = client.call_as(version, 1, &DescribeDelegationTokenRequest::default());
        let renew = client.call_as(
            version,
            1,
            &RenewDelegationTokenRequest::default().with_hmac(hmac.clone()),
        );
        let expire = client.call_as(
            version,
            1,
            &ExpireDelegationTokenRequest::default().with_hmac(hmac.clone()),
        );
        let codes = [
            create.error_code,
            describe.error_code,
            renew.error_code,
            expire.error_code,
        ];
        assert_eq!(
            codes, [DELEGATION_TOKEN_REQUEST_NOT_ALLOWED; 4],
            "version {version}"
        );
    }

    // Over SASL, versions 1 to 3 create and describe alice's tokens; who asked is answered
    // from version 3 on (versions 1 and 2 have no field for it).
    let alice = [
        ("security.protocol", "SASL_PLAINTEXT"),
        ("sasl.mechanism", "SCRAM-SHA-256"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([(
        "sasl.jaas.config".to_string(),
        client_jaas("SCRAM-SHA-256", "alice", "alice-secret"),
    )])
    .collect::<Vec<_>>();
    let sasl = broker.addr("SASL_PLAINTEXT");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut client = WireClient::connect(&sasl, &alice, "v0-test", Duration::from_secs(5))
            .await
            .unwrap();
        for version in [1, 2, 3] {
            let created = client
                .call(&CreateDelegationTokenRequest::default(), version)
                .await
                .unwrap();
            assert_eq!(created.error_code, 0, "version {version}");
            assert_eq!(created.principal_name.as_str(), "alice");
            let requester = if version >= 3 { "alice" } else { "" };
            assert_eq!(created.token_requester_principal_name.as_str(), requester);
            let described = client
                .call(
                    &DescribeDelegationTokenRequest::default().with_owners(None),
                    version,
                )
                .await
                .unwrap();
            assert_eq!(described.error_code, 0, "version {version}");
            let token = described
                .tokens
                .iter()
                .find(|t| t.token_id == created.token_id)
                .unwrap_or_else(|| panic!("version {version}: {described:?}"));
            assert_eq!(token.token_requester_principal_name.as_str(), requester);
        }
    });
}
