//! SASL for kt's raw wire client (`wire`), as Kafka's Java client authenticates: SaslHandshake
//! v1 naming the mechanism, then SaslAuthenticate with PLAIN's single token or SCRAM's two
//! rounds. The client side of the mechanisms is the broker's (`security::sasl::client`, which
//! its links to other brokers use too).

use bytes::Bytes;
use kafka_protocol::messages::{
    SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::StrBytes;
use kt_broker::security::sasl::client::{self, SaslClient, SaslClientError};

use super::client::AuthenticationFailure;
use super::wire::{WireClient, WireError};

/// Who a client authenticates as.
pub(super) struct Login<'a> {
    /// The user name (a delegation token's id with `token_auth`).
    pub user: &'a str,
    /// The password (a delegation token's base64 HMAC with `token_auth`).
    pub password: &'a str,
    /// SCRAM with Kafka's `tokenauth=true` extension: the broker checks a delegation token.
    pub token_auth: bool,
}

/// Authenticates `client` with `mechanism` as `login` says.
pub(super) async fn authenticate(
    client: &mut WireClient,
    mechanism: &str,
    login: Login<'_>,
) -> Result<(), WireError> {
    let failed =
        |e: SaslClientError| WireError::Authentication(AuthenticationFailure::Sasl(e.to_string()));
    let handshake: SaslHandshakeResponse = client
        .call(
            &SaslHandshakeRequest::default()
                .with_mechanism(StrBytes::from_string(mechanism.to_string())),
            1,
        )
        .await?;
    if handshake.error_code != 0 {
        let enabled = handshake.mechanisms.iter().map(|m| m.to_string());
        return Err(failed(SaslClientError::disabled(mechanism, enabled)));
    }
    let login = client::Login {
        user: login.user.to_string(),
        password: login.password.to_string(),
        token_auth: login.token_auth,
    };
    let token_auth = login.token_auth;
    let Some(mut sasl) = SaslClient::new(mechanism, login) else {
        return Err(match token_auth {
            true => failed(SaslClientError::TokenNeedsScram(mechanism.to_string())),
            false => WireError::Config(format!(
                "sasl.mechanism={mechanism} is not supported by kt's clients (PLAIN, \
                 SCRAM-SHA-256 and SCRAM-SHA-512 are)"
            )),
        });
    };
    let mut token = sasl.first_token().map_err(failed)?;
    loop {
        let answer = exchange(client, token).await?;
        match sasl.next(&answer).map_err(failed)? {
            Some(next) => token = next,
            None => return Ok(()),
        }
    }
}

/// One SaslAuthenticate round: the broker's token, or its error message.
async fn exchange(client: &mut WireClient, token: Vec<u8>) -> Result<Vec<u8>, WireError> {
    let response: SaslAuthenticateResponse = client
        .call(
            &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
            2,
        )
        .await?;
    if response.error_code != 0 {
        return Err(WireError::Authentication(AuthenticationFailure::Sasl(
            response
                .error_message
                .map(|m| m.to_string())
                .unwrap_or_else(|| {
                    format!("SASL authentication failed (error {})", response.error_code)
                }),
        )));
    }
    Ok(response.auth_bytes.to_vec())
}
