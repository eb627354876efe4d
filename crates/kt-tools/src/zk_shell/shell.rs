//! One zkCli session: the connection, the history, the exit code of the last command, and
//! each command carried out against ZooKeeper with zkCli's output (results on stdout,
//! `Created /x` and errors on stderr).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zookeeper_client::{
    Acl, Acls, AddWatchMode, Client, CreateMode, Error as ZkError, EventType, OneshotWatcher,
    SessionState,
};

use super::command::{Command, NodeKind};
use super::{acl, format, path, usage, words, CliError};

/// zkCli's default session timeout (its `-timeout`), in milliseconds.
const SESSION_TIMEOUT: Duration = Duration::from_millis(30_000);

/// What the caller does after a line: read the next one, or end the process (`quit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// The session's connection as the commands see it.
#[derive(Clone)]
enum Conn {
    Open(Client),
    /// Connecting failed: each command fails with ConnectionLoss on its path, as the Java
    /// client's queued requests do.
    Failed,
    /// After `close`: commands print `Not connected`.
    Closed,
    /// Not connected yet: the first command that needs the server connects, after its own
    /// checks passed. A one-shot command that fails its checks so never connects, as zkCli's
    /// JVM exits before its session is established.
    Pending,
}

/// A zkCli session over `server` (`host:port[,host:port...][/chroot]`).
pub struct Shell {
    server: String,
    runtime: tokio::runtime::Runtime,
    conn: Arc<Mutex<Conn>>,
    print_watches: Arc<AtomicBool>,
    history: BTreeMap<usize, String>,
    count: usize,
    exit_code: i32,
}

/// What tab completion needs from a session: its client and runtime, without the session.
#[derive(Clone)]
pub struct ChildLister {
    conn: Arc<Mutex<Conn>>,
    runtime: tokio::runtime::Handle,
}

impl ChildLister {
    /// The children of `path`, sorted, or none if it cannot be listed now.
    pub fn children(&self, path: &str) -> Vec<String> {
        let client = match &*self.conn.lock().unwrap_or_else(|e| e.into_inner()) {
            Conn::Open(c) => c.clone(),
            _ => return Vec::new(),
        };
        let listing = self.runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(2), client.list_children(path)).await
        });
        let mut children = match listing {
            Ok(Ok(c)) => c,
            _ => Vec::new(),
        };
        children.sort();
        children
    }
}

fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Java's `List.toString()`: `[a, b]`.
fn java_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// The error code number the Java client reports for `error` (sync prints it).
fn code_number(error: &ZkError) -> i32 {
    match error {
        ZkError::RuntimeInconsistent => -2,
        ZkError::ConnectionLoss | ZkError::NoHosts | ZkError::Timeout | ZkError::ClientClosed => -4,
        ZkError::MarshallingError => -5,
        ZkError::Unimplemented => -6,
        ZkError::BadArguments(_) => -8,
        ZkError::NoNode => -101,
        ZkError::NoAuth => -102,
        ZkError::BadVersion => -103,
        ZkError::NoChildrenForEphemerals => -108,
        ZkError::NodeExists => -110,
        ZkError::NotEmpty => -111,
        ZkError::SessionExpired => -112,
        ZkError::InvalidAcl => -114,
        ZkError::AuthFailed => -115,
        ZkError::SessionMoved => -118,
        ZkError::NotReadOnly => -119,
        ZkError::NoWatcher => -121,
        ZkError::ReconfigDisabled => -123,
        ZkError::QuotaExceeded => -125,
        ZkError::Throttled => -127,
        ZkError::UnexpectedErrorCode(c) => *c,
        _ => -1,
    }
}

/// `version=100000000\nserver.1=h:2888:3888:participant;0.0.0.0:2181` → `100000000 0.0.0.0:2181`
/// (ZooKeeper's `ConfigUtils.getClientConfigStr`, for `config -c`).
fn client_config(config: &str) -> String {
    let mut version = String::new();
    let mut servers = Vec::new();
    for line in config.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "version" {
            version = value.to_string();
        }
        if !key.starts_with("server.") {
            continue;
        }
        if let Some((_, client)) = value.split_once(';') {
            let client = client.trim();
            servers.push(if client.contains(':') {
                client.to_string()
            } else {
                format!("0.0.0.0:{client}")
            });
        }
    }
    format!("{version} {}", servers.join(","))
}

impl Shell {
    /// A session over `server`, not yet connected: [`Shell::connect`] connects now, or the
    /// first command that needs the server does.
    pub fn new(server: &str) -> anyhow::Result<Shell> {
        // One worker thread keeps the session (pings, watch events) alive while the caller
        // blocks on the terminal.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?;
        Ok(Shell {
            server: server.to_string(),
            runtime,
            conn: Arc::new(Mutex::new(Conn::Pending)),
            print_watches: Arc::new(AtomicBool::new(true)),
            history: BTreeMap::new(),
            count: 0,
            exit_code: 0,
        })
    }

    /// The exit code zkCli would end with now: the last command's.
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }

    /// The prompt: `[zk: localhost:2181(CONNECTED) 0] `.
    pub fn prompt(&self) -> String {
        let state = match &*self.conn.lock().unwrap_or_else(|e| e.into_inner()) {
            Conn::Open(c) => format::prompt_state(c.state()),
            Conn::Pending | Conn::Failed => "CONNECTING",
            Conn::Closed => "CLOSED",
        };
        format!("[zk: {}({state}) {}] ", self.server, self.count)
    }

    /// A handle for tab completion of paths.
    pub fn child_lister(&self) -> ChildLister {
        ChildLister {
            conn: self.conn.clone(),
            runtime: self.runtime.handle().clone(),
        }
    }

    fn set_conn(&self, conn: Conn) {
        *self.conn.lock().unwrap_or_else(|e| e.into_inner()) = conn;
    }

    /// Prints a watch event as zkCli's default watcher does, unless `printwatches off`.
    fn spawn_event_printer(&self, watcher: OneshotWatcher) {
        let print = self.print_watches.clone();
        self.runtime.spawn(async move {
            let event = watcher.changed().await;
            if print.load(Ordering::Relaxed) {
                let path = (event.event_type != EventType::Session).then_some(event.path.as_str());
                out(&format::watcher_block(&format::event(
                    event.session_state,
                    event.event_type,
                    path,
                )));
            }
        });
    }

    /// Connects to the server (again, for `connect`), printing the connected event. A failed
    /// connection leaves commands failing with ConnectionLoss.
    pub fn connect(&mut self) {
        let server = self.server.clone();
        let connecting = Client::connector()
            .with_session_timeout(SESSION_TIMEOUT)
            .with_fail_eagerly()
            .connect(&server);
        match self.runtime.block_on(connecting) {
            Ok(client) => {
                if self.print_watches.load(Ordering::Relaxed) {
                    out(&format::watcher_block(&format::event(
                        SessionState::SyncConnected,
                        EventType::Session,
                        None,
                    )));
                }
                let mut states = client.state_watcher();
                let print = self.print_watches.clone();
                self.runtime.spawn(async move {
                    loop {
                        let state = states.changed().await;
                        // Closing on `close`/`quit` is the user's own doing; zkCli's event
                        // for it is not worth a line here.
                        if state == SessionState::Closed {
                            break;
                        }
                        if print.load(Ordering::Relaxed) {
                            out(&format::watcher_block(&format::event(
                                state,
                                EventType::Session,
                                None,
                            )));
                        }
                        if state.is_terminated() {
                            break;
                        }
                    }
                });
                self.set_conn(Conn::Open(client));
            }
            Err(e) => {
                tracing::debug!("cannot connect to {server}: {e}");
                self.set_conn(Conn::Failed);
            }
        }
    }

    /// Runs one typed line as zkCli's `executeLine`: blank lines are skipped, others go to the
    /// history and count for the prompt.
    pub fn execute_line(&mut self, line: &str) -> Flow {
        let words = words::split(line);
        if words.is_empty() {
            return Flow::Continue;
        }
        self.history.insert(self.count, line.to_string());
        let flow = self.process(&words);
        self.count += 1;
        flow
    }

    /// Runs one command given as words (from the process arguments or a line) and records its
    /// exit code.
    pub fn process(&mut self, words: &[String]) -> Flow {
        let mut warnings = Vec::new();
        let parsed = Command::parse(words, &mut warnings);
        for w in warnings {
            err(&format!("{w}\n"));
        }
        let result = match parsed {
            Ok(Command::Quit) => {
                self.set_conn(Conn::Closed);
                return Flow::Quit;
            }
            Ok(Command::Redo { index }) => match self.redo(&index) {
                // The repeated command has set the exit code and printed its errors.
                Ok(()) => return Flow::Continue,
                Err(e) => Err(e),
            },
            Ok(command) => self.run(command),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => self.exit_code = 0,
            Err(e) => {
                if e.exit_code == 127 {
                    err(&usage());
                }
                err(&format!("{}\n", e.message));
                self.exit_code = e.exit_code;
            }
        }
        Flow::Continue
    }

    /// `redo N`: runs history entry N again, recorded as this line too.
    fn redo(&mut self, index: &str) -> Result<(), CliError> {
        let i: usize = index
            .parse()
            .ok()
            .filter(|i| *i < self.count)
            .ok_or_else(|| CliError::new("Command index out of range"))?;
        let line = self.history.get(&i).cloned().unwrap_or_default();
        let words = words::split(&line);
        if words.first().map(String::as_str) == Some("redo") {
            return Err(CliError::new("No redoing redos"));
        }
        self.history.insert(self.count, line);
        self.process(&words);
        Ok(())
    }

    fn run(&mut self, command: Command) -> Result<(), CliError> {
        match command {
            Command::History => {
                let from = self.count.saturating_sub(10);
                for i in from..=self.count {
                    if let Some(line) = self.history.get(&i) {
                        out(&format!("{i} - {line}\n"));
                    }
                }
                Ok(())
            }
            Command::PrintWatches { on } => {
                match on {
                    None => {
                        let state = if self.print_watches.load(Ordering::Relaxed) {
                            "on"
                        } else {
                            "off"
                        };
                        out(&format!("printwatches is {state}\n"));
                    }
                    Some(on) => self.print_watches.store(on, Ordering::Relaxed),
                }
                Ok(())
            }
            Command::Connect { host } => {
                self.set_conn(Conn::Closed);
                if let Some(host) = host {
                    self.server = host;
                }
                self.connect();
                Ok(())
            }
            Command::Close => {
                self.set_conn(Conn::Closed);
                Ok(())
            }
            Command::Nothing => Ok(()),
            Command::Version => {
                out(&format!(
                    "ZooKeeper CLI version: kt {} (the commands of ZooKeeper 3.8's CLI)\n",
                    env!("CARGO_PKG_VERSION")
                ));
                Ok(())
            }
            Command::Unsupported { name } => Err(CliError::new(format!(
                "{name}: not supported by kt zookeeper-shell"
            ))),
            command => {
                let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner()).clone();
                if let Conn::Pending = conn {
                    if let Some(e) = local_error(&command) {
                        return Err(e);
                    }
                    self.connect();
                    conn = self.conn.lock().unwrap_or_else(|e| e.into_inner()).clone();
                }
                match conn {
                    Conn::Closed => {
                        out("Not connected\n");
                        Ok(())
                    }
                    // (Pending cannot stay after connect(); it counts as a failed connection.)
                    Conn::Failed | Conn::Pending => {
                        Err(CliError::new(match command_path(&command) {
                            Some(p) => format!("KeeperErrorCode = ConnectionLoss for {p}"),
                            None => "KeeperErrorCode = ConnectionLoss".to_string(),
                        }))
                    }
                    Conn::Open(client) => {
                        let result = self.runtime.block_on(self.exec(&client, command));
                        result
                    }
                }
            }
        }
    }

    /// Carries out a command that needs the session.
    async fn exec(&self, zk: &Client, command: Command) -> Result<(), CliError> {
        match command {
            Command::Ls {
                path,
                stat,
                watch,
                recursive,
            } => {
                path::validate(&path, false)?;
                if recursive {
                    zk.get_data(&path).await.map_err(wrap(&path))?;
                    out(&format!("{path}\n"));
                    visit_subtree(zk, &path, &mut |p| out(&format!("{p}\n"))).await?;
                    return Ok(());
                }
                let (mut children, st) = if watch {
                    let (c, s, w) = zk
                        .get_and_watch_children(&path)
                        .await
                        .map_err(wrap(&path))?;
                    self.spawn_event_printer(w);
                    (c, s)
                } else {
                    zk.get_children(&path).await.map_err(wrap(&path))?
                };
                children.sort();
                out(&format!("{}\n", java_list(&children)));
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::Get { path, stat, watch } => {
                path::validate(&path, false)?;
                let (data, st) = if watch {
                    let (d, s, w) = zk.get_and_watch_data(&path).await.map_err(wrap(&path))?;
                    self.spawn_event_printer(w);
                    (d, s)
                } else {
                    zk.get_data(&path).await.map_err(wrap(&path))?
                };
                out(&format!("{}\n", data_text(&data)));
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::Stat { path, watch } => {
                path::validate(&path, false)?;
                let st = if watch {
                    let (s, w) = zk.check_and_watch_stat(&path).await.map_err(wrap(&path))?;
                    self.spawn_event_printer(w);
                    s
                } else {
                    zk.check_stat(&path).await.map_err(wrap(&path))?
                };
                let st = st.ok_or_else(|| CliError::from_zk(&ZkError::NoNode, &path))?;
                out(&format::stat(&st));
                Ok(())
            }
            Command::Create {
                path,
                data,
                acl,
                kind,
                ttl,
            } => self.create(zk, &path, data, acl, kind, ttl).await,
            Command::Set {
                path,
                data,
                stat,
                version,
            } => {
                path::validate(&path, false)?;
                let st = zk
                    .set_data(&path, data.as_bytes(), version)
                    .await
                    .map_err(wrap(&path))?;
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::Delete { path, version } => {
                path::validate(&path, false)?;
                zk.delete(&path, version).await.map_err(wrap(&path))
            }
            Command::DeleteAll { path, batch } => {
                path::validate(&path, false)?;
                let tree = subtree_bfs(zk, &path)
                    .await
                    .map_err(|(e, p)| CliError::from_zk(&e, &p))?;
                if !delete_in_batches(zk, &tree, batch).await {
                    err("Failed to delete some node(s) in the subtree!\n");
                }
                Ok(())
            }
            Command::GetAcl { path, stat } => {
                path::validate(&path, false)?;
                let (acls, st) = zk.get_acl(&path).await.map_err(wrap(&path))?;
                for a in &acls {
                    out(&format!("{}\n", acl::line(a)));
                }
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::SetAcl {
                path,
                acl: text,
                stat,
                version,
                recursive,
            } => {
                let acls = parse_acl(&text);
                path::validate(&path, false)?;
                if acls.is_empty() {
                    // The Java client refuses an empty ACL list before sending, with no path.
                    return Err(CliError::new(super::error::zk_message(
                        &ZkError::InvalidAcl,
                        None,
                    )));
                }
                if recursive {
                    zk.get_data(&path).await.map_err(wrap(&path))?;
                    let mut all = vec![path.clone()];
                    visit_subtree(zk, &path, &mut |p| all.push(p.to_string())).await?;
                    for p in all {
                        if let Err(e) = zk.set_acl(&p, &acls, version).await {
                            // zkCli prints the Java exception's message, without a line break.
                            out(&super::error::keeper_error_code(&e, Some(&p)));
                        }
                    }
                    return Ok(());
                }
                let st = zk
                    .set_acl(&path, &acls, version)
                    .await
                    .map_err(wrap(&path))?;
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::AddAuth { scheme, auth } => {
                let auth = auth.unwrap_or_default();
                if let Err(e) = zk.auth(&scheme, auth.as_bytes()).await {
                    // The Java client reports a failed authentication to the default watcher,
                    // not to the command.
                    tracing::debug!("addauth {scheme}: {e}");
                    if self.print_watches.load(Ordering::Relaxed) {
                        out(&format::watcher_block(&format::event(
                            SessionState::AuthFailed,
                            EventType::Session,
                            None,
                        )));
                    }
                }
                Ok(())
            }
            Command::Sync { path } => {
                path::validate(&path, false)?;
                match zk.sync(&path).await {
                    Ok(()) => out("Sync is OK\n"),
                    Err(e) => out(&format!("Sync has failed. rc={}\n", code_number(&e))),
                }
                Ok(())
            }
            Command::GetAllChildrenNumber { path } => {
                path::validate(&path, false)?;
                let n = zk
                    .count_descendants_number(&path)
                    .await
                    .map_err(wrap(&path))?;
                out(&format!("{n}\n"));
                Ok(())
            }
            Command::GetEphemerals { path } => {
                let path = path.unwrap_or_else(|| "/".to_string());
                path::validate(&path, false)?;
                let list = zk.list_ephemerals(&path).await.map_err(wrap(&path))?;
                out(&format!("{}\n", java_list(&list)));
                Ok(())
            }
            Command::WhoAmI => {
                let users = zk
                    .list_auth_users()
                    .await
                    .map_err(|e| CliError::new(super::error::keeper_error_code(&e, None)))?;
                out("Auth scheme: User\n");
                for u in users {
                    out(&format!("{}: {}\n", u.scheme(), u.user()));
                }
                Ok(())
            }
            Command::Config {
                client,
                watch,
                stat,
            } => {
                let config_path = "/zookeeper/config";
                let (data, st) = if watch {
                    let (d, s, w) = zk.get_and_watch_config().await.map_err(wrap(config_path))?;
                    self.spawn_event_printer(w);
                    (d, s)
                } else {
                    zk.get_config().await.map_err(wrap(config_path))?
                };
                let text = String::from_utf8_lossy(&data);
                if client {
                    out(&format!("{}\n", client_config(&text)));
                } else {
                    out(&format!("{text}\n"));
                }
                if stat {
                    out(&format::stat(&st));
                }
                Ok(())
            }
            Command::AddWatch { path, recursive } => {
                path::validate(&path, false)?;
                let mode = if recursive {
                    AddWatchMode::PersistentRecursive
                } else {
                    AddWatchMode::Persistent
                };
                let mut watcher = zk.watch(&path, mode).await.map_err(wrap(&path))?;
                let print = self.print_watches.clone();
                self.runtime.spawn(async move {
                    loop {
                        let event = watcher.changed().await;
                        if print.load(Ordering::Relaxed) {
                            let p = (event.event_type != EventType::Session)
                                .then_some(event.path.as_str());
                            out(&format::watcher_block(&format::event(
                                event.session_state,
                                event.event_type,
                                p,
                            )));
                        }
                        if event.session_state.is_terminated() {
                            break;
                        }
                    }
                });
                Ok(())
            }
            // Handled in `run`.
            Command::History
            | Command::Redo { .. }
            | Command::PrintWatches { .. }
            | Command::Connect { .. }
            | Command::Close
            | Command::Quit
            | Command::Version
            | Command::Nothing
            | Command::Unsupported { .. } => Ok(()),
        }
    }

    async fn create(
        &self,
        zk: &Client,
        path: &str,
        data: Option<String>,
        acl_text: Option<String>,
        kind: NodeKind,
        ttl: Option<i64>,
    ) -> Result<(), CliError> {
        let sequential = matches!(
            kind,
            NodeKind::PersistentSequential | NodeKind::EphemeralSequential
        );
        let acls: Vec<Acl> = match &acl_text {
            Some(text) => parse_acl(text),
            None => Vec::new(),
        };
        path::validate(path, sequential)?;
        if acl_text.is_some() && acls.is_empty() {
            // The Java client refuses an empty ACL list before sending, with no path.
            err("KeeperErrorCode = InvalidACL\n");
            return Err(CliError::new("Acl is not valid : null"));
        }
        let acls = if acl_text.is_some() {
            Acls::new(&acls)
        } else {
            Acls::anyone_all()
        };
        let mode = match kind {
            NodeKind::Persistent => CreateMode::Persistent,
            NodeKind::PersistentSequential => CreateMode::PersistentSequential,
            NodeKind::Ephemeral => CreateMode::Ephemeral,
            NodeKind::EphemeralSequential => CreateMode::EphemeralSequential,
            NodeKind::Container => CreateMode::Container,
        };
        let mut options = mode.with_acls(acls);
        if let Some(ttl) = ttl {
            options = options.with_ttl(Duration::from_millis(ttl as u64));
        }
        let data = data.unwrap_or_default();
        match zk.create(path, data.as_bytes(), &options).await {
            Ok((_, sequence)) => {
                let created = if sequential {
                    format!("{path}{sequence}")
                } else {
                    path.to_string()
                };
                err(&format!("Created {created}\n"));
                Ok(())
            }
            Err(ZkError::InvalidAcl) => {
                err(&format!(
                    "{}\n",
                    super::error::keeper_error_code(&ZkError::InvalidAcl, Some(path))
                ));
                Err(CliError::from_zk(&ZkError::InvalidAcl, path))
            }
            Err(e) => Err(CliError::from_zk(&e, path)),
        }
    }
}

/// The error a command meets before it needs the server: a malformed path (after the ACL's
/// warnings, for the commands that take one, as zkCli prints them). An ACL with no valid entry
/// is refused by the client library only once connected, in zkCli as here.
fn local_error(command: &Command) -> Option<CliError> {
    let (path, sequential, acl_text) = match command {
        Command::Create {
            path, kind, acl, ..
        } => (
            path.as_str(),
            matches!(
                kind,
                NodeKind::PersistentSequential | NodeKind::EphemeralSequential
            ),
            acl.as_deref(),
        ),
        Command::SetAcl { path, acl, .. } => (path.as_str(), false, Some(acl.as_str())),
        Command::GetEphemerals { path: None } => return None,
        other => return path::validate(command_path(other)?, false).err(),
    };
    let error = path::validate(path, sequential).err()?;
    let (_, mut lines) = acl_text.map(acl::parse).unwrap_or_default();
    lines.push(error.message);
    Some(CliError::new(lines.join("\n")))
}

/// The error mapper for a command on `path`.
fn wrap(path: &str) -> impl Fn(ZkError) -> CliError + '_ {
    move |e| CliError::from_zk(&e, path)
}

/// The path a command works on, for the ConnectionLoss message of a failed connection.
fn command_path(command: &Command) -> Option<&str> {
    match command {
        Command::Ls { path, .. }
        | Command::Get { path, .. }
        | Command::Stat { path, .. }
        | Command::Create { path, .. }
        | Command::Set { path, .. }
        | Command::Delete { path, .. }
        | Command::DeleteAll { path, .. }
        | Command::GetAcl { path, .. }
        | Command::SetAcl { path, .. }
        | Command::Sync { path }
        | Command::GetAllChildrenNumber { path }
        | Command::AddWatch { path, .. } => Some(path),
        Command::GetEphemerals { path } => Some(path.as_deref().unwrap_or("/")),
        _ => None,
    }
}

/// ACL text parsed, its warnings printed on stderr as zkCli's parser prints them.
fn parse_acl(text: &str) -> Vec<Acl> {
    let (acls, warnings) = acl::parse(text);
    for w in warnings {
        err(&format!("{w}\n"));
    }
    acls
}

/// A znode's data as zkCli prints it. The client library reads ZooKeeper's null data (a znode
/// created without data, as Kafka creates `/brokers`) as empty; zkCli prints null data as
/// `null`, and empty data is by far most often null data.
fn data_text(data: &[u8]) -> String {
    if data.is_empty() {
        "null".to_string()
    } else {
        String::from_utf8_lossy(data).into_owned()
    }
}

/// Visits the subtree below `path` as ZooKeeper's `ZKUtil.visitSubTreeDFS` (used by `ls -R`
/// and `setAcl -R`): a node's sorted children are visited together, then each child's subtree
/// in turn. A node that vanished meanwhile is skipped; any other error ends the walk, with the
/// path it happened on.
async fn visit_subtree(
    zk: &Client,
    path: &str,
    visit: &mut dyn FnMut(&str),
) -> Result<(), CliError> {
    // Nodes whose children are still to be visited; popping the first child first gives
    // ZooKeeper's recursive order.
    let mut stack = vec![path.to_string()];
    while let Some(node) = stack.pop() {
        let mut children = match zk.list_children(&node).await {
            Ok(children) => children,
            Err(ZkError::NoNode) => continue,
            Err(e) => return Err(CliError::from_zk(&e, &node)),
        };
        children.sort();
        let paths: Vec<String> = children
            .iter()
            .map(|c| {
                if node == "/" {
                    format!("/{c}")
                } else {
                    format!("{node}/{c}")
                }
            })
            .collect();
        for p in &paths {
            visit(p);
        }
        stack.extend(paths.into_iter().rev());
    }
    Ok(())
}

/// Every path of the subtree at `root`, breadth first, root first (`ZKUtil.listSubTreeBFS`).
async fn subtree_bfs(zk: &Client, root: &str) -> Result<Vec<String>, (ZkError, String)> {
    let mut tree = vec![root.to_string()];
    let mut i = 0;
    while i < tree.len() {
        let node = tree[i].clone();
        let children = zk
            .list_children(&node)
            .await
            .map_err(|e| (e, node.clone()))?;
        for c in children {
            tree.push(if node == "/" {
                format!("/{c}")
            } else {
                format!("{node}/{c}")
            });
        }
        i += 1;
    }
    Ok(tree)
}

/// Deletes `tree` leaves first in multi requests of `batch` deletes (one by one for a batch of
/// 0), as `deleteall` does; false if any batch failed.
async fn delete_in_batches(zk: &Client, tree: &[String], batch: usize) -> bool {
    let order: Vec<&String> = tree.iter().rev().filter(|p| p.as_str() != "/").collect();
    if batch == 0 {
        for p in order {
            if zk.delete(p, None).await.is_err() {
                return false;
            }
        }
        return true;
    }
    let mut ok = true;
    for chunk in order.chunks(batch) {
        let mut writer = zk.new_multi_writer();
        for p in chunk {
            if writer.add_delete(p, None).is_err() {
                ok = false;
            }
        }
        if writer.commit().await.is_err() {
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_config_lists_client_addresses() {
        assert_eq!(
            client_config("server.1=h1:2888:3888:participant;0.0.0.0:2181\nversion=100000000\n"),
            "100000000 0.0.0.0:2181"
        );
        assert_eq!(client_config(""), " ");
    }

    #[test]
    fn lists_print_as_java_lists() {
        assert_eq!(java_list(&["a".into(), "b".into()]), "[a, b]");
        assert_eq!(java_list(&[]), "[]");
    }
}
