//! What the controller tells the brokers after a change, as Kafka's controller does in
//! ZooKeeper mode: LeaderAndIsr to the replicas of every partition whose state changed (and,
//! for a broker that joined, of every partition it holds), UpdateMetadata to every live broker
//! with the changed states and the live brokers, and StopReplica (delete) to the replicas of a
//! deleted topic's partitions. Worked out as the difference between the view the controller
//! settled on and what it told the brokers before.

use std::collections::{BTreeMap, BTreeSet};

use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::StrBytes;
use uuid::Uuid;

use super::controller_channel::ControlRequest;
use super::{ClusterView, PartitionState};
use crate::replication::controller_api::*;

/// A partition as last told to the brokers.
#[derive(Debug, Clone, PartialEq)]
struct Told {
    topic_id: Uuid,
    state: PartitionState,
    replicas: Vec<i32>,
    adding: Vec<i32>,
    removing: Vec<i32>,
    version: i32,
}

/// What this controller has told the brokers so far; empty when it takes office, so its
/// first pass tells every broker everything (Kafka's controller failover does the same).
#[derive(Debug, Default)]
pub struct Propagated {
    /// The inter-broker listener: LeaderAndIsr names each leader's endpoint on it, as
    /// Kafka's controller does (`interBrokerListenerName`).
    listener: String,
    brokers: BTreeSet<i32>,
    /// The registration epochs (czxid of `/brokers/ids/<id>`) of the brokers told: a broker
    /// back under a new one restarted since (a bounce the controller saw no gap of), and is
    /// told everything as a broker that joined (Kafka's `onBrokerStartup` for bounced ids).
    epochs: BTreeMap<i32, i64>,
    partitions: BTreeMap<(String, i32), Told>,
    /// Set after the first pass: later partitions are new ones (LeaderAndIsr's `is_new`).
    started: bool,
}

fn name(s: &str) -> TopicName {
    TopicName(StrBytes::from_string(s.to_string()))
}

fn ids(v: &[i32]) -> Vec<BrokerId> {
    v.iter().copied().map(BrokerId).collect()
}

/// Kafka's id of the security protocol of broker `id`'s listener `listener`: from its
/// registration's `listener_security_protocol_map`, else the protocol the listener is named
/// after (Kafka's default map), else PLAINTEXT.
fn security_protocol(view: &ClusterView, id: i32, listener: &str) -> i16 {
    let protocol = view
        .listener_protocols
        .get(&id)
        .and_then(|m| m.get(listener))
        .map_or(listener, String::as_str);
    match protocol {
        "SSL" => 1,
        "SASL_PLAINTEXT" => 2,
        "SASL_SSL" => 3,
        _ => 0,
    }
}

impl Propagated {
    /// Nothing told yet, by a controller whose brokers reach each other on `listener`.
    pub fn new(listener: &str) -> Self {
        Propagated {
            listener: listener.to_string(),
            ..Default::default()
        }
    }

    /// The requests that bring every live broker in line with `view`, by broker; records
    /// them as told. `me` and `epoch` are the controller's id and epoch.
    pub fn plan(&mut self, view: &ClusterView, me: i32, epoch: i32) -> Vec<(i32, ControlRequest)> {
        let live: BTreeSet<i32> = view.brokers.keys().copied().collect();
        let bounced = |b: &i32| {
            matches!(
                (self.epochs.get(b), view.broker_epochs.get(b)),
                (Some(before), Some(now)) if before != now
            )
        };
        let joined: BTreeSet<i32> = live
            .iter()
            .copied()
            .filter(|b| !self.brokers.contains(b) || bounced(b))
            .collect();
        let brokers_changed = live != self.brokers || !joined.is_empty();

        let mut now: BTreeMap<(String, i32), Told> = BTreeMap::new();
        for (topic, assignment) in &view.topics {
            if view.deleting.contains(topic) {
                continue;
            }
            for (p, replicas) in &assignment.replicas {
                let Some(state) = assignment.states.get(p) else {
                    continue;
                };
                let key = (topic.clone(), *p);
                let version = view.state_versions.get(&key).copied().unwrap_or(0);
                now.insert(
                    key,
                    Told {
                        topic_id: assignment.id,
                        state: state.clone(),
                        replicas: replicas.clone(),
                        adding: assignment.adding.get(p).cloned().unwrap_or_default(),
                        removing: assignment.removing.get(p).cloned().unwrap_or_default(),
                        version,
                    },
                );
            }
        }
        let changed: Vec<&(String, i32)> = now
            .iter()
            .filter(|(k, t)| self.partitions.get(*k) != Some(*t))
            .map(|(k, _)| k)
            .collect();
        let deleted: Vec<((String, i32), Told)> = self
            .partitions
            .iter()
            .filter(|(k, _)| !now.contains_key(*k) && !view.topics.contains_key(&k.0))
            .map(|(k, t)| (k.clone(), t.clone()))
            .collect();

        // A new leader epoch (or replica set) is LeaderAndIsr's business; an ISR change within
        // an epoch, made by the leader, only needs UpdateMetadata (as Kafka's controller does on
        // an ISR change notification).
        let new_epoch = |key: &(String, i32), told: &Told| {
            self.partitions.get(key).is_none_or(|before| {
                before.state.leader_epoch != told.state.leader_epoch
                    || before.replicas != told.replicas
                    || before.adding != told.adding
                    || before.topic_id != told.topic_id
            })
        };
        let mut out = Vec::new();
        // LeaderAndIsr: partitions with a new leader epoch to their live replicas; everything
        // a joined broker holds to it.
        let mut per_broker: BTreeMap<i32, Vec<&(String, i32)>> = BTreeMap::new();
        for (key, told) in &now {
            let epoch_moved = new_epoch(key, told);
            for r in told.replicas.iter().filter(|r| live.contains(r)) {
                if joined.contains(r) || epoch_moved {
                    per_broker.entry(*r).or_default().push(key);
                }
            }
        }
        for (broker, keys) in per_broker {
            let request = self.leader_and_isr(view, me, epoch, &now, &keys);
            out.push((broker, ControlRequest::LeaderAndIsr(request)));
        }
        // UpdateMetadata: to every live broker, when anything changed; a joined broker gets
        // every partition.
        if brokers_changed || !changed.is_empty() {
            let all: Vec<&(String, i32)> = now.keys().collect();
            for broker in &live {
                let keys = if joined.contains(broker) {
                    &all
                } else {
                    &changed
                };
                let request = update_metadata(view, me, epoch, &now, keys);
                out.push((*broker, ControlRequest::UpdateMetadata(request)));
            }
        }
        // StopReplica with deletion: to the live replicas of a deleted topic's partitions
        // (Kafka's EpochDuringDelete), and to replicas a reassignment removed (with the
        // partition's new leader epoch).
        let mut stops: BTreeMap<i32, BTreeMap<String, Vec<(i32, i32)>>> = BTreeMap::new();
        for ((topic, p), told) in &deleted {
            for r in told.replicas.iter().filter(|r| live.contains(r)) {
                stops
                    .entry(*r)
                    .or_default()
                    .entry(topic.clone())
                    .or_default()
                    .push((*p, -2));
            }
        }
        for (key, told) in &now {
            let Some(before) = self.partitions.get(key) else {
                continue;
            };
            let removed = before
                .replicas
                .iter()
                .filter(|r| !told.replicas.contains(r) && live.contains(r));
            for r in removed {
                stops
                    .entry(*r)
                    .or_default()
                    .entry(key.0.clone())
                    .or_default()
                    .push((key.1, told.state.leader_epoch));
            }
        }
        for (broker, topics) in stops {
            let request = StopReplicaRequest {
                controller_id: BrokerId(me),
                controller_epoch: epoch,
                topic_states: topics
                    .into_iter()
                    .map(|(topic, partitions)| StopReplicaTopicState {
                        topic_name: name(&topic),
                        partition_states: partitions
                            .into_iter()
                            .map(|(p, leader_epoch)| StopReplicaPartitionState {
                                partition_index: p,
                                leader_epoch,
                                delete_partition: true,
                                ..Default::default()
                            })
                            .collect(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            };
            out.push((broker, ControlRequest::StopReplica(request)));
        }
        self.brokers = live;
        self.epochs = view.broker_epochs.clone();
        self.partitions = now;
        self.started = true;
        out
    }

    fn leader_and_isr(
        &self,
        view: &ClusterView,
        me: i32,
        epoch: i32,
        now: &BTreeMap<(String, i32), Told>,
        keys: &[&(String, i32)],
    ) -> LeaderAndIsrRequest {
        let mut topics: BTreeMap<&str, LeaderAndIsrTopicState> = BTreeMap::new();
        let mut leaders = BTreeSet::new();
        for key in keys {
            let told = &now[*key];
            leaders.insert(told.state.leader);
            let topic = topics
                .entry(key.0.as_str())
                .or_insert_with(|| LeaderAndIsrTopicState {
                    topic_name: name(&key.0),
                    topic_id: told.topic_id,
                    ..Default::default()
                });
            topic.partition_states.push(LeaderAndIsrPartitionState {
                partition_index: key.1,
                controller_epoch: told.state.controller_epoch,
                leader: BrokerId(told.state.leader),
                leader_epoch: told.state.leader_epoch,
                isr: ids(&told.state.isr),
                partition_epoch: told.version,
                replicas: ids(&told.replicas),
                adding_replicas: ids(&told.adding),
                removing_replicas: ids(&told.removing),
                is_new: self.started && !self.partitions.contains_key(*key),
                ..Default::default()
            });
        }
        LeaderAndIsrRequest {
            controller_id: BrokerId(me),
            controller_epoch: epoch,
            topic_states: topics.into_values().collect(),
            live_leaders: leaders
                .into_iter()
                .filter_map(|l| {
                    view.broker_on(l, &self.listener)
                        .map(|e| LeaderAndIsrLiveLeader {
                            broker_id: BrokerId(l),
                            host_name: StrBytes::from_string(e.host.clone()),
                            port: e.port,
                            ..Default::default()
                        })
                })
                .collect(),
            ..Default::default()
        }
    }
}

fn update_metadata(
    view: &ClusterView,
    me: i32,
    epoch: i32,
    now: &BTreeMap<(String, i32), Told>,
    keys: &[&(String, i32)],
) -> UpdateMetadataRequest {
    let mut topics: BTreeMap<&str, UpdateMetadataTopicState> = BTreeMap::new();
    for key in keys {
        let told = &now[*key];
        let topic = topics
            .entry(key.0.as_str())
            .or_insert_with(|| UpdateMetadataTopicState {
                topic_name: name(&key.0),
                topic_id: told.topic_id,
                ..Default::default()
            });
        let offline: Vec<i32> = told
            .replicas
            .iter()
            .copied()
            .filter(|r| !view.brokers.contains_key(r))
            .collect();
        topic.partition_states.push(UpdateMetadataPartitionState {
            partition_index: key.1,
            controller_epoch: told.state.controller_epoch,
            leader: BrokerId(told.state.leader),
            leader_epoch: told.state.leader_epoch,
            isr: ids(&told.state.isr),
            zk_version: told.version,
            replicas: ids(&told.replicas),
            offline_replicas: ids(&offline),
            ..Default::default()
        });
    }
    let live_brokers = view
        .brokers
        .iter()
        .map(|(id, default)| {
            let by_name = view.listener_endpoints.get(id).filter(|m| !m.is_empty());
            let endpoints = match by_name {
                Some(by_name) => by_name
                    .iter()
                    .map(|(listener, e)| UpdateMetadataEndpoint {
                        port: e.port,
                        host: StrBytes::from_string(e.host.clone()),
                        listener: StrBytes::from_string(listener.clone()),
                        security_protocol: security_protocol(view, *id, listener),
                        ..Default::default()
                    })
                    .collect(),
                None => vec![UpdateMetadataEndpoint {
                    port: default.port,
                    host: StrBytes::from_string(default.host.clone()),
                    listener: StrBytes::from_static_str("PLAINTEXT"),
                    security_protocol: 0,
                    ..Default::default()
                }],
            };
            UpdateMetadataBroker {
                id: BrokerId(*id),
                endpoints,
                rack: view.racks.get(id).map(|r| StrBytes::from_string(r.clone())),
                ..Default::default()
            }
        })
        .collect();
    UpdateMetadataRequest {
        controller_id: BrokerId(me),
        controller_epoch: epoch,
        topic_states: topics.into_values().collect(),
        live_brokers,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::{BrokerEndpoint, TopicAssignment};

    fn view(brokers: &[i32], leader: i32, leader_epoch: i32) -> ClusterView {
        let mut v = ClusterView {
            controller: 0,
            controller_epoch: 3,
            ..Default::default()
        };
        for b in brokers {
            v.brokers.insert(
                *b,
                BrokerEndpoint {
                    host: "127.0.0.1".into(),
                    port: 9092 + b,
                },
            );
        }
        v.topics.insert(
            "t".into(),
            TopicAssignment {
                id: Uuid::from_u128(7),
                replicas: BTreeMap::from([(0, vec![0, 1, 2])]),
                states: BTreeMap::from([(
                    0,
                    PartitionState {
                        leader,
                        leader_epoch,
                        isr: brokers.to_vec(),
                        controller_epoch: 3,
                    },
                )]),
                configs: BTreeMap::new(),
                adding: Default::default(),
                removing: Default::default(),
            },
        );
        v.state_versions.insert(("t".into(), 0), leader_epoch + 4);
        v
    }

    fn kinds(out: &[(i32, ControlRequest)]) -> Vec<(i32, &'static str)> {
        out.iter()
            .map(|(b, r)| {
                let kind = match r {
                    ControlRequest::LeaderAndIsr(_) => "LeaderAndIsr",
                    ControlRequest::UpdateMetadata(_) => "UpdateMetadata",
                    ControlRequest::StopReplica(_) => "StopReplica",
                };
                (*b, kind)
            })
            .collect()
    }

    #[test]
    fn endpoints_carry_each_listeners_protocol_and_leaders_their_inter_broker_endpoint() {
        let mut v = view(&[0, 1, 2], 1, 0);
        for b in [0, 1, 2] {
            let endpoint = |port: i32| BrokerEndpoint {
                host: format!("b{b}"),
                port,
            };
            v.listener_endpoints.insert(
                b,
                BTreeMap::from([
                    ("EXTERNAL".to_string(), endpoint(9100 + b)),
                    ("INTERNAL".to_string(), endpoint(9200 + b)),
                ]),
            );
            v.listener_protocols.insert(
                b,
                BTreeMap::from([
                    ("EXTERNAL".to_string(), "SASL_SSL".to_string()),
                    ("INTERNAL".to_string(), "SSL".to_string()),
                ]),
            );
        }
        let mut told = Propagated::new("INTERNAL");
        let out = told.plan(&v, 0, 3);
        let ControlRequest::LeaderAndIsr(r) = &out[1].1 else {
            panic!()
        };
        let leader = &r.live_leaders[0];
        assert_eq!(
            (leader.broker_id.0, leader.host_name.as_str(), leader.port),
            (1, "b1", 9201)
        );
        let ControlRequest::UpdateMetadata(u) = &out[3].1 else {
            panic!()
        };
        let endpoints: Vec<(&str, i16, i32)> = u.live_brokers[2]
            .endpoints
            .iter()
            .map(|e| (e.listener.as_str(), e.security_protocol, e.port))
            .collect();
        assert_eq!(
            endpoints,
            vec![("EXTERNAL", 3, 9102), ("INTERNAL", 1, 9202)]
        );
    }

    #[test]
    fn a_new_controller_tells_everyone_then_only_changes() {
        let mut told = Propagated::new("PLAINTEXT");
        let first = told.plan(&view(&[0, 1, 2], 1, 0), 0, 3);
        assert_eq!(
            kinds(&first),
            vec![
                (0, "LeaderAndIsr"),
                (1, "LeaderAndIsr"),
                (2, "LeaderAndIsr"),
                (0, "UpdateMetadata"),
                (1, "UpdateMetadata"),
                (2, "UpdateMetadata")
            ]
        );
        let ControlRequest::LeaderAndIsr(r) = &first[1].1 else {
            panic!()
        };
        let p = &r.topic_states[0].partition_states[0];
        assert_eq!((p.leader.0, p.leader_epoch, p.partition_epoch), (1, 0, 4));
        assert_eq!(r.controller_epoch, 3);
        assert_eq!(r.topic_states[0].topic_id, Uuid::from_u128(7));
        assert_eq!(r.live_leaders[0].port, 9093);
        // Nothing changed: nothing sent.
        assert!(told.plan(&view(&[0, 1, 2], 1, 0), 0, 3).is_empty());
        // Broker 1 died and 2 leads: the live replicas hear it.
        let next = told.plan(&view(&[0, 2], 2, 1), 0, 3);
        assert_eq!(
            kinds(&next),
            vec![
                (0, "LeaderAndIsr"),
                (2, "LeaderAndIsr"),
                (0, "UpdateMetadata"),
                (2, "UpdateMetadata")
            ]
        );
        let ControlRequest::UpdateMetadata(um) = &next[2].1 else {
            panic!()
        };
        assert_eq!(um.live_brokers.len(), 2);
        assert_eq!(
            um.topic_states[0].partition_states[0].offline_replicas,
            vec![BrokerId(1)]
        );
    }

    #[test]
    fn a_broker_back_under_a_new_registration_is_told_everything_again() {
        let mut told = Propagated::new("PLAINTEXT");
        let epochs = |v: &mut ClusterView, one: i64| {
            v.broker_epochs = BTreeMap::from([(0, 10), (1, one), (2, 12)]);
        };
        let mut before = view(&[0, 1, 2], 0, 0);
        epochs(&mut before, 11);
        told.plan(&before, 0, 3);
        assert!(told.plan(&before, 0, 3).is_empty());
        // Broker 1 restarted between two readings: same ids, same states, a new epoch.
        let mut bounced = view(&[0, 1, 2], 0, 0);
        epochs(&mut bounced, 99);
        let next = told.plan(&bounced, 0, 3);
        assert_eq!(
            kinds(&next),
            vec![
                (1, "LeaderAndIsr"),
                (0, "UpdateMetadata"),
                (1, "UpdateMetadata"),
                (2, "UpdateMetadata")
            ]
        );
        assert!(told.plan(&bounced, 0, 3).is_empty());
    }

    #[test]
    fn a_deleted_topic_gets_stop_replica_with_deletion() {
        let mut told = Propagated::new("PLAINTEXT");
        told.plan(&view(&[0, 1, 2], 1, 0), 0, 3);
        let mut gone = view(&[0, 1, 2], 1, 0);
        gone.topics.clear();
        let out = told.plan(&gone, 0, 3);
        assert_eq!(
            kinds(&out),
            vec![(0, "StopReplica"), (1, "StopReplica"), (2, "StopReplica")]
        );
        let ControlRequest::StopReplica(r) = &out[0].1 else {
            panic!()
        };
        let p = &r.topic_states[0].partition_states[0];
        assert!(p.delete_partition);
        assert_eq!(p.leader_epoch, -2);
    }
}
