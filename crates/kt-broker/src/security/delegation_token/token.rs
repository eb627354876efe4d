//! One delegation token: its information as Kafka's `TokenInformation` holds it (and its
//! ZooKeeper JSON), its HMAC, the SCRAM credentials a client proves it with, and the
//! lifetime arithmetic of create, renew and expire (`DelegationTokenManagerZk`).

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha512;

use super::TokenSettings;
use crate::security::sasl::credentials::{desanitize, sanitize};
use crate::security::sasl::scram::{ScramCredential, ScramMechanism};
use crate::security::KafkaPrincipal;

/// The version of the token znode's JSON Kafka 3.9 writes (3 added `tokenRequester`).
const ZNODE_VERSION: i64 = 3;

/// What the broker keeps of a token (the HMAC is not kept: it is computed from the id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInformation {
    /// The token's id: the SCRAM user name of a client authenticating with it.
    pub token_id: String,
    /// Who the token acts as once a client authenticated with it.
    pub owner: KafkaPrincipal,
    /// Who created it (the owner, unless created for another owner, KIP-373).
    pub requester: KafkaPrincipal,
    /// Who besides the owner may renew or expire it.
    pub renewers: Vec<KafkaPrincipal>,
    /// When it was created (epoch ms).
    pub issue_timestamp: i64,
    /// When it expires, unless renewed (epoch ms).
    pub expiry_timestamp: i64,
    /// The end of its life: no renewal goes beyond (epoch ms).
    pub max_timestamp: i64,
}

/// Why a renew or expire is refused (Kafka's errors of those APIs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LifetimeError {
    /// DELEGATION_TOKEN_OWNER_MISMATCH: the principal is neither owner nor renewer.
    #[error("Specified Principal is not valid Owner/Renewer.")]
    OwnerMismatch,
    /// DELEGATION_TOKEN_EXPIRED: past its expiry or maximum time.
    #[error("Delegation Token is expired.")]
    Expired,
}

impl TokenInformation {
    /// A new token for `owner`, created at `now` by `requester`: its maximum life is the
    /// asked one capped by `delegation.token.max.lifetime.ms` (the server's when the asked
    /// one is not positive), and it expires one `delegation.token.expiry.time.ms` later,
    /// never after its maximum.
    pub fn create(
        token_id: String,
        owner: KafkaPrincipal,
        requester: KafkaPrincipal,
        renewers: Vec<KafkaPrincipal>,
        requested_max_lifetime_ms: i64,
        now: i64,
        settings: &TokenSettings,
    ) -> Self {
        let max_life = if requested_max_lifetime_ms <= 0 {
            settings.max_lifetime_ms
        } else {
            requested_max_lifetime_ms.min(settings.max_lifetime_ms)
        };
        let max_timestamp = now.saturating_add(max_life);
        let expiry_timestamp = max_timestamp.min(now.saturating_add(settings.expiry_time_ms));
        TokenInformation {
            token_id,
            owner,
            requester,
            renewers,
            issue_timestamp: now,
            expiry_timestamp,
            max_timestamp,
        }
    }

    /// Whether `principal` owns the token or is one of its renewers.
    pub fn owner_or_renewer(&self, principal: &KafkaPrincipal) -> bool {
        self.owner == *principal || self.renewers.contains(principal)
    }

    /// Whether the token is past its expiry or its maximum time at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.max_timestamp < now || self.expiry_timestamp < now
    }

    /// RenewDelegationToken by `principal` at `now`: the new expiry, `renew_period_ms` from
    /// now (the server's expiry time when negative), never beyond the maximum.
    pub fn renew(
        &mut self,
        principal: &KafkaPrincipal,
        renew_period_ms: i64,
        now: i64,
        settings: &TokenSettings,
    ) -> Result<i64, LifetimeError> {
        if !self.owner_or_renewer(principal) {
            return Err(LifetimeError::OwnerMismatch);
        }
        if self.is_expired(now) {
            return Err(LifetimeError::Expired);
        }
        let period = if renew_period_ms < 0 {
            settings.expiry_time_ms
        } else {
            renew_period_ms
        };
        self.expiry_timestamp = self.max_timestamp.min(now.saturating_add(period));
        Ok(self.expiry_timestamp)
    }

    /// ExpireDelegationToken by `principal` at `now`: `Ok(None)` when a negative period
    /// ends the token at once (it is to be removed), else the new expiry, `period_ms` from
    /// now and never beyond the maximum.
    pub fn expire(
        &mut self,
        principal: &KafkaPrincipal,
        period_ms: i64,
        now: i64,
    ) -> Result<Option<i64>, LifetimeError> {
        if !self.owner_or_renewer(principal) {
            return Err(LifetimeError::OwnerMismatch);
        }
        if period_ms < 0 {
            return Ok(None);
        }
        if self.is_expired(now) {
            return Err(LifetimeError::Expired);
        }
        self.expiry_timestamp = self.max_timestamp.min(now.saturating_add(period_ms));
        Ok(Some(self.expiry_timestamp))
    }

    /// The znode JSON of Kafka's `DelegationTokenManagerZk.toJsonCompatibleMap`: principals
    /// written `Type:name` and sanitised as Kafka's `Sanitizer` does.
    pub fn to_json(&self) -> Value {
        json!({
            "version": ZNODE_VERSION,
            "owner": sanitize(&self.owner.to_string()),
            "tokenRequester": sanitize(&self.requester.to_string()),
            "renewers": self.renewers.iter().map(|r| sanitize(&r.to_string())).collect::<Vec<_>>(),
            "issueTimestamp": self.issue_timestamp,
            "maxTimestamp": self.max_timestamp,
            "expiryTimestamp": self.expiry_timestamp,
            "tokenId": self.token_id,
        })
    }

    /// Reads what [`TokenInformation::to_json`] writes (and versions 1 and 2, whose
    /// requester is the owner).
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let field = |key: &str| value.get(key).ok_or_else(|| format!("{key} missing"));
        let text = |key: &str| -> Result<String, String> {
            field(key)?
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{key} is not a string"))
        };
        let number = |key: &str| -> Result<i64, String> {
            field(key)?
                .as_i64()
                .ok_or_else(|| format!("{key} is not a number"))
        };
        let principal = |text: &str| {
            KafkaPrincipal::parse(&desanitize(text))
                .ok_or_else(|| format!("{text} is not a principal"))
        };
        let version = number("version")?;
        if !(1..=ZNODE_VERSION).contains(&version) {
            return Err(format!("unknown version {version}"));
        }
        let owner = principal(&text("owner")?)?;
        let requester = match version {
            3.. => principal(&text("tokenRequester")?)?,
            _ => owner.clone(),
        };
        let renewers = field("renewers")?
            .as_array()
            .ok_or("renewers is not a list")?
            .iter()
            .map(|r| principal(r.as_str().unwrap_or_default()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TokenInformation {
            token_id: text("tokenId")?,
            owner,
            requester,
            renewers,
            issue_timestamp: number("issueTimestamp")?,
            expiry_timestamp: number("expiryTimestamp")?,
            max_timestamp: number("maxTimestamp")?,
        })
    }
}

/// The token's HMAC: `HmacSHA512(secret, tokenId)`, what its holder proves it has.
pub fn hmac(secret: &[u8], token_id: &str) -> Vec<u8> {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail.
    let mut mac = Hmac::<Sha512>::new_from_slice(secret).expect("any key length");
    mac.update(token_id.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A fresh token id as Kafka's `CoreUtils.generateUuidAsBase64`: a random UUID in URL-safe
/// base64 without padding (22 characters).
pub fn new_token_id() -> String {
    URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes())
}

/// The SCRAM credential of a token for `mechanism`: its password is the base64 HMAC, with
/// a fresh salt and the mechanism's fewest iterations, as Kafka's token cache derives it.
pub fn scram_credential(hmac: &[u8], mechanism: ScramMechanism) -> ScramCredential {
    let mut salt = [0u8; 16];
    // The operating system's generator; failing it leaves no safe salt.
    getrandom::getrandom(&mut salt).expect("the system's random number generator");
    ScramCredential::from_password(
        mechanism,
        &B64.encode(hmac),
        salt.to_vec(),
        ScramMechanism::MIN_ITERATIONS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> TokenSettings {
        TokenSettings {
            secret: b"secret".to_vec(),
            max_lifetime_ms: 1000,
            expiry_time_ms: 100,
            check_interval_ms: 10,
        }
    }

    fn token(now: i64, max: i64) -> TokenInformation {
        TokenInformation::create(
            "id".into(),
            KafkaPrincipal::user("alice"),
            KafkaPrincipal::user("alice"),
            vec![KafkaPrincipal::user("bob")],
            max,
            now,
            &settings(),
        )
    }

    #[test]
    fn hmac_is_hmac_sha512_of_the_token_id() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mac = hmac(b"Jefe", "what do ya want for nothing?");
        assert_eq!(
            B64.encode(&mac),
            "Fkt6e/z4GeLjlfvnO1bgo4e9ZCIugx/WECcM1+olBVSXWL91wFqZSm0DT2X48Ob9yuqxo01Ka0tjbgcKOLznNw=="
        );
        assert_eq!(new_token_id().len(), 22);
        assert_ne!(new_token_id(), new_token_id());
    }

    #[test]
    fn creation_caps_lifetimes_as_kafka_does() {
        // Not positive: the server's maximum; expiry one expiry time later.
        let t = token(5000, -1);
        assert_eq!(
            (t.issue_timestamp, t.expiry_timestamp, t.max_timestamp),
            (5000, 5100, 6000)
        );
        // Asked below the server's maximum: kept; above: capped.
        assert_eq!(token(5000, 500).max_timestamp, 5500);
        assert_eq!(token(5000, 50_000).max_timestamp, 6000);
        // A maximum shorter than the expiry time ends the expiry there too.
        let short = token(5000, 40);
        assert_eq!((short.expiry_timestamp, short.max_timestamp), (5040, 5040));
    }

    #[test]
    fn renew_and_expire_follow_kafkas_rules() {
        let s = settings();
        let alice = KafkaPrincipal::user("alice");
        let bob = KafkaPrincipal::user("bob");
        let eve = KafkaPrincipal::user("eve");
        let mut t = token(0, -1);
        assert_eq!(t.renew(&eve, 10, 50, &s), Err(LifetimeError::OwnerMismatch));
        // Renewers and the owner may; negative: the server's expiry time.
        assert_eq!(t.renew(&bob, 30, 50, &s), Ok(80));
        assert_eq!(t.renew(&alice, -1, 50, &s), Ok(150));
        // Never beyond the maximum.
        assert_eq!(t.renew(&alice, 10_000, 140, &s), Ok(1000));
        assert_eq!(t.renew(&alice, 10, 1001, &s), Err(LifetimeError::Expired));
        let mut t = token(0, -1);
        assert_eq!(t.expire(&eve, -1, 50), Err(LifetimeError::OwnerMismatch));
        assert_eq!(t.expire(&bob, 20, 50), Ok(Some(70)));
        assert!(!t.is_expired(70) && t.is_expired(71));
        assert_eq!(t.expire(&alice, 20, 80), Err(LifetimeError::Expired));
        // A negative period ends it at once, even when already expired.
        assert_eq!(t.expire(&alice, -1, 80), Ok(None));
    }

    #[test]
    fn znode_json_is_kafkas() {
        let mut t = token(7, -1);
        t.requester = KafkaPrincipal::user("admin");
        let json = t.to_json();
        assert_eq!(json["owner"], "User%3Aalice");
        assert_eq!(json["tokenRequester"], "User%3Aadmin");
        assert_eq!(json["renewers"], json!(["User%3Abob"]));
        assert_eq!(json["version"], 3);
        assert_eq!(TokenInformation::from_json(&json).unwrap(), t);
        let mut v2 = json.clone();
        v2["version"] = json!(2);
        assert_eq!(
            TokenInformation::from_json(&v2).unwrap().requester,
            KafkaPrincipal::user("alice")
        );
        assert!(TokenInformation::from_json(&json!({"version": 9})).is_err());
    }

    #[test]
    fn a_tokens_scram_credential_proves_its_hmac() {
        let mac = hmac(b"secret", "id");
        let c = scram_credential(&mac, ScramMechanism::Sha256);
        let again = ScramCredential::from_password(
            ScramMechanism::Sha256,
            &B64.encode(&mac),
            c.salt.clone(),
            4096,
        );
        assert_eq!(c, again);
        assert_eq!(c.iterations, 4096);
    }
}
