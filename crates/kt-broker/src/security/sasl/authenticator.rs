//! The SASL exchange at the start of a connection on a SASL_PLAINTEXT or SASL_SSL listener,
//! as Kafka's `SaslServerAuthenticator` runs it: ApiVersions (optional), SaslHandshake naming
//! the mechanism, then the mechanism's tokens — in SaslAuthenticate requests after a v1
//! handshake (KIP-152, what current clients do), or as bare size-prefixed tokens after a v0
//! one. Nothing else is served before the exchange succeeds.
//!
//! Kafka's answers: an unknown mechanism gets UNSUPPORTED_SASL_MECHANISM with the enabled
//! list; failed credentials get SASL_AUTHENTICATION_FAILED with the mechanism's message; any
//! other request before authentication closes the connection (ILLEGAL_SASL_STATE in Kafka's
//! log). A failure is logged once, `Failed authentication with /IP (message)`, never with a
//! secret, and the connection is closed after the answer.

use std::net::SocketAddr;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::{
    ApiKey, RequestHeader, SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest,
    SaslHandshakeResponse,
};
use kafka_protocol::protocol::{Decodable, Encodable};

use super::credentials::CredentialStore;
use super::listener_sasl::{ListenerSasl, Mechanism};
use super::scram::{self, ScramError, ScramExchange, ScramMechanism};
use crate::api::DispatchError;
use crate::security::KafkaPrincipal;
use crate::state::Broker;

/// Kafka's UNSUPPORTED_SASL_MECHANISM.
const UNSUPPORTED_SASL_MECHANISM: i16 = 33;
/// Kafka's SASL_AUTHENTICATION_FAILED.
const SASL_AUTHENTICATION_FAILED: i16 = 58;
/// `sasl.server.max.receive.size`'s default: the largest frame read before authentication.
pub const MAX_RECEIVE_SIZE: i32 = 524_288;

/// What the connection does after the authenticator has seen a frame.
#[derive(Debug)]
pub enum SaslStep {
    /// The answer (if any) is in the output buffer; wait for the next frame.
    Answered,
    /// A request the connection serves as usual (ApiVersions).
    Pass(Bytes),
    /// The exchange succeeded: the connection now serves this principal.
    Authenticated(KafkaPrincipal),
    /// Send what is in the output buffer, then close the connection.
    Close,
}

enum State {
    /// Waiting for SaslHandshake (ApiVersions may come first).
    Handshake,
    /// Tokens of `mechanism`: in SaslAuthenticate requests if `framed`, bare otherwise.
    Tokens {
        mechanism: Mechanism,
        framed: bool,
        scram: Option<Box<ScramExchange>>,
    },
    /// Authenticated: the authenticator has nothing more to do.
    Complete,
}

/// One connection's SASL exchange.
pub struct Authenticator {
    sasl: Arc<ListenerSasl>,
    peer: SocketAddr,
    state: State,
    /// The owner of the delegation token a SCRAM exchange with `tokenauth` authenticates:
    /// who the connection acts as once it succeeds.
    token_owner: Option<KafkaPrincipal>,
}

/// A failed token: what the client is told and what the log says (the same text; neither
/// holds a password).
struct Failure(String);

impl Authenticator {
    /// A new exchange on a connection of a listener with these settings.
    pub fn new(sasl: Arc<ListenerSasl>, peer: SocketAddr) -> Self {
        Authenticator {
            sasl,
            peer,
            state: State::Handshake,
            token_owner: None,
        }
    }

    /// Whether the exchange has succeeded.
    pub fn is_complete(&self) -> bool {
        matches!(self.state, State::Complete)
    }

    /// The smallest frame accepted now: a bare token (after a v0 handshake) may be shorter
    /// than a request header.
    pub fn min_frame(&self) -> i32 {
        match self.state {
            State::Tokens { framed: false, .. } => 0,
            _ => 8,
        }
    }

    /// Runs one frame of the exchange, appending any answer to `output`.
    pub async fn step(
        &mut self,
        broker: &Arc<Broker>,
        frame: Bytes,
        output: &mut BytesMut,
    ) -> Result<SaslStep, DispatchError> {
        if let State::Tokens { framed: false, .. } = self.state {
            return self.bare_token(broker, frame, output).await;
        }
        let api_key = i16::from_be_bytes([frame[0], frame[1]]);
        let version = i16::from_be_bytes([frame[2], frame[3]]);
        let during = match self.state {
            State::Handshake => "SASL handshake",
            _ => "SASL authentication",
        };
        let expected = match self.state {
            State::Handshake => ApiKey::SaslHandshake,
            _ => ApiKey::SaslAuthenticate,
        };
        let key = ApiKey::try_from(api_key).ok();
        if key == Some(ApiKey::ApiVersions) && matches!(self.state, State::Handshake) {
            return Ok(SaslStep::Pass(frame));
        }
        if key != Some(expected) {
            let name = key.map_or_else(|| api_key.to_string(), |k| format!("{k:?}"));
            tracing::info!(
                "Failed authentication with /{} (Unexpected Kafka request of type {name} \
                 during {during}.)",
                self.peer.ip()
            );
            return Ok(SaslStep::Close);
        }
        let route = crate::api::route(api_key).filter(|r| r.supports(version));
        if route.is_none() {
            return Err(DispatchError::UnsupportedVersion {
                key: expected,
                version,
            });
        }
        let mut body = frame;
        let header = RequestHeader::decode(&mut body, expected.request_header_version(version))
            .map_err(|e| DispatchError::Malformed(format!("request header: {e}")))?;
        let start = crate::connection::begin_response(
            output,
            header.correlation_id,
            expected.response_header_version(version),
        )?;
        let step = if expected == ApiKey::SaslHandshake {
            let request = SaslHandshakeRequest::decode(&mut body, version).map_err(malformed)?;
            let (response, step) = self.handshake(&request.mechanism, version >= 1);
            response.encode(output, version).map_err(malformed)?;
            step
        } else {
            let request = SaslAuthenticateRequest::decode(&mut body, version).map_err(malformed)?;
            let mut response = SaslAuthenticateResponse::default();
            let step = match self.token(broker, &request.auth_bytes).await {
                Ok((answer, principal)) => {
                    response.auth_bytes = Bytes::from(answer);
                    match principal {
                        Some(p) => SaslStep::Authenticated(p),
                        None => SaslStep::Answered,
                    }
                }
                Err(Failure(message)) => {
                    self.log_failure(&message);
                    response.error_code = SASL_AUTHENTICATION_FAILED;
                    response.error_message = Some(crate::api::str_bytes(&message));
                    SaslStep::Close
                }
            };
            response.encode(output, version).map_err(malformed)?;
            step
        };
        crate::connection::finish_response(output, start, 0);
        Ok(step)
    }

    /// Answers SaslHandshake: the mechanism if it is enabled, UNSUPPORTED_SASL_MECHANISM and
    /// the list of enabled ones otherwise.
    fn handshake(&mut self, requested: &str, framed: bool) -> (SaslHandshakeResponse, SaslStep) {
        let mut response = SaslHandshakeResponse::default();
        response.mechanisms = self
            .sasl
            .names()
            .into_iter()
            .map(crate::api::str_bytes)
            .collect();
        match self.sasl.enabled(requested) {
            Some(mechanism) => {
                self.state = State::Tokens {
                    mechanism,
                    framed,
                    scram: None,
                };
                (response, SaslStep::Answered)
            }
            None => {
                response.error_code = UNSUPPORTED_SASL_MECHANISM;
                self.log_failure(&format!("Unsupported SASL mechanism {requested}"));
                (response, SaslStep::Close)
            }
        }
    }

    /// A token after a v0 handshake: answered with a bare size-prefixed token; a failure
    /// closes the connection without an answer, as Kafka does for these clients.
    async fn bare_token(
        &mut self,
        broker: &Arc<Broker>,
        token: Bytes,
        output: &mut BytesMut,
    ) -> Result<SaslStep, DispatchError> {
        match self.token(broker, &token).await {
            Ok((answer, principal)) => {
                output.put_i32(answer.len() as i32);
                output.put_slice(&answer);
                Ok(principal.map_or(SaslStep::Answered, SaslStep::Authenticated))
            }
            Err(Failure(message)) => {
                self.log_failure(&message);
                Ok(SaslStep::Close)
            }
        }
    }

    /// Evaluates one token of the mechanism: the answer token and, when the exchange is
    /// complete, the principal.
    async fn token(
        &mut self,
        broker: &Arc<Broker>,
        token: &[u8],
    ) -> Result<(Vec<u8>, Option<KafkaPrincipal>), Failure> {
        let State::Tokens {
            mechanism, scram, ..
        } = &mut self.state
        else {
            return Err(Failure("Unexpected SASL token".into()));
        };
        let (answer, user) = match *mechanism {
            Mechanism::Plain => {
                let user = self
                    .sasl
                    .plain_users
                    .authenticate(token)
                    .map_err(|e| Failure(e.to_string()))?;
                (Vec::new(), Some(user))
            }
            Mechanism::Scram(m) => match scram.take() {
                None => {
                    let (exchange, first, owner) = scram_first(broker, m, token).await?;
                    *scram = Some(Box::new(exchange));
                    self.token_owner = owner;
                    (first.into_bytes(), None)
                }
                Some(exchange) => {
                    let text = std::str::from_utf8(token).map_err(|_| scram_failure(m, None))?;
                    let last = exchange
                        .finish(text)
                        .map_err(|e| scram_failure(m, Some(&e)))?;
                    (last.into_bytes(), Some(exchange.user().to_string()))
                }
            },
        };
        let principal = user.map(|user| {
            self.state = State::Complete;
            // A token's connection acts as its owner, marked token-authenticated.
            self.token_owner
                .take()
                .unwrap_or_else(|| KafkaPrincipal::user(user))
        });
        Ok((answer, principal))
    }

    fn log_failure(&self, message: &str) {
        tracing::info!("Failed authentication with /{} ({message})", self.peer.ip());
    }
}

/// The first SCRAM step: the client's first message, the user's stored credential (or the
/// delegation token's, with its owner), and the server's first message with a fresh nonce.
async fn scram_first(
    broker: &Arc<Broker>,
    mechanism: ScramMechanism,
    token: &[u8],
) -> Result<(ScramExchange, String, Option<KafkaPrincipal>), Failure> {
    let text = std::str::from_utf8(token).map_err(|_| scram_failure(mechanism, None))?;
    let first = scram::parse_client_first(text).map_err(|e| scram_failure(mechanism, Some(&e)))?;
    if first.token_auth {
        let (credential, owner) = token_credential(broker, mechanism, &first.user).await?;
        let (exchange, server_first) =
            ScramExchange::start(mechanism, first, credential, &server_nonce())
                .map_err(|e| scram_failure(mechanism, Some(&e)))?;
        return Ok((exchange, server_first, Some(owner)));
    }
    let credential = match CredentialStore::of(broker)
        .credential(&first.user, mechanism)
        .await
    {
        Ok(Some(credential)) => credential,
        Ok(None) => return Err(scram_failure(mechanism, Some(&ScramError::UnknownUser))),
        Err(e) => {
            tracing::warn!("SCRAM credentials of a user could not be read: {e}");
            return Err(scram_failure(mechanism, None));
        }
    };
    let (exchange, server_first) =
        ScramExchange::start(mechanism, first, credential, &server_nonce())
            .map_err(|e| scram_failure(mechanism, Some(&e)))?;
    Ok((exchange, server_first, None))
}

/// The SCRAM credential of delegation token `token_id` (its password is the token's base64
/// HMAC) and the principal it acts as: its owner, token-authenticated. Kafka's
/// `SaslException` "Token Authentication failed: Invalid tokenId" (answered with the
/// generic message) when the feature is off or the token unknown; kt also refuses a token
/// past its expiry that the expiry check has not removed yet.
async fn token_credential(
    broker: &Arc<Broker>,
    mechanism: ScramMechanism,
    token_id: &str,
) -> Result<(scram::ScramCredential, KafkaPrincipal), Failure> {
    use crate::security::delegation_token::{self as tokens, TokenSettings, TokenStore};
    let invalid = || {
        tracing::debug!("Token Authentication failed: Invalid tokenId : {token_id}");
        scram_failure(mechanism, None)
    };
    let Ok(Some(settings)) = TokenSettings::of(broker.config()) else {
        return Err(invalid());
    };
    let token = match TokenStore::of(broker).get(token_id).await {
        Ok(Some(token)) if !token.is_expired(kt_base::clock::now_ms()) => token,
        Ok(_) => return Err(invalid()),
        Err(e) => {
            tracing::warn!("Delegation token {token_id} could not be read: {e}");
            return Err(invalid());
        }
    };
    let hmac = tokens::hmac(&settings.secret, &token.token_id);
    let mut owner = KafkaPrincipal::user(token.owner.name);
    owner.token_authenticated = true;
    Ok((tokens::scram_credential(&hmac, mechanism), owner))
}

/// Kafka tells the client only that the credentials were wrong (which part is not said, so
/// a client cannot learn which users exist), except for its `SaslAuthenticationException`s.
fn scram_failure(mechanism: ScramMechanism, error: Option<&ScramError>) -> Failure {
    match error {
        Some(e) if e.is_client_visible() => Failure(e.to_string()),
        _ => Failure(format!(
            "Authentication failed during authentication due to invalid credentials with SASL \
             mechanism {mechanism}"
        )),
    }
}

fn malformed(e: impl std::fmt::Display) -> DispatchError {
    DispatchError::Malformed(e.to_string())
}

/// A fresh server nonce: 24 random bytes in base64 (printable, no comma).
fn server_nonce() -> String {
    let mut bytes = [0u8; 24];
    // The operating system's generator; failing it leaves no safe nonce to offer.
    getrandom::getrandom(&mut bytes).expect("the system's random number generator");
    B64.encode(bytes)
}
