//! What kafka-delegation-tokens.sh asks of a cluster: CreateDelegationToken,
//! RenewDelegationToken, ExpireDelegationToken and DescribeDelegationToken, as Kafka's admin
//! client sends them to any one broker. Over [`super::wire`]: librdkafka has no
//! delegation-token calls. The connection must be authenticated (SASL, or SSL with a client
//! certificate) for the broker to accept them: the `--command-config` properties say how.

use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::create_delegation_token_request::CreatableRenewers;
use kafka_protocol::messages::describe_delegation_token_request::DescribeDelegationTokenOwner;
use kafka_protocol::messages::{
    CreateDelegationTokenRequest, DescribeDelegationTokenRequest, ExpireDelegationTokenRequest,
    RenewDelegationTokenRequest,
};
use kafka_protocol::protocol::StrBytes;

use super::wire::{connect_any, property_ms, WireClient, WireError};

/// The client id unless `client.id` is set (Kafka's admin client numbers its own).
const CLIENT_ID: &str = "adminclient-1";

/// A principal as `Type:name` parts.
pub type Principal = (String, String);

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenAdminError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The broker answered an error code.
    #[error("{}", exception_text(*.0))]
    Broker(ResponseError),
}

/// Kafka's exception of a token API error: `org.apache.kafka.common.errors.<Class>: <message>`,
/// what the tool prints (Kafka's `Errors` class and message of each code).
pub fn exception_text(error: ResponseError) -> String {
    let (class, message) = match error {
        ResponseError::DelegationTokenAuthDisabled => (
            "DelegationTokenDisabledException",
            "Delegation Token feature is not enabled.",
        ),
        ResponseError::DelegationTokenNotFound => (
            "DelegationTokenNotFoundException",
            "Delegation Token is not found on server.",
        ),
        ResponseError::DelegationTokenOwnerMismatch => (
            "DelegationTokenOwnerMismatchException",
            "Specified Principal is not valid Owner/Renewer.",
        ),
        ResponseError::DelegationTokenRequestNotAllowed => (
            "UnsupportedByAuthenticationException",
            "Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on \
             delegation token authenticated channels.",
        ),
        ResponseError::DelegationTokenAuthorizationFailed => (
            "DelegationTokenAuthorizationException",
            "Delegation Token authorization failed.",
        ),
        ResponseError::DelegationTokenExpired => (
            "DelegationTokenExpiredException",
            "Delegation Token is expired.",
        ),
        ResponseError::InvalidPrincipalType => (
            "InvalidPrincipalTypeException",
            "Supplied principalType is not supported.",
        ),
        _ => (
            "UnknownServerException",
            "The server experienced an unexpected error when processing the request.",
        ),
    };
    format!("org.apache.kafka.common.errors.{class}: {message}")
}

/// A token as the broker describes it (Kafka's `DelegationToken`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDescription {
    pub token_id: String,
    pub hmac: Vec<u8>,
    pub owner: Principal,
    pub requester: Principal,
    pub renewers: Vec<Principal>,
    pub issue_timestamp: i64,
    pub expiry_timestamp: i64,
    pub max_timestamp: i64,
}

/// A connection to any bootstrap server that answers, with the client's properties.
pub struct TokenAdmin {
    client: WireClient,
}

fn str_bytes(s: &str) -> StrBytes {
    StrBytes::from_string(s.to_string())
}

fn check(code: i16) -> Result<(), TokenAdminError> {
    match ResponseError::try_from_code(code) {
        None => Ok(()),
        Some(error) => Err(TokenAdminError::Broker(error)),
    }
}

impl TokenAdmin {
    /// Connects (and authenticates, as the properties say) to the first server that answers.
    pub async fn connect(
        bootstrap: &str,
        properties: &[(String, String)],
    ) -> Result<TokenAdmin, TokenAdminError> {
        let timeout: Duration = property_ms(properties, "default.api.timeout.ms", 60_000);
        let client = connect_any(bootstrap, properties, CLIENT_ID, timeout).await?;
        Ok(TokenAdmin { client })
    }

    /// CreateDelegationToken: a token for `owner` (the connection's principal when None),
    /// renewable by `renewers`, living at most `max_lifetime_ms` (-1: the broker's maximum).
    pub async fn create(
        &mut self,
        owner: Option<&Principal>,
        renewers: &[Principal],
        max_lifetime_ms: i64,
    ) -> Result<TokenDescription, TokenAdminError> {
        let mut request = CreateDelegationTokenRequest::default()
            .with_max_lifetime_ms(max_lifetime_ms)
            .with_renewers(
                renewers
                    .iter()
                    .map(|(kind, name)| {
                        CreatableRenewers::default()
                            .with_principal_type(str_bytes(kind))
                            .with_principal_name(str_bytes(name))
                    })
                    .collect(),
            );
        if let Some((kind, name)) = owner {
            request.owner_principal_type = Some(str_bytes(kind));
            request.owner_principal_name = Some(str_bytes(name));
        }
        let response = self.client.call(&request, 3).await?;
        check(response.error_code)?;
        Ok(TokenDescription {
            token_id: response.token_id.to_string(),
            hmac: response.hmac.to_vec(),
            owner: (
                response.principal_type.to_string(),
                response.principal_name.to_string(),
            ),
            requester: (
                response.token_requester_principal_type.to_string(),
                response.token_requester_principal_name.to_string(),
            ),
            renewers: renewers.to_vec(),
            issue_timestamp: response.issue_timestamp_ms,
            expiry_timestamp: response.expiry_timestamp_ms,
            max_timestamp: response.max_timestamp_ms,
        })
    }

    /// RenewDelegationToken: the token's new expiry timestamp.
    pub async fn renew(&mut self, hmac: &[u8], period_ms: i64) -> Result<i64, TokenAdminError> {
        let request = RenewDelegationTokenRequest::default()
            .with_hmac(bytes::Bytes::copy_from_slice(hmac))
            .with_renew_period_ms(period_ms);
        let response = self.client.call(&request, 2).await?;
        check(response.error_code)?;
        Ok(response.expiry_timestamp_ms)
    }

    /// ExpireDelegationToken: the token's new expiry timestamp (now, for a negative period).
    pub async fn expire(&mut self, hmac: &[u8], period_ms: i64) -> Result<i64, TokenAdminError> {
        let request = ExpireDelegationTokenRequest::default()
            .with_hmac(bytes::Bytes::copy_from_slice(hmac))
            .with_expiry_time_period_ms(period_ms);
        let response = self.client.call(&request, 2).await?;
        check(response.error_code)?;
        Ok(response.expiry_timestamp_ms)
    }

    /// DescribeDelegationToken: the tokens owned or renewed by `owners` (None: every token
    /// the connection's principal may see), in the broker's order.
    pub async fn describe(
        &mut self,
        owners: Option<&[Principal]>,
    ) -> Result<Vec<TokenDescription>, TokenAdminError> {
        let request = DescribeDelegationTokenRequest::default().with_owners(owners.map(|owners| {
            owners
                .iter()
                .map(|(kind, name)| {
                    DescribeDelegationTokenOwner::default()
                        .with_principal_type(str_bytes(kind))
                        .with_principal_name(str_bytes(name))
                })
                .collect()
        }));
        let response = self.client.call(&request, 3).await?;
        check(response.error_code)?;
        Ok(response
            .tokens
            .iter()
            .map(|t| TokenDescription {
                token_id: t.token_id.to_string(),
                hmac: t.hmac.to_vec(),
                owner: (t.principal_type.to_string(), t.principal_name.to_string()),
                requester: (
                    t.token_requester_principal_type.to_string(),
                    t.token_requester_principal_name.to_string(),
                ),
                renewers: t
                    .renewers
                    .iter()
                    .map(|r| (r.principal_type.to_string(), r.principal_name.to_string()))
                    .collect(),
                issue_timestamp: t.issue_timestamp,
                expiry_timestamp: t.expiry_timestamp,
                max_timestamp: t.max_timestamp,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_kafkas_exceptions() {
        assert_eq!(
            exception_text(ResponseError::DelegationTokenAuthDisabled),
            "org.apache.kafka.common.errors.DelegationTokenDisabledException: Delegation Token \
             feature is not enabled."
        );
        assert_eq!(
            exception_text(ResponseError::DelegationTokenRequestNotAllowed),
            "org.apache.kafka.common.errors.UnsupportedByAuthenticationException: Delegation \
             Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation \
             token authenticated channels."
        );
        assert_eq!(
            exception_text(ResponseError::InvalidPrincipalType),
            "org.apache.kafka.common.errors.InvalidPrincipalTypeException: Supplied principalType \
             is not supported."
        );
    }
}
