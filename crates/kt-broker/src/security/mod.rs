//! Security of the broker's listeners. Today: TLS on SSL listeners with rustls
//! (`tls_config` reads Kafka's `ssl.*` keys, `tls_stream` serves a connection through TLS).
//! `sasl` authenticates connections of SASL_PLAINTEXT and SASL_SSL listeners, `acl`
//! authorizes requests with Kafka's ACLs. Kernel TLS (which would give SSL listeners
//! sendfile back) is a later step.

pub mod acl;
mod principal;
pub mod sasl;
mod tls_config;
mod tls_stream;

pub use principal::KafkaPrincipal;
pub use tls_config::{server_config, ClientAuth, TlsConfigError};
pub use tls_stream::handshake;
