//! The static JAAS file of Kafka's security documentation: a broker started with
//! `KAFKA_OPTS=-Djava.security.auth.login.config=kafka_server_jaas.conf` takes its SASL users
//! and its own inter-broker login from the file's `KafkaServer` entry, and kt's client commands
//! started with a client file take their login from its `KafkaClient` entry, with no
//! `sasl.jaas.config` property on either side.

use std::path::Path;

use crate::common::{self, KtProcess};

const SERVER_JAAS: &str = r#"
// kafka_server_jaas.conf, as in Kafka's docs
KafkaServer {
    org.apache.kafka.common.security.plain.PlainLoginModule required
    username="admin"
    password="admin-secret"
    user_admin="admin-secret"
    user_alice="alice-secret";
};
"#;

fn client_jaas(user: &str, password: &str) -> String {
    format!(
        "KafkaClient {{\n    org.apache.kafka.common.security.plain.PlainLoginModule required\n    \
         username=\"{user}\"\n    password=\"{password}\";\n}};\n"
    )
}

fn kafka_opts(file: &Path) -> String {
    format!(
        "-Xmx256M -Djava.security.auth.login.config={}",
        file.display()
    )
}

/// `kt ARGS` with `KAFKA_OPTS` naming `jaas` and `stdin` (30 s at most).
fn kt_with_jaas(jaas: &Path, args: &[&str], stdin: &str) -> (String, String, i32) {
    let output = common::kt_command()
        .env("KAFKA_OPTS", kafka_opts(jaas))
        .args(args)
        .write_stdin(stdin)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    common::outcome(output)
}

#[test]
fn a_broker_and_kt_clients_log_in_from_static_jaas_files() {
    let dir = tempfile::tempdir().unwrap();
    let server_jaas = dir.path().join("kafka_server_jaas.conf");
    std::fs::write(&server_jaas, SERVER_JAAS).unwrap();
    let port = common::free_port();
    let props = dir.path().join("server.properties");
    std::fs::write(
        &props,
        format!(
            "broker.id=0\nlisteners=SASL_PLAINTEXT://127.0.0.1:{port}\n\
             security.inter.broker.protocol=SASL_PLAINTEXT\n\
             sasl.mechanism.inter.broker.protocol=PLAIN\nsasl.enabled.mechanisms=PLAIN\n\
             log.dirs={}\noffsets.topic.replication.factor=1\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n",
            dir.path().join("logs").display()
        ),
    )
    .unwrap();
    let opts = kafka_opts(&server_jaas);
    let _broker = KtProcess::start_with_env(
        [std::ffi::OsStr::new("server-start"), props.as_os_str()],
        port,
        &[("KAFKA_OPTS", opts.as_str())],
    );
    let bootstrap = format!("127.0.0.1:{port}");

    // The client properties name no credentials: they come from the KafkaClient entry.
    let client_props = dir.path().join("client.properties");
    std::fs::write(
        &client_props,
        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n",
    )
    .unwrap();
    let client_props = client_props.display().to_string();
    let alice = dir.path().join("alice_jaas.conf");
    std::fs::write(&alice, client_jaas("alice", "alice-secret")).unwrap();

    let (out, err, code) = kt_with_jaas(
        &alice,
        &[
            "topics",
            "--create",
            "--topic",
            "jaas-lines",
            "--bootstrap-server",
            &bootstrap,
            "--command-config",
            &client_props,
        ],
        "",
    );
    assert_eq!(
        (out.as_str(), code),
        ("Created topic jaas-lines.\n", 0),
        "{err}"
    );
    let (_, err, code) = kt_with_jaas(
        &alice,
        &[
            "console-producer",
            "--topic",
            "jaas-lines",
            "--bootstrap-server",
            &bootstrap,
            "--producer.config",
            &client_props,
        ],
        "first\nsecond\n",
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = kt_with_jaas(
        &alice,
        &[
            "console-consumer",
            "--topic",
            "jaas-lines",
            "--from-beginning",
            "--max-messages",
            "2",
            "--bootstrap-server",
            &bootstrap,
            "--consumer.config",
            &client_props,
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("first\nsecond\n", 0), "{err}");

    // kt's own wire client (log-dirs) logs in from the file too.
    let log_dirs = |jaas: &Path| {
        kt_with_jaas(
            jaas,
            &[
                "log-dirs",
                "--describe",
                "--bootstrap-server",
                &bootstrap,
                "--command-config",
                &client_props,
            ],
            "",
        )
    };
    let (out, err, code) = log_dirs(&alice);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("jaas-lines-0"), "{out}");

    // A wrong password in the file is refused by the broker with Kafka's message, and the
    // secret is not printed. (The wire client fails at once; librdkafka's clients keep
    // retrying until their timeout.)
    let mallory = dir.path().join("mallory_jaas.conf");
    std::fs::write(&mallory, client_jaas("alice", "not-her-secret")).unwrap();
    let (out, err, code) = log_dirs(&mallory);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("Authentication failed: Invalid username or password"),
        "{err}"
    );
    assert!(!err.contains("not-her-secret"), "{err}");

    // A file without a KafkaClient entry says so, in Kafka's words.
    let (out, err, code) = log_dirs(&server_jaas);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("Could not find a 'KafkaClient' entry in the JAAS configuration"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_without_a_file_entry_names_the_file_kafkas_way() {
    let dir = tempfile::tempdir().unwrap();
    let jaas = dir.path().join("only_client.conf");
    std::fs::write(&jaas, client_jaas("alice", "x")).unwrap();
    let mut config = common::server_config(
        dir.path(),
        &[
            ("listeners", "SASL_PLAINTEXT://127.0.0.1:0"),
            ("security.inter.broker.protocol", "SASL_PLAINTEXT"),
            ("sasl.mechanism.inter.broker.protocol", "PLAIN"),
            ("sasl.enabled.mechanisms", "PLAIN"),
        ],
    );
    config.jaas_login_config = Some(jaas.clone());
    let err = kt::broker::spawn(config).await.err().unwrap().to_string();
    let expected = format!(
        "Could not find a 'KafkaServer' or 'sasl_plaintext.KafkaServer' entry in the JAAS \
         configuration. System property 'java.security.auth.login.config' is {}",
        jaas.display()
    );
    assert!(err.contains(&expected), "{err}");
}
