//! One consumer group's membership state machine (Kafka's classic group protocol).
//!
//! States: `Empty` → `PreparingRebalance` (members (re)join) → `CompletingRebalance` (the
//! leader computes the assignment) → `Stable`; `Dead` once deleted. A JoinGroup or SyncGroup
//! that must wait for other members gets a oneshot receiver; the group keeps the sender and
//! answers every waiter when the phase completes, so no lock is held while a client waits.
//!
//! Everything here is synchronous and takes the current time as an argument; the coordinator
//! drives the timeouts (session, rebalance, initial delay) by calling [`Group::tick`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use indexmap::IndexMap;
use tokio::sync::oneshot;

use super::records::{GroupValue, OffsetValue, StoredMember};
use super::GroupError;

/// How long a new member may take to rejoin before it is dropped (Kafka's
/// `NewMemberJoinTimeoutMs`): a client whose JoinGroup timed out retries with a new request,
/// and the abandoned member must not hold the rebalance up forever.
const NEW_MEMBER_JOIN_TIMEOUT: Duration = Duration::from_secs(300);

/// The phases of a group, named as Kafka's tools print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl fmt::Display for GroupState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        })
    }
}

/// A JoinGroup as the state machine needs it.
#[derive(Debug, Clone)]
pub struct JoinRequest {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    pub protocol_type: String,
    pub protocols: Vec<(String, Bytes)>,
    /// JoinGroup v4+: a member without an id is first handed one (MEMBER_ID_REQUIRED).
    pub require_known_member_id: bool,
}

/// A member as the leader sees it in its JoinGroup response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinedMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: Bytes,
}

/// The answer to a JoinGroup.
#[derive(Debug, Clone)]
pub struct JoinResult {
    pub error: Option<GroupError>,
    pub member_id: String,
    pub generation: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: String,
    /// Filled for the leader only.
    pub members: Vec<JoinedMember>,
    /// The leader may keep the current assignment (a static leader rejoining a stable group).
    pub skip_assignment: bool,
}

impl JoinResult {
    /// A JoinGroup answer carrying only an error (and the member id, which MEMBER_ID_REQUIRED
    /// hands out).
    pub fn error(member_id: &str, error: GroupError) -> Self {
        JoinResult {
            error: Some(error),
            member_id: member_id.to_string(),
            generation: -1,
            protocol_type: None,
            protocol_name: None,
            leader: String::new(),
            members: Vec::new(),
            skip_assignment: false,
        }
    }
}

/// The answer to a SyncGroup.
#[derive(Debug, Clone)]
pub struct SyncResult {
    pub error: Option<GroupError>,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub assignment: Bytes,
}

impl SyncResult {
    /// A SyncGroup answer carrying only an error.
    pub fn error(error: GroupError) -> Self {
        SyncResult {
            error: Some(error),
            protocol_type: None,
            protocol_name: None,
            assignment: Bytes::new(),
        }
    }
}

/// An answer available now, or one that arrives when the group's phase completes.
pub enum Reply<T> {
    Ready(T),
    Pending(oneshot::Receiver<T>),
}

/// One member of a group.
#[derive(Debug)]
pub struct Member {
    pub id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub session_timeout: Duration,
    pub rebalance_timeout: Duration,
    pub protocol_type: String,
    /// Supported protocols in the member's order of preference, with their metadata.
    pub protocols: Vec<(String, Bytes)>,
    pub assignment: Bytes,
    awaiting_join: Option<oneshot::Sender<JoinResult>>,
    awaiting_sync: Option<oneshot::Sender<SyncResult>>,
    heartbeat_deadline: Instant,
    /// Joined during the current rebalance and not yet answered.
    is_new: bool,
    joined_at: Instant,
}

impl Member {
    /// The member's metadata for `protocol` (its subscription), empty when it has none.
    pub fn metadata(&self, protocol: &str) -> Bytes {
        self.protocols
            .iter()
            .find(|(name, _)| name == protocol)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }

    fn matches(&self, protocols: &[(String, Bytes)]) -> bool {
        self.protocols == protocols
    }

    /// Whether the member survives a heartbeat deadline that passed at `now`: members in a
    /// rebalance are waited for by the rebalance's own timeout instead.
    fn should_keep_alive(&self, now: Instant) -> bool {
        if self.awaiting_join.is_some() {
            !self.is_new || self.joined_at + NEW_MEMBER_JOIN_TIMEOUT > now
        } else {
            self.awaiting_sync.is_some() || self.heartbeat_deadline > now
        }
    }
}

/// How the group's ongoing rebalance ends.
#[derive(Debug, Clone, Copy)]
enum RebalanceTimer {
    /// The first rebalance of an empty group waits `group.initial.rebalance.delay.ms` for
    /// more members, again each time one arrives, until `remaining` is spent.
    Initial {
        deadline: Instant,
        delay: Duration,
        remaining: Duration,
    },
    /// Completes when every member has rejoined, or at the deadline without the others.
    Join { deadline: Instant },
}

/// The limits a group enforces, from the broker's `group.*` settings.
#[derive(Debug, Clone, Copy)]
pub struct GroupLimits {
    pub min_session_timeout_ms: i32,
    pub max_session_timeout_ms: i32,
    pub initial_rebalance_delay: Duration,
    pub max_size: usize,
}

/// A group: membership, the current generation and its committed offsets.
#[derive(Debug)]
pub struct Group {
    pub id: String,
    pub state: GroupState,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub generation: i32,
    pub leader: Option<String>,
    /// Members in the order they joined: the first is the leader when one must be chosen.
    pub members: IndexMap<String, Member>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, until they join or time out.
    pending: HashMap<String, Instant>,
    /// `group.instance.id` → the member id that currently holds it.
    static_members: HashMap<String, String>,
    /// Members that must still send SyncGroup for this generation, and until when.
    pending_sync: HashSet<String>,
    sync_deadline: Option<Instant>,
    rebalance: Option<RebalanceTimer>,
    new_member_added: bool,
    /// Committed offsets by (topic, partition).
    pub offsets: BTreeMap<(String, i32), OffsetValue>,
    /// When the group last changed state (ms since the epoch): an empty group's offsets
    /// expire counting from here.
    pub state_timestamp: i64,
    /// The metadata changed in a way that must be written to `__consumer_offsets`.
    pub needs_store: bool,
}

impl Group {
    /// A new, empty group.
    pub fn new(id: &str, now_ms: i64) -> Self {
        Group {
            id: id.to_string(),
            state: GroupState::Empty,
            protocol_type: None,
            protocol_name: None,
            generation: 0,
            leader: None,
            members: IndexMap::new(),
            pending: HashMap::new(),
            static_members: HashMap::new(),
            pending_sync: HashSet::new(),
            sync_deadline: None,
            rebalance: None,
            new_member_added: false,
            offsets: BTreeMap::new(),
            state_timestamp: now_ms,
            needs_store: false,
        }
    }

    /// A group as stored in `__consumer_offsets`: members come back `Stable` with fresh
    /// session deadlines, so they either heartbeat again or expire.
    pub fn restore(id: &str, value: GroupValue, now: Instant, now_ms: i64) -> Self {
        let mut group = Group::new(id, value.current_state_timestamp.max(0));
        group.protocol_type = Some(value.protocol_type).filter(|t| !t.is_empty());
        group.generation = value.generation;
        group.protocol_name = value.protocol;
        group.leader = value.leader;
        if value.members.is_empty() {
            group.state = GroupState::Empty;
            group.protocol_name = None;
        } else {
            group.state = GroupState::Stable;
            group.state_timestamp = now_ms;
        }
        let protocol = group.protocol_name.clone().unwrap_or_default();
        for m in value.members {
            if let Some(instance) = &m.group_instance_id {
                group
                    .static_members
                    .insert(instance.clone(), m.member_id.clone());
            }
            let session_timeout = Duration::from_millis(m.session_timeout_ms.max(0) as u64);
            group.members.insert(
                m.member_id.clone(),
                Member {
                    id: m.member_id,
                    group_instance_id: m.group_instance_id,
                    client_id: m.client_id,
                    client_host: m.client_host,
                    session_timeout,
                    rebalance_timeout: Duration::from_millis(m.rebalance_timeout_ms.max(0) as u64),
                    protocol_type: group.protocol_type.clone().unwrap_or_default(),
                    protocols: vec![(protocol.clone(), m.subscription)],
                    assignment: m.assignment,
                    awaiting_join: None,
                    awaiting_sync: None,
                    heartbeat_deadline: now + session_timeout,
                    is_new: false,
                    joined_at: now,
                },
            );
        }
        group
    }

    /// The group's metadata as it is stored.
    pub fn to_value(&self) -> GroupValue {
        let protocol = self.protocol_name.clone().unwrap_or_default();
        GroupValue {
            protocol_type: self.protocol_type.clone().unwrap_or_default(),
            generation: self.generation,
            protocol: self.protocol_name.clone(),
            leader: self.leader.clone(),
            current_state_timestamp: self.state_timestamp,
            members: self
                .members
                .values()
                .map(|m| StoredMember {
                    member_id: m.id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout_ms: m.rebalance_timeout.as_millis() as i32,
                    session_timeout_ms: m.session_timeout.as_millis() as i32,
                    subscription: m.metadata(&protocol),
                    assignment: m.assignment.clone(),
                })
                .collect(),
        }
    }

    /// Whether the timer task has anything to watch in this group.
    pub fn is_active(&self) -> bool {
        !self.members.is_empty() || !self.pending.is_empty() || self.rebalance.is_some()
    }

    /// The members' subscribed topics, when the group uses Kafka's consumer protocol.
    pub fn subscribed_topics(&self) -> Option<HashSet<String>> {
        if self.protocol_type.as_deref() != Some("consumer") {
            return None;
        }
        let protocol = self.protocol_name.clone()?;
        let mut topics = HashSet::new();
        for member in self.members.values() {
            let metadata = member.metadata(&protocol);
            topics.extend(super::consumer_protocol::subscribed_topics(&metadata)?);
        }
        Some(topics)
    }

    fn transition(&mut self, state: GroupState, now_ms: i64) {
        self.state = state;
        self.state_timestamp = now_ms;
    }

    fn supports_protocols(&self, protocol_type: &str, protocols: &[(String, Bytes)]) -> bool {
        if self.state == GroupState::Empty {
            return !protocol_type.is_empty() && !protocols.is_empty();
        }
        self.protocol_type.as_deref() == Some(protocol_type)
            && protocols.iter().any(|(name, _)| {
                self.members
                    .values()
                    .all(|m| m.protocols.iter().any(|(n, _)| n == name))
            })
    }

    /// Handles a JoinGroup.
    pub fn join(
        &mut self,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        if req.session_timeout_ms < limits.min_session_timeout_ms
            || req.session_timeout_ms > limits.max_session_timeout_ms
        {
            return Reply::Ready(JoinResult::error(
                &req.member_id,
                GroupError::InvalidSessionTimeout,
            ));
        }
        if self.state == GroupState::Dead {
            return Reply::Ready(JoinResult::error(
                &req.member_id,
                GroupError::CoordinatorNotAvailable,
            ));
        }
        if !self.supports_protocols(&req.protocol_type, &req.protocols) {
            return Reply::Ready(JoinResult::error(
                &req.member_id,
                GroupError::InconsistentGroupProtocol,
            ));
        }
        if req.member_id.is_empty() {
            self.join_new_member(req, limits, now, now_ms)
        } else {
            self.join_known_member(req, limits, now, now_ms)
        }
    }

    fn join_new_member(
        &mut self,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        let prefix = req.group_instance_id.as_deref().unwrap_or(&req.client_id);
        // Member ids are stored in int16-prefixed strings: a huge client id is cut short.
        let mut cut = prefix.len().min(1024);
        while !prefix.is_char_boundary(cut) {
            cut -= 1;
        }
        let member_id = format!("{}-{}", &prefix[..cut], uuid::Uuid::new_v4());
        if let Some(instance) = &req.group_instance_id {
            if let Some(old) = self.static_members.get(instance).cloned() {
                return self.replace_static_member(&old, member_id, req, limits, now, now_ms);
            }
        } else if req.require_known_member_id {
            if self.members.len() + self.pending.len() >= limits.max_size {
                return Reply::Ready(JoinResult::error("", GroupError::GroupMaxSizeReached));
            }
            self.pending
                .insert(member_id.clone(), now + session_timeout(&req));
            return Reply::Ready(JoinResult::error(&member_id, GroupError::MemberIdRequired));
        }
        if self.members.len() >= limits.max_size {
            return Reply::Ready(JoinResult::error("", GroupError::GroupMaxSizeReached));
        }
        self.add_member(member_id, req, limits, now, now_ms)
    }

    fn join_known_member(
        &mut self,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        let member_id = req.member_id.clone();
        if self.pending.remove(&member_id).is_some() {
            if self.members.len() >= limits.max_size {
                return Reply::Ready(JoinResult::error(
                    &member_id,
                    GroupError::GroupMaxSizeReached,
                ));
            }
            return self.add_member(member_id, req, limits, now, now_ms);
        }
        if let Err(e) = self.check_static(&member_id, req.group_instance_id.as_deref()) {
            return Reply::Ready(JoinResult::error(&member_id, e));
        }
        if !self.members.contains_key(&member_id) {
            return Reply::Ready(JoinResult::error(&member_id, GroupError::UnknownMemberId));
        }
        match self.state {
            GroupState::PreparingRebalance => {
                self.update_member_and_rebalance(&member_id, req, limits, now, now_ms)
            }
            GroupState::CompletingRebalance => {
                let member = &self.members[&member_id];
                if member.matches(&req.protocols) {
                    // The member lost the JoinGroup answer of this generation: repeat it.
                    Reply::Ready(self.join_result_for(&member_id, false))
                } else {
                    self.update_member_and_rebalance(&member_id, req, limits, now, now_ms)
                }
            }
            GroupState::Stable => {
                let member = &self.members[&member_id];
                if self.leader.as_deref() == Some(member_id.as_str())
                    || !member.matches(&req.protocols)
                {
                    self.update_member_and_rebalance(&member_id, req, limits, now, now_ms)
                } else {
                    Reply::Ready(self.join_result_for(&member_id, false))
                }
            }
            GroupState::Empty | GroupState::Dead => {
                Reply::Ready(JoinResult::error(&member_id, GroupError::UnknownMemberId))
            }
        }
    }

    /// A static member that restarted takes over its old member id's place.
    fn replace_static_member(
        &mut self,
        old_id: &str,
        new_id: String,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        let Some(mut member) = self.members.shift_remove(old_id) else {
            return self.add_member(new_id, req, limits, now, now_ms);
        };
        if let Some(tx) = member.awaiting_join.take() {
            let _ = tx.send(JoinResult::error(old_id, GroupError::FencedInstanceId));
        }
        if let Some(tx) = member.awaiting_sync.take() {
            let _ = tx.send(SyncResult::error(GroupError::FencedInstanceId));
        }
        let old_protocols = std::mem::replace(&mut member.protocols, req.protocols.clone());
        member.id = new_id.clone();
        member.client_id = req.client_id.clone();
        member.client_host = req.client_host.clone();
        member.session_timeout = session_timeout(&req);
        member.rebalance_timeout = rebalance_timeout(&req);
        member.heartbeat_deadline = now + member.session_timeout;
        self.members.insert(new_id.clone(), member);
        if let Some(instance) = &req.group_instance_id {
            self.static_members.insert(instance.clone(), new_id.clone());
        }
        if self.leader.as_deref() == Some(old_id) {
            self.leader = Some(new_id.clone());
        }
        if self.pending_sync.remove(old_id) {
            self.pending_sync.insert(new_id.clone());
        }
        match self.state {
            GroupState::Stable => {
                let unchanged = self.select_protocol().as_deref() == self.protocol_name.as_deref()
                    && old_protocols == req.protocols;
                if unchanged {
                    self.needs_store = true;
                    let is_leader = self.leader.as_deref() == Some(new_id.as_str());
                    Reply::Ready(self.join_result_for(&new_id, is_leader))
                } else {
                    self.update_member_and_rebalance(&new_id, req, limits, now, now_ms)
                }
            }
            _ => self.update_member_and_rebalance(&new_id, req, limits, now, now_ms),
        }
    }

    fn add_member(
        &mut self,
        member_id: String,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        let (tx, rx) = oneshot::channel();
        if self.members.is_empty() {
            self.protocol_type = Some(req.protocol_type.clone());
        }
        if self.leader.is_none() {
            self.leader = Some(member_id.clone());
        }
        if let Some(instance) = &req.group_instance_id {
            self.static_members
                .insert(instance.clone(), member_id.clone());
        }
        self.members.insert(
            member_id.clone(),
            Member {
                id: member_id,
                group_instance_id: req.group_instance_id.clone(),
                client_id: req.client_id.clone(),
                client_host: req.client_host.clone(),
                session_timeout: session_timeout(&req),
                rebalance_timeout: rebalance_timeout(&req),
                protocol_type: req.protocol_type,
                protocols: req.protocols,
                assignment: Bytes::new(),
                awaiting_join: Some(tx),
                awaiting_sync: None,
                heartbeat_deadline: now + NEW_MEMBER_JOIN_TIMEOUT,
                is_new: true,
                joined_at: now,
            },
        );
        self.new_member_added = true;
        self.prepare_rebalance(limits, now, now_ms);
        self.try_complete_join(now, now_ms);
        Reply::Pending(rx)
    }

    fn update_member_and_rebalance(
        &mut self,
        member_id: &str,
        req: JoinRequest,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Reply<JoinResult> {
        let (tx, rx) = oneshot::channel();
        if let Some(member) = self.members.get_mut(member_id) {
            if let Some(old) = member.awaiting_join.replace(tx) {
                let _ = old.send(JoinResult::error(member_id, GroupError::UnknownMemberId));
            }
            member.session_timeout = session_timeout(&req);
            member.rebalance_timeout = rebalance_timeout(&req);
            member.protocols = req.protocols;
            member.client_id = req.client_id;
            member.client_host = req.client_host;
        }
        self.prepare_rebalance(limits, now, now_ms);
        self.try_complete_join(now, now_ms);
        Reply::Pending(rx)
    }

    /// Starts a rebalance unless one is already under way.
    fn prepare_rebalance(&mut self, limits: &GroupLimits, now: Instant, now_ms: i64) {
        match self.state {
            GroupState::PreparingRebalance | GroupState::Dead => return,
            GroupState::CompletingRebalance => {
                // The assignment being computed is for members that are changing: every
                // member waiting in SyncGroup starts over.
                for member in self.members.values_mut() {
                    if let Some(tx) = member.awaiting_sync.take() {
                        let _ = tx.send(SyncResult::error(GroupError::RebalanceInProgress));
                    }
                }
            }
            GroupState::Empty | GroupState::Stable => {}
        }
        self.pending_sync.clear();
        self.sync_deadline = None;
        let rebalance_timeout = self
            .members
            .values()
            .map(|m| m.rebalance_timeout)
            .max()
            .unwrap_or_default();
        self.rebalance = Some(if self.state == GroupState::Empty {
            let delay = limits.initial_rebalance_delay;
            RebalanceTimer::Initial {
                deadline: now + delay,
                delay,
                remaining: rebalance_timeout.saturating_sub(delay),
            }
        } else {
            RebalanceTimer::Join {
                deadline: now + rebalance_timeout,
            }
        });
        self.new_member_added = false;
        tracing::info!(
            "Preparing to rebalance group {} in state PreparingRebalance with old generation {}",
            self.id,
            self.generation
        );
        self.transition(GroupState::PreparingRebalance, now_ms);
    }

    fn all_members_joined(&self) -> bool {
        self.pending.is_empty() && self.members.values().all(|m| m.awaiting_join.is_some())
    }

    /// Completes the join phase if its condition holds at `now`.
    fn try_complete_join(&mut self, now: Instant, now_ms: i64) {
        if self.state != GroupState::PreparingRebalance {
            return;
        }
        match self.rebalance {
            Some(RebalanceTimer::Initial {
                deadline,
                delay,
                remaining,
            }) => {
                if deadline > now {
                    return;
                }
                if self.new_member_added && !remaining.is_zero() && !delay.is_zero() {
                    let next = delay.min(remaining);
                    self.new_member_added = false;
                    self.rebalance = Some(RebalanceTimer::Initial {
                        deadline: now + next,
                        delay,
                        remaining: remaining.saturating_sub(delay),
                    });
                    return;
                }
            }
            Some(RebalanceTimer::Join { deadline })
                if deadline > now && !self.all_members_joined() =>
            {
                return;
            }
            Some(RebalanceTimer::Join { .. }) | None => {}
        }
        self.complete_join(now, now_ms);
    }

    /// Ends the join phase: members that did not rejoin are dropped, a new generation begins
    /// and every waiting member gets its JoinGroup answer.
    fn complete_join(&mut self, now: Instant, now_ms: i64) {
        self.rebalance = None;
        let gone: Vec<String> = self
            .members
            .values()
            .filter(|m| m.awaiting_join.is_none())
            .map(|m| m.id.clone())
            .collect();
        for id in gone {
            tracing::info!(
                "Member {id} in group {} has failed to rejoin, removing it",
                self.id
            );
            self.remove_member(&id);
        }
        let leader_joined = self
            .leader
            .as_ref()
            .is_some_and(|l| self.members.contains_key(l));
        if !leader_joined {
            self.leader = self.members.keys().next().cloned();
        }
        self.generation += 1;
        if self.members.is_empty() {
            self.protocol_name = None;
            self.transition(GroupState::Empty, now_ms);
            self.needs_store = true;
            tracing::info!(
                "Group {} with generation {} is now empty",
                self.id,
                self.generation
            );
            return;
        }
        self.protocol_name = self.select_protocol();
        self.transition(GroupState::CompletingRebalance, now_ms);
        let sync_timeout = self
            .members
            .values()
            .map(|m| m.rebalance_timeout)
            .max()
            .unwrap_or_default();
        self.sync_deadline = Some(now + sync_timeout);
        self.pending_sync = self.members.keys().cloned().collect();
        tracing::info!(
            "Stabilized group {} generation {} with {} members",
            self.id,
            self.generation,
            self.members.len()
        );
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in ids {
            let result = self.join_result_for(&id, false);
            let member = self.members.get_mut(&id).expect("listed above");
            member.is_new = false;
            member.heartbeat_deadline = now + member.session_timeout;
            if let Some(tx) = member.awaiting_join.take() {
                let _ = tx.send(result);
            }
        }
    }

    /// The current generation's JoinGroup answer for a member; only the leader is told
    /// every member's metadata.
    fn join_result_for(&self, member_id: &str, skip_assignment: bool) -> JoinResult {
        let protocol = self.protocol_name.clone().unwrap_or_default();
        let is_leader = self.leader.as_deref() == Some(member_id);
        JoinResult {
            error: None,
            member_id: member_id.to_string(),
            generation: self.generation,
            protocol_type: self.protocol_type.clone(),
            protocol_name: self.protocol_name.clone(),
            leader: self.leader.clone().unwrap_or_default(),
            members: self
                .members
                .values()
                .filter(|_| is_leader)
                .map(|m| JoinedMember {
                    member_id: m.id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    metadata: m.metadata(&protocol),
                })
                .collect(),
            skip_assignment,
        }
    }

    /// The protocol most members prefer among those every member supports.
    fn select_protocol(&self) -> Option<String> {
        let first = self.members.values().next()?;
        let candidates: Vec<&String> = first
            .protocols
            .iter()
            .map(|(name, _)| name)
            .filter(|name| {
                self.members
                    .values()
                    .all(|m| m.protocols.iter().any(|(n, _)| &n == name))
            })
            .collect();
        let mut votes: Vec<(usize, &String)> = candidates.iter().map(|c| (0, *c)).collect();
        for member in self.members.values() {
            if let Some((name, _)) = member
                .protocols
                .iter()
                .find(|(n, _)| candidates.contains(&n))
            {
                if let Some(v) = votes.iter_mut().find(|(_, c)| *c == name) {
                    v.0 += 1;
                }
            }
        }
        // The most votes; among equals, the first candidate.
        let best = votes.iter().map(|(n, _)| *n).max()?;
        votes
            .iter()
            .find(|(n, _)| *n == best)
            .map(|(_, c)| (*c).clone())
    }

    fn remove_member(&mut self, member_id: &str) {
        if let Some(member) = self.members.shift_remove(member_id) {
            if let Some(instance) = &member.group_instance_id {
                if self.static_members.get(instance).map(String::as_str) == Some(member_id) {
                    self.static_members.remove(instance);
                }
            }
            if let Some(tx) = member.awaiting_join {
                let _ = tx.send(JoinResult::error(member_id, GroupError::UnknownMemberId));
            }
            if let Some(tx) = member.awaiting_sync {
                let _ = tx.send(SyncResult::error(GroupError::UnknownMemberId));
            }
        }
        self.pending_sync.remove(member_id);
        if self.leader.as_deref() == Some(member_id) {
            self.leader = self.members.keys().next().cloned();
        }
    }

    /// Removes a member and moves the group on: a rebalance for the others, or the end of
    /// a join phase that was waiting only for it.
    fn remove_member_and_update(
        &mut self,
        member_id: &str,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) {
        self.remove_member(member_id);
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                self.prepare_rebalance(limits, now, now_ms);
                self.try_complete_join(now, now_ms);
            }
            GroupState::PreparingRebalance => self.try_complete_join(now, now_ms),
            GroupState::Empty | GroupState::Dead => {}
        }
    }

    /// A static member's `group.instance.id` must belong to the member id it comes with.
    fn check_static(&self, member_id: &str, instance: Option<&str>) -> Result<(), GroupError> {
        if let Some(instance) = instance {
            match self.static_members.get(instance) {
                Some(owner) if owner != member_id => return Err(GroupError::FencedInstanceId),
                None if self.members.contains_key(member_id) => {
                    return Err(GroupError::FencedInstanceId)
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Checks that a member belongs to the current generation.
    fn check_member(
        &self,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
    ) -> Result<(), GroupError> {
        if self.state == GroupState::Dead {
            return Err(GroupError::CoordinatorNotAvailable);
        }
        self.check_static(member_id, instance)?;
        if !self.members.contains_key(member_id) {
            return Err(GroupError::UnknownMemberId);
        }
        if generation != self.generation {
            return Err(GroupError::IllegalGeneration);
        }
        Ok(())
    }

    /// Handles a SyncGroup: the leader's assignment is handed to every member.
    #[allow(clippy::too_many_arguments)]
    pub fn sync(
        &mut self,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        protocol_type: Option<&str>,
        protocol_name: Option<&str>,
        assignments: Vec<(String, Bytes)>,
        now: Instant,
        now_ms: i64,
    ) -> Reply<SyncResult> {
        if let Err(e) = self.check_member(member_id, instance, generation) {
            return Reply::Ready(SyncResult::error(e));
        }
        if protocol_type.is_some_and(|t| Some(t) != self.protocol_type.as_deref())
            || protocol_name.is_some_and(|n| Some(n) != self.protocol_name.as_deref())
        {
            return Reply::Ready(SyncResult::error(GroupError::InconsistentGroupProtocol));
        }
        match self.state {
            GroupState::Empty | GroupState::Dead => {
                Reply::Ready(SyncResult::error(GroupError::UnknownMemberId))
            }
            GroupState::PreparingRebalance => {
                Reply::Ready(SyncResult::error(GroupError::RebalanceInProgress))
            }
            GroupState::CompletingRebalance => {
                let (tx, rx) = oneshot::channel();
                self.pending_sync.remove(member_id);
                let member = self.members.get_mut(member_id).expect("checked");
                member.awaiting_sync = Some(tx);
                member.heartbeat_deadline = now + member.session_timeout;
                if self.leader.as_deref() == Some(member_id) {
                    let mut given: HashMap<String, Bytes> = assignments.into_iter().collect();
                    for member in self.members.values_mut() {
                        member.assignment = given.remove(&member.id).unwrap_or_default();
                    }
                    self.needs_store = true;
                    self.transition(GroupState::Stable, now_ms);
                    let result = |m: &Member| SyncResult {
                        error: None,
                        protocol_type: self.protocol_type.clone(),
                        protocol_name: self.protocol_name.clone(),
                        assignment: m.assignment.clone(),
                    };
                    let answers: Vec<(String, SyncResult)> = self
                        .members
                        .values()
                        .map(|m| (m.id.clone(), result(m)))
                        .collect();
                    for (id, answer) in answers {
                        if let Some(tx) = self
                            .members
                            .get_mut(&id)
                            .and_then(|m| m.awaiting_sync.take())
                        {
                            let _ = tx.send(answer);
                        }
                    }
                    if self.pending_sync.is_empty() {
                        self.sync_deadline = None;
                    }
                }
                Reply::Pending(rx)
            }
            GroupState::Stable => {
                self.pending_sync.remove(member_id);
                if self.pending_sync.is_empty() {
                    self.sync_deadline = None;
                }
                let member = self.members.get_mut(member_id).expect("checked");
                member.heartbeat_deadline = now + member.session_timeout;
                Reply::Ready(SyncResult {
                    error: None,
                    protocol_type: self.protocol_type.clone(),
                    protocol_name: self.protocol_name.clone(),
                    assignment: member.assignment.clone(),
                })
            }
        }
    }

    /// Handles a Heartbeat: keeps the member alive and tells it when to rejoin.
    pub fn heartbeat(
        &mut self,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        now: Instant,
    ) -> Result<(), GroupError> {
        if self.state == GroupState::Empty {
            return Err(GroupError::UnknownMemberId);
        }
        self.check_member(member_id, instance, generation)?;
        let member = self.members.get_mut(member_id).expect("checked");
        member.heartbeat_deadline = now + member.session_timeout;
        match self.state {
            GroupState::PreparingRebalance => Err(GroupError::RebalanceInProgress),
            _ => Ok(()),
        }
    }

    /// Handles one member of a LeaveGroup.
    pub fn leave(
        &mut self,
        member_id: &str,
        instance: Option<&str>,
        limits: &GroupLimits,
        now: Instant,
        now_ms: i64,
    ) -> Result<(), GroupError> {
        if self.state == GroupState::Dead {
            return Err(GroupError::CoordinatorNotAvailable);
        }
        let member_id = match instance {
            Some(instance) => {
                let Some(owner) = self.static_members.get(instance).cloned() else {
                    return Err(GroupError::UnknownMemberId);
                };
                if !member_id.is_empty() && member_id != owner {
                    return Err(GroupError::FencedInstanceId);
                }
                owner
            }
            None => member_id.to_string(),
        };
        if self.pending.remove(&member_id).is_some() {
            self.try_complete_join(now, now_ms);
            return Ok(());
        }
        if !self.members.contains_key(&member_id) {
            return Err(GroupError::UnknownMemberId);
        }
        tracing::info!(
            "Member {member_id} has left group {} through explicit LeaveGroup",
            self.id
        );
        self.remove_member_and_update(&member_id, limits, now, now_ms);
        Ok(())
    }

    /// Checks whether an OffsetCommit may write for this group (Kafka's rules: a simple
    /// commit with generation -1 only to a group without members).
    pub fn check_commit(
        &mut self,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        now: Instant,
    ) -> Result<(), GroupError> {
        if self.state == GroupState::Dead {
            return Err(GroupError::CoordinatorNotAvailable);
        }
        if generation < 0 && self.state == GroupState::Empty {
            return Ok(());
        }
        self.check_static(member_id, instance)?;
        if !self.members.contains_key(member_id) {
            return Err(GroupError::UnknownMemberId);
        }
        if generation != self.generation {
            return Err(GroupError::IllegalGeneration);
        }
        if self.state == GroupState::CompletingRebalance {
            return Err(GroupError::RebalanceInProgress);
        }
        let member = self.members.get_mut(member_id).expect("checked");
        member.heartbeat_deadline = now + member.session_timeout;
        Ok(())
    }

    /// Marks the group deleted: its members (none, by the caller's check) and offsets go.
    pub fn mark_dead(&mut self, now_ms: i64) {
        self.transition(GroupState::Dead, now_ms);
        self.offsets.clear();
    }

    /// The earliest member session deadline still to come after `now`. The timer wakes for
    /// it instead of at its next tick, so a session ends when it should, as Kafka's heartbeat
    /// purgatory does (librdkafka's 0081 deletes a group of closed static members just one
    /// session timeout after their last commit, and expects it empty).
    /// A deadline already passed counts while the next tick will end that session (so two
    /// sessions ending within the same millisecond both end on time); members a rebalance
    /// keeps alive past theirs do not count, or the timer would spin.
    pub fn next_session_deadline(&self, now: Instant) -> Option<Instant> {
        self.members
            .values()
            .filter(|m| m.heartbeat_deadline > now || !m.should_keep_alive(now))
            .map(|m| m.heartbeat_deadline)
            .min()
    }

    /// Drives the group's timeouts: expired pending ids and sessions, the end of a join
    /// phase, members that never sent SyncGroup.
    pub fn tick(&mut self, limits: &GroupLimits, now: Instant, now_ms: i64) {
        let expired_pending: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, deadline)| **deadline <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired_pending {
            self.pending.remove(&id);
        }
        let expired: Vec<String> = self
            .members
            .values()
            .filter(|m| m.heartbeat_deadline <= now && !m.should_keep_alive(now))
            .map(|m| m.id.clone())
            .collect();
        for id in expired {
            tracing::info!(
                "Member {id} in group {} has failed (session timeout), removing it from the group",
                self.id
            );
            self.remove_member_and_update(&id, limits, now, now_ms);
        }
        self.try_complete_join(now, now_ms);
        if let Some(deadline) = self.sync_deadline {
            if deadline <= now
                && matches!(
                    self.state,
                    GroupState::CompletingRebalance | GroupState::Stable
                )
            {
                self.sync_deadline = None;
                let late: Vec<String> = self.pending_sync.drain().collect();
                for id in &late {
                    tracing::info!(
                        "Member {id} in group {} did not send SyncGroup in time, removing it",
                        self.id
                    );
                    self.remove_member(id);
                }
                if !late.is_empty() {
                    self.prepare_rebalance(limits, now, now_ms);
                    self.try_complete_join(now, now_ms);
                }
            }
        }
    }
}

fn session_timeout(req: &JoinRequest) -> Duration {
    Duration::from_millis(req.session_timeout_ms.max(0) as u64)
}

fn rebalance_timeout(req: &JoinRequest) -> Duration {
    // JoinGroup v0 has no rebalance timeout: Kafka uses the session timeout.
    let ms = if req.rebalance_timeout_ms > 0 {
        req.rebalance_timeout_ms
    } else {
        req.session_timeout_ms
    };
    Duration::from_millis(ms.max(0) as u64)
}
