//! The client side of SASL, as Kafka's Java client runs it after a v1 SaslHandshake: PLAIN's
//! single token, or SCRAM's two rounds (RFC 5802, the broker's signature checked, so a
//! server that does not know the password cannot pretend it does).
//!
//! Without I/O: the caller sends SaslHandshake naming [`SaslClient::mechanism`], then each
//! token this returns in a SaslAuthenticate request, handing the broker's answer to
//! [`SaslClient::next`] until it says the exchange is complete. One implementation serves
//! every connection kt opens as a client of a SASL listener: a broker's links to other
//! brokers (`replication::broker_link`) and kt's wire admin client (kt-tools).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use thiserror::Error;

use super::listener_sasl::Mechanism;
use super::scram::ScramMechanism;

/// Who a client authenticates as.
#[derive(Clone)]
pub struct Login {
    /// The user name (a delegation token's id with `token_auth`).
    pub user: String,
    /// The password (a delegation token's base64 HMAC with `token_auth`).
    pub password: String,
    /// SCRAM with Kafka's `tokenauth=true` extension: the broker checks a delegation token.
    pub token_auth: bool,
}

impl std::fmt::Debug for Login {
    // Never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("user", &self.user)
            .field("token_auth", &self.token_auth)
            .finish_non_exhaustive()
    }
}

/// Why the client side of an exchange failed (no message holds a secret).
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SaslClientError {
    /// The broker does not enable the mechanism (Kafka's client message).
    #[error(
        "Unexpected handshake request with client mechanism {mechanism}, enabled mechanisms \
         are [{}]", enabled.join(", ")
    )]
    MechanismDisabled {
        mechanism: String,
        enabled: Vec<String>,
    },
    /// A delegation token needs SCRAM.
    #[error("Delegation token authentication needs a SCRAM mechanism, not {0}")]
    TokenNeedsScram(String),
    /// The broker's first SCRAM message does not parse or does not extend the client's nonce.
    #[error("SCRAM: invalid server first message")]
    BadServerFirst,
    /// The broker's final SCRAM message does not prove it knows the credential.
    #[error("SCRAM: the broker's signature is invalid")]
    BadServerSignature,
    /// The broker answered a token after the exchange was complete.
    #[error("SASL: unexpected token after the exchange was complete")]
    UnexpectedToken,
    /// No random bytes for the nonce.
    #[error("no random nonce: {0}")]
    NoRandom(String),
}

impl SaslClientError {
    /// For a SaslHandshake answered with an error: the error naming the broker's mechanisms.
    pub fn disabled(mechanism: &str, enabled: impl IntoIterator<Item = String>) -> Self {
        SaslClientError::MechanismDisabled {
            mechanism: mechanism.to_string(),
            enabled: enabled.into_iter().collect(),
        }
    }
}

enum State {
    /// Nothing sent yet.
    Start,
    /// SCRAM's client-first message sent: waiting for the server's first.
    ScramFirstSent { nonce: String, bare: String },
    /// SCRAM's client-final message sent: the server-final message it must answer.
    ScramFinalSent { expected: String },
    /// Authenticated.
    Complete,
}

/// One connection's client side of a SASL exchange.
pub struct SaslClient {
    mechanism: Mechanism,
    login: Login,
    state: State,
}

impl SaslClient {
    /// A client of `mechanism` authenticating as `login`; None when kt's clients do not
    /// speak the mechanism (GSSAPI, OAUTHBEARER).
    pub fn new(mechanism: &str, login: Login) -> Option<Self> {
        let mechanism = Mechanism::parse(mechanism)?;
        if matches!(mechanism, Mechanism::OAuthBearer) {
            return None;
        }
        Some(SaslClient {
            mechanism,
            login,
            state: State::Start,
        })
    }

    /// The mechanism's name, for SaslHandshake.
    pub fn mechanism(&self) -> &'static str {
        self.mechanism.name()
    }

    /// The first token to send after the handshake.
    pub fn first_token(&mut self) -> Result<Vec<u8>, SaslClientError> {
        match self.mechanism {
            Mechanism::Plain if self.login.token_auth => {
                Err(SaslClientError::TokenNeedsScram("PLAIN".into()))
            }
            Mechanism::Plain => {
                self.state = State::Complete;
                Ok(plain_token(&self.login.user, &self.login.password))
            }
            Mechanism::OAuthBearer => Err(SaslClientError::UnexpectedToken),
            Mechanism::Scram(_) => {
                let mut nonce = [0u8; 24];
                getrandom::getrandom(&mut nonce)
                    .map_err(|e| SaslClientError::NoRandom(e.to_string()))?;
                let nonce = B64.encode(nonce);
                let bare = client_first_bare(&self.login.user, &nonce, self.login.token_auth);
                let first = format!("n,,{bare}").into_bytes();
                self.state = State::ScramFirstSent { nonce, bare };
                Ok(first)
            }
        }
    }

    /// Takes the broker's answer to the last token: the next token to send, or None when
    /// the exchange is complete.
    pub fn next(&mut self, answer: &[u8]) -> Result<Option<Vec<u8>>, SaslClientError> {
        match std::mem::replace(&mut self.state, State::Complete) {
            // PLAIN's answer is empty: nothing more to send.
            State::Complete if matches!(self.mechanism, Mechanism::Plain) => Ok(None),
            State::Start | State::Complete => Err(SaslClientError::UnexpectedToken),
            State::ScramFirstSent { nonce, bare } => {
                let Mechanism::Scram(scram) = self.mechanism else {
                    unreachable!("only SCRAM sends a first message");
                };
                let server_first =
                    std::str::from_utf8(answer).map_err(|_| SaslClientError::BadServerFirst)?;
                let (final_message, expected) =
                    client_final(scram, &self.login.password, &nonce, &bare, server_first)?;
                self.state = State::ScramFinalSent { expected };
                Ok(Some(final_message.into_bytes()))
            }
            State::ScramFinalSent { expected } => match answer == expected.as_bytes() {
                true => Ok(None),
                false => Err(SaslClientError::BadServerSignature),
            },
        }
    }
}

/// PLAIN's token (RFC 4616): no authorization id, the user and the password.
fn plain_token(user: &str, password: &str) -> Vec<u8> {
    format!("\0{user}\0{password}").into_bytes()
}

/// The client-first message without its GS2 header: `n=user,r=nonce`, and Kafka's
/// `tokenauth=true` extension when authenticating with a delegation token.
pub fn client_first_bare(user: &str, nonce: &str, token_auth: bool) -> String {
    let user = user.replace('=', "=3D").replace(',', "=2C");
    match token_auth {
        true => format!("n={user},r={nonce},tokenauth=true"),
        false => format!("n={user},r={nonce}"),
    }
}

/// The client-final message for `server_first`, and the server-final message that proves the
/// broker knows the credential.
pub fn client_final(
    scram: ScramMechanism,
    password: &str,
    client_nonce: &str,
    client_first_bare: &str,
    server_first: &str,
) -> Result<(String, String), SaslClientError> {
    let (mut nonce, mut salt, mut iterations) = (None, None, None);
    for attribute in server_first.split(',') {
        if let Some(v) = attribute.strip_prefix("r=") {
            nonce = Some(v);
        } else if let Some(v) = attribute.strip_prefix("s=") {
            salt = B64.decode(v).ok();
        } else if let Some(v) = attribute.strip_prefix("i=") {
            iterations = v.parse::<u32>().ok();
        }
    }
    let bad = || SaslClientError::BadServerFirst;
    let nonce = nonce
        .filter(|n| n.starts_with(client_nonce))
        .ok_or_else(bad)?;
    let (salt, iterations) = (salt.ok_or_else(bad)?, iterations.ok_or_else(bad)?);
    let salted = scram.salted_password(password.as_bytes(), &salt, iterations);
    let client_key = scram.hmac(&salted, b"Client Key");
    let stored_key = scram.hash(&client_key);
    let without_proof = format!("c=biws,r={nonce}");
    let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
    let signature = scram.hmac(&stored_key, auth_message.as_bytes());
    let proof: Vec<u8> = client_key
        .iter()
        .zip(&signature)
        .map(|(k, s)| k ^ s)
        .collect();
    let server_key = scram.hmac(&salted, b"Server Key");
    let server_signature = scram.hmac(&server_key, auth_message.as_bytes());
    Ok((
        format!("{without_proof},p={}", B64.encode(proof)),
        format!("v={}", B64.encode(server_signature)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::sasl::scram::{parse_client_first, ScramCredential, ScramExchange};

    /// RFC 7677's exchange seen from the client.
    #[test]
    fn rfc_7677_client_messages() {
        let (client_final_message, server_final) = client_final(
            ScramMechanism::Sha256,
            "pencil",
            "rOprNGfwEbeRWgbNEkqO",
            "n=user,r=rOprNGfwEbeRWgbNEkqO",
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        )
        .unwrap();
        assert_eq!(
            client_final_message,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
             p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        assert_eq!(
            server_final,
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
    }

    fn login(user: &str, password: &str) -> Login {
        Login {
            user: user.into(),
            password: password.into(),
            token_auth: false,
        }
    }

    /// The whole client state machine against the broker's side of SCRAM-SHA-512: the
    /// right password completes, a wrong one is refused by the broker, and a broker that
    /// does not know the credential cannot forge the final message.
    #[test]
    fn scram_client_against_the_brokers_exchange() {
        let mechanism = ScramMechanism::Sha512;
        let credential =
            ScramCredential::from_password(mechanism, "admin-secret", b"salt".to_vec(), 4096);
        for (password, accepted) in [("admin-secret", true), ("wrong", false)] {
            let mut client = SaslClient::new("SCRAM-SHA-512", login("admin", password)).unwrap();
            assert_eq!(client.mechanism(), "SCRAM-SHA-512");
            let first = String::from_utf8(client.first_token().unwrap()).unwrap();
            let first = parse_client_first(&first).unwrap();
            assert_eq!(first.user, "admin");
            let (exchange, server_first) =
                ScramExchange::start(mechanism, first, credential.clone(), "snonce").unwrap();
            let last = client.next(server_first.as_bytes()).unwrap().unwrap();
            let verdict = exchange.finish(std::str::from_utf8(&last).unwrap());
            assert_eq!(verdict.is_ok(), accepted, "password {password}");
            if let Ok(server_final) = verdict {
                assert_eq!(client.next(server_final.as_bytes()), Ok(None));
            } else {
                assert_eq!(
                    client.next(b"v=AAAA"),
                    Err(SaslClientError::BadServerSignature)
                );
            }
        }
    }

    #[test]
    fn plain_sends_one_token_and_unknown_mechanisms_are_refused() {
        let mut client = SaslClient::new("PLAIN", login("admin", "admin-secret")).unwrap();
        assert_eq!(client.first_token().unwrap(), b"\0admin\0admin-secret");
        assert_eq!(client.next(b""), Ok(None));
        assert!(SaslClient::new("GSSAPI", login("a", "b")).is_none());
        let mut token = SaslClient::new(
            "PLAIN",
            Login {
                token_auth: true,
                ..login("a", "b")
            },
        )
        .unwrap();
        assert_eq!(
            token.first_token(),
            Err(SaslClientError::TokenNeedsScram("PLAIN".into()))
        );
        assert!(!format!("{:?}", login("a", "secret")).contains("secret"));
    }

    /// A delegation token's exchange: the client sends the `tokenauth` extension, its
    /// password is the token's base64 HMAC, and the broker's credential derived from the
    /// same HMAC verifies the proof (over the first message with its extension).
    #[test]
    fn token_exchange_against_the_brokers_credential() {
        use crate::security::delegation_token::{hmac, scram_credential};
        let mac = hmac(b"secret-key", "tokenid");
        let password = B64.encode(&mac);
        let bare = client_first_bare("tokenid", "cnonce", true);
        let first = parse_client_first(&format!("n,,{bare}")).unwrap();
        assert!(first.token_auth);
        assert_eq!(first.user, "tokenid");
        for mechanism in ScramMechanism::ALL {
            let credential = scram_credential(&mac, mechanism);
            let (exchange, server_first) =
                ScramExchange::start(mechanism, first.clone(), credential, "snonce").unwrap();
            let (final_message, expected) =
                client_final(mechanism, &password, "cnonce", &bare, &server_first).unwrap();
            assert_eq!(exchange.finish(&final_message).unwrap(), expected);
            // A wrong HMAC does not prove the token.
            let (wrong, _) =
                client_final(mechanism, "AAAA", "cnonce", &bare, &server_first).unwrap();
            assert!(exchange.finish(&wrong).is_err());
        }
    }
}
