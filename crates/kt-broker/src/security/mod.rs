//! Security of the broker's listeners. Today: TLS on SSL listeners with rustls
//! (`tls_config` reads Kafka's `ssl.*` keys, from PEM — its key maybe encrypted, see
//! `encrypted_key` — or PKCS12 files, see `pkcs12_store`; `tls_stream` serves a connection
//! through TLS).
//! `sasl` authenticates connections of SASL_PLAINTEXT and SASL_SSL listeners;
//! `tls_principal` names a client by its certificate (`ssl.principal.mapping.rules`);
//! `acl` authorizes requests with Kafka's ACLs; `delegation_token` keeps delegation tokens
//! (a SCRAM exchange with `tokenauth` authenticates with one). `inter_broker` and
//! `tls_client` are the client side: how this broker connects to the others. Kernel TLS
//! (which would give SSL listeners sendfile back) is a later step.

pub mod acl;
mod certificate_subject;
pub mod delegation_token;
pub mod encrypted_key;
pub mod inter_broker;
mod json_file;
pub mod pkcs12_store;
mod principal;
mod principal_mapping;
pub mod sasl;
mod tls_client;
mod tls_config;
mod tls_principal;
mod tls_stream;

pub use certificate_subject::{subject_dn, SubjectError};
pub use principal::KafkaPrincipal;
pub use principal_mapping::{MappingError, PrincipalMapper};
pub use tls_client::{client_config, ChainVerifier};
pub use tls_config::{server_config, ClientAuth, TlsConfigError};
pub use tls_principal::principal_of;
pub use tls_stream::handshake;
