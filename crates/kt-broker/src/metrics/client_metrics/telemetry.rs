//! The clients that asked for their subscription (GetTelemetrySubscriptions) and what they
//! last pushed (PushTelemetry), as Kafka's `ClientMetricsManager` keeps them: a client
//! instance gets the union of the subscriptions matching it, the shortest interval among
//! them, and a subscription id that changes whenever that set does, so a push made under an
//! old subscription is refused (UNKNOWN_SUBSCRIPTION_ID) and the client asks again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::config::matching_patterns;
use super::otlp::Point;
use super::Settings;

/// Kafka's default push interval, when no subscription names one.
pub const DEFAULT_INTERVAL_MS: i32 = 300_000;
/// The largest payload accepted (Kafka's `telemetry.max.bytes` default).
pub const MAX_BYTES: i32 = 1024 * 1024;

/// Who a client is, for the `match` selectors.
#[derive(Debug, Clone, Default)]
pub struct ClientIdentity {
    pub client_id: String,
    pub source_address: String,
}

/// A client instance's subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub id: i32,
    /// Metric name prefixes; `*` alone for every metric; empty for none.
    pub metrics: Vec<String>,
    pub interval_ms: i32,
}

#[derive(Debug)]
struct Instance {
    identity: ClientIdentity,
    subscription: Subscription,
    seen: Instant,
    terminating: bool,
    points: Vec<Point>,
}

/// Why a push was refused, as Kafka's error codes name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushRefusal {
    InvalidRequest,
    UnknownSubscriptionId,
    UnsupportedCompressionType,
    TelemetryTooLarge,
    InvalidRecord,
}

/// Every known client instance.
#[derive(Debug, Default)]
pub struct ClientTelemetry {
    instances: Mutex<HashMap<Uuid, Instance>>,
}

/// The subscription of a client matching `subscriptions` (Kafka's `createClientInstance`).
pub fn subscription_for(
    instance: Uuid,
    identity: &ClientIdentity,
    subscriptions: &std::collections::BTreeMap<String, Settings>,
) -> Subscription {
    let mut metrics: Vec<String> = Vec::new();
    let mut interval_ms = DEFAULT_INTERVAL_MS;
    let mut all = false;
    for settings in subscriptions.values() {
        let patterns = settings
            .get("match")
            .map(|m| matching_patterns(m).unwrap_or_default())
            .unwrap_or_default();
        let matches = patterns.iter().all(|(selector, regex)| {
            let value = match selector.as_str() {
                "client_id" => identity.client_id.clone(),
                "client_instance_id" => instance.to_string(),
                "client_source_address" => identity.source_address.clone(),
                _ => String::new(),
            };
            regex.is_match(&value)
        });
        if !matches {
            continue;
        }
        let listed: Vec<String> = settings
            .get("metrics")
            .map(|m| {
                m.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        all |= listed.iter().any(|m| m == "*");
        metrics.extend(listed);
        if let Some(ms) = settings
            .get("interval.ms")
            .and_then(|v| v.trim().parse().ok())
        {
            interval_ms = interval_ms.min(ms);
        }
    }
    metrics.sort();
    metrics.dedup();
    if all {
        metrics = vec!["*".to_string()];
    }
    // Any stable digest of the set will do: only this broker compares it.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in format!("{metrics:?}{interval_ms}").bytes() {
        hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
    }
    let (high, low) = instance.as_u64_pair();
    let id = (hash ^ (high ^ low) as u32 ^ ((high ^ low) >> 32) as u32) as i32;
    Subscription {
        id,
        metrics,
        interval_ms,
    }
}

impl ClientTelemetry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Instance>> {
        self.instances.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets instances silent for three push intervals (at least a minute), as Kafka
    /// expires them.
    fn expire(instances: &mut HashMap<Uuid, Instance>) {
        instances.retain(|_, i| {
            let ttl = Duration::from_millis(i.subscription.interval_ms.max(0) as u64 * 3)
                .max(Duration::from_secs(60));
            i.seen.elapsed() < ttl
        });
    }

    /// Answers GetTelemetrySubscriptions: the instance id (a new one for a client without),
    /// and its subscription under the current resources.
    pub fn subscribe(
        &self,
        instance: Option<Uuid>,
        identity: ClientIdentity,
        subscriptions: &std::collections::BTreeMap<String, Settings>,
    ) -> (Uuid, Subscription) {
        let id = instance
            .filter(|id| !id.is_nil())
            .unwrap_or_else(Uuid::new_v4);
        let subscription = subscription_for(id, &identity, subscriptions);
        let mut instances = self.lock();
        Self::expire(&mut instances);
        let entry = instances.entry(id).or_insert_with(|| Instance {
            identity: identity.clone(),
            subscription: subscription.clone(),
            seen: Instant::now(),
            terminating: false,
            points: Vec::new(),
        });
        entry.identity = identity;
        entry.subscription = subscription.clone();
        entry.seen = Instant::now();
        (id, subscription)
    }

    /// Takes a push: checked as Kafka checks it, then its points replace the instance's.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &self,
        instance: Uuid,
        identity: ClientIdentity,
        subscription_id: i32,
        terminating: bool,
        compression: i8,
        payload: &[u8],
        subscriptions: &std::collections::BTreeMap<String, Settings>,
    ) -> Result<(), PushRefusal> {
        if instance.is_nil() {
            return Err(PushRefusal::InvalidRequest);
        }
        let mut instances = self.lock();
        let current = subscription_for(instance, &identity, subscriptions);
        let entry = instances.entry(instance).or_insert_with(|| Instance {
            identity: identity.clone(),
            subscription: current.clone(),
            seen: Instant::now(),
            terminating: false,
            points: Vec::new(),
        });
        entry.seen = Instant::now();
        if entry.terminating {
            return Err(PushRefusal::InvalidRequest);
        }
        entry.terminating = terminating;
        entry.subscription = current;
        if subscription_id != entry.subscription.id {
            return Err(PushRefusal::UnknownSubscriptionId);
        }
        if compression != 0 {
            return Err(PushRefusal::UnsupportedCompressionType);
        }
        if payload.len() > MAX_BYTES as usize {
            return Err(PushRefusal::TelemetryTooLarge);
        }
        if !payload.is_empty() {
            entry.points = super::otlp::points(payload).map_err(|_| PushRefusal::InvalidRecord)?;
        }
        Ok(())
    }

    /// Every instance's last pushed points: (instance id, client id, points).
    pub fn pushed(&self) -> Vec<(Uuid, String, Vec<Point>)> {
        let mut instances = self.lock();
        Self::expire(&mut instances);
        let mut out: Vec<(Uuid, String, Vec<Point>)> = instances
            .iter()
            .filter(|(_, i)| !i.points.is_empty())
            .map(|(id, i)| (*id, i.identity.client_id.clone(), i.points.clone()))
            .collect();
        out.sort_by_key(|(id, _, _)| *id);
        out
    }

    /// How many client instances are known (Kafka's `ClientMetricsInstanceCount`).
    pub fn instance_count(&self) -> usize {
        let mut instances = self.lock();
        Self::expire(&mut instances);
        instances.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(entries: &[(&str, &[(&str, &str)])]) -> std::collections::BTreeMap<String, Settings> {
        entries
            .iter()
            .map(|(name, kv)| {
                (
                    name.to_string(),
                    kv.iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn matching_subscriptions_are_merged_and_pushes_checked() {
        let resources = subs(&[
            (
                "p",
                &[
                    ("metrics", "org.apache.kafka.producer."),
                    ("interval.ms", "1000"),
                    ("match", "client_id=perf.*"),
                ],
            ),
            (
                "all",
                &[
                    ("metrics", "org.apache.kafka.consumer."),
                    ("interval.ms", "5000"),
                ],
            ),
        ]);
        let perf = ClientIdentity {
            client_id: "perf-1".into(),
            source_address: "127.0.0.1".into(),
        };
        let telemetry = ClientTelemetry::default();
        let (id, sub) = telemetry.subscribe(None, perf.clone(), &resources);
        assert_eq!(sub.interval_ms, 1000);
        assert_eq!(
            sub.metrics,
            vec!["org.apache.kafka.consumer.", "org.apache.kafka.producer."]
        );
        let other = subscription_for(id, &ClientIdentity::default(), &resources);
        assert_eq!(other.metrics, vec!["org.apache.kafka.consumer."]);
        assert_ne!(other.id, sub.id);
        assert_eq!(
            telemetry.push(id, perf.clone(), sub.id + 1, false, 0, &[], &resources),
            Err(PushRefusal::UnknownSubscriptionId)
        );
        assert_eq!(
            telemetry.push(id, perf.clone(), sub.id, false, 0, &[], &resources),
            Ok(())
        );
        assert_eq!(
            telemetry.push(id, perf.clone(), sub.id, false, 1, &[], &resources),
            Err(PushRefusal::UnsupportedCompressionType)
        );
        assert_eq!(
            telemetry.push(id, perf.clone(), sub.id, true, 0, &[], &resources),
            Ok(())
        );
        assert_eq!(
            telemetry.push(id, perf, sub.id, false, 0, &[], &resources),
            Err(PushRefusal::InvalidRequest),
            "nothing after a terminating push"
        );
        assert_eq!(telemetry.instance_count(), 1);
    }
}
