//! ExpireDelegationToken: ends the token with this HMAC now (a negative period: it is
//! removed) or sets its expiry that far from now, by its owner or a renewer.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{ExpireDelegationTokenRequest, ExpireDelegationTokenResponse};

use super::renew_delegation_token::lifetime_error;
use super::RequestContext;
use crate::security::delegation_token::{requests, TokenSettings, TokenStore, TokenStoreError};
use crate::state::Broker;

pub async fn handle(
    broker: &Arc<Broker>,
    request: ExpireDelegationTokenRequest,
    ctx: &RequestContext,
) -> ExpireDelegationTokenResponse {
    let (error, expiry) = match expire(broker, &request, ctx).await {
        Ok(expiry) => (0, expiry),
        Err(e) => (e.code(), -1),
    };
    ExpireDelegationTokenResponse::default()
        .with_error_code(error)
        .with_expiry_timestamp_ms(expiry)
}

async fn expire(
    broker: &Broker,
    request: &ExpireDelegationTokenRequest,
    ctx: &RequestContext,
) -> Result<i64, ResponseError> {
    if !requests::allowed(broker, ctx) {
        return Err(ResponseError::DelegationTokenRequestNotAllowed);
    }
    let Ok(Some(settings)) = TokenSettings::of(broker.config()) else {
        return Err(ResponseError::DelegationTokenAuthDisabled);
    };
    let store = TokenStore::of(broker);
    let _guard = TokenStore::lock().await;
    let failed = |e: TokenStoreError| {
        tracing::error!("Delegation token expiry failed: {e}");
        ResponseError::UnknownServerError
    };
    let mut token = requests::find_by_hmac(&store, &settings, &request.hmac)
        .await
        .map_err(failed)?
        .ok_or(ResponseError::DelegationTokenNotFound)?;
    let now = kt_base::clock::now_ms();
    match token
        .expire(&ctx.principal, request.expiry_time_period_ms, now)
        .map_err(lifetime_error)?
    {
        None => {
            store.remove(&token.token_id).await.map_err(failed)?;
            crate::kraft_log::record_security(broker);
            tracing::info!(
                "Token expired for token: {} for owner: {}",
                token.token_id,
                token.owner
            );
            Ok(now)
        }
        Some(expiry) => {
            store.put(&token).await.map_err(failed)?;
            crate::kraft_log::record_security(broker);
            tracing::info!(
                "Updated expiry time for token: {} for owner: {}",
                token.token_id,
                token.owner
            );
            Ok(expiry)
        }
    }
}
