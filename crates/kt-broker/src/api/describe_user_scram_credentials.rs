//! DescribeUserScramCredentials: the mechanisms and iteration counts of users' SCRAM
//! credentials (never the credentials), as `kafka-configs.sh --describe --entity-type users`
//! shows them. No users named: every user with a credential.

use std::collections::BTreeSet;
use std::sync::Arc;

use kafka_protocol::messages::describe_user_scram_credentials_response::{
    CredentialInfo, DescribeUserScramCredentialsResult,
};
use kafka_protocol::messages::{
    DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse,
};

use super::{str_bytes, RequestContext};
use crate::security::sasl::credentials::CredentialStore;
use crate::security::sasl::scram::ScramMechanism;
use crate::state::Broker;

/// Kafka's RESOURCE_NOT_FOUND, DUPLICATE_RESOURCE and UNKNOWN_SERVER_ERROR.
const RESOURCE_NOT_FOUND: i16 = 91;
const DUPLICATE_RESOURCE: i16 = 92;
const UNKNOWN_SERVER_ERROR: i16 = -1;

pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeUserScramCredentialsRequest,
    ctx: &RequestContext,
) -> DescribeUserScramCredentialsResponse {
    let store = CredentialStore::of(broker);
    let mut response = DescribeUserScramCredentialsResponse::default();
    // Kafka: DESCRIBE on the cluster.
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Describe) {
        response.error_code =
            kafka_protocol::error::ResponseError::ClusterAuthorizationFailed.code();
        response.error_message = Some(str_bytes("Cluster authorization failed."));
        return response;
    }
    let named: Vec<String> = request
        .users
        .unwrap_or_default()
        .iter()
        .map(|u| u.name.to_string())
        .collect();
    let describe_all = named.is_empty();
    let users = if describe_all {
        match store.users().await {
            Ok(users) => users,
            Err(e) => {
                response.error_code = UNKNOWN_SERVER_ERROR;
                response.error_message = Some(str_bytes(&e.to_string()));
                return response;
            }
        }
    } else {
        named.clone()
    };
    let mut seen = BTreeSet::new();
    let duplicated: BTreeSet<&String> = named.iter().filter(|u| !seen.insert(*u)).collect();
    let mut reported = BTreeSet::new();
    for user in &users {
        if !reported.insert(user.clone()) {
            continue;
        }
        let mut result = DescribeUserScramCredentialsResult::default();
        result.user = str_bytes(user);
        if duplicated.contains(user) {
            result.error_code = DUPLICATE_RESOURCE;
            result.error_message = Some(str_bytes(
                "Cannot describe SCRAM credentials for the same user twice in a single request",
            ));
            response.results.push(result);
            continue;
        }
        let mut infos = Vec::new();
        for mechanism in ScramMechanism::ALL {
            match store.credential(user, mechanism).await {
                Ok(Some(c)) => infos.push(
                    CredentialInfo::default()
                        .with_mechanism(mechanism.code())
                        .with_iterations(c.iterations),
                ),
                Ok(None) => {}
                Err(e) => {
                    result.error_code = UNKNOWN_SERVER_ERROR;
                    result.error_message = Some(str_bytes(&e.to_string()));
                }
            }
        }
        if infos.is_empty() && result.error_code == 0 {
            if describe_all {
                // A user with only other configs (quotas) has no credentials to show.
                continue;
            }
            result.error_code = RESOURCE_NOT_FOUND;
            result.error_message = Some(str_bytes(
                "Attempt to describe nonexistent user credentials",
            ));
        }
        result.credential_infos = infos;
        response.results.push(result);
    }
    response
}
