//! What the four token APIs share: who may send them at all, and finding a token by the
//! HMAC a renew or expire names.

use kt_base::config::SecurityProtocol;

use super::{hmac, TokenInformation, TokenSettings, TokenStore, TokenStoreError};
use crate::api::RequestContext;
use crate::state::Broker;

/// Kafka's `allowTokenRequests`: not on a PLAINTEXT listener, not on SSL without a client
/// certificate (one-way SSL, anonymous), and not from a connection that authenticated with
/// a delegation token (a token cannot make more tokens).
pub fn allowed(broker: &Broker, ctx: &RequestContext) -> bool {
    let protocol = broker
        .config()
        .listeners
        .iter()
        .find(|l| l.name.as_str() == &*ctx.listener)
        .map(|l| l.protocol);
    let anonymous = *ctx.principal == crate::security::KafkaPrincipal::anonymous();
    !(ctx.principal.token_authenticated
        || protocol == Some(SecurityProtocol::Plaintext)
        || (protocol == Some(SecurityProtocol::Ssl) && anonymous))
}

/// The stored token whose HMAC is `given`, if any.
pub async fn find_by_hmac(
    store: &TokenStore,
    settings: &TokenSettings,
    given: &[u8],
) -> Result<Option<TokenInformation>, TokenStoreError> {
    Ok(store
        .all()
        .await?
        .into_iter()
        .find(|t| same_bytes(&hmac(&settings.secret, &t.token_id), given)))
}

/// Compares in time independent of where the first difference is.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
