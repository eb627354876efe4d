//! SaslHandshake once a connection is past authentication (or on a listener without SASL):
//! Kafka answers ILLEGAL_SASL_STATE. The exchange itself is the connection's authenticator's
//! (`security::sasl`), which sees these requests before they reach the route table.

use std::sync::Arc;

use kafka_protocol::messages::{SaslHandshakeRequest, SaslHandshakeResponse};

use super::RequestContext;
use crate::state::Broker;

/// Kafka's ILLEGAL_SASL_STATE.
pub(crate) const ILLEGAL_SASL_STATE: i16 = 34;

pub async fn handle(
    _broker: &Arc<Broker>,
    _request: SaslHandshakeRequest,
    _ctx: &RequestContext,
) -> SaslHandshakeResponse {
    SaslHandshakeResponse::default().with_error_code(ILLEGAL_SASL_STATE)
}
