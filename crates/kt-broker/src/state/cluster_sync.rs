//! ZooKeeper mode: this broker's partition logs brought in line with the cluster's view.

use std::sync::Arc;

use uuid::Uuid;

use super::{Broker, Partition};
use crate::catalogue::TopicMeta;
use crate::cluster::ClusterView;
use crate::topic_config;
use crate::BrokerError;

impl Broker {
    /// The one way a new view of the cluster takes effect (ZooKeeper mode): `change` makes it
    /// from the view this broker acts on now (a fresh reading of ZooKeeper merged with it, or
    /// a controller request applied to it); when it differs, the local logs and roles follow
    /// it and it is published. Serialised, so the watch loop and the controller's requests
    /// never undo each other. Returns what `change` returned beside the view.
    pub fn install_view<T>(
        &self,
        change: impl FnOnce(&ClusterView) -> (Option<ClusterView>, T),
    ) -> Result<T, BrokerError> {
        let Some(cluster) = self.cluster() else {
            return Ok(change(&ClusterView::default()).1);
        };
        let _serial = cluster.install_lock();
        let current = cluster.view();
        let (next, outcome) = change(&current);
        if let Some(next) = next.filter(|n| n != current.as_ref()) {
            // Logs first, view second: once the view says this broker leads a partition,
            // its log is there.
            let synced = self.sync_cluster(&next);
            let stepped_down = self.stepped_down(&current, &next);
            let took_leadership = self.took_leadership(&current, &next);
            cluster.publish(next);
            if took_leadership {
                cluster.took_leadership();
            }
            // As Kafka's `completeDelayedOperationsWhenNotPartitionLeader`, once the view
            // names the new leaders: acks=all produces waiting on a partition this broker no
            // longer leads answer NOT_LEADER_OR_FOLLOWER with the new leader (KIP-951), so the
            // client moves there at once; fetches waiting on it look again.
            for partition in stepped_down {
                partition.appended.notify_waiters();
            }
            synced?;
        }
        Ok(outcome)
    }

    /// Whether `next` has this broker lead a partition `current` does not.
    fn took_leadership(&self, current: &ClusterView, next: &ClusterView) -> bool {
        let me = self.id();
        next.topics.iter().any(|(name, topic)| {
            topic.states.iter().any(|(index, state)| {
                state.leader == me
                    && current.topics.get(name).and_then(|t| t.leader(*index)) != Some(me)
            })
        })
    }

    /// The partitions held here that `current` says this broker leads and `next` does not.
    fn stepped_down(&self, current: &ClusterView, next: &ClusterView) -> Vec<Arc<Partition>> {
        let me = self.id();
        let mut out = Vec::new();
        for (name, topic) in &current.topics {
            for (index, state) in &topic.states {
                let still = next.topics.get(name).and_then(|t| t.leader(*index)) == Some(me);
                if state.leader == me && !still {
                    out.extend(self.partition(name, *index));
                }
            }
        }
        out
    }

    /// Brings this broker's partition logs in line with the cluster (ZooKeeper mode):
    /// creates the partitions it is a replica of, deletes topics the cluster no longer has
    /// (or has again under a new id), applies `/config/topics` overrides, and makes the group
    /// and transaction coordinators serve the internal partitions this broker leads. Called through
    /// [`Broker::install_view`] (and once at start-up, before anything else runs).
    pub fn sync_cluster(&self, view: &ClusterView) -> Result<(), BrokerError> {
        let me = self.id();
        for name in self.topics().keys() {
            let gone = match view.topics.get(name) {
                None => !view.unreadable.contains(name),
                Some(a) => !a.id.is_nil() && self.topic(name).is_some_and(|t| t.meta.id != a.id),
            };
            if gone {
                self.remove_local_topic(name)?;
            }
        }
        for (name, assignment) in &view.topics {
            let mine: Vec<i32> = assignment
                .replicas
                .iter()
                .filter(|(_, r)| r.contains(&me))
                .map(|(p, _)| *p)
                .collect();
            let local = self.topic(name);
            let current: Vec<i32> = local
                .as_ref()
                .map(|t| t.partitions.iter().map(|p| p.index).collect())
                .unwrap_or_default();
            let same_configs = local
                .as_ref()
                .is_some_and(|t| t.meta.configs == assignment.configs);
            if local.is_some() && current == mine && same_configs {
                continue;
            }
            let meta = TopicMeta {
                id: if assignment.id.is_nil() {
                    local.as_ref().map_or_else(Uuid::new_v4, |t| t.meta.id)
                } else {
                    assignment.id
                },
                partitions: assignment.partition_count(),
                configs: assignment.configs.clone(),
            };
            let log_config = topic_config::log_config(&self.effective_config(), &meta.configs);
            let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
            let mut partitions = Vec::with_capacity(mine.len());
            for index in &mine {
                let partition = match local
                    .as_ref()
                    .and_then(|t| t.partitions.iter().find(|p| p.index == *index).cloned())
                {
                    Some(p) => {
                        p.log.update_config(log_config);
                        p
                    }
                    None => {
                        // A partition this broker held before (its topic is known and it is
                        // not one of the topic's added partitions) is not created anew while
                        // a log directory is offline: its log may be there. It stays offline.
                        let held_before =
                            local.as_ref().is_some_and(|t| *index < t.meta.partitions);
                        if held_before {
                            if let Err(e) = self.logs.check_recreate(name, *index) {
                                tracing::error!("{e}");
                                continue;
                            }
                        }
                        Arc::new(Partition::new(
                            name,
                            *index,
                            self.logs.create_log_with_topic_id(
                                name,
                                *index,
                                log_config,
                                Some(*meta.id.as_bytes()),
                            )?,
                        ))
                    }
                };
                partitions.push(partition);
            }
            self.record_topic(&mut catalogue, name, meta, partitions)?;
            if local.is_none() {
                tracing::info!("[Broker id={me}] holds partitions {mine:?} of topic {name}");
            }
            // A partition reassigned away from this broker: its replica goes (Kafka's
            // StopReplica with deletion, which the controller sends once RS no longer names it).
            let dropped = local
                .iter()
                .flat_map(|t| t.partitions.iter())
                .filter(|p| !mine.contains(&p.index) && p.index < assignment.partition_count());
            for partition in dropped {
                partition.mark_deleted();
                self.logs.delete_log(name, partition.index)?;
                tracing::info!(
                    "[Broker id={me}] Deleted replica {name}-{}: no longer assigned here",
                    partition.index
                );
            }
        }
        crate::replication::roles::apply(self, view);
        self.follow_coordinator_leadership(view);
        Ok(())
    }

    /// Resumes the high watermarks this broker last wrote to each log directory's
    /// `replication-offset-checkpoint` (ZooKeeper mode, at start-up, once its partitions are
    /// open), as Kafka's brokers do: a restarted leader or follower serves consumers up to
    /// where it left off instead of its log start. Never past a log's end (a log may have been
    /// cut short since) and never backwards. Returns how many were resumed.
    pub fn resume_high_watermarks(&self) -> usize {
        let mut resumed = 0;
        for dir in &self.config.log_dirs {
            let path = dir.join(kt_storage::REPLICATION_OFFSET_CHECKPOINT);
            let checkpoint = match kt_storage::read_checkpoint(&path) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!("reading {}: {e}", path.display());
                    continue;
                }
            };
            for ((topic, index), hw) in checkpoint {
                let Some(partition) = self.partition(&topic, index) else {
                    continue;
                };
                if partition.log.dir().parent() != Some(dir.as_path()) {
                    continue;
                }
                let hw = hw.min(partition.log.log_end_offset());
                if partition.log.advance_high_watermark(hw) {
                    resumed += 1;
                }
            }
        }
        resumed
    }

    /// Deletes this broker's copy of a topic: its logs and its catalogue entry.
    fn remove_local_topic(&self, name: &str) -> Result<(), BrokerError> {
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        catalogue.topics.remove(name);
        let Some(topic) = self.topic(name) else {
            return Ok(());
        };
        for partition in &topic.partitions {
            partition.mark_deleted();
        }
        catalogue.save(&self.data_dir)?;
        self.publish(|topics| {
            topics.remove(name);
        });
        for partition in &topic.partitions {
            self.logs.delete_log(name, partition.index)?;
        }
        tracing::info!("[Broker id={}] Deleted topic {name}", self.id());
        Ok(())
    }
}
