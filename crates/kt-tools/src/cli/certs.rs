//! `kt certs` (kt): a test CA with a broker and a client certificate as PEM files, and the
//! properties that use them, in place of the keytool/openssl steps of Kafka's security docs.

use std::path::PathBuf;

use clap::Args;

use crate::certs::{self, CertRequest};

/// Flags of `kt certs`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Writes ca.pem, ca-key.pem, broker.pem and client.pem (key, then certificate chain) \
                  and prints the broker and client properties that use them. With --password the \
                  keys are encrypted (ssl.key.password) and broker.p12, client.p12 and \
                  truststore.p12 (PKCS12) are written too.\n\nExample:\n  \
                  kt certs --out-dir /tmp/kt-certs --hosts localhost,127.0.0.1"
)]
pub struct CertsArgs {
    /// The directory to write the PEM files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Host names and addresses the broker's certificate is valid for, comma-separated.
    #[arg(
        long,
        value_name = "HOSTS",
        value_delimiter = ',',
        default_value = "localhost,127.0.0.1"
    )]
    pub hosts: Vec<String>,
    /// The common name of the client certificate (the client's principal is CN=<name>).
    #[arg(long, value_name = "NAME", default_value = "kt-client")]
    pub client_name: String,
    /// How many days the certificates are valid.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub days: u32,
    /// Encrypt the PEM keys with this password and write PKCS12 keystores and a truststore
    /// with it.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
}

/// Makes the files and prints how to use them; exits 1 with the reason on failure.
pub fn run(args: CertsArgs) -> i32 {
    let request = CertRequest {
        hosts: args.hosts.clone(),
        client_name: args.client_name.clone(),
        days: args.days,
        password: args.password.clone(),
    };
    match certs::make(&args.out_dir, &request) {
        Ok(files) => {
            let key_password = args
                .password
                .as_ref()
                .map(|p| format!("ssl.key.password={p}\n"))
                .unwrap_or_default();
            print!(
                "# Broker (server.properties):\n\
                 listeners=PLAINTEXT://:9092,SSL://:9093\n\
                 ssl.keystore.type=PEM\n\
                 ssl.keystore.location={}\n\
                 {key_password}\
                 ssl.truststore.type=PEM\n\
                 ssl.truststore.location={}\n\
                 # ssl.client.auth=required   (mutual TLS)\n\n\
                 # Client (--command-config, --producer.config, --consumer.config):\n\
                 security.protocol=SSL\n\
                 ssl.truststore.type=PEM\n\
                 ssl.truststore.location={}\n\
                 ssl.keystore.type=PEM\n\
                 ssl.keystore.location={}\n\
                 {key_password}",
                files.broker.display(),
                files.ca.display(),
                files.ca.display(),
                files.client.display(),
            );
            if let (Some(stores), Some(password)) = (&files.pkcs12, &args.password) {
                print!(
                    "\n# Or the PKCS12 stores (broker, then client):\n\
                     ssl.keystore.type=PKCS12\n\
                     ssl.keystore.location={}\n\
                     ssl.keystore.password={password}\n\
                     ssl.truststore.type=PKCS12\n\
                     ssl.truststore.location={}\n\
                     ssl.truststore.password={password}\n\
                     ssl.keystore.location={}\n",
                    stores.broker.display(),
                    stores.truststore.display(),
                    stores.client.display(),
                );
            }
            0
        }
        Err(e) => {
            eprintln!("Error: {e:#}");
            1
        }
    }
}
