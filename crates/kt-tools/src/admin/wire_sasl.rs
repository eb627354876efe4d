//! SASL for kt's raw wire client (`wire`), as Kafka's Java client authenticates: SaslHandshake
//! v1 naming the mechanism, then SaslAuthenticate with PLAIN's single token or SCRAM's two
//! rounds (RFC 5802, with the broker's signature checked, so a server that does not know the
//! password cannot pretend it does). The SCRAM math is the broker's (`security::sasl::scram`).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use bytes::Bytes;
use kafka_protocol::messages::{
    SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest, SaslHandshakeResponse,
};
use kafka_protocol::protocol::StrBytes;
use kt_broker::security::sasl::scram::ScramMechanism;

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
    let Login {
        user,
        password,
        token_auth,
    } = login;
    let failed = |message: String| WireError::Config(message);
    let handshake: SaslHandshakeResponse = client
        .call(
            &SaslHandshakeRequest::default()
                .with_mechanism(StrBytes::from_string(mechanism.to_string())),
            1,
        )
        .await?;
    if handshake.error_code != 0 {
        let enabled: Vec<String> = handshake.mechanisms.iter().map(|m| m.to_string()).collect();
        return Err(failed(format!(
            "Unexpected handshake request with client mechanism {mechanism}, enabled mechanisms \
             are [{}]",
            enabled.join(", ")
        )));
    }
    match ScramMechanism::from_name(mechanism) {
        None if token_auth => Err(failed(format!(
            "Delegation token authentication needs a SCRAM mechanism, not {mechanism}"
        ))),
        None if mechanism == "PLAIN" => {
            let token = format!("\0{user}\0{password}");
            exchange(client, token.into_bytes()).await?;
            Ok(())
        }
        None => Err(failed(format!(
            "sasl.mechanism={mechanism} is not supported by kt's clients (PLAIN, SCRAM-SHA-256 \
             and SCRAM-SHA-512 are)"
        ))),
        Some(scram) => {
            let mut nonce = [0u8; 24];
            getrandom::getrandom(&mut nonce)
                .map_err(|e| failed(format!("no random nonce: {e}")))?;
            let nonce = B64.encode(nonce);
            let bare = client_first_bare(user, &nonce, token_auth);
            let server_first = exchange(client, format!("n,,{bare}").into_bytes()).await?;
            let server_first = String::from_utf8(server_first)
                .map_err(|_| failed("SCRAM: the server's first message is not text".into()))?;
            let (final_message, expected) =
                client_final(scram, password, &nonce, &bare, &server_first).map_err(failed)?;
            let server_final = exchange(client, final_message.into_bytes()).await?;
            if server_final != expected.into_bytes() {
                return Err(failed(
                    "SCRAM: the broker's signature is invalid".to_string(),
                ));
            }
            Ok(())
        }
    }
}

/// The client-first message without its GS2 header: `n=user,r=nonce`, and Kafka's
/// `tokenauth=true` extension when authenticating with a delegation token.
fn client_first_bare(user: &str, nonce: &str, token_auth: bool) -> String {
    let user = user.replace('=', "=3D").replace(',', "=2C");
    match token_auth {
        true => format!("n={user},r={nonce},tokenauth=true"),
        false => format!("n={user},r={nonce}"),
    }
}

/// The client-final message for `server_first`, and the server-final message that proves the
/// broker knows the credential.
fn client_final(
    scram: ScramMechanism,
    password: &str,
    client_nonce: &str,
    client_first_bare: &str,
    server_first: &str,
) -> Result<(String, String), String> {
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
    let bad = || "SCRAM: invalid server first message".to_string();
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

/// One SaslAuthenticate round: the broker's token, or its error message.
async fn exchange(client: &mut WireClient, token: Vec<u8>) -> Result<Vec<u8>, WireError> {
    let response: SaslAuthenticateResponse = client
        .call(
            &SaslAuthenticateRequest::default().with_auth_bytes(Bytes::from(token)),
            2,
        )
        .await?;
    if response.error_code != 0 {
        return Err(WireError::Config(
            response
                .error_message
                .map(|m| m.to_string())
                .unwrap_or_else(|| {
                    format!("SASL authentication failed (error {})", response.error_code)
                }),
        ));
    }
    Ok(response.auth_bytes.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A delegation token's exchange: the client sends the `tokenauth` extension, its
    /// password is the token's base64 HMAC, and the broker's credential derived from the
    /// same HMAC verifies the proof (over the first message with its extension).
    #[test]
    fn token_exchange_against_the_brokers_credential() {
        use kt_broker::security::delegation_token::{hmac, scram_credential};
        use kt_broker::security::sasl::scram::{parse_client_first, ScramExchange};
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
