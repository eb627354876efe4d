//! SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677): the credential Kafka stores for a
//! user, and the server side of the exchange.
//!
//! The stored credential never holds the password: `stored_key = H(HMAC(salted, "Client
//! Key"))` proves a client, `server_key = HMAC(salted, "Server Key")` proves the broker to
//! the client. Kafka writes it as `salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=N`.

use std::fmt;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};
use thiserror::Error;

/// A SCRAM mechanism, with Kafka's names and the type codes of the SCRAM credential APIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScramMechanism {
    Sha256,
    Sha512,
}

impl ScramMechanism {
    /// Both mechanisms, in Kafka's order.
    pub const ALL: [ScramMechanism; 2] = [ScramMechanism::Sha256, ScramMechanism::Sha512];
    /// The fewest iterations Kafka accepts (`ScramMechanism.minIterations`).
    pub const MIN_ITERATIONS: i32 = 4096;
    /// The most iterations Kafka accepts for a new credential (KIP-554).
    pub const MAX_ITERATIONS: i32 = 16384;

    /// `SCRAM-SHA-256` / `SCRAM-SHA-512`.
    pub fn name(self) -> &'static str {
        match self {
            ScramMechanism::Sha256 => "SCRAM-SHA-256",
            ScramMechanism::Sha512 => "SCRAM-SHA-512",
        }
    }

    /// Reads a mechanism name as Kafka writes it.
    pub fn from_name(name: &str) -> Option<Self> {
        ScramMechanism::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The type code in DescribeUserScramCredentials / AlterUserScramCredentials.
    pub fn code(self) -> i8 {
        match self {
            ScramMechanism::Sha256 => 1,
            ScramMechanism::Sha512 => 2,
        }
    }

    /// The mechanism of an API type code.
    pub fn from_code(code: i8) -> Option<Self> {
        ScramMechanism::ALL.into_iter().find(|m| m.code() == code)
    }

    /// `H(data)`: the mechanism's hash.
    pub fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            ScramMechanism::Sha256 => Sha256::digest(data).to_vec(),
            ScramMechanism::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    /// `HMAC(key, data)` with the mechanism's hash.
    pub fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length: `new_from_slice` cannot fail here.
        match self {
            ScramMechanism::Sha256 => {
                let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
            ScramMechanism::Sha512 => {
                let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("any key length");
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }

    /// `Hi(password, salt, i)`: PBKDF2 with HMAC of the mechanism's hash.
    pub fn salted_password(self, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
        match self {
            ScramMechanism::Sha256 => {
                let mut out = vec![0u8; 32];
                pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
                out
            }
            ScramMechanism::Sha512 => {
                let mut out = vec![0u8; 64];
                pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, &mut out);
                out
            }
        }
    }
}

impl fmt::Display for ScramMechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the broker keeps of a user's password for one mechanism.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScramCredential {
    pub salt: Vec<u8>,
    pub stored_key: Vec<u8>,
    pub server_key: Vec<u8>,
    pub iterations: i32,
}

/// A credential string that is not Kafka's format.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("Invalid SCRAM credential: {0}")]
pub struct CredentialFormatError(String);

impl ScramCredential {
    /// The credential of `password` under `mechanism`, from the salted password (what
    /// AlterUserScramCredentials carries, so the password itself never travels).
    pub fn from_salted_password(
        mechanism: ScramMechanism,
        salted: &[u8],
        salt: Vec<u8>,
        iterations: i32,
    ) -> Self {
        let client_key = mechanism.hmac(salted, b"Client Key");
        ScramCredential {
            salt,
            stored_key: mechanism.hash(&client_key),
            server_key: mechanism.hmac(salted, b"Server Key"),
            iterations,
        }
    }

    /// The credential of `password` with this salt and iteration count.
    pub fn from_password(
        mechanism: ScramMechanism,
        password: &str,
        salt: Vec<u8>,
        iterations: i32,
    ) -> Self {
        let salted = mechanism.salted_password(password.as_bytes(), &salt, iterations as u32);
        Self::from_salted_password(mechanism, &salted, salt, iterations)
    }

    /// Reads Kafka's `salt=...,stored_key=...,server_key=...,iterations=N`.
    pub fn parse(text: &str) -> Result<Self, CredentialFormatError> {
        let (mut salt, mut stored, mut server, mut iterations) = (None, None, None, None);
        for field in text.split(',') {
            let (key, value) = field
                .split_once('=')
                .ok_or_else(|| CredentialFormatError(format!("field without '=': {field}")))?;
            let bytes = || {
                B64.decode(value)
                    .map_err(|_| CredentialFormatError(format!("{key} is not base64")))
            };
            match key {
                "salt" => salt = Some(bytes()?),
                "stored_key" => stored = Some(bytes()?),
                "server_key" => server = Some(bytes()?),
                "iterations" => {
                    iterations = Some(value.parse::<i32>().map_err(|_| {
                        CredentialFormatError(format!("iterations {value} is not a number"))
                    })?)
                }
                _ => {}
            }
        }
        let missing = |what: &str| CredentialFormatError(format!("{what} missing"));
        Ok(ScramCredential {
            salt: salt.ok_or_else(|| missing("salt"))?,
            stored_key: stored.ok_or_else(|| missing("stored_key"))?,
            server_key: server.ok_or_else(|| missing("server_key"))?,
            iterations: iterations.ok_or_else(|| missing("iterations"))?,
        })
    }
}

impl fmt::Display for ScramCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "salt={},stored_key={},server_key={},iterations={}",
            B64.encode(&self.salt),
            B64.encode(&self.stored_key),
            B64.encode(&self.server_key),
            self.iterations
        )
    }
}

/// A SCRAM exchange that cannot go on. `Credentials` failures are Kafka's `SaslException`s,
/// answered to the client with a message that does not say which part was wrong.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ScramError {
    #[error("Invalid SCRAM client first message: {0}")]
    BadFirst(&'static str),
    #[error("Authentication failed: Invalid client final message")]
    BadFinal,
    #[error("Authentication failed: Invalid user credentials")]
    UnknownUser,
    #[error("Authentication failed: Client requested an authorization id that is different from username")]
    AuthorizationId,
    #[error("Invalid client nonce in the final client message.")]
    Nonce,
    #[error("Invalid client credentials")]
    Proof,
    #[error("Iterations {0} is less than the minimum 4096 for {1}")]
    TooFewIterations(i32, ScramMechanism),
}

impl ScramError {
    /// Whether Kafka tells the client this very message (its `SaslAuthenticationException`s);
    /// the others are answered with the mechanism's generic "invalid credentials" message.
    pub fn is_client_visible(&self) -> bool {
        matches!(self, ScramError::AuthorizationId)
    }
}

/// The client's first message: who it says it is and its nonce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFirst {
    /// The user name, with RFC 5802's `=2C`/`=3D` escapes undone.
    pub user: String,
    pub nonce: String,
    /// The message without its GS2 header: part of the signed `AuthMessage`.
    pub bare: String,
    /// The GS2 header (`n,,`): what the final message's channel binding must repeat.
    pub gs2_header: String,
    /// The `tokenauth=true` extension: the user is a delegation token's id and the
    /// password its HMAC (Kafka's `ScramExtensions.tokenAuthenticated`).
    pub token_auth: bool,
}

/// Reads `n,[a=authzid],n=user,r=nonce[,extensions]`.
pub fn parse_client_first(message: &str) -> Result<ClientFirst, ScramError> {
    let mut parts = message.splitn(3, ',');
    let cbind = parts.next().unwrap_or_default();
    let authzid = parts.next().ok_or(ScramError::BadFirst("no GS2 header"))?;
    let bare = parts.next().ok_or(ScramError::BadFirst("no GS2 header"))?;
    if !matches!(cbind, "n" | "y") {
        // `p=` asks for channel binding, which Kafka does not offer either.
        return Err(ScramError::BadFirst("channel binding is not supported"));
    }
    let mut user = None;
    let mut nonce = None;
    let mut token_auth = false;
    for attribute in bare.split(',') {
        if let Some(v) = attribute.strip_prefix("n=") {
            user = Some(unescape_name(v)?);
        } else if let Some(v) = attribute.strip_prefix("r=") {
            nonce = Some(v.to_string());
        } else if let Some(v) = attribute.strip_prefix("tokenauth=") {
            // Java's Boolean.parseBoolean: "true" in any case, anything else is false.
            token_auth = v.eq_ignore_ascii_case("true");
        }
    }
    let user = user.ok_or(ScramError::BadFirst("no user name"))?;
    let nonce = nonce
        .filter(|n| !n.is_empty())
        .ok_or(ScramError::BadFirst("no nonce"))?;
    if let Some(authzid) = authzid.strip_prefix("a=") {
        if !authzid.is_empty() && unescape_name(authzid)? != user {
            return Err(ScramError::AuthorizationId);
        }
    }
    Ok(ClientFirst {
        user,
        nonce,
        bare: bare.to_string(),
        gs2_header: format!("{cbind},{authzid},"),
        token_auth,
    })
}

fn unescape_name(name: &str) -> Result<String, ScramError> {
    // `=` appears only as the start of `=2C` (a comma) or `=3D` (itself).
    if name.replace("=2C", "").replace("=3D", "").contains('=') {
        return Err(ScramError::BadFirst("invalid user name escape"));
    }
    Ok(name.replace("=2C", ",").replace("=3D", "="))
}

/// The server's half of one SCRAM exchange, between its first and its final message.
#[derive(Debug)]
pub struct ScramExchange {
    mechanism: ScramMechanism,
    credential: ScramCredential,
    client_first: ClientFirst,
    server_first: String,
    nonce: String,
}

impl ScramExchange {
    /// Starts the exchange for a known user: returns it with the server-first message
    /// `r=<client nonce><server nonce>,s=<salt>,i=<iterations>`.
    pub fn start(
        mechanism: ScramMechanism,
        client_first: ClientFirst,
        credential: ScramCredential,
        server_nonce: &str,
    ) -> Result<(Self, String), ScramError> {
        if credential.iterations < ScramMechanism::MIN_ITERATIONS {
            return Err(ScramError::TooFewIterations(
                credential.iterations,
                mechanism,
            ));
        }
        let nonce = format!("{}{server_nonce}", client_first.nonce);
        let server_first = format!(
            "r={nonce},s={},i={}",
            B64.encode(&credential.salt),
            credential.iterations
        );
        let exchange = ScramExchange {
            mechanism,
            credential,
            client_first,
            server_first: server_first.clone(),
            nonce,
        };
        Ok((exchange, server_first))
    }

    /// The user this exchange authenticates.
    pub fn user(&self) -> &str {
        &self.client_first.user
    }

    /// Checks the client's proof in `c=<binding>,r=<nonce>,p=<proof>`; on success returns
    /// the server-final message `v=<server signature>`.
    pub fn finish(&self, client_final: &str) -> Result<String, ScramError> {
        let (without_proof, proof) = client_final
            .rsplit_once(",p=")
            .ok_or(ScramError::BadFinal)?;
        let mut binding = None;
        let mut nonce = None;
        for attribute in without_proof.split(',') {
            if let Some(v) = attribute.strip_prefix("c=") {
                binding = Some(v);
            } else if let Some(v) = attribute.strip_prefix("r=") {
                nonce = Some(v);
            }
        }
        let binding = B64
            .decode(binding.ok_or(ScramError::BadFinal)?)
            .map_err(|_| ScramError::BadFinal)?;
        if binding != self.client_first.gs2_header.as_bytes() {
            return Err(ScramError::BadFinal);
        }
        // Kafka 3.8.1+ takes a nonce that ends with the expected one: librdkafka before 2.6.1
        // repeats its own nonce in front (confluentinc/librdkafka#4895). The proof is still
        // checked over the message as sent, so nothing else is relaxed.
        if !nonce.is_some_and(|n| n.ends_with(self.nonce.as_str())) {
            return Err(ScramError::Nonce);
        }
        let proof = B64.decode(proof).map_err(|_| ScramError::BadFinal)?;
        let auth_message = format!(
            "{},{},{}",
            self.client_first.bare, self.server_first, without_proof
        );
        let m = self.mechanism;
        let client_signature = m.hmac(&self.credential.stored_key, auth_message.as_bytes());
        if proof.len() != client_signature.len() {
            return Err(ScramError::Proof);
        }
        let client_key: Vec<u8> = proof
            .iter()
            .zip(&client_signature)
            .map(|(p, s)| p ^ s)
            .collect();
        if !same_bytes(&m.hash(&client_key), &self.credential.stored_key) {
            return Err(ScramError::Proof);
        }
        let server_signature = m.hmac(&self.credential.server_key, auth_message.as_bytes());
        Ok(format!("v={}", B64.encode(server_signature)))
    }
}

/// Compares in time independent of where the first difference is.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677 section 3: user "user", password "pencil".
    #[test]
    fn rfc_7677_exchange() {
        let first = parse_client_first("n,,n=user,r=rOprNGfwEbeRWgbNEkqO").unwrap();
        assert_eq!(first.user, "user");
        let salt = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap();
        let credential =
            ScramCredential::from_password(ScramMechanism::Sha256, "pencil", salt, 4096);
        let (exchange, server_first) = ScramExchange::start(
            ScramMechanism::Sha256,
            first,
            credential,
            "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        )
        .unwrap();
        assert_eq!(
            server_first,
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        );
        let server_final = exchange
            .finish(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                 p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            )
            .unwrap();
        assert_eq!(
            server_final,
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
        // A wrong proof (one bit) and a wrong nonce are refused.
        assert_eq!(
            exchange.finish(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                 p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVU="
            ),
            Err(ScramError::Proof)
        );
        assert_eq!(
            exchange.finish("c=biws,r=other,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="),
            Err(ScramError::Nonce)
        );
        // librdkafka < 2.6.1 sends its nonce twice; its proof covers that message, so the
        // RFC's proof (over the single nonce) does not verify, but the nonce passes.
        assert_eq!(
            exchange.finish(
                "c=biws,r=rOprNGfwEbeRWgbNEkqOrOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                 p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
            ),
            Err(ScramError::Proof)
        );
    }

    #[test]
    fn credentials_round_trip_kafkas_format() {
        let c = ScramCredential::from_password(
            ScramMechanism::Sha512,
            "secret",
            b"salt".to_vec(),
            8192,
        );
        let text = c.to_string();
        assert!(text.starts_with("salt=c2FsdA==,stored_key="), "{text}");
        assert!(text.ends_with(",iterations=8192"), "{text}");
        assert_eq!(ScramCredential::parse(&text).unwrap(), c);
        assert_eq!(c.stored_key.len(), 64);
        assert!(ScramCredential::parse("salt=AA==,iterations=4096").is_err());
    }

    #[test]
    fn client_first_checks() {
        let first = parse_client_first("n,a=bob,n=bob,r=x").unwrap();
        assert_eq!(first.gs2_header, "n,a=bob,");
        assert_eq!(
            parse_client_first("n,a=eve,n=bob,r=x"),
            Err(ScramError::AuthorizationId)
        );
        assert_eq!(
            parse_client_first("n,,n=a=2Cb=3Dc,r=x").unwrap().user,
            "a,b=c"
        );
        assert!(parse_client_first("n,,n=a=5Cb,r=x").is_err());
        assert!(parse_client_first("p=tls-unique,,n=a,r=x").is_err());
        assert!(parse_client_first("n,,n=a").is_err());
        assert!(!parse_client_first("n,,n=a,r=x").unwrap().token_auth);
        let token = parse_client_first("n,,n=tid,r=x,tokenauth=true").unwrap();
        assert!(token.token_auth);
        assert_eq!(token.bare, "n=tid,r=x,tokenauth=true");
        assert!(
            !parse_client_first("n,,n=a,r=x,tokenauth=no")
                .unwrap()
                .token_auth
        );
        assert_eq!(ScramMechanism::from_code(2), Some(ScramMechanism::Sha512));
    }
}
