//! ACLs end to end: `kt acls` (kafka-acls.sh) adding, listing and removing with Kafka's
//! lines, and the broker enforcing them on real clients. Every connection here is
//! `User:ANONYMOUS` (PLAINTEXT), so the tests grant or deny that principal, make it a super
//! user, or rely on `allow.everyone.if.no.acl.found`.

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::error::RDKafkaErrorCode;

use crate::common::cluster::{wait_until, Cluster};
use crate::common::{self, raw};

const ACL_AUTHORIZER: (&str, &str) = (
    "authorizer.class.name",
    "kafka.security.authorizer.AclAuthorizer",
);

/// Runs `kt acls --bootstrap-server B ARGS` off the async threads.
async fn acls(bootstrap: &str, args: &[&str]) -> (String, String, i32) {
    let mut all = vec![
        "acls".to_string(),
        "--bootstrap-server".to_string(),
        bootstrap.to_string(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    common::run_kt_async(all).await
}

/// One produce through librdkafka: Ok, or the error code it failed with.
async fn produce(bootstrap: &str, topic: &str) -> Result<(), RDKafkaErrorCode> {
    let mut config = common::client(bootstrap);
    config.set("message.timeout.ms", "5000");
    common::produce_one(&config, topic).await
}

/// Names of the topics a Metadata request for every topic answers.
fn listed_topics(addr: std::net::SocketAddr) -> Vec<String> {
    let response =
        raw::Client::connect(addr).call(9, &MetadataRequest::default().with_topics(None));
    response
        .topics
        .iter()
        .filter_map(|t| t.name.as_ref().map(|n| n.to_string()))
        .collect()
}

/// The error of one topic asked for by name in Metadata.
fn topic_error(addr: std::net::SocketAddr, topic: &str) -> i16 {
    let request = MetadataRequest::default()
        .with_topics(Some(vec![MetadataRequestTopic::default().with_name(Some(
            TopicName(StrBytes::from_string(topic.to_string())),
        ))]))
        .with_allow_auto_topic_creation(false);
    raw::Client::connect(addr).call(9, &request).topics[0].error_code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kt_acls_adds_lists_and_removes_with_kafkas_lines() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(
        dir.path(),
        &[ACL_AUTHORIZER, ("super.users", "User:ANONYMOUS")],
    )
    .await;
    let b = broker.bootstrap();
    let literal_t = "ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)";

    let out = acls(
        &b,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Read",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(
        out,
        (
            format!(
                "Adding ACLs for resource `{literal_t}`: \n \t(principal=User:alice, host=*, \
                 operation=READ, permissionType=ALLOW) \n\n"
            ),
            String::new(),
            0
        )
    );
    let alice_read = "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)";
    let listing = format!("Current ACLs for resource `{literal_t}`: \n \t{alice_read} \n\n");
    assert_eq!(
        acls(&b, &["--list"]).await,
        (listing.clone(), String::new(), 0)
    );
    assert_eq!(
        acls(&b, &["--list", "--topic", "t"]).await,
        (listing, String::new(), 0)
    );

    let (out, err, code) = acls(
        &b,
        &[
            "--add",
            "--producer",
            "--topic",
            "t",
            "--allow-principal",
            "User:bob",
        ],
    )
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "Adding ACLs for resource `{literal_t}`: \n \
             \t(principal=User:bob, host=*, operation=DESCRIBE, permissionType=ALLOW)\n\
             \t(principal=User:bob, host=*, operation=WRITE, permissionType=ALLOW)\n\
             \t(principal=User:bob, host=*, operation=CREATE, permissionType=ALLOW) \n\n"
        )
    );
    let (out, _, code) = acls(&b, &["--list"]).await;
    assert_eq!(code, 0);
    for op in ["DESCRIBE", "WRITE", "CREATE"] {
        assert!(
            out.contains(&format!(
                "\t(principal=User:bob, host=*, operation={op}, permissionType=ALLOW)"
            )),
            "{out}"
        );
    }
    assert!(out.contains(alice_read), "{out}");

    // Prefixed patterns and --principal listing.
    let (_, _, code) = acls(
        &b,
        &[
            "--add",
            "--deny-principal",
            "User:carol",
            "--operation",
            "Write",
            "--topic",
            "orders-",
            "--resource-pattern-type",
            "prefixed",
        ],
    )
    .await;
    assert_eq!(code, 0);
    let (out, _, _) = acls(&b, &["--list", "--principal", "User:carol"]).await;
    assert_eq!(
        out,
        "ACLs for principal `User:carol`\nCurrent ACLs for resource `ResourcePattern(resourceType=TOPIC, \
         name=orders-, patternType=PREFIXED)`: \n \t(principal=User:carol, host=*, operation=WRITE, \
         permissionType=DENY) \n\n"
    );

    let out = acls(
        &b,
        &[
            "--remove",
            "--force",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Read",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(out, (String::new(), String::new(), 0));
    let (out, _, _) = acls(&b, &["--list", "--topic", "t"]).await;
    assert!(!out.contains("User:alice"), "{out}");
    assert!(out.contains("User:bob"), "{out}");

    // Removing every ACL of a resource filter.
    let out = acls(&b, &["--remove", "--force", "--topic", "t"]).await;
    assert_eq!(out.2, 0);
    assert_eq!(acls(&b, &["--list", "--topic", "t"]).await.0, "");

    // Usage errors, with Kafka's messages.
    let (out, err, code) = acls(&b, &["--add", "--operation", "Read", "--topic", "t"]).await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(err.starts_with("You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.\n"), "{err}");
    let (_, err, code) = acls(
        &b,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Bogus",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(code, 1);
    assert!(err.starts_with("ResourceType TOPIC only supports operations Read, All, AlterConfigs, DescribeConfigs, Delete, Write, Alter, Create, Describe\n"), "{err}");
    let (_, err, code) = acls(&b, &["--list", "--add"]).await;
    assert_eq!(code, 1);
    assert!(
        err.starts_with("Command must include exactly one action: --list, --add, --remove. \n"),
        "{err}"
    );
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kt_acls_without_an_authorizer_reports_security_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let (out, _, code) = acls(&broker.bootstrap(), &["--list"]).await;
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "Error while executing ACL command: org.apache.kafka.common.errors.\
             SecurityDisabledException: No Authorizer is configured on the broker\n"
        ),
        "{out}"
    );
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_producer_is_denied_then_allowed_by_acls() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(
        dir.path(),
        &[ACL_AUTHORIZER, ("allow.everyone.if.no.acl.found", "true")],
    )
    .await;
    let b = broker.bootstrap();
    common::create_topic(&b, "t", 1).await;
    assert_eq!(produce(&b, "t").await, Ok(()));

    // A DENY for the anonymous principal wins over the open default.
    let (_, _, code) = acls(
        &b,
        &[
            "--add",
            "--deny-principal",
            "User:ANONYMOUS",
            "--operation",
            "Write",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(
        produce(&b, "t").await,
        Err(RDKafkaErrorCode::TopicAuthorizationFailed)
    );

    // DENY removed, an ALLOW for someone else: the topic has ACLs, none for us.
    let (_, _, code) = acls(
        &b,
        &[
            "--remove",
            "--force",
            "--deny-principal",
            "User:ANONYMOUS",
            "--operation",
            "Write",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(code, 0);
    let (_, _, code) = acls(
        &b,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Write",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(
        produce(&b, "t").await,
        Err(RDKafkaErrorCode::TopicAuthorizationFailed)
    );

    // Allowed at last (WRITE implies the DESCRIBE the client's Metadata needs).
    let (_, _, code) = acls(
        &b,
        &[
            "--add",
            "--allow-principal",
            "User:ANONYMOUS",
            "--operation",
            "Write",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(produce(&b, "t").await, Ok(()));
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_leaves_out_topics_the_client_may_not_describe() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(
        dir.path(),
        &[ACL_AUTHORIZER, ("allow.everyone.if.no.acl.found", "true")],
    )
    .await;
    let b = broker.bootstrap();
    common::create_topic(&b, "open", 1).await;
    common::create_topic(&b, "closed", 1).await;
    assert_eq!(listed_topics(broker.addr()), ["closed", "open"]);
    let (_, _, code) = acls(
        &b,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Describe",
            "--topic",
            "closed",
        ],
    )
    .await;
    assert_eq!(code, 0);
    assert_eq!(listed_topics(broker.addr()), ["open"]);
    assert_eq!(
        topic_error(broker.addr(), "closed"),
        ResponseError::TopicAuthorizationFailed.code()
    );
    assert_eq!(topic_error(broker.addr(), "open"), 0);
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn super_users_pass_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(
        dir.path(),
        &[ACL_AUTHORIZER, ("super.users", "User:admin;User:ANONYMOUS")],
    )
    .await;
    let b = broker.bootstrap();
    common::create_topic(&b, "t", 1).await;
    let (_, _, code) = acls(&b, &["--add", "--deny-principal", "User:*", "--topic", "t"]).await;
    assert_eq!(code, 0);
    assert_eq!(produce(&b, "t").await, Ok(()));
    assert_eq!(listed_topics(broker.addr()), ["t"]);
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_acls_allow_everyone_if_no_acl_found_decides() {
    let dir = tempfile::tempdir().unwrap();
    let closed = common::start_broker(&dir.path().join("closed"), &[ACL_AUTHORIZER]).await;
    // Nothing is allowed: not creating a topic, not even reading the ACLs.
    let request = MetadataRequest::default()
        .with_topics(Some(vec![MetadataRequestTopic::default()
            .with_name(Some(TopicName(StrBytes::from_static_str("auto"))))]))
        .with_allow_auto_topic_creation(true);
    let answer = raw::Client::connect(closed.addr()).call(9, &request);
    assert_eq!(
        answer.topics[0].error_code,
        ResponseError::TopicAuthorizationFailed.code()
    );
    assert!(listed_topics(closed.addr()).is_empty());
    let (out, _, code) = acls(&closed.bootstrap(), &["--list"]).await;
    assert_eq!(code, 1);
    assert!(out.contains("ClusterAuthorizationException"), "{out}");
    assert!(produce(&closed.bootstrap(), "t").await.is_err());
    closed.shutdown().await;

    let open = common::start_broker(
        &dir.path().join("open"),
        &[ACL_AUTHORIZER, ("allow.everyone.if.no.acl.found", "true")],
    )
    .await;
    let answer = raw::Client::connect(open.addr()).call(9, &request);
    assert_ne!(
        answer.topics[0].error_code,
        ResponseError::TopicAuthorizationFailed.code()
    );
    assert_eq!(produce(&open.bootstrap(), "t2").await, Ok(()));
    open.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zookeeper_mode_acls_are_kafkas_znodes_seen_by_every_broker_and_kept_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(
        dir.path(),
        2,
        &[ACL_AUTHORIZER, ("super.users", "User:ANONYMOUS")],
    )
    .await;
    let first = cluster.broker(0).bootstrap();
    let (_, err, code) = acls(
        &first,
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--operation",
            "Read",
            "--topic",
            "t",
        ],
    )
    .await;
    assert_eq!((code, err.as_str()), (0, ""));
    let (_, _, code) = acls(
        &first,
        &[
            "--add",
            "--allow-principal",
            "User:bob",
            "--operation",
            "Write",
            "--topic",
            "p-",
            "--resource-pattern-type",
            "prefixed",
        ],
    )
    .await;
    assert_eq!(code, 0);

    let zk = cluster.zk_client().await;
    let (data, _) = zk.get_data("/kafka-acl/Topic/t").await.unwrap();
    assert_eq!(
        String::from_utf8(data).unwrap(),
        r#"{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}"#
    );
    assert!(zk
        .get_data("/kafka-acl-extended/prefixed/Topic/p-")
        .await
        .is_ok());
    let notices = zk.list_children("/kafka-acl-changes").await.unwrap();
    assert!(
        notices.iter().any(|n| n.starts_with("acl_changes_")),
        "{notices:?}"
    );

    // The other broker follows the change notifications.
    let other = cluster.broker(1).broker().clone();
    wait_until("broker 1 sees both ACLs", || {
        other
            .authorizer()
            .unwrap()
            .describe(&kt::broker::security::acl::AclBindingFilter::any())
            .len()
            == 2
    })
    .await;
    let listing = acls(&cluster.broker(1).bootstrap(), &["--list"]).await.0;
    assert!(
        listing.contains("User:alice") && listing.contains("patternType=PREFIXED"),
        "{listing}"
    );

    // A restarted broker reads them from ZooKeeper.
    cluster.stop(0).await;
    cluster.restart(0).await;
    let listing_again = acls(&cluster.broker(0).bootstrap(), &["--list"]).await.0;
    assert_eq!(listing_again, listing);
    drop(zk);
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_acls_are_kept_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let settings = [ACL_AUTHORIZER, ("super.users", "User:ANONYMOUS")];
    let broker = common::start_broker(dir.path(), &settings).await;
    let (_, _, code) = acls(
        &broker.bootstrap(),
        &[
            "--add",
            "--allow-principal",
            "User:alice",
            "--consumer",
            "--topic",
            "t",
            "--group",
            "g",
        ],
    )
    .await;
    assert_eq!(code, 0);
    let before = acls(&broker.bootstrap(), &["--list"]).await.0;
    assert!(before.contains("resourceType=GROUP, name=g"), "{before}");
    broker.shutdown().await;
    let broker = common::start_broker(dir.path(), &settings).await;
    assert_eq!(acls(&broker.bootstrap(), &["--list"]).await.0, before);
    broker.shutdown().await;
}
