//! SASL/OAUTHBEARER (RFC 7628) with unsecured JSON Web Signatures (`alg: none`), as Kafka's
//! `OAuthBearerUnsecuredValidatorCallbackHandler` validates them: for tests and development,
//! since anyone can write such a token. The client's first message is
//! `n,[a=<authzid>],\x01auth=Bearer <jws>\x01[key=value\x01]...\x01`; the token's claims name
//! the principal (`sub`, or `unsecuredValidatorPrincipalClaimName`), its expiry (`exp`,
//! required) and optionally when it was issued (`iat`) and its scope.
//!
//! A token that fails validation is not refused at once: the server answers with a JSON
//! error (`{"status":"invalid_token"}`) as its challenge, the client acknowledges it with a
//! single `\x01`, and only then does the exchange fail with that JSON as the message. A
//! malformed first message fails at once with the generic message.

use std::collections::{BTreeMap, HashSet};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use thiserror::Error;

/// Kafka's class for OAUTHBEARER's login module, whose options configure the validator.
pub const OAUTHBEARER_LOGIN_MODULE: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

/// What a client sends after the server's error challenge: the end of a failed exchange.
pub const CONTROL_A: u8 = 0x01;

/// A bad validator option in the listener's JAAS entry: the listener does not start.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OAuthConfigError {
    #[error("unsecuredValidatorAllowableClockSkewMs: {0} is not an integer")]
    ClockSkewNotInteger(String),
    #[error("Allowable clock skew millis must not be negative: {0}")]
    NegativeClockSkew(String),
}

/// The unsecured-token validator of one listener, from the options of its
/// `OAuthBearerLoginModule` JAAS entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsecuredValidator {
    /// `unsecuredValidatorPrincipalClaimName` (default `sub`).
    principal_claim: String,
    /// `unsecuredValidatorScopeClaimName` (default `scope`).
    scope_claim: String,
    /// `unsecuredValidatorRequiredScope`: space-separated scope values every token must hold.
    required_scope: Vec<String>,
    /// `unsecuredValidatorAllowableClockSkewMs` (default 0).
    clock_skew_ms: i64,
}

impl UnsecuredValidator {
    /// Reads the validator's options; blank ones take Kafka's defaults.
    pub fn from_options(options: &BTreeMap<String, String>) -> Result<Self, OAuthConfigError> {
        let option = |key: &str| options.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
        let clock_skew_ms = match option("unsecuredValidatorAllowableClockSkewMs") {
            None => 0,
            Some(text) => {
                let skew: i32 = text
                    .parse()
                    .map_err(|_| OAuthConfigError::ClockSkewNotInteger(text.to_string()))?;
                if skew < 0 {
                    return Err(OAuthConfigError::NegativeClockSkew(text.to_string()));
                }
                i64::from(skew)
            }
        };
        Ok(UnsecuredValidator {
            principal_claim: option("unsecuredValidatorPrincipalClaimName")
                .unwrap_or("sub")
                .to_string(),
            scope_claim: option("unsecuredValidatorScopeClaimName")
                .unwrap_or("scope")
                .to_string(),
            required_scope: option("unsecuredValidatorRequiredScope")
                .map(|s| {
                    s.split(' ')
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            clock_skew_ms,
        })
    }

    /// Validates a compact-serialized unsecured JWS at `now_ms`, in Kafka's order of checks.
    pub fn validate(&self, jws: &str, now_ms: i64) -> Result<ValidToken, Invalid> {
        let claims = Claims::of(jws)?;
        let exp = claims
            .number("exp")?
            .ok_or_else(|| Invalid::token("No expiration time in JWT"))?;
        let principal = match claims.get(&self.principal_claim) {
            Some(Claim::Text(name)) if !name.trim().is_empty() => name.clone(),
            Some(Claim::Text(_)) | None => {
                return Err(Invalid::token(format!(
                    "No principal name in JWT claim: {}",
                    self.principal_claim
                )))
            }
            Some(other) => {
                return Err(Invalid::token(format!(
                    "The '{}' claim was not of type String: {}",
                    self.principal_claim,
                    other.type_name()
                )))
            }
        };
        let scope = claims.scope(&self.scope_claim)?;
        let iat = claims.number("iat")?;
        if let Some(iat) = iat {
            if 1000.0 * iat > (now_ms + self.clock_skew_ms) as f64 {
                return Err(Invalid::token(format!(
                    "The Issued At value ({iat:.6} seconds) was after the indicated time \
                     ({now_ms} ms) plus allowable clock skew ({} ms)",
                    self.clock_skew_ms
                )));
            }
        }
        if (now_ms - self.clock_skew_ms) as f64 >= 1000.0 * exp {
            return Err(Invalid::token(format!(
                "The indicated time ({now_ms} ms) minus allowable clock skew ({} ms) was on or \
                 after the Expiration Time value ({exp:.6} seconds)",
                self.clock_skew_ms
            )));
        }
        if let Some(iat) = iat {
            if exp <= iat {
                return Err(Invalid::token(format!(
                    "The Expiration Time time ({exp:.6} seconds) was not after the Issued At \
                     time ({iat:.6} seconds)"
                )));
            }
        }
        if let Some(missing) = self.required_scope.iter().find(|s| !scope.contains(*s)) {
            return Err(Invalid {
                reason: format!("The provided scope was missing a required scope ({missing})"),
                // Java's List.toString of the required scope, as Kafka's error names it.
                scope: Some(format!("[{}]", self.required_scope.join(", "))),
            });
        }
        Ok(ValidToken {
            principal,
            lifetime_ms: (exp * 1000.0).round() as i64,
        })
    }
}

/// A token that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidToken {
    /// The principal's name, from the principal claim.
    pub principal: String,
    /// When the token expires (`exp`, in ms since the epoch): the credential's lifetime,
    /// which bounds the session's (KIP-368).
    pub lifetime_ms: i64,
}

/// Why a token was refused: the reason (for the log; never the token) and, for a missing
/// scope, the scope required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub reason: String,
    pub scope: Option<String>,
}

impl Invalid {
    fn token(reason: impl Into<String>) -> Self {
        Invalid {
            reason: reason.into(),
            scope: None,
        }
    }

    /// The server's error challenge (RFC 7628 §3.2.2), as Kafka writes it.
    pub fn challenge(&self) -> String {
        match &self.scope {
            None => "{\"status\":\"invalid_token\"}".to_string(),
            Some(scope) => format!("{{\"status\":\"insufficient_scope\", \"scope\":\"{scope}\"}}"),
        }
    }
}

/// A claim's value as Kafka reads it from the JSON: arrays become lists of texts, numbers
/// stay numbers, anything else becomes its text.
#[derive(Debug, Clone, PartialEq)]
enum Claim {
    Text(String),
    Number(f64),
    List(Vec<String>),
}

impl Claim {
    fn from_json(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Array(items) => Claim::List(items.into_iter().map(text).collect()),
            serde_json::Value::Number(n) => Claim::Number(n.as_f64().unwrap_or(f64::NAN)),
            other => Claim::Text(text(other)),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Claim::Text(_) => "String",
            Claim::Number(_) => "Number",
            Claim::List(_) => "List",
        }
    }
}

/// Jackson's `asText`: a string's own text, a scalar's literal, nothing for an object.
fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => String::new(),
        other => other.to_string(),
    }
}

/// The claims of an unsecured JWS, after its header and signature were checked.
struct Claims(BTreeMap<String, Claim>);

impl Claims {
    fn of(jws: &str) -> Result<Self, Invalid> {
        if jws.contains("..") {
            return Err(Invalid::token(
                "Malformed compact serialization contains '..'",
            ));
        }
        let parts: Vec<&str> = jws.split('.').collect();
        let [header, claims, signature] = parts.as_slice() else {
            return Err(Invalid::token(
                "Unsecured JWS compact serializations must have 3 dot-separated Base64URL-encoded \
                 values",
            ));
        };
        let header = json_object(header)?;
        if header.get("alg") != Some(&Claim::Text("none".into())) {
            return Err(Invalid::token(
                "Unsecured JWS must have 'none' for an algorithm",
            ));
        }
        let claims = json_object(claims)?;
        if !signature.is_empty() {
            return Err(Invalid::token(
                "Unsecured JWS must not contain a digital signature",
            ));
        }
        Ok(Claims(claims))
    }

    fn get(&self, name: &str) -> Option<&Claim> {
        self.0.get(name)
    }

    fn number(&self, name: &str) -> Result<Option<f64>, Invalid> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Claim::Number(n)) => Ok(Some(*n)),
            Some(other) => Err(Invalid::token(format!(
                "The '{name}' claim was not of type Number: {}",
                other.type_name()
            ))),
        }
    }

    /// The token's scope: a text claim is one value, a list claim several.
    fn scope(&self, name: &str) -> Result<HashSet<String>, Invalid> {
        let values: Vec<&String> = match self.0.get(name) {
            None => Vec::new(),
            Some(Claim::Text(value)) => vec![value],
            Some(Claim::List(values)) => values.iter().collect(),
            Some(Claim::Number(_)) => {
                return Err(Invalid::token(format!(
                    "The '{name}' claim was not of type List: Number"
                )))
            }
        };
        Ok(values
            .into_iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect())
    }
}

/// Base64 without padding requirements, in either alphabet: JWS uses base64url (what
/// librdkafka writes); Kafka's validator decodes the standard alphabet, so tokens made for
/// it work too.
fn decode_segment(segment: &str) -> Option<Vec<u8>> {
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(&alphabet::URL_SAFE, lenient)
        .decode(segment)
        .or_else(|_| GeneralPurpose::new(&alphabet::STANDARD, lenient).decode(segment))
        .or_else(|_| STANDARD.decode(segment))
        .ok()
}

fn json_object(segment: &str) -> Result<BTreeMap<String, Claim>, Invalid> {
    let bytes = decode_segment(segment)
        .ok_or_else(|| Invalid::token("malformed Base64 URL encoded value"))?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(map)) => Ok(map
            .into_iter()
            .map(|(k, v)| (k, Claim::from_json(v)))
            .collect()),
        _ => Err(Invalid::token("malformed JSON")),
    }
}

/// The client's first message, once parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFirst {
    /// The authorization id (`a=`), empty when not given: if given it must be the token's
    /// principal.
    pub authorization_id: String,
    /// The bearer token (the JWS).
    pub token: String,
}

/// Parses `n,[a=<authzid>],\x01auth=Bearer <token>\x01[key=value\x01]...\x01` as Kafka's
/// `OAuthBearerClientInitialResponse` does. Extensions are accepted (the unsecured validator
/// accepts every one) but must be well-formed. The error is for the log only: Kafka answers
/// any of them with its generic message.
pub fn parse_client_first(bytes: &[u8]) -> Result<ClientFirst, &'static str> {
    const INVALID: &str = "Invalid OAUTHBEARER client first message";
    let text = std::str::from_utf8(bytes).map_err(|_| INVALID)?;
    let rest = text.strip_prefix("n,").ok_or(INVALID)?;
    let (authorization_id, rest) = match rest.strip_prefix("a=") {
        Some(after) => {
            let end = after.find(',').ok_or(INVALID)?;
            let name = &after[..end];
            if !is_sasl_name(name) {
                return Err(INVALID);
            }
            (name.to_string(), &after[end..])
        }
        None => (String::new(), rest),
    };
    let pairs = rest
        .strip_prefix(",\u{1}")
        .and_then(|r| r.strip_suffix('\u{1}'))
        .ok_or(INVALID)?;
    let mut auth = None;
    if !pairs.is_empty() {
        let pairs = pairs.strip_suffix('\u{1}').ok_or(INVALID)?;
        for pair in pairs.split('\u{1}') {
            let (key, value) = pair.split_once('=').ok_or(INVALID)?;
            let key_ok = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphabetic());
            let value_ok = !value.is_empty()
                && value
                    .bytes()
                    .all(|b| (0x21..=0x7e).contains(&b) || b" \t\r\n".contains(&b));
            if !key_ok || !value_ok {
                return Err(INVALID);
            }
            if key == "auth" {
                auth = Some(value);
            }
        }
    }
    let auth = auth.ok_or("Invalid OAUTHBEARER client first message: 'auth' not specified")?;
    const BAD_AUTH: &str = "Invalid OAUTHBEARER client first message: invalid 'auth' format";
    let (scheme, token) = auth.split_once(' ').ok_or(BAD_AUTH)?;
    let token = token.trim_start_matches(' ');
    let scheme_ok = !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let body = token.trim_end_matches('=');
    let token_ok = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_~+/.".contains(&b));
    if !scheme_ok || !token_ok {
        return Err(BAD_AUTH);
    }
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err("Invalid scheme in OAUTHBEARER client first message");
    }
    Ok(ClientFirst {
        authorization_id,
        token: token.to_string(),
    })
}

/// RFC 5801's saslname: ASCII without `=` and `,` except as `=2C` and `=3D`.
fn is_sasl_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if name[i..].starts_with("=2C") || name[i..].starts_with("=3D") => i += 3,
            b'=' | b',' | 0 | 0x80.. => return false,
            _ => i += 1,
        }
    }
    !bytes.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn jws(claims: &str) -> String {
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    fn validator(options: &[(&str, &str)]) -> UnsecuredValidator {
        let options = options
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        UnsecuredValidator::from_options(&options).unwrap()
    }

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn valid_tokens_name_their_principal_and_expiry() {
        let v = validator(&[]);
        let token = jws(r#"{"sub":"alice","iat":1699999999.5,"exp":1700000060.25}"#);
        assert_eq!(
            v.validate(&token, NOW),
            Ok(ValidToken {
                principal: "alice".into(),
                lifetime_ms: 1_700_000_060_250
            })
        );
        // Another principal claim, a required scope held in a list, no iat.
        let v = validator(&[
            ("unsecuredValidatorPrincipalClaimName", "user"),
            ("unsecuredValidatorRequiredScope", "kafka  read"),
            ("unsecuredValidatorScopeClaimName", "roles"),
        ]);
        let token = jws(r#"{"user":"bob","roles":["read","kafka","x"],"exp":1700000001}"#);
        assert_eq!(v.validate(&token, NOW).unwrap().principal, "bob");
    }

    #[test]
    fn bad_tokens_fail_with_kafkas_reasons_and_challenges() {
        let v = validator(&[("unsecuredValidatorRequiredScope", "kafka")]);
        let reason = |token: &str| v.validate(token, NOW).unwrap_err().reason;
        let expired = jws(r#"{"sub":"a","exp":1700000000,"scope":"kafka"}"#);
        assert!(reason(&expired).contains("was on or after the Expiration Time"));
        assert_eq!(reason(&jws(r#"{"sub":"a"}"#)), "No expiration time in JWT");
        assert_eq!(
            reason(&jws(r#"{"exp":1800000000}"#)),
            "No principal name in JWT claim: sub"
        );
        assert!(reason(&jws(r#"{"sub":"a","exp":"soon"}"#)).contains("not of type Number"));
        assert!(
            reason(&jws(r#"{"sub":"a","iat":1800000000,"exp":1900000000}"#))
                .contains("was after the indicated time")
        );
        let signed = format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"a","exp":1800000000}"#)
        );
        assert_eq!(
            reason(&signed),
            "Unsecured JWS must not contain a digital signature"
        );
        let hs256 = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"sub":"a","exp":1800000000}"#)
        );
        assert_eq!(
            reason(&hs256),
            "Unsecured JWS must have 'none' for an algorithm"
        );
        assert!(reason("a.b").contains("3 dot-separated"));
        assert!(reason("a..").contains("'..'"));
        assert_eq!(reason("!!.e30."), "malformed Base64 URL encoded value");
        let err = v.validate(&expired, NOW).unwrap_err();
        assert_eq!(err.challenge(), r#"{"status":"invalid_token"}"#);
        let unscoped = jws(r#"{"sub":"a","exp":1800000000,"scope":"other"}"#);
        let err = v.validate(&unscoped, NOW).unwrap_err();
        assert_eq!(
            err.challenge(),
            r#"{"status":"insufficient_scope", "scope":"[kafka]"}"#
        );
        // Clock skew lets a just-expired token in.
        let lenient = validator(&[("unsecuredValidatorAllowableClockSkewMs", "5000")]);
        assert!(lenient.validate(&expired, NOW).is_ok());
        assert_eq!(
            UnsecuredValidator::from_options(
                &[(
                    "unsecuredValidatorAllowableClockSkewMs".to_string(),
                    "-1".to_string()
                )]
                .into()
            ),
            Err(OAuthConfigError::NegativeClockSkew("-1".into()))
        );
    }

    #[test]
    fn client_first_messages_are_read_as_kafka_reads_them() {
        let first = parse_client_first(b"n,,\x01auth=Bearer abc.def.\x01\x01").unwrap();
        assert_eq!(
            (first.authorization_id.as_str(), first.token.as_str()),
            ("", "abc.def.")
        );
        let first =
            parse_client_first(b"n,a=alice,\x01auth=bearer  t0k=\x01traceId=42\x01\x01").unwrap();
        assert_eq!(
            (first.authorization_id.as_str(), first.token.as_str()),
            ("alice", "t0k=")
        );
        for bad in [
            &b"n,,\x01\x01"[..],
            b"n,,\x01auth=Bearer abc\x01",
            b"y,,\x01auth=Bearer abc\x01\x01",
            b"n,,\x01auth=Basic abc\x01\x01",
            b"n,,\x01auth=Bearer a b\x01\x01",
            b"n,a=,\x01auth=Bearer abc\x01\x01",
            b"n,,\x01auth=Bearer abc\x011x=y\x01\x01",
        ] {
            assert!(parse_client_first(bad).is_err(), "{bad:?}");
        }
    }
}
