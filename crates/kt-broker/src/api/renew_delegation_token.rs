//! RenewDelegationToken: moves the expiry of the token with this HMAC, by its owner or a
//! renewer, never beyond its maximum time.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{RenewDelegationTokenRequest, RenewDelegationTokenResponse};

use super::RequestContext;
use crate::security::delegation_token::{requests, LifetimeError, TokenSettings, TokenStore};
use crate::state::Broker;

pub async fn handle(
    broker: &Arc<Broker>,
    request: RenewDelegationTokenRequest,
    ctx: &RequestContext,
) -> RenewDelegationTokenResponse {
    let (error, expiry) = renew(broker, &request, ctx)
        .await
        .unwrap_or_else(|e| (e, -1));
    RenewDelegationTokenResponse::default()
        .with_error_code(error.map_or(0, |e| e.code()))
        .with_expiry_timestamp_ms(expiry)
}

async fn renew(
    broker: &Broker,
    request: &RenewDelegationTokenRequest,
    ctx: &RequestContext,
) -> Result<(Option<ResponseError>, i64), Option<ResponseError>> {
    if !requests::allowed(broker, ctx) {
        return Err(Some(ResponseError::DelegationTokenRequestNotAllowed));
    }
    let Ok(Some(settings)) = TokenSettings::of(broker.config()) else {
        return Err(Some(ResponseError::DelegationTokenAuthDisabled));
    };
    let store = TokenStore::of(broker);
    let _guard = TokenStore::lock().await;
    let failed = |e: crate::security::delegation_token::TokenStoreError| {
        tracing::error!("Delegation token renewal failed: {e}");
        Some(ResponseError::UnknownServerError)
    };
    let mut token = requests::find_by_hmac(&store, &settings, &request.hmac)
        .await
        .map_err(failed)?
        .ok_or(Some(ResponseError::DelegationTokenNotFound))?;
    let now = kt_base::clock::now_ms();
    let expiry = token
        .renew(&ctx.principal, request.renew_period_ms, now, &settings)
        .map_err(|e| Some(lifetime_error(e)))?;
    store.put(&token).await.map_err(failed)?;
    crate::kraft_log::record_security(broker);
    tracing::info!(
        "Delegation token renewed for token: {} for owner: {}",
        token.token_id,
        token.owner
    );
    Ok((None, expiry))
}

/// The API error of a refused renew or expire.
pub(crate) fn lifetime_error(e: LifetimeError) -> ResponseError {
    match e {
        LifetimeError::OwnerMismatch => ResponseError::DelegationTokenOwnerMismatch,
        LifetimeError::Expired => ResponseError::DelegationTokenExpired,
    }
}
