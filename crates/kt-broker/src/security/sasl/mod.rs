//! SASL authentication on SASL_PLAINTEXT and SASL_SSL listeners: PLAIN against the
//! listener's JAAS users, SCRAM-SHA-256/512 against credentials stored as Kafka stores them,
//! OAUTHBEARER with unsecured tokens; and re-authentication of a connection whose session
//! ends (KIP-368, `connections.max.reauth.ms`).
//!
//! - `jaas`: Kafka's JAAS option syntax (`sasl.jaas.config`, and static JAAS files).
//! - `jaas_context`: where a login's modules come from (properties, else the static file).
//! - `listener_sasl`: a listener's enabled mechanisms and PLAIN users.
//! - `plain`, `scram`, `oauthbearer`: the mechanisms.
//! - `credentials`: where SCRAM credentials are kept (ZooKeeper or the data dir).
//! - `authenticator`: the per-connection exchange (SaslHandshake, SaslAuthenticate), and the
//!   session it opens.
//! - `client`: the client side of PLAIN and SCRAM, for every connection kt opens to a broker.

mod authenticator;
pub mod client;
pub mod credentials;
pub mod jaas;
pub mod jaas_context;
mod listener_sasl;
pub mod oauthbearer;
mod plain;
pub mod scram;

pub use authenticator::{Admission, Authenticator, SaslStep, MAX_RECEIVE_SIZE};
pub use listener_sasl::{ListenerSasl, Mechanism, SaslConfigError};
