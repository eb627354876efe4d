//! `kt certs` (kt): a test CA with a broker and a client certificate as PEM files, and the
//! properties that use them, in place of the keytool/openssl steps of Kafka's security docs.

use std::path::PathBuf;

use clap::Args;

use crate::certs::{self, CertRequest};

/// Flags of `kt certs`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Writes ca.pem, ca-key.pem, broker.pem and client.pem (key, then certificate chain) \
                  and prints the broker and client properties that use them.\n\nExample:\n  \
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
}

/// Makes the files and prints how to use them; exits 1 with the reason on failure.
pub fn run(args: CertsArgs) -> i32 {
    let request = CertRequest {
        hosts: args.hosts.clone(),
        client_name: args.client_name.clone(),
        days: args.days,
    };
    match certs::make(&args.out_dir, &request) {
        Ok(files) => {
            println!("# Broker (server.properties):");
            println!("listeners=PLAINTEXT://:9092,SSL://:9093");
            println!("ssl.keystore.type=PEM");
            println!("ssl.keystore.location={}", files.broker.display());
            println!("ssl.truststore.type=PEM");
            println!("ssl.truststore.location={}", files.ca.display());
            println!("# ssl.client.auth=required   (mutual TLS)");
            println!();
            println!("# Client (--command-config, --producer.config, --consumer.config):");
            println!("security.protocol=SSL");
            println!("ssl.truststore.type=PEM");
            println!("ssl.truststore.location={}", files.ca.display());
            println!("ssl.keystore.type=PEM");
            println!("ssl.keystore.location={}", files.client.display());
            0
        }
        Err(e) => {
            eprintln!("Error: {e:#}");
            1
        }
    }
}
