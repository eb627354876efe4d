//! DescribeDelegationToken: the tokens the requester may see, with their HMACs (Kafka's
//! `filterToken`): its own and those it renews, those it may DESCRIBE as a DelegationToken
//! resource, and those of owners it may DESCRIBE_TOKENS for; owners named in the request
//! narrow that to tokens those principals own or renew (an empty list: none).

use std::sync::Arc;

use bytes::Bytes;
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_delegation_token_response::{
    DescribedDelegationToken, DescribedDelegationTokenRenewer,
};
use kafka_protocol::messages::{DescribeDelegationTokenRequest, DescribeDelegationTokenResponse};

use super::authorize::{Op, Resource};
use super::{str_bytes, RequestContext};
use crate::security::delegation_token::{self as tokens, requests, TokenSettings, TokenStore};
use crate::security::KafkaPrincipal;
use crate::state::Broker;

pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeDelegationTokenRequest,
    ctx: &RequestContext,
) -> DescribeDelegationTokenResponse {
    let mut response = DescribeDelegationTokenResponse::default();
    if !requests::allowed(broker, ctx) {
        response.error_code = ResponseError::DelegationTokenRequestNotAllowed.code();
        return response;
    }
    let Ok(Some(settings)) = TokenSettings::of(broker.config()) else {
        response.error_code = ResponseError::DelegationTokenAuthDisabled.code();
        return response;
    };
    let owners: Option<Vec<KafkaPrincipal>> = request.owners.map(|owners| {
        owners
            .iter()
            .map(|o| KafkaPrincipal::new(o.principal_type.as_str(), o.principal_name.as_str()))
            .collect()
    });
    if owners.as_ref().is_some_and(Vec::is_empty) {
        return response;
    }
    let all = match TokenStore::of(broker).all().await {
        Ok(all) => all,
        Err(e) => {
            tracing::error!("Delegation tokens could not be read: {e}");
            response.error_code = ResponseError::UnknownServerError.code();
            return response;
        }
    };
    for token in all {
        let wanted = owners
            .as_ref()
            .is_none_or(|owners| owners.iter().any(|o| token.owner_or_renewer(o)));
        let visible = token.owner_or_renewer(&ctx.principal)
            || super::authorize(
                broker,
                ctx,
                Op::Describe,
                Resource::DelegationToken,
                &token.token_id,
            )
            || super::authorize(
                broker,
                ctx,
                Op::DescribeTokens,
                Resource::User,
                &token.owner.to_string(),
            );
        if !(wanted && visible) {
            continue;
        }
        let principal = |p: &KafkaPrincipal| (str_bytes(&p.principal_type), str_bytes(&p.name));
        let (owner_type, owner_name) = principal(&token.owner);
        // Who asked for the token is described from version 3 on (KIP-373).
        let (requester_type, requester_name) = match ctx.version >= 3 {
            true => principal(&token.requester),
            false => Default::default(),
        };
        response.tokens.push(
            DescribedDelegationToken::default()
                .with_principal_type(owner_type)
                .with_principal_name(owner_name)
                .with_token_requester_principal_type(requester_type)
                .with_token_requester_principal_name(requester_name)
                .with_issue_timestamp(token.issue_timestamp)
                .with_expiry_timestamp(token.expiry_timestamp)
                .with_max_timestamp(token.max_timestamp)
                .with_token_id(str_bytes(&token.token_id))
                .with_hmac(Bytes::from(tokens::hmac(&settings.secret, &token.token_id)))
                .with_renewers(
                    token
                        .renewers
                        .iter()
                        .map(|r| {
                            DescribedDelegationTokenRenewer::default()
                                .with_principal_type(str_bytes(&r.principal_type))
                                .with_principal_name(str_bytes(&r.name))
                        })
                        .collect(),
                ),
        );
    }
    response
}
