//! kafka-metadata-shell.sh over a KRaft node of kt: the node records its topics, partitions,
//! configs, dynamic broker configs, ACLs, SCRAM credentials, delegation tokens and its broker
//! and controller registrations in `__cluster_metadata-0` in Kafka's record format, and
//! `kt metadata-shell` reads them back laid out as Kafka 3.9's shell lays out its image
//! (`/image/...`, `/local/...`), with Kafka's `ls`/`cat`/`tree`/`find` output.

use crate::common::security::{client_jaas, properties_file};
use crate::common::{self, KtProcess};

use std::path::Path;
use std::time::Duration;

fn kt_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let output = common::kt_command()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.code().unwrap_or(-1),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (out, err, code) = kt_in(dir, args);
    assert_eq!(code, 0, "kt {args:?}: {err}");
    out
}

/// Writes `kraft.properties` into `root` and formats the node's directories with
/// `kt storage format`: the `directory.id` of `logs`.
fn format_node(root: &Path, config: &str, logs: &Path) -> String {
    std::fs::write(root.join("kraft.properties"), config).unwrap();
    let cluster_id = ok(root, &["storage", "random-uuid"]).trim().to_string();
    ok(
        root,
        &[
            "storage",
            "format",
            "-t",
            &cluster_id,
            "-c",
            "kraft.properties",
        ],
    );
    std::fs::read_to_string(logs.join("meta.properties"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("directory.id=").map(str::to_string))
        .unwrap()
}

#[test]
fn metadata_shell_reads_a_kraft_nodes_topics_configs_and_registration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (broker_port, controller_port) = (common::free_port(), common::free_port());
    let node = 1;
    let logs = root.join("kraft-logs");
    let config = format!(
        "process.roles=broker,controller\n\
         node.id={node}\n\
         controller.quorum.voters={node}@127.0.0.1:{controller_port}\n\
         listeners=PLAINTEXT://127.0.0.1:{broker_port},CONTROLLER://127.0.0.1:{controller_port}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{broker_port}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
         log.dirs={}\n",
        logs.display()
    );
    let directory_id = format_node(root, &config, &logs);

    // KtProcess::start runs kt in the test's directory: the config path is absolute.
    let config_path = root.join("kraft.properties");
    let mut server = KtProcess::start(["server-start", config_path.to_str().unwrap()], broker_port);
    let b = format!("127.0.0.1:{broker_port}");
    let b = b.as_str();
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "orders",
            "--partitions",
            "3",
            "--config",
            "retention.ms=12345",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "payments",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--create",
            "--topic",
            "gone",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "topics",
            "--delete",
            "--topic",
            "gone",
            "--bootstrap-server",
            b,
        ],
    );
    ok(
        root,
        &[
            "configs",
            "--alter",
            "--entity-type",
            "topics",
            "--entity-name",
            "payments",
            "--add-config",
            "cleanup.policy=compact",
            "--bootstrap-server",
            b,
        ],
    );
    let describe = ok(
        root,
        &[
            "topics",
            "--describe",
            "--topic",
            "orders",
            "--bootstrap-server",
            b,
        ],
    );
    let orders_id = describe
        .split("TopicId: ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();
    server.kill_9();

    let log_dir = logs.join("__cluster_metadata-0");
    let segment = log_dir.join("00000000000000000000.log");
    let seg = segment.to_str().unwrap();
    let shell = |args: &[&str]| -> String {
        let mut full = vec!["metadata-shell", "--snapshot", seg];
        full.extend_from_slice(args);
        ok(root, &full)
    };

    assert_eq!(shell(&["ls", "/"]), "image\nlocal\n");
    assert_eq!(
        shell(&["ls", "/image"]),
        "acls\nclientQuotas\ncluster\nconfigs\ndelegationToken\nfeatures\nproducerIds\n\
         provenance\nscram\ntopics\n"
    );
    assert_eq!(shell(&["ls", "/image/topics/byName"]), "orders\npayments\n");
    assert_eq!(
        shell(&["cat", "/image/topics/byName/orders/id"]),
        format!("{orders_id}\n")
    );
    let partition = format!(
        "PartitionRegistration(replicas=[{node}], directories=[{directory_id}], isr=[{node}], \
         removingReplicas=[], addingReplicas=[], elr=[], lastKnownElr=[], leader={node}, \
         leaderRecoveryState=RECOVERED, leaderEpoch=0, partitionEpoch=0)"
    );
    assert_eq!(
        shell(&["cat", "/image/topics/byName/orders/2"]),
        format!("{partition}\n")
    );
    assert_eq!(
        shell(&["ls", &format!("/image/topics/byId/{orders_id}")]),
        "0\n1\n2\nid\nname\n"
    );
    assert_eq!(
        shell(&["cat", "/image/configs/TOPIC:orders/retention.ms"]),
        "12345\n"
    );
    assert_eq!(
        shell(&["cat", "/image/configs/TOPIC:payments/cleanup.policy"]),
        "compact\n"
    );
    assert_eq!(
        shell(&["cat", "/image/features/metadataVersion"]),
        "3.9-IV0\n"
    );
    assert_eq!(
        shell(&["cat", "/image/features/zkMigrationState"]),
        "NONE\n"
    );
    let broker = shell(&["cat", &format!("/image/cluster/brokers/{node}")]);
    assert!(
        broker.starts_with(&format!("BrokerRegistration(id={node}, epoch=")),
        "{broker}"
    );
    assert!(
        broker.contains(&format!(
            "listeners=[Endpoint(listenerName='PLAINTEXT', securityProtocol=PLAINTEXT, \
             host='127.0.0.1', port={broker_port})]"
        )),
        "{broker}"
    );
    assert!(
        broker.ends_with(&format!(
            "rack=Optional.empty, fenced=false, inControlledShutdown=false, \
             isMigratingZkBroker=false, directories=[{directory_id}])\n"
        )),
        "{broker}"
    );
    let payments_id = shell(&["cat", "/image/topics/byName/payments/id"]);
    assert_eq!(
        shell(&["tree", "/image/topics/byName/payments"]),
        format!("0:\n  {partition}\nid:\n  {payments_id}name:\n  payments\n")
    );
    assert_eq!(
        shell(&["find", "/image/topics/byName/payments"]),
        "/image/topics/byName/payments\n/image/topics/byName/payments/0\n\
         /image/topics/byName/payments/id\n/image/topics/byName/payments/name\n"
    );
    // Globs, and two targets of ls with their introductions.
    assert_eq!(
        shell(&["cat", "/image/topics/byName/*/name"]),
        "orders\npayments\n"
    );
    assert_eq!(
        shell(&["ls", "/image/cluster", "/local"]),
        "cluster:\nbrokers\ncontrollers\n\nlocal:\ncommitId\nversion\n"
    );
    let provenance = shell(&["cat", "/image/provenance"]);
    assert!(
        provenance.starts_with("offset ") && provenance.contains(", epoch 1, time 20"),
        "{provenance}"
    );
    assert!(provenance.trim_end().ends_with("Z[UTC]"), "{provenance}");

    // The whole directory reads the same; the segment is Kafka's batch format (dump-log
    // checks every batch's CRC).
    let (by_dir, _, code) = kt_in(
        root,
        &[
            "kafka-metadata-shell.sh",
            "--directory",
            log_dir.to_str().unwrap(),
            "ls",
            "/image/topics/byName",
        ],
    );
    assert_eq!((by_dir.as_str(), code), ("orders\npayments\n", 0));
    let dump = ok(root, &["dump-log", "--files", seg]);
    assert!(dump.contains("baseOffset: 0"), "{dump}");

    // A path that is not there is Kafka's in-band message; bad input exits 1 with a reason.
    assert_eq!(
        shell(&["cat", "/image/topics/byName/gone"]),
        "cat: /image/topics/byName/gone: No such file or directory.\n"
    );
    let (_, err, code) = kt_in(root, &["metadata-shell", "--snapshot", seg, "frob"]);
    assert_eq!(code, 1);
    assert!(err.contains("invalid choice: 'frob'"), "{err}");
    let (_, err, code) = kt_in(
        root,
        &["metadata-shell", "--snapshot", "/nonexistent/x.log", "ls"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/x.log does not exist"), "{err}");
    let (_, err, code) = kt_in(root, &["metadata-shell", "ls"]);
    assert_eq!(code, 1);
    assert!(err.contains("snapshot"), "{err}");
}

#[test]
fn metadata_shell_reads_a_kraft_nodes_broker_configs_acls_credentials_tokens_and_controller() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (broker_port, sasl_port, controller_port) = (
        common::free_port(),
        common::free_port(),
        common::free_port(),
    );
    let node = 1;
    let logs = root.join("kraft-logs");
    // A PLAINTEXT listener for the (super user) admin, a SCRAM one for the token's owner.
    let config = format!(
        "process.roles=broker,controller\n\
         node.id={node}\n\
         controller.quorum.voters={node}@127.0.0.1:{controller_port}\n\
         listeners=PLAINTEXT://127.0.0.1:{broker_port},SASL_PLAINTEXT://127.0.0.1:{sasl_port},\
         CONTROLLER://127.0.0.1:{controller_port}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{broker_port},\
         SASL_PLAINTEXT://127.0.0.1:{sasl_port}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,\
         SASL_PLAINTEXT:SASL_PLAINTEXT\n\
         sasl.enabled.mechanisms=SCRAM-SHA-256\n\
         authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
         super.users=User:ANONYMOUS\n\
         delegation.token.secret.key=kt-token-secret\n\
         log.dirs={}\n",
        logs.display()
    );
    format_node(root, &config, &logs);
    let config_path = root.join("kraft.properties");
    let mut server = KtProcess::start(["server-start", config_path.to_str().unwrap()], broker_port);
    let b = format!("127.0.0.1:{broker_port}");
    let b = b.as_str();
    let kt = |args: &[&str]| -> String {
        let mut full = args.to_vec();
        full.extend_from_slice(&["--bootstrap-server", b]);
        ok(root, &full)
    };

    // Dynamic broker configs: this node's (one set then removed) and the cluster default.
    let brokers = ["configs", "--alter", "--entity-type", "brokers"];
    kt(&[
        &brokers[..],
        &[
            "--entity-name",
            "1",
            "--add-config",
            "log.cleaner.threads=2,message.max.bytes=2000",
        ],
    ]
    .concat());
    kt(&[
        &brokers[..],
        &["--entity-name", "1", "--delete-config", "message.max.bytes"],
    ]
    .concat());
    kt(&[
        &brokers[..],
        &[
            "--entity-default",
            "--add-config",
            "log.retention.ms=3600000",
        ],
    ]
    .concat());
    // ACLs: two added, one of them removed.
    kt(&[
        "acls",
        "--add",
        "--allow-principal",
        "User:alice",
        "--operation",
        "Read",
        "--topic",
        "orders",
    ]);
    let carol = [
        "--deny-principal",
        "User:carol",
        "--operation",
        "Write",
        "--topic",
        "orders-",
        "--resource-pattern-type",
        "prefixed",
    ];
    kt(&[&["acls", "--add"][..], &carol[..]].concat());
    kt(&[&["acls", "--remove", "--force"][..], &carol[..]].concat());
    // A SCRAM user, and a delegation token it creates for itself.
    kt(&[
        "configs",
        "--alter",
        "--entity-type",
        "users",
        "--entity-name",
        "alice",
        "--add-config",
        "SCRAM-SHA-256=[iterations=4096,password=alice-secret]",
    ]);
    let alice = properties_file(
        root,
        "alice.properties",
        &format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n\
             sasl.jaas.config={}\n",
            client_jaas("SCRAM-SHA-256", "alice", "alice-secret")
        ),
    );
    let sasl = format!("127.0.0.1:{sasl_port}");
    let created = ok(
        root,
        &[
            "delegation-tokens",
            "--bootstrap-server",
            &sasl,
            "--command-config",
            &alice,
            "--create",
            "--max-life-time-period",
            "-1",
            "--renewer-principal",
            "User:bob",
        ],
    );
    let token_id = created
        .lines()
        .find_map(|l| l.strip_prefix("Created delegation token with tokenId : "))
        .unwrap_or_else(|| panic!("{created}"))
        .to_string();
    server.kill_9();

    let log_dir = logs.join("__cluster_metadata-0");
    let shell = |args: &[&str]| -> String {
        let mut full = vec!["metadata-shell", "--directory", log_dir.to_str().unwrap()];
        full.extend_from_slice(args);
        ok(root, &full)
    };

    // ConfigRecords of the BROKER resource: "1" and the default ("", shown as BROKER).
    assert_eq!(
        shell(&["ls", "/image/configs"]),
        "BROKER\nBROKER:1\n",
        "no topic has configs"
    );
    assert_eq!(
        shell(&["tree", "/image/configs/BROKER:1"]),
        "log.cleaner.threads:\n  2\n"
    );
    assert_eq!(
        shell(&["cat", "/image/configs/BROKER/log.retention.ms"]),
        "3600000\n"
    );

    // The ACL left, under its id; the removed one is gone.
    let acl_ids = shell(&["ls", "/image/acls/byId"]);
    assert_eq!(acl_ids.lines().count(), 1, "{acl_ids}");
    assert_eq!(acl_ids.trim().len(), 22, "a Uuid: {acl_ids}");
    let alice_acl = "StandardAcl(resourceType=TOPIC, resourceName=orders, patternType=LITERAL, \
                     principal=User:alice, host=*, operation=READ, permissionType=ALLOW)\n";
    assert_eq!(
        shell(&["cat", &format!("/image/acls/byId/{}", acl_ids.trim())]),
        alice_acl
    );
    assert_eq!(shell(&["ls", "/image/acls"]), "byId\n");

    // The SCRAM credential AlterUserScramCredentials stored.
    assert_eq!(shell(&["ls", "/image/scram/SCRAM-SHA-256"]), "alice\n");
    let credential = shell(&["cat", "/image/scram/SCRAM-SHA-256/alice"]);
    assert!(
        credential.starts_with("ScramCredentialData(salt=")
            && credential.ends_with(", iterations=4096)\n"),
        "{credential}"
    );

    // The token, as DelegationTokenDataNode prints it.
    assert_eq!(
        shell(&["ls", "/image/delegationToken"]),
        format!("{token_id}\n")
    );
    let token = shell(&["cat", &format!("/image/delegationToken/{token_id}")]);
    let prefix = format!(
        "DelegationTokenDatatokenId={token_id}(owner=User:alice(tokenRequester=User:alice\
         (renewers=User:bob, issueTimestamp="
    );
    assert!(token.starts_with(&prefix), "{token}");
    let times: Vec<i64> = token[prefix.len()..]
        .trim_end()
        .split([',', ')', '='])
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    assert_eq!(times.len(), 3, "issue, max and expiry times: {token}");
    assert!(times[0] <= times[2] && times[2] <= times[1], "{token}");

    // The controller's registration, with its controller listener and features.
    assert_eq!(shell(&["ls", "/image/cluster/controllers"]), "1\n");
    let controller = shell(&["cat", "/image/cluster/controllers/1"]);
    let registered = |text: &str| {
        let (head, tail) = text.split_once(", zkMigrationReady=").unwrap();
        assert!(
            head.starts_with("ControllerRegistration(id=1, incarnationId="),
            "{text}"
        );
        assert_eq!(
            tail,
            format!(
                "false, listeners=[Endpoint(listenerName='CONTROLLER', \
                 securityProtocol=PLAINTEXT, host='127.0.0.1', port={controller_port})], \
                 supportedFeatures={{kraft.version: 0-1, metadata.version: 1-21}})\n"
            ),
        );
        head.to_string()
    };
    let first_incarnation = registered(&controller);

    // A restart registers the controller anew and writes nothing else again: the same ACL
    // under the same id, the same token, the same configs.
    let before = shell(&["find", "/image"]);
    let mut server = KtProcess::start(["server-start", config_path.to_str().unwrap()], broker_port);
    kt(&["topics", "--list"]);
    server.kill_9();
    let after_restart = registered(&shell(&["cat", "/image/cluster/controllers/1"]));
    assert_ne!(first_incarnation, after_restart);
    assert_eq!(shell(&["find", "/image"]), before);
    assert_eq!(shell(&["ls", "/image/acls/byId"]), acl_ids);
    assert_eq!(
        shell(&["cat", &format!("/image/acls/byId/{}", acl_ids.trim())]),
        alice_acl
    );

    // Changes the log missed (here: made to the node's files while it was down) are written
    // at the next start: the ACL and the token are removed from the image.
    std::fs::write(logs.join("kt-acls.json"), r#"{"version":1,"resources":[]}"#).unwrap();
    std::fs::write(logs.join("kt-delegation-tokens.json"), "{}").unwrap();
    let mut server = KtProcess::start(["server-start", config_path.to_str().unwrap()], broker_port);
    kt(&["topics", "--list"]);
    server.kill_9();
    assert_eq!(shell(&["ls", "/image/acls/byId"]), "");
    assert_eq!(shell(&["ls", "/image/delegationToken"]), "");
    assert_eq!(shell(&["ls", "/image/scram/SCRAM-SHA-256"]), "alice\n");
}
