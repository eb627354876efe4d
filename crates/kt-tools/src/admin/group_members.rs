//! Removing members from a consumer group, as Kafka's `Admin.removeMembersFromConsumerGroup`
//! does (kafka-streams-application-reset --force): LeaveGroup for the members, sent to the
//! group's coordinator over [`super::wire`] (librdkafka has no such admin call).

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::leave_group_request::MemberIdentity;
use kafka_protocol::messages::{FindCoordinatorRequest, LeaveGroupRequest};
use kafka_protocol::protocol::StrBytes;

use super::cluster::{api_timeout, connect_bootstrap};
use super::wire::{WireClient, WireError};

/// The client id of the removal.
const CLIENT_ID: &str = "kt-remove-members";

/// Why the members could not be removed.
#[derive(Debug, thiserror::Error)]
pub enum RemoveMembersError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The coordinator refused (the group or a member), with the error's name.
    #[error("{0}")]
    Refused(String),
}

/// Makes `members` (member id, group instance id) of `group` leave it.
pub async fn remove_members(
    bootstrap: &str,
    properties: &[(String, String)],
    group: &str,
    members: &[(String, Option<String>)],
) -> Result<(), RemoveMembersError> {
    let mut client = connect_bootstrap(bootstrap, properties, CLIENT_ID).await?;
    let find = FindCoordinatorRequest::default()
        .with_key(StrBytes::from_string(group.to_string()))
        .with_key_type(0);
    let coordinator = client.call(&find, 3).await?;
    if let Some(error) = ResponseError::try_from_code(coordinator.error_code) {
        return Err(RemoveMembersError::Refused(format!(
            "cannot find the coordinator of group {group}: {error:?}"
        )));
    }
    let addr = format!("{}:{}", coordinator.host, coordinator.port);
    let mut coordinator =
        WireClient::connect(&addr, properties, CLIENT_ID, api_timeout(properties)).await?;
    let request = LeaveGroupRequest::default()
        .with_group_id(StrBytes::from_string(group.to_string()).into())
        .with_members(
            members
                .iter()
                .map(|(member, instance)| {
                    MemberIdentity::default()
                        .with_member_id(StrBytes::from_string(member.clone()))
                        .with_group_instance_id(instance.clone().map(StrBytes::from_string))
                })
                .collect(),
        );
    let response = coordinator.call(&request, 5).await?;
    if let Some(error) = ResponseError::try_from_code(response.error_code) {
        return Err(RemoveMembersError::Refused(format!(
            "cannot remove the members of group {group}: {error:?}"
        )));
    }
    for member in &response.members {
        if let Some(error) = ResponseError::try_from_code(member.error_code) {
            return Err(RemoveMembersError::Refused(format!(
                "cannot remove member {} of group {group}: {error:?}",
                member.member_id
            )));
        }
    }
    Ok(())
}
