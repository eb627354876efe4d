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
//!
//! Re-authentication (KIP-368): a completed exchange opens a session that lasts
//! `connections.max.reauth.ms`, or less when the credential expires sooner (an OAUTHBEARER
//! token, a delegation token); SaslAuthenticate v1+ tells the client its length. Within the
//! session the client may send SaslHandshake again on the same connection (at most once a
//! second, as Kafka's `KafkaChannel` allows) and run the exchange anew with the same
//! mechanism, for the same principal; a connection whose session ended is closed at its
//! next request that is not a SaslHandshake, as Kafka's `SocketServer` does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
use super::oauthbearer::{self, CONTROL_A};
use super::scram::{self, ScramError, ScramExchange, ScramMechanism};
use crate::api::DispatchError;
use crate::metrics::AuthenticationCounts;
use crate::security::KafkaPrincipal;
use crate::state::Broker;

/// Kafka's UNSUPPORTED_SASL_MECHANISM.
const UNSUPPORTED_SASL_MECHANISM: i16 = 33;
/// Kafka's SASL_AUTHENTICATION_FAILED.
const SASL_AUTHENTICATION_FAILED: i16 = 58;
/// `sasl.server.max.receive.size`'s default: the largest frame read before authentication.
pub const MAX_RECEIVE_SIZE: i32 = 524_288;
/// Kafka's `KafkaChannel` starts at most one re-authentication a second on a connection; a
/// SaslHandshake sooner is served as any request (ILLEGAL_SASL_STATE).
const MIN_REAUTHENTICATION_INTERVAL: Duration = Duration::from_secs(1);

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

/// Where a frame goes, once the connection has a session.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
    /// To the authenticator: the exchange is under way, or a SaslHandshake starts a
    /// re-authentication.
    Exchange,
    /// To the route table, as the session's principal.
    Serve,
    /// Nowhere: the session has ended, and the connection is closed.
    Expired,
}

enum State {
    /// Waiting for SaslHandshake (ApiVersions may come first).
    Handshake,
    /// Tokens of `mechanism`: in SaslAuthenticate requests if `framed`, bare otherwise.
    Tokens {
        mechanism: Mechanism,
        framed: bool,
        scram: Option<Box<ScramExchange>>,
        /// OAUTHBEARER's error challenge, once sent: the client's `\x01` then fails the
        /// exchange with it.
        oauth_error: Option<String>,
    },
    /// A re-authentication asked for another mechanism than the session's: the next token
    /// fails with this message, unanswered (Kafka's REAUTH_BAD_MECHANISM).
    BadReauthMechanism(String),
    /// Authenticated: the session is open.
    Complete,
}

/// What the last completed exchange opened.
struct Session {
    mechanism: Mechanism,
    principal: KafkaPrincipal,
    /// When the session ends; `None` when nothing bounds it.
    expires: Option<Instant>,
}

/// One connection's SASL exchange.
pub struct Authenticator {
    sasl: Arc<ListenerSasl>,
    peer: SocketAddr,
    state: State,
    /// The owner of the delegation token a SCRAM exchange with `tokenauth` authenticates:
    /// who the connection acts as once it succeeds.
    token_owner: Option<KafkaPrincipal>,
    /// When the credential of the exchange under way expires (ms since the epoch): an
    /// OAUTHBEARER token's `exp`, a delegation token's expiry.
    credential_expiry_ms: Option<i64>,
    /// The session of the last completed exchange; during a re-authentication, the one
    /// being renewed.
    session: Option<Session>,
    /// When the last re-authentication began.
    last_reauthentication: Option<Instant>,
    /// The session lifetime the exchange that just completed granted, in ms (0: unbounded),
    /// for SaslAuthenticate's answer.
    granted_lifetime_ms: i64,
    /// Whether the client can renew its session (it sent SaslAuthenticate v1+), as Kafka's
    /// `connectedClientSupportsReauthentication`.
    client_supports_reauth: bool,
    /// The listener's authentication counts (`socket-server-metrics`).
    counts: Option<Arc<AuthenticationCounts>>,
}

/// A failed token: what the client is told and what the log says (the same text; neither
/// holds a password).
struct Failure(String);

impl Authenticator {
    /// A new exchange on a connection of a listener with these settings, counting its
    /// outcomes in `counts`.
    pub fn new(
        sasl: Arc<ListenerSasl>,
        peer: SocketAddr,
        counts: Option<Arc<AuthenticationCounts>>,
    ) -> Self {
        Authenticator {
            sasl,
            peer,
            state: State::Handshake,
            token_owner: None,
            credential_expiry_ms: None,
            session: None,
            last_reauthentication: None,
            granted_lifetime_ms: 0,
            client_supports_reauth: false,
            counts,
        }
    }

    /// Decides where a frame goes (`now` is when it was read). Before the session opens,
    /// every frame is the exchange's. After, a SaslHandshake starts a re-authentication if
    /// the session is bounded and none began in the last second — even once the session
    /// has ended, since that is how the client renews it; any other request of an ended
    /// session closes the connection.
    pub fn admit(&mut self, frame: &[u8], now: Instant) -> Admission {
        if !self.is_complete() {
            return Admission::Exchange;
        }
        let Some(expires) = self.session.as_ref().and_then(|s| s.expires) else {
            return Admission::Serve;
        };
        let api_key = i16::from_be_bytes([frame[0], frame[1]]);
        let may_start = self
            .last_reauthentication
            .is_none_or(|last| now.duration_since(last) >= MIN_REAUTHENTICATION_INTERVAL);
        if api_key == ApiKey::SaslHandshake as i16 && may_start {
            self.last_reauthentication = Some(now);
            self.state = State::Handshake;
            self.token_owner = None;
            self.credential_expiry_ms = None;
            return Admission::Exchange;
        }
        if now > expires {
            tracing::debug!(
                "Disconnecting expired channel from /{}: the SASL session ended \
                 (connections.max.reauth.ms or the credential's expiry)",
                self.peer.ip()
            );
            return Admission::Expired;
        }
        Admission::Serve
    }

    /// Whether a session is being renewed (rather than opened).
    fn reauthenticating(&self) -> bool {
        self.session.is_some() && !self.is_complete()
    }

    /// Kafka's word for the exchange under way, in messages.
    fn phase(&self) -> &'static str {
        match self.session {
            Some(_) => "re-authentication",
            None => "authentication",
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
        if let State::BadReauthMechanism(message) = &self.state {
            let message = message.clone();
            self.log_failure(&message);
            return Ok(SaslStep::Close);
        }
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
        if key == Some(ApiKey::ApiVersions)
            && matches!(self.state, State::Handshake)
            && !self.reauthenticating()
        {
            return Ok(SaslStep::Pass(frame));
        }
        if key != Some(expected) {
            let name = key.map_or_else(|| api_key.to_string(), |k| format!("{k:?}"));
            self.log_failure(&format!(
                "Unexpected Kafka request of type {name} during {during}."
            ));
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
            self.client_supports_reauth |= version > 0;
            let mut response = SaslAuthenticateResponse::default();
            let step = match self.token(broker, &request.auth_bytes).await {
                Ok((answer, principal)) => {
                    response.auth_bytes = Bytes::from(answer);
                    match principal {
                        Some(p) => {
                            if version >= 1 {
                                response.session_lifetime_ms = self.granted_lifetime_ms;
                            }
                            SaslStep::Authenticated(p)
                        }
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
                self.state = match &self.session {
                    Some(session) if session.mechanism != mechanism => {
                        State::BadReauthMechanism(format!(
                            "SASL mechanism '{requested}' requested by client is not supported \
                             for re-authentication of mechanism '{}'",
                            session.mechanism.name()
                        ))
                    }
                    _ => State::Tokens {
                        mechanism,
                        framed,
                        scram: None,
                        oauth_error: None,
                    },
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
    /// complete, the principal (the session then opens, or is renewed).
    async fn token(
        &mut self,
        broker: &Arc<Broker>,
        token: &[u8],
    ) -> Result<(Vec<u8>, Option<KafkaPrincipal>), Failure> {
        let phase = self.phase();
        let State::Tokens {
            mechanism,
            scram,
            oauth_error,
            ..
        } = &mut self.state
        else {
            return Err(Failure("Unexpected SASL token".into()));
        };
        let mechanism = *mechanism;
        let (answer, user) = match mechanism {
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
                    let (exchange, first, owner, expiry) =
                        scram_first(broker, m, token, phase).await?;
                    *scram = Some(Box::new(exchange));
                    self.token_owner = owner;
                    self.credential_expiry_ms = expiry;
                    (first.into_bytes(), None)
                }
                Some(exchange) => {
                    let text =
                        std::str::from_utf8(token).map_err(|_| scram_failure(m, None, phase))?;
                    let last = exchange
                        .finish(text)
                        .map_err(|e| scram_failure(m, Some(&e), phase))?;
                    (last.into_bytes(), Some(exchange.user().to_string()))
                }
            },
            Mechanism::OAuthBearer => {
                // The client's acknowledgement of the error challenge ends the exchange.
                if token == [CONTROL_A] {
                    if let Some(error) = oauth_error.take() {
                        return Err(Failure(error));
                    }
                }
                *oauth_error = None;
                let invalid = || Failure(invalid_credentials(mechanism.name(), phase));
                let first = oauthbearer::parse_client_first(token).map_err(|reason| {
                    tracing::debug!("{reason}");
                    invalid()
                })?;
                let validator = self.sasl.oauthbearer.as_ref().ok_or_else(invalid)?;
                match validator.validate(&first.token, kt_base::clock::now_ms()) {
                    Err(refused) => {
                        // The reason names claims, never the token itself.
                        tracing::debug!(
                            "OAUTHBEARER token from /{} refused: {}",
                            self.peer.ip(),
                            refused.reason
                        );
                        let challenge = refused.challenge();
                        *oauth_error = Some(challenge.clone());
                        (challenge.into_bytes(), None)
                    }
                    Ok(valid) => {
                        if !first.authorization_id.is_empty()
                            && first.authorization_id != valid.principal
                        {
                            return Err(Failure(format!(
                                "Authentication failed: Client requested an authorization id \
                                 ({}) that is different from the token's principal name ({})",
                                first.authorization_id, valid.principal
                            )));
                        }
                        self.credential_expiry_ms = Some(valid.lifetime_ms);
                        (Vec::new(), Some(valid.principal))
                    }
                }
            }
        };
        let Some(user) = user else {
            return Ok((answer, None));
        };
        // A token's connection acts as its owner, marked token-authenticated.
        let principal = self
            .token_owner
            .take()
            .unwrap_or_else(|| KafkaPrincipal::user(user));
        if let Some(session) = &self.session {
            let before = &session.principal;
            if (&before.principal_type, &before.name)
                != (&principal.principal_type, &principal.name)
            {
                return Err(Failure(format!(
                    "Cannot change principals during re-authentication from {}.{}: {}.{}",
                    before.principal_type, before.name, principal.principal_type, principal.name
                )));
            }
            tracing::debug!("Successfully re-authenticated with /{}", self.peer.ip());
        }
        let lifetime = self.sasl.session_lifetime_ms(
            mechanism,
            self.credential_expiry_ms.take(),
            kt_base::clock::now_ms(),
        );
        self.granted_lifetime_ms = lifetime.unwrap_or(0);
        if let Some(counts) = &self.counts {
            match (&self.session, self.last_reauthentication) {
                (Some(_), Some(began)) => counts.reauthenticated(began.elapsed()),
                _ => counts.succeeded(self.client_supports_reauth),
            }
        }
        self.session = Some(Session {
            mechanism,
            principal: principal.clone(),
            expires: lifetime.map(|ms| Instant::now() + Duration::from_millis(ms as u64)),
        });
        self.state = State::Complete;
        Ok((answer, Some(principal)))
    }

    fn log_failure(&self, message: &str) {
        if let Some(counts) = &self.counts {
            counts.failed(self.session.is_some());
        }
        let again = if self.session.is_some() { "re-" } else { "" };
        tracing::info!(
            "Failed {again}authentication with /{} ({message})",
            self.peer.ip()
        );
    }
}

/// The exchange, the server's first message, and for a delegation token its owner and
/// expiry.
type ScramStart = (ScramExchange, String, Option<KafkaPrincipal>, Option<i64>);

/// The first SCRAM step: the client's first message, the user's stored credential (or the
/// delegation token's, with its owner and expiry), and the server's first message with a
/// fresh nonce. `phase` is Kafka's word for the exchange, in its failure message.
async fn scram_first(
    broker: &Arc<Broker>,
    mechanism: ScramMechanism,
    token: &[u8],
    phase: &str,
) -> Result<ScramStart, Failure> {
    let fail = |e: Option<&ScramError>| scram_failure(mechanism, e, phase);
    let text = std::str::from_utf8(token).map_err(|_| fail(None))?;
    let first = scram::parse_client_first(text).map_err(|e| fail(Some(&e)))?;
    if first.token_auth {
        let (credential, owner, expiry) = token_credential(broker, mechanism, &first.user)
            .await
            .map_err(|()| fail(None))?;
        let (exchange, server_first) =
            ScramExchange::start(mechanism, first, credential, &server_nonce())
                .map_err(|e| fail(Some(&e)))?;
        return Ok((exchange, server_first, Some(owner), Some(expiry)));
    }
    let credential = match CredentialStore::of(broker)
        .credential(&first.user, mechanism)
        .await
    {
        Ok(Some(credential)) => credential,
        Ok(None) => return Err(fail(Some(&ScramError::UnknownUser))),
        Err(e) => {
            tracing::warn!("SCRAM credentials of a user could not be read: {e}");
            return Err(fail(None));
        }
    };
    let (exchange, server_first) =
        ScramExchange::start(mechanism, first, credential, &server_nonce())
            .map_err(|e| fail(Some(&e)))?;
    Ok((exchange, server_first, None, None))
}

/// The SCRAM credential of delegation token `token_id` (its password is the token's base64
/// HMAC), the principal it acts as (its owner, token-authenticated) and when it expires,
/// which bounds the session. Kafka's
/// `SaslException` "Token Authentication failed: Invalid tokenId" (answered with the
/// generic message) when the feature is off or the token unknown; kt also refuses a token
/// past its expiry that the expiry check has not removed yet.
async fn token_credential(
    broker: &Arc<Broker>,
    mechanism: ScramMechanism,
    token_id: &str,
) -> Result<(scram::ScramCredential, KafkaPrincipal, i64), ()> {
    use crate::security::delegation_token::{self as tokens, TokenSettings, TokenStore};
    let invalid = || {
        tracing::debug!("Token Authentication failed: Invalid tokenId : {token_id}");
        Err(())
    };
    let Ok(Some(settings)) = TokenSettings::of(broker.config()) else {
        return invalid();
    };
    let token = match TokenStore::of(broker).get(token_id).await {
        Ok(Some(token)) if !token.is_expired(kt_base::clock::now_ms()) => token,
        Ok(_) => return invalid(),
        Err(e) => {
            tracing::warn!("Delegation token {token_id} could not be read: {e}");
            return invalid();
        }
    };
    let hmac = tokens::hmac(&settings.secret, &token.token_id);
    let mut owner = KafkaPrincipal::user(token.owner.name);
    owner.token_authenticated = true;
    Ok((
        tokens::scram_credential(&hmac, mechanism),
        owner,
        token.expiry_timestamp,
    ))
}

/// Kafka tells the client only that the credentials were wrong (which part is not said, so
/// a client cannot learn which users exist), except for its `SaslAuthenticationException`s.
fn scram_failure(mechanism: ScramMechanism, error: Option<&ScramError>, phase: &str) -> Failure {
    match error {
        Some(e) if e.is_client_visible() => Failure(e.to_string()),
        _ => Failure(invalid_credentials(mechanism.name(), phase)),
    }
}

/// Kafka's answer to a failed exchange whose reason the client is not told.
fn invalid_credentials(mechanism: &str, phase: &str) -> String {
    format!(
        "Authentication failed during {phase} due to invalid credentials with SASL mechanism \
         {mechanism}"
    )
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
