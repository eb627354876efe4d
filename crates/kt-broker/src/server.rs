//! The listening server: binds every listener (`listeners=PLAINTEXT://:9092,SSL://:9093`),
//! accepts connections on all of them through one acceptor, runs the periodic log tasks
//! (retention, flush, checkpoints) and shuts everything down cleanly when told to.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::acceptor::Acceptor;
use super::cluster::{self, link, Cluster, ClusterError, ZkLink};
use super::connection;
use super::security;
use super::state::Broker;
use super::BrokerError;
use kt_base::config::{SecurityProtocol, ServerConfig, ZookeeperSettings};
use kt_storage::{generate_cluster_id, MetaProperties};

/// How often recovery points are checkpointed (Kafka's
/// `log.flush.offset.checkpoint.interval.ms` default).
const CHECKPOINT_INTERVAL: Duration = Duration::from_secs(60);

/// A broker running in this process: its address and the means to stop it. Tests use it to
/// run a real broker on 127.0.0.1 port 0.
pub struct RunningBroker {
    addr: SocketAddr,
    listeners: Vec<(String, SocketAddr)>,
    broker: Arc<Broker>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningBroker {
    /// The address of the broker's first listener.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address of the listener named `name` (`PLAINTEXT`, `SSL`...), if there is one.
    pub fn listener_addr(&self, name: &str) -> Option<SocketAddr> {
        self.listeners
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, addr)| *addr)
    }

    /// `host:port` for a client's `bootstrap.servers`.
    pub fn bootstrap(&self) -> String {
        self.addr.to_string()
    }

    /// The broker's state, for checks in tests.
    pub fn broker(&self) -> &Arc<Broker> {
        &self.broker
    }

    /// Stops accepting, closes connections, flushes and checkpoints the logs.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Opens the broker's state, binds its listeners and serves in a background task.
pub async fn spawn(mut config: ServerConfig) -> anyhow::Result<RunningBroker> {
    let listeners = bind(&config).await?;
    adopt_bound_ports(&mut config, &listeners);
    let broker = open(config.clone()).await?;
    let addrs = listeners
        .iter()
        .map(|l| Ok((l.name.to_string(), l.local_addr()?)))
        .collect::<std::io::Result<Vec<_>>>()?;
    let addr = addrs[0].1;
    let (stop, stopped) = watch::channel(false);
    let serving = run(broker.clone(), listeners, async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|s| *s).await;
    });
    let task = tokio::spawn(async move {
        serving.await;
    });
    Ok(RunningBroker {
        addr,
        listeners: addrs,
        broker,
        stop,
        task,
    })
}

/// Opens the broker's state; in ZooKeeper mode also joins the cluster first (Kafka's
/// start-up order: session, cluster id checked against `meta.properties`, logs, first view
/// of the cluster, registration under `/brokers/ids`).
pub async fn open(config: ServerConfig) -> anyhow::Result<Arc<Broker>> {
    let storage = |e: BrokerError| match e {
        BrokerError::Storage(inner) => anyhow::anyhow!("{inner}"),
        other => anyhow::anyhow!("{other}"),
    };
    if config.kraft.is_some() {
        return super::kraft::open(config).await;
    }
    let Some(zk) = config.zookeeper.clone() else {
        return tokio::task::spawn_blocking(move || Broker::open(config))
            .await?
            .map_err(storage);
    };
    let me = config.broker_id;
    // How this broker reaches the others: a bad setting stops the start-up, as in Kafka.
    let inter_broker = security::inter_broker::InterBrokerSecurity::from_config(&config)?;
    let link = zk_link(&zk);
    let client = cluster::connect(&link).await?;
    tracing::info!(
        "[KafkaServer id={me}] Connected to ZooKeeper at {}",
        zk.connect
    );
    let cluster_id = link::prepare(&client, &generate_cluster_id()).await?;
    // Every log directory has its own meta.properties; any of them may name another cluster.
    let mut stored = None;
    for dir in &config.log_dirs {
        let meta = MetaProperties::read(dir).map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Some(id) = meta.and_then(|m| m.cluster_id).filter(|s| *s != cluster_id) {
            stored = Some(id);
            break;
        }
    }
    if let Some(stored) = stored {
        return Err(ClusterError::InconsistentClusterId(format!(
            "The Cluster ID {cluster_id} doesn't match stored clusterId Some({stored}) in \
             meta.properties. The broker is trying to join the wrong cluster. Configured \
             zookeeper.connect may be wrong."
        ))
        .into());
    }
    let broker = {
        let id = cluster_id.clone();
        tokio::task::spawn_blocking(move || Broker::open_with(config, Some(&id)))
            .await?
            .map_err(storage)?
    };
    let cluster = Arc::new(Cluster::new(me, client.clone(), inter_broker));
    broker.set_cluster(cluster.clone());
    // Dynamic broker configs before any log is created from the topic defaults.
    let stored = crate::cluster::broker_configs::load(&cluster, broker.config()).await?;
    broker.apply_dynamic_configs(stored);
    // Client metrics subscriptions before any client can ask for one.
    let subscriptions = crate::cluster::client_metrics::load(&client).await?;
    broker.metrics().client_metrics.replace_all(subscriptions);
    cluster
        .replication_quotas()
        .configure(&broker.effective_config());
    if let Some(authorizer) = broker.authorizer() {
        authorizer.attach(cluster.clone()).await?;
    }
    // Refused before it acts on the view, not only at registration (see the function).
    if let Some(refusal) = link::registered_elsewhere(&client, me).await? {
        return Err(refusal.into());
    }
    // High watermarks first, roles second: a partition this broker leads alone follows its
    // log end from then on, whatever the checkpoint said.
    let resumed = broker.resume_high_watermarks();
    if resumed > 0 {
        tracing::info!("[KafkaServer id={me}] resumed {resumed} high watermarks from replication-offset-checkpoint");
    }
    let view = link::read_view(&client).await?;
    {
        let (broker, view) = (broker.clone(), view.clone());
        tokio::task::spawn_blocking(move || broker.sync_cluster(&view)).await??;
    }
    cluster.publish(view);
    let rack = broker.config().properties.get("broker.rack").cloned();
    link::register(&client, me, &broker.advertised_listeners(), rack.as_deref()).await?;
    Ok(broker)
}

fn zk_link(zk: &ZookeeperSettings) -> ZkLink {
    ZkLink {
        connect: zk.connect.clone(),
        session_timeout: Duration::from_millis(zk.session_timeout_ms),
        connection_timeout: Duration::from_millis(zk.connection_timeout_ms),
    }
}

/// A listener bound to its port: its name, on SSL listeners the TLS acceptor made from its
/// `ssl.*` settings, and on SASL listeners the mechanisms it authenticates with.
pub struct BoundListener {
    socket: TcpListener,
    name: Arc<str>,
    security: ListenerSecurity,
}

/// How a listener's connections are secured before they are served.
#[derive(Clone)]
struct ListenerSecurity {
    tls: Option<TlsAcceptor>,
    /// `ssl.principal.mapping.rules` of a TLS listener: client certificates name principals.
    mapper: Arc<security::PrincipalMapper>,
    sasl: Option<Arc<security::sasl::ListenerSasl>>,
}

impl BoundListener {
    /// The address the listener is bound to (its port chosen by the system for port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.socket.local_addr()
    }

    /// The listener's name (`PLAINTEXT`, `SSL`, or a name from the protocol map).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Binds every listener of the configuration, in order. The TLS settings of SSL listeners
/// are read first, so a bad keystore stops the start-up before any port is taken.
pub async fn bind(config: &ServerConfig) -> anyhow::Result<Vec<BoundListener>> {
    // Kafka refuses to start with a bad delegation.token.* value.
    security::delegation_token::TokenSettings::of(config).map_err(anyhow::Error::msg)?;
    let mut securities = Vec::with_capacity(config.listeners.len());
    for listener in &config.listeners {
        let tls = match listener.protocol.uses_tls() {
            true => Some(TlsAcceptor::from(security::server_config(
                config,
                &listener.name,
            )?)),
            false => None,
        };
        let sasl = match listener.protocol {
            SecurityProtocol::SaslPlaintext | SecurityProtocol::SaslSsl => Some(Arc::new(
                security::sasl::ListenerSasl::from_config(config, &listener.name)?,
            )),
            SecurityProtocol::Plaintext | SecurityProtocol::Ssl => None,
        };
        let rules = config
            .listener_property(&listener.name, "ssl.principal.mapping.rules")
            .unwrap_or("DEFAULT");
        let mapper = security::PrincipalMapper::parse(rules).map_err(|e| {
            anyhow::anyhow!(
                "listener {}: ssl.principal.mapping.rules: {e}",
                listener.name
            )
        })?;
        securities.push(ListenerSecurity {
            tls,
            mapper: Arc::new(mapper),
            sasl,
        });
    }
    let mut bound = Vec::with_capacity(config.listeners.len());
    for (listener, security) in config.listeners.iter().zip(securities) {
        let address = listener.bind_address();
        let socket = TcpListener::bind(&address)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))?;
        bound.push(BoundListener {
            socket,
            name: listener.name.as_str().into(),
            security,
        });
    }
    Ok(bound)
}

/// Listeners on port 0 got a port from the system: advertise that one.
pub fn adopt_bound_ports(config: &mut ServerConfig, bound: &[BoundListener]) {
    for (listener, bound) in config.listeners.iter_mut().zip(bound) {
        let Ok(addr) = bound.local_addr() else {
            continue;
        };
        let wanted = listener.port;
        listener.port = addr.port();
        for advertised in &mut config.advertised_listeners {
            if advertised.name == listener.name
                && (advertised.port == 0 || advertised.port == wanted)
            {
                advertised.port = addr.port();
            }
        }
    }
}

/// Serves one accepted connection: through TLS on an SSL listener (after the handshake,
/// bounded by `connections.max.idle.ms`), as it is on a plain one; on a SASL listener the
/// connection authenticates first.
async fn serve_accepted(
    stream: TcpStream,
    peer: SocketAddr,
    listener: Arc<str>,
    security: ListenerSecurity,
    broker: Arc<Broker>,
    stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let metrics = broker.clone();
    let counted = metrics.metrics().connections.opened(&listener);
    let counts = counted.authentication();
    // Until SASL (or a client certificate) names someone, the connection is anonymous, as
    // Kafka's PLAINTEXT ones are.
    let anonymous = Arc::new(security::KafkaPrincipal::anonymous());
    // Without SASL a connection is authenticated once it is ready (after TLS), as Kafka's
    // Selector counts it; with SASL the authenticator counts its exchanges.
    let ready = |counts: &Option<Arc<crate::metrics::AuthenticationCounts>>, ok: bool| {
        if let Some(counts) = counts {
            match ok {
                true => counts.succeeded(false),
                false => counts.failed(false),
            }
        }
    };
    let uses_sasl = security.sasl.is_some();
    let sasl = security
        .sasl
        .map(|sasl| security::sasl::Authenticator::new(sasl, peer, counts.clone()));
    match security.tls {
        None => {
            if !uses_sasl {
                ready(&counts, true);
            }
            connection::serve(stream, peer, listener, anonymous, sasl, broker, stop).await
        }
        Some(acceptor) => {
            let limit = broker
                .config()
                .connections
                .max_idle()
                .unwrap_or(Duration::from_secs(600));
            if let Some(tls) = security::handshake(&acceptor, stream, peer, limit).await {
                // A client certificate names the principal (SASL, if any, then replaces it).
                let principal = match security::principal_of(tls.get_ref().1, &security.mapper) {
                    Ok(principal) => Arc::new(principal),
                    Err(e) => {
                        ready(&counts, false);
                        tracing::info!("Failed authentication with /{} ({e})", peer.ip());
                        return;
                    }
                };
                if !uses_sasl {
                    ready(&counts, true);
                }
                connection::serve(tls, peer, listener, principal, sasl, broker, stop).await;
            } else {
                ready(&counts, false);
            }
        }
    }
}

/// Serves connections on `listeners` until `shutdown` completes, then drains connections,
/// flushes and checkpoints. Returns whether the logs were shut down cleanly.
pub async fn run(
    broker: Arc<Broker>,
    listeners: Vec<BoundListener>,
    shutdown: impl Future<Output = ()>,
) -> bool {
    let (stop_tx, stop_rx) = watch::channel(false);
    let (sockets, routes): (Vec<_>, Vec<_>) = listeners
        .into_iter()
        .map(|l| (l.socket, (l.name, l.security)))
        .unzip();
    let mut acceptor = Acceptor::new(sockets, &broker.config().connections);
    broker.resume_log_dir_moves();
    let mut connections = JoinSet::new();
    let mut background = JoinSet::new();
    background.spawn(periodic_tasks(broker.clone(), stop_rx.clone()));
    background.spawn(group_timers(broker.clone(), stop_rx.clone()));
    background.spawn(txn_timers(broker.clone(), stop_rx.clone()));
    if broker.config().log_cleaner_enable {
        background.spawn(log_cleaner(broker.clone(), stop_rx.clone()));
    }
    if let Some(address) = broker.config().metrics_listener.clone() {
        match crate::metrics::http::bind(&broker, &address).await {
            Ok(listener) => {
                tracing::info!(
                    "Serving metrics on http://{}/metrics (metrics.listener).",
                    listener.local_addr().map_or(address, |a| a.to_string())
                );
                background.spawn(crate::metrics::http::serve(
                    listener,
                    broker.clone(),
                    stop_rx.clone(),
                ));
            }
            Err(e) => tracing::error!("cannot serve metrics on {address} (metrics.listener): {e}"),
        }
    }
    if let Ok(Some(tokens)) = security::delegation_token::TokenSettings::of(broker.config()) {
        let expiry =
            security::delegation_token::expiry::run(broker.clone(), tokens, stop_rx.clone());
        background.spawn(expiry);
    }
    if let (Some(cluster), Some(zk)) = (broker.cluster(), &broker.config().zookeeper) {
        match cluster.client() {
            Ok(client) => {
                background.spawn(crate::replication::isr::run(
                    broker.clone(),
                    stop_rx.clone(),
                ));
                if let Some(authorizer) = broker.authorizer() {
                    background.spawn(security::acl::zk_sync::run(
                        authorizer.clone(),
                        cluster.clone(),
                        stop_rx.clone(),
                    ));
                }
                background.spawn(link::run(
                    cluster.clone(),
                    broker.clone(),
                    zk_link(zk),
                    client,
                    stop_rx.clone(),
                ));
            }
            Err(e) => tracing::error!("ZooKeeper: {e}"),
        }
    }
    // A clean stop first moves this broker's leaderships away (ZooKeeper mode), while its
    // connections are still served.
    let handing_over = broker.clone();
    let shutdown = async move {
        shutdown.await;
        crate::replication::controlled_shutdown::run(&handing_over).await;
    };
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            (stream, peer, slot, index) = acceptor.next() => {
                let broker = broker.clone();
                let stop = stop_rx.clone();
                let (name, security) = routes[index].clone();
                connections.spawn(async move {
                    serve_accepted(stream, peer, name, security, broker, stop).await;
                    // The connection's place in the quotas is given back once it is closed.
                    drop(slot);
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(acceptor);
    let _ = stop_tx.send(true);
    let me = broker.id();
    tracing::debug!(
        "[KafkaServer id={me}] closing {} connections",
        connections.len()
    );
    while connections.join_next().await.is_some() {}
    let disconnected = tokio::time::Instant::now();
    tracing::debug!(
        "[KafkaServer id={me}] stopping {} background tasks",
        background.len()
    );
    while background.join_next().await.is_some() {}
    if let Some(fetchers) = broker.fetchers() {
        tracing::debug!("[KafkaServer id={me}] stopping the replica fetchers");
        fetchers.shutdown().await;
    }
    tracing::debug!("[KafkaServer id={me}] closing the logs");
    let closing = broker.clone();
    let clean = tokio::task::spawn_blocking(move || closing.shutdown())
        .await
        .unwrap_or(false);
    if let Some(cluster) = broker.cluster() {
        // Leave the cluster at once rather than after the session timeout: another broker
        // takes over as controller as soon as our znodes are gone. Last, as Kafka closes its
        // ZooKeeper session after its logs: until then clients still find this broker in the
        // metadata while they move to the new leaders (librdkafka forgets where a partition
        // was going when the broker it leaves vanishes from the same metadata answer).
        if cluster.view().brokers.len() > 1 {
            tokio::time::sleep_until(disconnected + REGISTRATION_GRACE).await;
        }
        if let Ok(client) = cluster.client() {
            tracing::debug!("[KafkaServer id={me}] leaving the cluster");
            link::leave(&client, broker.id()).await;
        }
        cluster.close();
    }
    tracing::info!("[KafkaServer id={}] shut down completed", broker.id());
    clean
}

/// How long a stopping broker of a cluster stays registered after its clients were
/// disconnected. librdkafka asks for metadata about 100 ms after a connection drops: while the
/// broker is still listed, a producer moves its partitions to their new leaders at once; when
/// the broker is gone from that same answer, it drops them to no leader and asks again a second
/// later (the ~1 s pauses of controlled shutdowns in benches/replication.sh's debug logs).
/// Kafka's broker stays registered through its replica and log managers' shutdown, which takes
/// longer than this; kt's takes milliseconds.
const REGISTRATION_GRACE: Duration = Duration::from_millis(300);

/// Drives the group coordinator's session and rebalance timeouts while any group has
/// members, and sleeps while none has; expires old offsets and compacts
/// `__consumer_offsets` on Kafka's retention-check interval.
async fn group_timers(broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(
        broker
            .config()
            .groups
            .offsets_retention_check_interval_ms
            .max(1) as u64,
    );
    let mut expiry = tokio::time::interval(every);
    expiry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    expiry.tick().await;
    loop {
        let groups = broker.groups();
        let b = broker.clone();
        if groups.has_active_groups() {
            // Every TICK, or at the next session deadline if that comes sooner (tokio never
            // wakes before it, so the tick sees the session over).
            let next_tick = std::time::Instant::now() + super::coordinator::TICK;
            let wake = groups
                .next_session_deadline()
                .map_or(next_tick, |deadline| deadline.min(next_tick));
            tokio::select! {
                _ = stop.changed() => return,
                _ = tokio::time::sleep_until(tokio::time::Instant::from_std(wake)) => groups.tick(),
                _ = expiry.tick() => { let _ = tokio::task::spawn_blocking(move || { b.groups().expire_offsets(); b.groups().compact() }).await; }
            }
        } else {
            tokio::select! {
                _ = stop.changed() => return,
                _ = groups.activity() => {}
                _ = expiry.tick() => { let _ = tokio::task::spawn_blocking(move || { b.groups().expire_offsets(); b.groups().compact() }).await; }
            }
        }
    }
}

/// The transaction coordinator's timer: aborts transactions past their timeout and finishes
/// decided ones whose markers are not all written (after a restart, or a leader that was
/// away), every `transaction.abort.timed.out.transaction.cleanup.interval.ms`; removes idle
/// transactional ids every `transaction.remove.expired.transaction.cleanup.interval.ms`.
async fn txn_timers(broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let settings = broker.txns().settings().clone();
    let mut aborts = tokio::time::interval(Duration::from_millis(
        settings.abort_timed_out_interval_ms.max(1) as u64,
    ));
    aborts.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut expiry = tokio::time::interval(Duration::from_millis(
        settings.remove_expired_interval_ms.max(1) as u64,
    ));
    expiry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    expiry.tick().await;
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = aborts.tick() => {
                for job in broker.txns().due_jobs(kt_base::clock::now_ms()) {
                    let b = broker.clone();
                    tokio::spawn(async move {
                        let _ = crate::txn::markers::run(&b, &job).await;
                    });
                }
            }
            _ = expiry.tick() => broker.txns().expire_ids(kt_base::clock::now_ms()),
        }
    }
}

/// Retention, time-based flushes, checkpoints and producer expiry, each on its own interval;
/// those that do file I/O off the async threads.
async fn periodic_tasks(broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let retention_every =
        Duration::from_millis(broker.config().log_retention_check_interval_ms as u64);
    let mut retention = tokio::time::interval(retention_every);
    let mut flush = tokio::time::interval(Duration::from_secs(1));
    let mut checkpoint = tokio::time::interval(CHECKPOINT_INTERVAL);
    // High watermarks move with replication: in ZooKeeper mode they are checkpointed every
    // `replica.high.watermark.checkpoint.interval.ms` (Kafka's 5 s), with the other files.
    let hw_every = broker
        .config()
        .properties
        .get("replica.high.watermark.checkpoint.interval.ms")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .unwrap_or(5000);
    let replicated = broker.cluster().is_some();
    let mut hw_checkpoint = tokio::time::interval(Duration::from_millis(if replicated {
        hw_every
    } else {
        86_400_000
    }));
    let mut producer_expiry = tokio::time::interval(Duration::from_millis(
        broker
            .config()
            .transactions
            .producer_id_expiration_check_interval_ms
            .max(1) as u64,
    ));
    for timer in [
        &mut retention,
        &mut flush,
        &mut checkpoint,
        &mut hw_checkpoint,
        &mut producer_expiry,
    ] {
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        timer.tick().await;
    }
    loop {
        let b = broker.clone();
        tokio::select! {
            _ = stop.changed() => return,
            _ = retention.tick() => { let _ = tokio::task::spawn_blocking(move || b.apply_retention()).await; }
            _ = flush.tick() => { let _ = tokio::task::spawn_blocking(move || b.flush_due()).await; }
            _ = checkpoint.tick() => { let _ = tokio::task::spawn_blocking(move || b.checkpoint()).await; }
            _ = hw_checkpoint.tick(), if replicated => { let _ = tokio::task::spawn_blocking(move || b.checkpoint()).await; }
            _ = producer_expiry.tick() => b.expire_producers(kt_base::clock::now_ms()),
        }
    }
}

/// The log cleaner of compacted topics: a pass every `log.cleaner.backoff.ms`, off the async
/// threads and apart from the other periodic tasks, so a long pass delays no flush.
async fn log_cleaner(broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(broker.config().log_cleaner_backoff_ms.max(1) as u64);
    let mut timer = tokio::time::interval(every);
    timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    timer.tick().await;
    loop {
        let b = broker.clone();
        tokio::select! {
            _ = stop.changed() => return,
            _ = timer.tick() => { let _ = tokio::task::spawn_blocking(move || b.clean_logs()).await; }
        }
    }
}
