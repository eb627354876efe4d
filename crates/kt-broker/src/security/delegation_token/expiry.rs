//! The expiry check (`delegation.token.expiry.check.interval.ms`): tokens past their expiry
//! or maximum time are removed, as Kafka's `expireTokens` does. An expired token is also
//! refused at authentication (so it never works past its time between checks).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::{TokenSettings, TokenStore};
use crate::state::Broker;

/// Removes expired tokens every check interval until `stop` changes.
pub async fn run(broker: Arc<Broker>, settings: TokenSettings, mut stop: watch::Receiver<bool>) {
    let mut timer = tokio::time::interval(Duration::from_millis(
        settings.check_interval_ms.max(1) as u64
    ));
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    timer.tick().await;
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = timer.tick() => {
                if let Err(e) = remove_expired(&broker, kt_base::clock::now_ms()).await {
                    tracing::warn!("Delegation token expiry check failed: {e}");
                }
            }
        }
    }
}

/// Removes every token expired at `now`; returns how many went.
pub async fn remove_expired(broker: &Broker, now: i64) -> Result<usize, super::TokenStoreError> {
    let store = TokenStore::of(broker);
    let _guard = TokenStore::lock().await;
    let mut removed = 0;
    for token in store.all().await? {
        if token.is_expired(now) {
            tracing::info!(
                "Delegation token expired for token: {} for owner: {}",
                token.token_id,
                token.owner
            );
            store.remove(&token.token_id).await?;
            removed += 1;
        }
    }
    if removed > 0 {
        crate::kraft_log::record_security(broker);
    }
    Ok(removed)
}
