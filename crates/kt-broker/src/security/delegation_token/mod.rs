//! Delegation tokens (KIP-48), as Kafka 3.9's `DelegationTokenManager` keeps them: a token is
//! a random id, an owner, renewers and three timestamps; its secret is
//! `HmacSHA512(delegation.token.secret.key, tokenId)`, which every broker computes alike, so
//! only the token's information is stored (ZooKeeper's `/delegation_token/tokens/<id>`, or the
//! standalone broker's data directory). A client authenticates with SCRAM as user `tokenId`,
//! password the base64 HMAC, and the `tokenauth=true` extension; it then acts as the owner.
//!
//! - `settings`: the `delegation.token.*` keys (no secret key: the feature is off).
//! - `token`: a token's information, its HMAC, its SCRAM credentials, and the lifetime rules
//!   of create, renew and expire.
//! - `store`: where tokens are kept, and the change notifications Kafka's brokers watch.
//! - `expiry`: the periodic removal of expired tokens.

pub mod expiry;
pub mod requests;
mod settings;
pub mod store;
mod token;

pub use settings::TokenSettings;
pub use store::{TokenStore, TokenStoreError};
pub use token::{hmac, new_token_id, scram_credential, LifetimeError, TokenInformation};
