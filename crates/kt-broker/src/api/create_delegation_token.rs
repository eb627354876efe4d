//! CreateDelegationToken: a new token for the requester, or for another owner when the
//! requester may CREATE_TOKENS on that User (KIP-373). Kafka's order of checks: the channel
//! (`allowTokenRequests`), the owner's authorization, the renewers' type, then whether the
//! feature is on.

use std::sync::Arc;

use bytes::Bytes;
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{CreateDelegationTokenRequest, CreateDelegationTokenResponse};

use super::authorize::{Op, Resource};
use super::{str_bytes, RequestContext};
use crate::security::delegation_token::{
    self as tokens, requests, TokenInformation, TokenSettings, TokenStore,
};
use crate::security::KafkaPrincipal;
use crate::state::Broker;

pub async fn handle(
    broker: &Arc<Broker>,
    request: CreateDelegationTokenRequest,
    ctx: &RequestContext,
) -> CreateDelegationTokenResponse {
    let requester = KafkaPrincipal::new(&ctx.principal.principal_type, &ctx.principal.name);
    let owner = match request.owner_principal_name.as_deref() {
        Some(name) if !name.is_empty() => KafkaPrincipal::new(
            request.owner_principal_type.as_deref().unwrap_or_default(),
            name,
        ),
        _ => requester.clone(),
    };
    let renewers: Vec<KafkaPrincipal> = request
        .renewers
        .iter()
        .map(|r| KafkaPrincipal::new(r.principal_type.as_str(), r.principal_name.as_str()))
        .collect();
    let mut response = CreateDelegationTokenResponse::default()
        .with_principal_type(str_bytes(&owner.principal_type))
        .with_principal_name(str_bytes(&owner.name))
        .with_issue_timestamp_ms(-1)
        .with_expiry_timestamp_ms(-1)
        .with_max_timestamp_ms(-1);
    // Who asked is answered from version 3 on (KIP-373); earlier versions have no field for it.
    if ctx.version >= 3 {
        response.token_requester_principal_type = str_bytes(&requester.principal_type);
        response.token_requester_principal_name = str_bytes(&requester.name);
    }
    let refused = if !requests::allowed(broker, ctx) {
        Some(ResponseError::DelegationTokenRequestNotAllowed)
    } else if owner != requester
        && !super::authorize(
            broker,
            ctx,
            Op::CreateTokens,
            Resource::User,
            &owner.to_string(),
        )
    {
        Some(ResponseError::DelegationTokenAuthorizationFailed)
    } else if renewers.iter().any(|r| r.principal_type != "User") {
        Some(ResponseError::InvalidPrincipalType)
    } else {
        None
    };
    if let Some(error) = refused {
        response.error_code = error.code();
        return response;
    }
    let settings = match TokenSettings::of(broker.config()) {
        Ok(Some(settings)) => settings,
        _ => {
            response.error_code = ResponseError::DelegationTokenAuthDisabled.code();
            return response;
        }
    };
    let token = TokenInformation::create(
        tokens::new_token_id(),
        owner,
        requester,
        renewers,
        request.max_lifetime_ms,
        kt_base::clock::now_ms(),
        &settings,
    );
    if let Err(e) = TokenStore::of(broker).put(&token).await {
        tracing::error!(
            "Delegation token {} could not be stored: {e}",
            token.token_id
        );
        response.error_code = ResponseError::UnknownServerError.code();
        return response;
    }
    crate::kraft_log::record_security(broker);
    tracing::info!(
        "Created a delegation token: {} for owner: {}",
        token.token_id,
        token.owner
    );
    response.issue_timestamp_ms = token.issue_timestamp;
    response.expiry_timestamp_ms = token.expiry_timestamp;
    response.max_timestamp_ms = token.max_timestamp;
    response.hmac = Bytes::from(tokens::hmac(&settings.secret, &token.token_id));
    response.token_id = str_bytes(&token.token_id);
    response
}
