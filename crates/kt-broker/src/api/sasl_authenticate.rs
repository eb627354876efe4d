//! SaslAuthenticate once a connection is past authentication (or on a listener without
//! SASL): Kafka answers ILLEGAL_SASL_STATE with this message. A re-authentication
//! (`connections.max.reauth.ms`) starts with SaslHandshake, which the connection's
//! authenticator takes before the route table sees it.

use std::sync::Arc;

use kafka_protocol::messages::{SaslAuthenticateRequest, SaslAuthenticateResponse};

use super::sasl_handshake::ILLEGAL_SASL_STATE;
use super::{str_bytes, RequestContext};
use crate::state::Broker;

pub async fn handle(
    _broker: &Arc<Broker>,
    _request: SaslAuthenticateRequest,
    _ctx: &RequestContext,
) -> SaslAuthenticateResponse {
    SaslAuthenticateResponse::default()
        .with_error_code(ILLEGAL_SASL_STATE)
        .with_error_message(Some(str_bytes(
            "SaslAuthenticate request received after successful authentication",
        )))
}
