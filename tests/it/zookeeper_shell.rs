//! `kt zookeeper-shell` end to end: the kt binary against kt's ZooKeeper with one kt broker
//! registered (all in this process, on 127.0.0.1 port 0). The one-shot outputs are compared
//! byte for byte with Kafka 3.9's zookeeper-shell.sh (shared/reference/outputs-wave2.md, 1.
//! z01–z11), with the key's volatile parts normalised: dates (`<DATE>`), broker timestamps
//! (`<TS_MS>`), and zxids, which count the writes of whichever broker ran. The JVM's closing
//! log line (`ERROR Exiting JVM with code N`) is not printed by kt: the exit code says it.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use kt::broker::RunningBroker;
use kt::zookeeper::RunningZk;

/// kt's ZooKeeper and broker 0 registered in it, stopped on `stop`.
struct Cluster {
    zk: RunningZk,
    broker: RunningBroker,
    connect: String,
}

impl Cluster {
    async fn start(dir: &Path) -> Cluster {
        let zk = common::zookeeper::start(&dir.join("zk"), &[]).await;
        let connect = zk.connect_string();
        let config = common::server_config(
            &dir.join("broker"),
            &[("broker.id", "0"), ("zookeeper.connect", &connect)],
        );
        let broker = kt::broker::spawn(config).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        while broker.broker().cluster().unwrap().view().controller < 0 {
            assert!(
                Instant::now() < deadline,
                "broker 0 never became controller"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Cluster {
            zk,
            broker,
            connect,
        }
    }

    async fn stop(self) {
        self.broker.shutdown().await;
        self.zk.shutdown().await;
    }
}

/// Runs `kt zookeeper-shell CONNECT ARGS...` with `stdin`: (stdout, stderr, exit code).
async fn shell(connect: &str, args: &[&str], stdin: &str) -> (String, String, i32) {
    let mut all = vec!["zookeeper-shell".to_string(), connect.to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    let stdin = stdin.to_string();
    tokio::task::spawn_blocking(move || common::run_kt(all, &stdin))
        .await
        .unwrap()
}

/// What every one-shot run prints first on stdout.
fn header(connect: &str) -> String {
    format!(
        "Connecting to {connect}\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n"
    )
}

/// The key's normalisation: `ctime`/`mtime` values (checked to be Java's `Date.toString()`)
/// become `<DATE>`, JSON timestamps `<TS_MS>`, zxids `<ZXID>`.
fn normalise(text: &str) -> String {
    let date = regex::Regex::new(
        r"^(ctime|mtime) = [A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [A-Z]+ \d{4}$",
    )
    .unwrap();
    let zxid = regex::Regex::new(r"^(cZxid|mZxid|pZxid) = 0x[0-9a-f]+$").unwrap();
    let ts = regex::Regex::new(r#""timestamp":"\d+""#).unwrap();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let body = if date.is_match(body) {
            format!("{} = <DATE>", &body[..5])
        } else if zxid.is_match(body) {
            format!("{} = 0x<ZXID>", &body[..5])
        } else {
            ts.replace_all(body, r#""timestamp":"<TS_MS>""#)
                .into_owned()
        };
        out.push_str(&body);
        out.push_str(nl);
    }
    out
}

/// The key's stat block for /brokers (z05, z06), zxids normalised.
const BROKERS_STAT: &str = "cZxid = 0x<ZXID>\nctime = <DATE>\nmZxid = 0x<ZXID>\nmtime = <DATE>\n\
pZxid = 0x<ZXID>\ncversion = 3\ndataVersion = 0\naclVersion = 0\nephemeralOwner = 0x0\n\
dataLength = 0\nnumChildren = 3\n";

/// zkCli's usage, as Kafka's wrapper prints it for an unknown command (z11).
const USAGE: &str = "ZooKeeper -server host:port [-zk-tls-config-file <file>] cmd args
\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE
\taddauth scheme auth
\tclose 
\tconfig [-c] [-w] [-s]
\tconnect host:port
\tcreate [-s] [-e] [-c] [-t ttl] path [data] [acl]
\tdelete [-v version] path
\tdeleteall path [-b batch size]
\tdelquota [-n|-b|-N|-B] path
\tget [-s] [-w] path
\tgetAcl [-s] path
\tgetAllChildrenNumber path
\tgetEphemerals path
\thistory 
\tlistquota path
\tls [-s] [-w] [-R] path
\tprintwatches on|off
\tquit 
\treconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]
\tredo cmdno
\tremovewatches path [-c|-d|-a] [-l]
\tset [-s] [-v version] path data
\tsetAcl [-s] [-v version] [-R] path acl
\tsetquota -n|-b|-N|-B val path
\tstat [-w] path
\tsync path
\tversion 
\twhoami 
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_keys_one_shot_commands() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path()).await;
    let c = cluster.connect.clone();
    let h = header(&c);

    // z02
    let (out, err, code) = shell(&c, &["ls", "/brokers/ids"], "").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (&*format!("{h}[0]\n"), "", 0)
    );

    // z05
    let (out, err, code) = shell(&c, &["ls", "-s", "/brokers"], "").await;
    let want = format!("{h}[ids, seqid, topics]\n{BROKERS_STAT}");
    assert_eq!((normalise(&out), err.as_str(), code), (want, "", 0));

    // z06
    let (out, err, code) = shell(&c, &["stat", "/brokers"], "").await;
    assert_eq!(
        (normalise(&out), err.as_str(), code),
        (format!("{h}{BROKERS_STAT}"), "", 0)
    );

    // z07
    let (out, err, code) = shell(&c, &["create", "/kt-test", "hello"], "").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (h.as_str(), "Created /kt-test\n", 0)
    );

    // z08
    let (out, err, code) = shell(&c, &["get", "-s", "/kt-test"], "").await;
    let want = format!(
        "{h}hello\ncZxid = 0x<ZXID>\nctime = <DATE>\nmZxid = 0x<ZXID>\nmtime = <DATE>\n\
         pZxid = 0x<ZXID>\ncversion = 0\ndataVersion = 0\naclVersion = 0\n\
         ephemeralOwner = 0x0\ndataLength = 5\nnumChildren = 0\n"
    );
    assert_eq!((normalise(&out), err.as_str(), code), (want, "", 0));
    // A fresh node's three zxids are the one of its creation, as in the key (0x25 thrice).
    let zxids: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("Zxid = "))
        .map(|l| &l[8..])
        .collect();
    assert!(zxids.iter().all(|z| *z == zxids[0]), "{zxids:?}");

    // z09
    let (out, err, code) = shell(&c, &["delete", "/kt-test"], "").await;
    assert_eq!((out.as_str(), err.as_str(), code), (h.as_str(), "", 0));

    // z10
    let (out, err, code) = shell(&c, &["get", "/no-such-path"], "").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (h.as_str(), "Node does not exist: /no-such-path\n", 1)
    );

    // z11: no session, so no WATCHER lines.
    let (out, err, code) = shell(&c, &["bogus"], "").await;
    assert_eq!(out, format!("Connecting to {c}\n"));
    assert_eq!(
        err,
        format!("{USAGE}Command not found: Command not found bogus\n")
    );
    assert_eq!(code, 127);

    // z01, z03, z04: byte for byte, the znodes as Kafka 3.9 writes them (field order
    // included); only the advertised address (the key's localhost:9092 is this run's
    // 127.0.0.1 and port 0 pick) and timestamps differ.
    let (out, err, code) = shell(&c, &["ls", "/"], "").await;
    assert_eq!(
        (out, err.as_str(), code),
        (
            format!(
                "{h}[admin, brokers, cluster, config, consumers, controller, \
                 controller_epoch, feature, isr_change_notification, latest_producer_id_block, \
                 log_dir_event_notification, zookeeper]\n"
            ),
            "",
            0
        )
    );

    let bootstrap = cluster.broker.bootstrap();
    let (host, port) = bootstrap.rsplit_once(':').unwrap();
    let (out, err, code) = shell(&c, &["get", "/brokers/ids/0"], "").await;
    assert_eq!(
        (normalise(&out), err.as_str(), code),
        (
            format!(
                "{h}{{\"features\":{{}},\"listener_security_protocol_map\":{{\"PLAINTEXT\":\"PLAINTEXT\"}},\
                 \"endpoints\":[\"PLAINTEXT://{host}:{port}\"],\"jmx_port\":-1,\"port\":{port},\
                 \"host\":\"{host}\",\"version\":5,\"timestamp\":\"<TS_MS>\"}}\n"
            ),
            "",
            0
        )
    );

    let (out, err, code) = shell(&c, &["get", "/controller"], "").await;
    assert_eq!(
        (normalise(&out), err.as_str(), code),
        (
            format!(
                "{h}{{\"version\":2,\"brokerid\":0,\"timestamp\":\"<TS_MS>\",\"kraftControllerEpoch\":-1}}\n"
            ),
            "",
            0
        )
    );

    let (out, err, code) = shell(&c, &["get", "/feature"], "").await;
    assert_eq!(
        (out, err.as_str(), code),
        (
            format!("{h}{{\"features\":{{}},\"version\":2,\"status\":1}}\n"),
            "",
            0
        )
    );

    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_session_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path()).await;
    let c = cluster.connect.clone();
    let script = "\
create /t a
create -s /t/seq- x
create -s /t/seq- y
create -e /t/eph z
create /t again
set /t b
get /t
set -v 7 /t c
set -s -v 1 /t quoted
get /t
set /t \"two words\"
get /t
ls -R /t
getAcl /t
getAllChildrenNumber /t
getEphemerals /t
whoami
delete /t
create /t/acl q world:anyone:rx,bad
getAcl /t/acl
deleteall /t
ls /t
ls
history
redo 16
printwatches
";
    let (out, err, code) = shell(&c, &[], script).await;
    let head = format!(
        "Connecting to {c}\nWelcome to ZooKeeper!\nJLine support is disabled\n\n\
         WATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n"
    );
    let body = normalise(out.strip_prefix(&head).unwrap_or_else(|| panic!("{out}")));
    let want = "\
b
cZxid = 0x<ZXID>
ctime = <DATE>
mZxid = 0x<ZXID>
mtime = <DATE>
pZxid = 0x<ZXID>
cversion = 3
dataVersion = 2
aclVersion = 0
ephemeralOwner = 0x0
dataLength = 6
numChildren = 3
quoted
two words
/t
/t/eph
/t/seq-0000000000
/t/seq-0000000001
'world,'anyone
: cdrwa
3
[/t/eph]
Auth scheme: User
ip: 127.0.0.1
'world,'anyone
: r
13 - getAcl /t
14 - getAllChildrenNumber /t
15 - getEphemerals /t
16 - whoami
17 - delete /t
18 - create /t/acl q world:anyone:rx,bad
19 - getAcl /t/acl
20 - deleteall /t
21 - ls /t
22 - ls
23 - history
Auth scheme: User
ip: 127.0.0.1
printwatches is on
";
    assert_eq!(body, want);
    let want_err = "\
Created /t
Created /t/seq-0000000000
Created /t/seq-0000000001
Created /t/eph
Node already exists: /t
version No is not valid : /t
Node not empty: /t
Unknown perm type: x
bad does not have the form scheme:id:perm
Created /t/acl
Node does not exist: /t
ls [-s] [-w] [-R] path
";
    assert_eq!(err, want_err);
    // The last command's exit code is the run's.
    assert_eq!(code, 0);

    // A failing last command leaves its code.
    let (_, err, code) = shell(&c, &[], "ls /\nget /gone\n").await;
    assert_eq!((err.as_str(), code), ("Node does not exist: /gone\n", 1));
    let (_, _, code) = shell(&c, &[], "nope\n").await;
    assert_eq!(code, 127);

    cluster.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_zkclis_messages() {
    let dir = tempfile::tempdir().unwrap();
    let zk = common::zookeeper::start(&dir.path().join("zk"), &[]).await;
    let c = zk.connect_string();
    let h = header(&c);
    // Refused before the server is needed: no session, so no WATCHER lines (as zkCli's JVM
    // exits before its session is up).
    let refused = format!("Connecting to {c}\n");
    let cases: &[(&[&str], &str)] = &[
        (&["get"], "get [-s] [-w] path\n"),
        (
            &["ls", "-x", "/"],
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x\n",
        ),
        (
            &["delete", "-v"],
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: v\n",
        ),
        (&["get", "nope"], "Path must start with / character\n"),
        (&["ls", "/a/"], "Path must not end with / character\n"),
        (
            &["create", "-c", "-s", "/x"],
            "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n",
        ),
        (
            &["create", "bad", "d", "bogus"],
            "bogus does not have the form scheme:id:perm\nPath must start with / character\n",
        ),
    ];
    for (args, want_err) in cases {
        let (out, err, code) = shell(&c, args, "").await;
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (refused.as_str(), *want_err, 1),
            "{args:?}"
        );
    }
    // Refused by the client library once connected.
    let cases: &[(&[&str], &str)] = &[
        (
            &["create", "/x", "d", "bogus"],
            "bogus does not have the form scheme:id:perm\nKeeperErrorCode = InvalidACL\nAcl is not valid : null\n",
        ),
        (
            &["setAcl", "/zookeeper", "nope:x"],
            "nope:x does not have the form scheme:id:perm\nAcl is not valid : null\n",
        ),
    ];
    for (args, want_err) in cases {
        let (out, err, code) = shell(&c, args, "").await;
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (h.as_str(), *want_err, 1),
            "{args:?}"
        );
    }

    // ls -R stops at a node it may not read, as ZooKeeper's walk does (only a vanished node
    // is skipped).
    let (_, err, code) = shell(&c, &["create", "/sec", "s", "digest:u:x:cdrwa"], "").await;
    assert_eq!((err.as_str(), code), ("Created /sec\n", 0));
    let (out, err, code) = shell(&c, &["ls", "-R", "/"], "").await;
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            format!("{h}/\n/sec\n/zookeeper\n").as_str(),
            "Insufficient permission : /sec\n",
            1
        )
    );

    // Without an address: the script's own usage line.
    let (out, err, code) = tokio::task::spawn_blocking(|| common::run_kt(["zookeeper-shell"], ""))
        .await
        .unwrap();
    assert_eq!(out, "");
    assert_eq!(
        err,
        "USAGE: kt zookeeper-shell zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]\n"
    );
    assert_eq!(code, 1);

    // Nothing listening: the command fails with ConnectionLoss.
    let port = common::free_port();
    let addr = format!("127.0.0.1:{port}");
    let (out, err, code) = shell(&addr, &["ls", "/"], "").await;
    assert_eq!(out, format!("Connecting to {addr}\n"));
    assert_eq!(
        (err.as_str(), code),
        ("KeeperErrorCode = ConnectionLoss for /\n", 1)
    );

    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chroot_and_watches() {
    let dir = tempfile::tempdir().unwrap();
    let zk = common::zookeeper::start(&dir.path().join("zk"), &[]).await;
    let c = zk.connect_string();
    let (_, err, code) = shell(&c, &["create", "/app", ""], "").await;
    assert_eq!((err.as_str(), code), ("Created /app\n", 0));
    let chrooted = format!("{c}/app");
    let (_, err, code) = shell(&chrooted, &["create", "/inner", "x"], "").await;
    assert_eq!((err.as_str(), code), ("Created /inner\n", 0));
    let (out, _, code) = shell(&c, &["ls", "/app"], "").await;
    assert_eq!(
        (out.strip_prefix(&header(&c)).unwrap(), code),
        ("[inner]\n", 0)
    );

    // A data watch set with -w fires in the same session when the data changes.
    let (out, _, code) = shell(&chrooted, &[], "get -w /inner\nset /inner y\nsync /\n").await;
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "x\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/inner\n"
        ),
        "{out}"
    );
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_with_completion_on_a_terminal() {
    use rexpect::session::spawn_command;

    let dir = tempfile::tempdir().unwrap();
    let zk = common::zookeeper::start(&dir.path().join("zk"), &[]).await;
    let c = zk.connect_string();
    let (_, _, code) = shell(&c, &["create", "/brokers", ""], "").await;
    assert_eq!(code, 0);
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(common::kt_path());
        cmd.args(["zookeeper-shell", &c]);
        let mut p = spawn_command(cmd, Some(20_000)).unwrap();
        p.exp_string("JLine support is enabled").unwrap();
        p.exp_string(&format!("[zk: {c}(CONNECTED) 0] ")).unwrap();
        // Tab completes the path typed so far.
        p.send("ls /bro\t").unwrap();
        p.flush().unwrap();
        p.exp_string("ls /brokers").unwrap();
        p.send_line("").unwrap();
        p.exp_string("[]").unwrap();
        p.exp_string(&format!("[zk: {c}(CONNECTED) 1] ")).unwrap();
        p.send_line("history").unwrap();
        p.exp_string("0 - ls /brokers").unwrap();
        p.exp_string("1 - history").unwrap();
        p.exp_string(&format!("[zk: {c}(CONNECTED) 2] ")).unwrap();
        p.send_line("quit").unwrap();
        p.exp_eof().unwrap();
    })
    .await
    .unwrap();
    zk.shutdown().await;
}
