//! AlterUserScramCredentials: sets or deletes users' SCRAM credentials. The client sends the
//! salt and salted password (never the password); the broker derives the stored and server
//! keys and keeps them where SASL/SCRAM reads them (`security::sasl::credentials`). Each
//! user's changes succeed or fail together, with Kafka's per-user errors.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kafka_protocol::messages::alter_user_scram_credentials_response::AlterUserScramCredentialsResult;
use kafka_protocol::messages::{
    AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse,
};

use super::{str_bytes, RequestContext};
use crate::security::sasl::credentials::CredentialStore;
use crate::security::sasl::scram::{ScramCredential, ScramMechanism};
use crate::state::Broker;

const UNKNOWN_SERVER_ERROR: i16 = -1;
const UNSUPPORTED_SASL_MECHANISM: i16 = 33;
const RESOURCE_NOT_FOUND: i16 = 91;
const DUPLICATE_RESOURCE: i16 = 92;
const UNACCEPTABLE_CREDENTIAL: i16 = 93;

type Change = (ScramMechanism, Option<ScramCredential>);

pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterUserScramCredentialsRequest,
    ctx: &RequestContext,
) -> AlterUserScramCredentialsResponse {
    let store = CredentialStore::of(broker);
    // Kafka: ALTER on the cluster, or every user's change fails.
    let allowed = super::authorize_cluster(broker, ctx, super::authorize::Op::Alter);
    // Per user, in the order first named: its changes, or the first error found.
    let mut order: Vec<String> = Vec::new();
    let mut changes: BTreeMap<String, Result<Vec<Change>, (i16, String)>> = BTreeMap::new();
    let mut seen: BTreeSet<(String, i8)> = BTreeSet::new();
    let mut record = |user: String, mechanism: i8, change: Result<Change, (i16, String)>| {
        if !changes.contains_key(&user) {
            order.push(user.clone());
        }
        let entry = changes
            .entry(user.clone())
            .or_insert_with(|| Ok(Vec::new()));
        let change = if !seen.insert((user, mechanism)) {
            Err((
                DUPLICATE_RESOURCE,
                "A user credential cannot be altered twice in the same request".to_string(),
            ))
        } else {
            change
        };
        match (entry.as_mut(), change) {
            (Ok(list), Ok(c)) => list.push(c),
            (Ok(_), Err(e)) => *entry = Err(e),
            (Err(_), _) => {}
        }
    };
    for deletion in &request.deletions {
        let change = check(&deletion.name, deletion.mechanism, None).map(|m| (m, None));
        record(deletion.name.to_string(), deletion.mechanism, change);
    }
    for upsertion in &request.upsertions {
        let change = check(
            &upsertion.name,
            upsertion.mechanism,
            Some(upsertion.iterations),
        )
        .map(|m| {
            let credential = ScramCredential::from_salted_password(
                m,
                &upsertion.salted_password,
                upsertion.salt.to_vec(),
                upsertion.iterations,
            );
            (m, Some(credential))
        });
        record(upsertion.name.to_string(), upsertion.mechanism, change);
    }
    let mut response = AlterUserScramCredentialsResponse::default();
    for user in order {
        let mut result = AlterUserScramCredentialsResult::default();
        result.user = str_bytes(&user);
        let outcome = match changes.remove(&user).unwrap_or(Ok(Vec::new())) {
            _ if !allowed => Err((
                kafka_protocol::error::ResponseError::ClusterAuthorizationFailed.code(),
                "Cluster authorization failed.".to_string(),
            )),
            Err(e) => Err(e),
            Ok(list) => apply(&store, &user, &list).await,
        };
        if let Err((code, message)) = outcome {
            result.error_code = code;
            result.error_message = Some(str_bytes(&message));
        }
        response.results.push(result);
    }
    crate::kraft_log::record_security(broker);
    response
}

/// Kafka's checks of one change: a user name, a SCRAM mechanism, and for an upsertion an
/// iteration count in 4096..=16384.
fn check(
    user: &str,
    mechanism: i8,
    iterations: Option<i32>,
) -> Result<ScramMechanism, (i16, String)> {
    if user.is_empty() {
        return Err((UNACCEPTABLE_CREDENTIAL, "Username must not be empty".into()));
    }
    let m = ScramMechanism::from_code(mechanism).ok_or((
        UNSUPPORTED_SASL_MECHANISM,
        "Unknown SCRAM mechanism".to_string(),
    ))?;
    match iterations {
        Some(i) if i < ScramMechanism::MIN_ITERATIONS => {
            Err((UNACCEPTABLE_CREDENTIAL, "Too few iterations".into()))
        }
        Some(i) if i > ScramMechanism::MAX_ITERATIONS => {
            Err((UNACCEPTABLE_CREDENTIAL, "Too many iterations".into()))
        }
        _ => Ok(m),
    }
}

/// Deletions need an existing credential; then all of the user's changes are written at once.
async fn apply(
    store: &CredentialStore,
    user: &str,
    changes: &[Change],
) -> Result<(), (i16, String)> {
    let failed = |e: crate::security::sasl::credentials::CredentialError| {
        (UNKNOWN_SERVER_ERROR, e.to_string())
    };
    for (mechanism, credential) in changes {
        if credential.is_none()
            && store
                .credential(user, *mechanism)
                .await
                .map_err(failed)?
                .is_none()
        {
            return Err((
                RESOURCE_NOT_FOUND,
                "Attempt to delete a user credential that does not exist".into(),
            ));
        }
    }
    store.alter(user, changes).await.map_err(failed)
}
