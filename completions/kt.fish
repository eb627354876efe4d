# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kt_global_optspecs
    string join \n v/verbose h/help V/version
end

function __fish_kt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kt_using_subcommand
    set -l cmd (__fish_kt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kt -n "__fish_kt_needs_command" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_needs_command" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_needs_command" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_needs_command" -f -a "topics" -d 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-topics" -d 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "console-producer" -d 'Send lines of standard input to a topic (kafka-console-producer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-console-producer" -d 'Send lines of standard input to a topic (kafka-console-producer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "console-consumer" -d 'Print records of topics to standard output (kafka-console-consumer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-console-consumer" -d 'Print records of topics to standard output (kafka-console-consumer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "get-offsets" -d 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-get-offsets" -d 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "consumer-groups" -d 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-consumer-groups" -d 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "server-start" -d 'Start a Kafka-compatible broker (kafka-server-start.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-server-start" -d 'Start a Kafka-compatible broker (kafka-server-start.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "configs" -d 'Describe and change topic and broker configs (kafka-configs.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-configs" -d 'Describe and change topic and broker configs (kafka-configs.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "producer-perf-test" -d 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-producer-perf-test" -d 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "consumer-perf-test" -d 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-consumer-perf-test" -d 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "dump-log" -d 'Print the batches and records of log segment files (kafka-dump-log.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-dump-log" -d 'Print the batches and records of log segment files (kafka-dump-log.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "log-dirs" -d 'Describe each broker\'s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-log-dirs" -d 'Describe each broker\'s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "leader-election" -d 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-leader-election" -d 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "reassign-partitions" -d 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-reassign-partitions" -d 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "acls" -d 'Add, remove and list ACLs (kafka-acls.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-acls" -d 'Add, remove and list ACLs (kafka-acls.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "server-stop" -d 'Stop the running brokers (kafka-server-stop.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-server-stop" -d 'Stop the running brokers (kafka-server-stop.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "zookeeper-stop" -d 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "zookeeper-server-stop" -d 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "wait-ready" -d 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
complete -c kt -n "__fish_kt_needs_command" -f -a "certs" -d 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)'
complete -c kt -n "__fish_kt_needs_command" -f -a "completions" -d 'Print a shell completion script (kt)'
complete -c kt -n "__fish_kt_needs_command" -f -a "man" -d 'Write man pages into a directory (kt)'
complete -c kt -n "__fish_kt_needs_command" -f -a "zookeeper-start" -d 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "zookeeper-server-start" -d 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "storage" -d 'Format and inspect a KRaft node\'s directories, print a cluster id (kafka-storage.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-storage" -d 'Format and inspect a KRaft node\'s directories, print a cluster id (kafka-storage.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "zookeeper-shell" -d 'Run ZooKeeper\'s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "broker-api-versions" -d 'Print every broker\'s API version ranges (kafka-broker-api-versions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-broker-api-versions" -d 'Print every broker\'s API version ranges (kafka-broker-api-versions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "delete-records" -d 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-delete-records" -d 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "delegation-tokens" -d 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-delegation-tokens" -d 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "e2e-latency" -d 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-e2e-latency" -d 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "client-metrics" -d 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-client-metrics" -d 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "jmx" -d 'Print a broker\'s metrics at an interval, by their JMX names (kafka-jmx.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-jmx" -d 'Print a broker\'s metrics at an interval, by their JMX names (kafka-jmx.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "verifiable-producer" -d 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-verifiable-producer" -d 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "verifiable-consumer" -d 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-verifiable-consumer" -d 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "replica-verification" -d 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-replica-verification" -d 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "mirror-maker" -d 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-mirror-maker" -d 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "connect-mirror-maker" -d 'Run MirrorMaker 2\'s replication flows between clusters (connect-mirror-maker.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "connect-standalone" -d 'Run Kafka Connect\'s standalone worker with the file connectors (connect-standalone.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "cluster" -d 'Print the cluster\'s id, unregister a broker (kafka-cluster.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-cluster" -d 'Print the cluster\'s id, unregister a broker (kafka-cluster.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "streams-application-reset" -d 'Reset a Kafka Streams application\'s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-streams-application-reset" -d 'Reset a Kafka Streams application\'s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "features" -d 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-features" -d 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "metadata-quorum" -d 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-metadata-quorum" -d 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "metadata-shell" -d 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-metadata-shell" -d 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "transactions" -d 'List, describe and abort transactions, describe partitions\' producers and find hanging transactions (kafka-transactions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "kafka-transactions" -d 'List, describe and abort transactions, describe partitions\' producers and find hanging transactions (kafka-transactions.sh)'
complete -c kt -n "__fish_kt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand topics" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand topics" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand topics" -l topic -d 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l topic-id -d 'The id of the topic to describe (accepted with --describe only)' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l partitions -d 'The number of partitions of the topic being created or altered (default: the broker\'s num.partitions)' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l replication-factor -d 'The replication factor of each partition of the topic being created (default: the broker\'s default.replication.factor)' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l config -d 'A topic config override for the topic being created, as key=value. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l replica-assignment -d 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l partition-size-limit-per-response -d 'With --describe: describe partitions this many at a time (accepted, no effect)' -r
complete -c kt -n "__fish_kt_using_subcommand topics" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand topics" -l create -d 'Create a new topic'
complete -c kt -n "__fish_kt_using_subcommand topics" -l list -d 'List all available topics'
complete -c kt -n "__fish_kt_using_subcommand topics" -l describe -d 'Describe the given topics (all topics without --topic)'
complete -c kt -n "__fish_kt_using_subcommand topics" -l alter -d 'Add partitions to a topic'
complete -c kt -n "__fish_kt_using_subcommand topics" -l delete -d 'Delete a topic'
complete -c kt -n "__fish_kt_using_subcommand topics" -l if-not-exists -d 'With --create: do nothing if the topic already exists'
complete -c kt -n "__fish_kt_using_subcommand topics" -l if-exists -d 'With --alter, --describe or --delete: do nothing if the topic does not exist'
complete -c kt -n "__fish_kt_using_subcommand topics" -l exclude-internal -d 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
complete -c kt -n "__fish_kt_using_subcommand topics" -l under-replicated-partitions -d 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
complete -c kt -n "__fish_kt_using_subcommand topics" -l unavailable-partitions -d 'With --describe: only partitions without a leader, or whose leader is not a live broker'
complete -c kt -n "__fish_kt_using_subcommand topics" -l under-min-isr-partitions -d 'With --describe: only partitions whose ISR is smaller than the topic\'s min.insync.replicas, and partitions without a leader'
complete -c kt -n "__fish_kt_using_subcommand topics" -l at-min-isr-partitions -d 'With --describe: only partitions whose ISR is exactly the topic\'s min.insync.replicas'
complete -c kt -n "__fish_kt_using_subcommand topics" -l topics-with-overrides -d 'With --describe: show only topic overrides of configs (kt always does)'
complete -c kt -n "__fish_kt_using_subcommand topics" -s y -l yes -d '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
complete -c kt -n "__fish_kt_using_subcommand topics" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand topics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand topics" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l topic -d 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l topic-id -d 'The id of the topic to describe (accepted with --describe only)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l partitions -d 'The number of partitions of the topic being created or altered (default: the broker\'s num.partitions)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l replication-factor -d 'The replication factor of each partition of the topic being created (default: the broker\'s default.replication.factor)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l config -d 'A topic config override for the topic being created, as key=value. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l replica-assignment -d 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l partition-size-limit-per-response -d 'With --describe: describe partitions this many at a time (accepted, no effect)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l create -d 'Create a new topic'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l list -d 'List all available topics'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l describe -d 'Describe the given topics (all topics without --topic)'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l alter -d 'Add partitions to a topic'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l delete -d 'Delete a topic'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l if-not-exists -d 'With --create: do nothing if the topic already exists'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l if-exists -d 'With --alter, --describe or --delete: do nothing if the topic does not exist'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l exclude-internal -d 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l under-replicated-partitions -d 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l unavailable-partitions -d 'With --describe: only partitions without a leader, or whose leader is not a live broker'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l under-min-isr-partitions -d 'With --describe: only partitions whose ISR is smaller than the topic\'s min.insync.replicas, and partitions without a leader'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l at-min-isr-partitions -d 'With --describe: only partitions whose ISR is exactly the topic\'s min.insync.replicas'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -l topics-with-overrides -d 'With --describe: show only topic overrides of configs (kt always does)'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -s y -l yes -d '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-topics" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l topic -d 'REQUIRED: the topic to produce records to' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l bootstrap-server -d 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l broker-list -d 'Deprecated spelling of --bootstrap-server (ignored when that is given)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l producer-property -d 'A producer property as key=value (Kafka\'s names). Repeatable; wins over --producer.config' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l producer.config -d 'A producer properties file (Kafka\'s .properties format)' -r -F
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l property -d 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l reader-config -d 'A line-reader properties file; --property wins over it' -r -F
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l request-required-acks -d 'The acks the producer requires: -1 (all, the default), 0 or 1' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l compression-codec -d 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l batch-size -d 'Batch size in bytes (batch.size)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l timeout -d 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input\'s end is always flushed at once' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l request-timeout-ms -d 'The producer\'s ack timeout in ms (request.timeout.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l message-send-max-retries -d 'How often a failed send is retried (retries)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l retry-backoff-ms -d 'Wait before a retry, in ms (retry.backoff.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l max-block-ms -d 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l max-memory-bytes -d 'Memory for records waiting to be sent, in bytes (buffer.memory)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l max-partition-memory-bytes -d 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l metadata-expiry-ms -d 'Refresh metadata at least this often, in ms (metadata.max.age.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l socket-buffer-size -d 'TCP send buffer size in bytes (send.buffer.bytes)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l line-reader -d 'A Java line-reader class: accepted and ignored (kt always reads lines)' -r
complete -c kt -n "__fish_kt_using_subcommand console-producer" -l sync -d 'Send each record synchronously, waiting for its acknowledgement'
complete -c kt -n "__fish_kt_using_subcommand console-producer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand console-producer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand console-producer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l topic -d 'REQUIRED: the topic to produce records to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l bootstrap-server -d 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l broker-list -d 'Deprecated spelling of --bootstrap-server (ignored when that is given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l producer-property -d 'A producer property as key=value (Kafka\'s names). Repeatable; wins over --producer.config' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l producer.config -d 'A producer properties file (Kafka\'s .properties format)' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l property -d 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l reader-config -d 'A line-reader properties file; --property wins over it' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l request-required-acks -d 'The acks the producer requires: -1 (all, the default), 0 or 1' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l compression-codec -d 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l batch-size -d 'Batch size in bytes (batch.size)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l timeout -d 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input\'s end is always flushed at once' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l request-timeout-ms -d 'The producer\'s ack timeout in ms (request.timeout.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l message-send-max-retries -d 'How often a failed send is retried (retries)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l retry-backoff-ms -d 'Wait before a retry, in ms (retry.backoff.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l max-block-ms -d 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l max-memory-bytes -d 'Memory for records waiting to be sent, in bytes (buffer.memory)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l max-partition-memory-bytes -d 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l metadata-expiry-ms -d 'Refresh metadata at least this often, in ms (metadata.max.age.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l socket-buffer-size -d 'TCP send buffer size in bytes (send.buffer.bytes)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l line-reader -d 'A Java line-reader class: accepted and ignored (kt always reads lines)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -l sync -d 'Send each record synchronously, waiting for its acknowledgement'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-producer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l topic -d 'The topic to consume' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l include -d 'A regular expression of the topics to consume (instead of --topic)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l whitelist -d 'Deprecated spelling of --include (ignored when that is given)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l bootstrap-server -d 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l partition -d 'Consume only this partition (starting at its end unless --offset says otherwise)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l offset -d 'Where to start in --partition: \'earliest\', \'latest\' (default) or an offset' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l max-messages -d 'Exit after printing this many records (-1: no limit, as without it)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l timeout-ms -d 'Exit when no record arrives for this many milliseconds (negative: never)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l consumer-property -d 'A consumer property as key=value (Kafka\'s names). Repeatable; wins over --consumer.config' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l consumer.config -d 'A consumer properties file (Kafka\'s .properties format)' -r -F
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l property -d 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l formatter-config -d 'A formatter properties file; --property wins over it' -r -F
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l formatter -d 'The formatter class; only Kafka\'s default formatter is supported' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l group -d 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l isolation-level -d 'read_committed or read_uncommitted (default)' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l key-deserializer -d 'Key deserializer class: accepted; kt prints raw bytes' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l value-deserializer -d 'Value deserializer class: accepted; kt prints raw bytes' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l output -d '(kt) plain (Kafka\'s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers' -r -f -a "plain\t'Kafka\'s default formatter and its --property settings'
json\t'JSON lines'"
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l format -d '(kt) Print each record with kcat\'s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \\n \\t escapes' -r
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l from-beginning -d 'Start with the earliest record rather than the next one (when the group has no committed offset)'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l skip-message-on-error -d 'Skip a record that cannot be processed instead of stopping'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -l enable-systest-events -d 'Accepted for compatibility; no effect'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand console-consumer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l topic -d 'The topic to consume' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l include -d 'A regular expression of the topics to consume (instead of --topic)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l whitelist -d 'Deprecated spelling of --include (ignored when that is given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l bootstrap-server -d 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l partition -d 'Consume only this partition (starting at its end unless --offset says otherwise)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l offset -d 'Where to start in --partition: \'earliest\', \'latest\' (default) or an offset' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l max-messages -d 'Exit after printing this many records (-1: no limit, as without it)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l timeout-ms -d 'Exit when no record arrives for this many milliseconds (negative: never)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l consumer-property -d 'A consumer property as key=value (Kafka\'s names). Repeatable; wins over --consumer.config' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l consumer.config -d 'A consumer properties file (Kafka\'s .properties format)' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l property -d 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l formatter-config -d 'A formatter properties file; --property wins over it' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l formatter -d 'The formatter class; only Kafka\'s default formatter is supported' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l group -d 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l isolation-level -d 'read_committed or read_uncommitted (default)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l key-deserializer -d 'Key deserializer class: accepted; kt prints raw bytes' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l value-deserializer -d 'Value deserializer class: accepted; kt prints raw bytes' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l output -d '(kt) plain (Kafka\'s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers' -r -f -a "plain\t'Kafka\'s default formatter and its --property settings'
json\t'JSON lines'"
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l format -d '(kt) Print each record with kcat\'s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \\n \\t escapes' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l from-beginning -d 'Start with the earliest record rather than the next one (when the group has no committed offset)'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l skip-message-on-error -d 'Skip a record that cannot be processed instead of stopping'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -l enable-systest-events -d 'Accepted for compatibility; no effect'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-console-consumer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l broker-list -d 'Deprecated spelling of --bootstrap-server' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l topic -d 'A regular expression of the topics to look at (all topics without it)' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l partitions -d 'Comma-separated partition ids to look at (all without it)' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l topic-partitions -d 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l time -d 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it' -r
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -l exclude-internal-topics -d 'Leave internal topics (such as __consumer_offsets) out'
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand get-offsets" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l broker-list -d 'Deprecated spelling of --bootstrap-server' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l topic -d 'A regular expression of the topics to look at (all topics without it)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l partitions -d 'Comma-separated partition ids to look at (all without it)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l topic-partitions -d 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l time -d 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -l exclude-internal-topics -d 'Leave internal topics (such as __consumer_offsets) out'
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-get-offsets" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l group -d 'The consumer group. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l topic -d 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l state -d 'Describe the state; with --list, show each group\'s state, optionally only these states (comma-separated)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l to-offset -d 'Reset to this offset (clamped to what the partition holds)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l shift-by -d 'Move the committed offsets by N (negative: back)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l to-datetime -d 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l by-duration -d 'Reset to the first offset after now minus a duration: PnDTnHnMnS' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l timeout -d 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l list -d 'List all consumer groups'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l describe -d 'Describe the groups: committed offsets and lag (default), --members or --state'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l delete -d 'Delete the groups (only groups without active members)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l reset-offsets -d 'Reset the groups\' committed offsets (a plan unless --execute)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l delete-offsets -d 'Delete the group\'s committed offsets of --topic'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l all-groups -d 'Every group'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l all-topics -d 'Every topic the group has committed offsets for (with --reset-offsets)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l members -d 'Describe the members instead of the offsets'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l offsets -d 'Describe the offsets (the default view)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l verbose -d 'More detail: member assignments'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l to-earliest -d 'Reset to the earliest offset'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l to-latest -d 'Reset to the latest offset'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l to-current -d 'Reset to the current committed offset'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l dry-run -d 'Only print the reset plan (the default)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l execute -d 'Carry the reset out'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -l export -d 'Print the reset plan as CSV (topic,partition,offset)'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -s y -l yes -d '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand consumer-groups" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l group -d 'The consumer group. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l topic -d 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l state -d 'Describe the state; with --list, show each group\'s state, optionally only these states (comma-separated)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l to-offset -d 'Reset to this offset (clamped to what the partition holds)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l shift-by -d 'Move the committed offsets by N (negative: back)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l to-datetime -d 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l by-duration -d 'Reset to the first offset after now minus a duration: PnDTnHnMnS' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l timeout -d 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l list -d 'List all consumer groups'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l describe -d 'Describe the groups: committed offsets and lag (default), --members or --state'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l delete -d 'Delete the groups (only groups without active members)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l reset-offsets -d 'Reset the groups\' committed offsets (a plan unless --execute)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l delete-offsets -d 'Delete the group\'s committed offsets of --topic'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l all-groups -d 'Every group'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l all-topics -d 'Every topic the group has committed offsets for (with --reset-offsets)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l members -d 'Describe the members instead of the offsets'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l offsets -d 'Describe the offsets (the default view)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l verbose -d 'More detail: member assignments'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l to-earliest -d 'Reset to the earliest offset'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l to-latest -d 'Reset to the latest offset'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l to-current -d 'Reset to the current committed offset'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l dry-run -d 'Only print the reset plan (the default)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l execute -d 'Carry the reset out'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -l export -d 'Print the reset plan as CSV (topic,partition,offset)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -s y -l yes -d '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-groups" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand server-start" -l override -d 'Set a property, overriding the file (repeatable): --override key=value' -r
complete -c kt -n "__fish_kt_using_subcommand server-start" -l daemon -d 'Run in the background (Kafka\'s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop'
complete -c kt -n "__fish_kt_using_subcommand server-start" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand server-start" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand server-start" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-start" -l override -d 'Set a property, overriding the file (repeatable): --override key=value' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-server-start" -l daemon -d 'Run in the background (Kafka\'s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-start" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-start" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-start" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand configs" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand configs" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand configs" -l entity-type -d 'The kind of entity: topics or brokers' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l entity-name -d 'The entity: a topic name or a broker id. Without it, --describe covers every topic' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l topic -d 'Shorthand for --entity-type topics --entity-name TOPIC' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l broker -d 'Shorthand for --entity-type brokers --entity-name ID' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l add-config -d 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l delete-config -d 'Config keys to remove, as k1,k2. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand configs" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand configs" -l describe -d 'List the configs of the given entity (dynamic ones; all with --all)'
complete -c kt -n "__fish_kt_using_subcommand configs" -l alter -d 'Change the configs of the given entity with --add-config and --delete-config'
complete -c kt -n "__fish_kt_using_subcommand configs" -l entity-default -d 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)'
complete -c kt -n "__fish_kt_using_subcommand configs" -l all -d 'With --describe: every config, defaults included, not only the dynamic ones'
complete -c kt -n "__fish_kt_using_subcommand configs" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand configs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand configs" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l command-config -d 'A file of client properties (Kafka\'s .properties format) for the admin client, such as security settings' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l data-dir -d '(kt) Work on a kt broker\'s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l entity-type -d 'The kind of entity: topics or brokers' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l entity-name -d 'The entity: a topic name or a broker id. Without it, --describe covers every topic' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l topic -d 'Shorthand for --entity-type topics --entity-name TOPIC' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l broker -d 'Shorthand for --entity-type brokers --entity-name ID' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l add-config -d 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l delete-config -d 'Config keys to remove, as k1,k2. Repeatable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l output -d '(kt) How to print: plain (Kafka\'s format), table, or json' -r -f -a "plain\t'Kafka\'s own text, byte for byte (the default)'
table\t'An aligned table for people, as wide as the terminal'
json\t'One JSON document with a documented, stable schema'"
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l describe -d 'List the configs of the given entity (dynamic ones; all with --all)'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l alter -d 'Change the configs of the given entity with --add-config and --delete-config'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l entity-default -d 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -l all -d 'With --describe: every config, defaults included, not only the dynamic ones'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-configs" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l topic -d 'The topic to produce to' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l num-records -d 'How many records to send' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l record-size -d 'The size of each record\'s value in bytes (random uppercase letters)' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l payload-file -d 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random' -r -F
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l payload-delimiter -d 'What separates payloads in --payload-file (\\n by default)' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l throughput -d 'At most about this many records per second; -1 for no limit' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l producer-props -d 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l producer.config -d 'A producer properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l warmup-records -d 'Records sent first and left out of a second, steady-state summary line' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l transactional-id -d 'Transactions are not supported by kt\'s perf test' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l transaction-duration-ms -d 'Transactions are not supported by kt\'s perf test' -r
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l output -d '(kt) plain (Kafka\'s lines) or json (one document with a latency histogram)' -r -f -a "plain\t'Kafka\'s lines'
json\t'One JSON document at the end, with a latency histogram (kt)'"
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l payload-monotonic -d 'Values are the record\'s number: 0, 1, 2, ...'
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -l print-metrics -d 'Kafka prints its Java client metrics; kt refuses rather than print something else'
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand producer-perf-test" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l topic -d 'The topic to produce to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l num-records -d 'How many records to send' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l record-size -d 'The size of each record\'s value in bytes (random uppercase letters)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l payload-file -d 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l payload-delimiter -d 'What separates payloads in --payload-file (\\n by default)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l throughput -d 'At most about this many records per second; -1 for no limit' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l producer-props -d 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l producer.config -d 'A producer properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l warmup-records -d 'Records sent first and left out of a second, steady-state summary line' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l transactional-id -d 'Transactions are not supported by kt\'s perf test' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l transaction-duration-ms -d 'Transactions are not supported by kt\'s perf test' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l output -d '(kt) plain (Kafka\'s lines) or json (one document with a latency histogram)' -r -f -a "plain\t'Kafka\'s lines'
json\t'One JSON document at the end, with a latency histogram (kt)'"
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l payload-monotonic -d 'Values are the record\'s number: 0, 1, 2, ...'
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -l print-metrics -d 'Kafka prints its Java client metrics; kt refuses rather than print something else'
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-producer-perf-test" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l bootstrap-server -d 'REQUIRED: the server(s) to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l topic -d 'The topic to consume' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l include -d 'A regular expression of the topics to consume (instead of --topic)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l messages -d 'REQUIRED: how many records to consume' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l group -d 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l fetch-size -d 'The most bytes fetched per partition in one request' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l socket-buffer-size -d 'The TCP receive buffer size' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l consumer.config -d 'A consumer properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l timeout -d 'Give up after this many ms without a record' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l reporting-interval -d 'How often --show-detailed-stats prints, in ms' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l date-format -d 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)' -r
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l output -d '(kt) plain (Kafka\'s lines) or json (one document)' -r -f -a "plain\t'Kafka\'s lines'
json\t'One JSON document at the end, with a latency histogram (kt)'"
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l from-latest -d 'Start at the end of the log rather than the beginning (without committed offsets)'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l show-detailed-stats -d 'Print a line per --reporting-interval instead of one summary'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l hide-header -d 'Do not print the header line'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -l print-metrics -d 'Kafka prints its Java client metrics; kt refuses rather than print something else'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand consumer-perf-test" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l bootstrap-server -d 'REQUIRED: the server(s) to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l topic -d 'The topic to consume' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l include -d 'A regular expression of the topics to consume (instead of --topic)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l messages -d 'REQUIRED: how many records to consume' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l group -d 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l fetch-size -d 'The most bytes fetched per partition in one request' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l socket-buffer-size -d 'The TCP receive buffer size' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l consumer.config -d 'A consumer properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l timeout -d 'Give up after this many ms without a record' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l reporting-interval -d 'How often --show-detailed-stats prints, in ms' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l date-format -d 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l output -d '(kt) plain (Kafka\'s lines) or json (one document)' -r -f -a "plain\t'Kafka\'s lines'
json\t'One JSON document at the end, with a latency histogram (kt)'"
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l from-latest -d 'Start at the end of the log rather than the beginning (without committed offsets)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l show-detailed-stats -d 'Print a line per --reporting-interval instead of one summary'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l hide-header -d 'Do not print the header line'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -l print-metrics -d 'Kafka prints its Java client metrics; kt refuses rather than print something else'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kt -n "__fish_kt_using_subcommand kafka-consumer-perf-test" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l files -d 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)' -r -F
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l max-bytes -d 'Read at most this many bytes of each .log file' -r
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l print-data-log -d 'Print each record\'s key and value (implies --deep-iteration)'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l deep-iteration -d 'Print a line per record, not only per batch'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l transaction-log-decoder -d 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l skip-record-metadata -d 'With record lines: leave out offset, timestamp, sizes, sequence and header keys'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -l verify-index-only -d 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand dump-log" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l files -d 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l max-bytes -d 'Read at most this many bytes of each .log file' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l print-data-log -d 'Print each record\'s key and value (implies --deep-iteration)'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l deep-iteration -d 'Print a line per record, not only per batch'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l transaction-log-decoder -d 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l skip-record-metadata -d 'With record lines: leave out offset, timestamp, sizes, sequence and header keys'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -l verify-index-only -d 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-dump-log" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -l bootstrap-server -d 'REQUIRED: the server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -l topic-list -d 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified' -r
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -l broker-list -d 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified' -r
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -l describe -d 'Describe the specified log directories on the specified brokers'
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand log-dirs" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -l bootstrap-server -d 'REQUIRED: the server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -l topic-list -d 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -l broker-list -d 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -l describe -d 'Describe the specified log directories on the specified brokers'
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-log-dirs" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l bootstrap-server -d 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given' -r
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l admin.config -d 'Configuration properties files to pass to the admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l path-to-json-file -d 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified' -r -F
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l topic -d 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified' -r
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l partition -d 'Partition id for which to perform an election. REQUIRED if --topic is specified' -r
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l election-type -d 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)' -r -f -a "preferred\t''
unclean\t''"
complete -c kt -n "__fish_kt_using_subcommand leader-election" -l all-topic-partitions -d 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified'
complete -c kt -n "__fish_kt_using_subcommand leader-election" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand leader-election" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand leader-election" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l bootstrap-server -d 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l admin.config -d 'Configuration properties files to pass to the admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l path-to-json-file -d 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l topic -d 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l partition -d 'Partition id for which to perform an election. REQUIRED if --topic is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l election-type -d 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)' -r -f -a "preferred\t''
unclean\t''"
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -l all-topic-partitions -d 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified'
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-leader-election" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l bootstrap-server -d 'The server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l reassignment-json-file -d 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional' -r -F
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l topics-to-move-json-file -d 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}' -r -F
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l broker-list -d 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration' -r
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l throttle -d 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s' -r
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l replica-alter-log-dirs-throttle -d 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)' -r
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l timeout -d 'The maximum time in ms to wait for log directory replica assignment to begin' -r
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l verify -d 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l generate -d 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l execute -d 'Kick off the reassignment as specified by the --reassignment-json-file option'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l cancel -d 'Cancel an active reassignment'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l list -d 'List all active partition reassignments'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l disable-rack-aware -d 'Disable rack aware replica assignment'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l additional -d 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -l preserve-throttles -d 'Do not modify broker or topic throttles'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand reassign-partitions" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l bootstrap-server -d 'The server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l reassignment-json-file -d 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l topics-to-move-json-file -d 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l broker-list -d 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l throttle -d 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l replica-alter-log-dirs-throttle -d 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l timeout -d 'The maximum time in ms to wait for log directory replica assignment to begin' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l verify -d 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l generate -d 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l execute -d 'Kick off the reassignment as specified by the --reassignment-json-file option'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l cancel -d 'Cancel an active reassignment'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l list -d 'List all active partition reassignments'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l disable-rack-aware -d 'Disable rack aware replica assignment'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l additional -d 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -l preserve-throttles -d 'Do not modify broker or topic throttles'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-reassign-partitions" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand acls" -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand acls" -l topic -d 'topic to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all topics' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l group -d 'Consumer Group to which the ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all groups' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l transactional-id -d 'The transactionalId to which ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all transactionalIds' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l delegation-token -d 'Delegation token to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all tokens' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l user-principal -d 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l resource-pattern-type -d 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. \'literal\' or \'prefixed\'. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of \'any\' or \'match\', where \'any\' will match any pattern type, but will match the resource name exactly, where as \'match\' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: \'match\', when used in combination with the \'--remove\' switch, should be used with care' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l operation -d 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l allow-principal -d 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:\'*\' is the wild card indicating all users' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l deny-principal -d 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l principal -d 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l allow-host -d 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to \'*\' which allows access from all hosts' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l deny-host -d 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to \'*\' which denies access from all hosts' -r
complete -c kt -n "__fish_kt_using_subcommand acls" -l add -d 'Indicates you are trying to add ACLs'
complete -c kt -n "__fish_kt_using_subcommand acls" -l remove -d 'Indicates you are trying to remove ACLs'
complete -c kt -n "__fish_kt_using_subcommand acls" -l list -d 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
complete -c kt -n "__fish_kt_using_subcommand acls" -l cluster -d 'Add/Remove cluster ACLs'
complete -c kt -n "__fish_kt_using_subcommand acls" -l producer -d 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
complete -c kt -n "__fish_kt_using_subcommand acls" -l consumer -d 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
complete -c kt -n "__fish_kt_using_subcommand acls" -l idempotent -d 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
complete -c kt -n "__fish_kt_using_subcommand acls" -l force -d 'Assume Yes to all queries and do not prompt'
complete -c kt -n "__fish_kt_using_subcommand acls" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand acls" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand acls" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l topic -d 'topic to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all topics' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l group -d 'Consumer Group to which the ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all groups' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l transactional-id -d 'The transactionalId to which ACLs should be added or removed. A value of \'*\' indicates the ACLs should apply to all transactionalIds' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l delegation-token -d 'Delegation token to which ACLs should be added or removed. A value of \'*\' indicates ACL should apply to all tokens' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l user-principal -d 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l resource-pattern-type -d 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. \'literal\' or \'prefixed\'. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of \'any\' or \'match\', where \'any\' will match any pattern type, but will match the resource name exactly, where as \'match\' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: \'match\', when used in combination with the \'--remove\' switch, should be used with care' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l operation -d 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l allow-principal -d 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:\'*\' is the wild card indicating all users' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l deny-principal -d 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l principal -d 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l allow-host -d 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to \'*\' which allows access from all hosts' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l deny-host -d 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to \'*\' which denies access from all hosts' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l add -d 'Indicates you are trying to add ACLs'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l remove -d 'Indicates you are trying to remove ACLs'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l list -d 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l cluster -d 'Add/Remove cluster ACLs'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l producer -d 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l consumer -d 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l idempotent -d 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -l force -d 'Assume Yes to all queries and do not prompt'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-acls" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand server-stop" -l node-id -d 'Stop only the broker whose node.id (or broker.id) is this' -r
complete -c kt -n "__fish_kt_using_subcommand server-stop" -l process-role -d 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)' -r
complete -c kt -n "__fish_kt_using_subcommand server-stop" -l timeout -d '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...' -r
complete -c kt -n "__fish_kt_using_subcommand server-stop" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand server-stop" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand server-stop" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -l node-id -d 'Stop only the broker whose node.id (or broker.id) is this' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -l process-role -d 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -l timeout -d '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-server-stop" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-stop" -l timeout -d '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...' -r
complete -c kt -n "__fish_kt_using_subcommand zookeeper-stop" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-stop" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-stop" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-stop" -l timeout -d '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...' -r
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-stop" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-stop" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-stop" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -l bootstrap-server -d 'The broker(s) to wait for, as HOST1:PORT1,HOST2:PORT2: ready when any answers Metadata' -r
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -l zookeeper -d 'Wait for a ZooKeeper server instead: ready when it answers `srvr` (or `ruok`)' -r
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -l timeout -d 'How long to wait before giving up: 30s, 500ms, 2m, or plain seconds' -r
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand wait-ready" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand certs" -l out-dir -d 'The directory to write the PEM files into (created if missing)' -r -F
complete -c kt -n "__fish_kt_using_subcommand certs" -l hosts -d 'Host names and addresses the broker\'s certificate is valid for, comma-separated' -r
complete -c kt -n "__fish_kt_using_subcommand certs" -l client-name -d 'The common name of the client certificate (the client\'s principal is CN=<name>)' -r
complete -c kt -n "__fish_kt_using_subcommand certs" -l days -d 'How many days the certificates are valid' -r
complete -c kt -n "__fish_kt_using_subcommand certs" -l password -d 'Encrypt the PEM keys with this password and write PKCS12 keystores and a truststore with it' -r
complete -c kt -n "__fish_kt_using_subcommand certs" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand certs" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand certs" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand completions" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand man" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand man" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand man" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-start" -l daemon -d 'Run in the background (Kafka\'s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-start" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-start" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-start" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-start" -l daemon -d 'Run in the background (Kafka\'s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-start" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-start" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-server-start" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kt -n "__fish_kt_using_subcommand storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from info" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from info" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s t -l cluster-id -d 'The cluster ID to use (kt storage random-uuid makes one)' -r
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s S -l add-scram -d 'A SCRAM credential to add to the __cluster_metadata log, as \'SCRAM-SHA-256=[name=alice,password=alice-secret]\' (also iterations=N, salt=BASE64)' -r
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s r -l release-version -d 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0' -r
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s f -l feature -d 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)' -r
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s I -l initial-controllers -d 'The dynamic quorum\'s voters: id@host:port:directory-id,...' -r
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s g -l ignore-formatted -d 'Skip directories that are already formatted instead of failing'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s s -l standalone -d 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s N -l no-initial-controllers -d 'Initialize a server without a dynamic quorum topology'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from format" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from random-uuid" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kt -n "__fish_kt_using_subcommand storage; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and not __fish_seen_subcommand_from info format random-uuid help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from info" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from info" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s c -l config -d 'The Kafka configuration file to use' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s t -l cluster-id -d 'The cluster ID to use (kt storage random-uuid makes one)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s S -l add-scram -d 'A SCRAM credential to add to the __cluster_metadata log, as \'SCRAM-SHA-256=[name=alice,password=alice-secret]\' (also iterations=N, salt=BASE64)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s r -l release-version -d 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s f -l feature -d 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s I -l initial-controllers -d 'The dynamic quorum\'s voters: id@host:port:directory-id,...' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s g -l ignore-formatted -d 'Skip directories that are already formatted instead of failing'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s s -l standalone -d 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s N -l no-initial-controllers -d 'Initialize a server without a dynamic quorum topology'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from format" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from random-uuid" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from random-uuid" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from random-uuid" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from help" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from help" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from help" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kt -n "__fish_kt_using_subcommand kafka-storage; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-shell" -l zk-tls-config-file -d 'A properties file with ZooKeeper client TLS settings (Kafka\'s -zk-tls-config-file; the single-dash spelling works too). kt connects without TLS and refuses a file that turns it on (zookeeper.ssl.client.enable=true)' -r -F
complete -c kt -n "__fish_kt_using_subcommand zookeeper-shell" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-shell" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand zookeeper-shell" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand broker-api-versions" -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand broker-api-versions" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand broker-api-versions" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand broker-api-versions" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand broker-api-versions" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-broker-api-versions" -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-broker-api-versions" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-broker-api-versions" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-broker-api-versions" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-broker-api-versions" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand delete-records" -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand delete-records" -l offset-json-file -d 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}' -r -F
complete -c kt -n "__fish_kt_using_subcommand delete-records" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand delete-records" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand delete-records" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand delete-records" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -l bootstrap-server -d 'REQUIRED: The server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -l offset-json-file -d 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -l command-config -d 'A property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-delete-records" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l bootstrap-server -d 'REQUIRED: server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l command-config -d 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs' -r -F
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l owner-principal -d 'owner is a Kafka principal. They should be in principalType:name format' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l renewer-principal -d 'renewer is a Kafka principal. They should be in principalType:name format' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l max-life-time-period -d 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l renew-time-period -d 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l expiry-time-period -d 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l hmac -d 'HMAC of the delegation token' -r
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l create -d 'Create a new delegation token. Use --renewer-principal option to pass renewer principals'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l renew -d 'Renew delegation token. Use --renew-time-period option to set renew time period'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l expire -d 'Expire delegation token. Use --expiry-time-period option to expire the token'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -l describe -d 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand delegation-tokens" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l bootstrap-server -d 'REQUIRED: server(s) to use for bootstrapping' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l command-config -d 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l owner-principal -d 'owner is a Kafka principal. They should be in principalType:name format' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l renewer-principal -d 'renewer is a Kafka principal. They should be in principalType:name format' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l max-life-time-period -d 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l renew-time-period -d 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l expiry-time-period -d 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l hmac -d 'HMAC of the delegation token' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l create -d 'Create a new delegation token. Use --renewer-principal option to pass renewer principals'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l renew -d 'Renew delegation token. Use --renew-time-period option to set renew time period'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l expire -d 'Expire delegation token. Use --expiry-time-period option to expire the token'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -l describe -d 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-delegation-tokens" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand e2e-latency" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand e2e-latency" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand e2e-latency" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-e2e-latency" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-e2e-latency" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-e2e-latency" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l bootstrap-server -d 'REQUIRED: The Kafka server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l name -d 'Name of client metrics configuration resource' -r
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l interval -d 'The metrics push interval in milliseconds' -r
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l match -d 'Matching selector \'k1=v1,k2=v2\'. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port' -r
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l metrics -d 'Telemetry metric name prefixes \'m1,m2\'' -r
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l alter -d 'Alter the configuration for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l delete -d 'Delete the configuration for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l describe -d 'List configurations for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l list -d 'List the client metrics resources'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -l generate-name -d 'Generate a UUID to use as the name'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand client-metrics" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l bootstrap-server -d 'REQUIRED: The Kafka server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l name -d 'Name of client metrics configuration resource' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l interval -d 'The metrics push interval in milliseconds' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l match -d 'Matching selector \'k1=v1,k2=v2\'. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l metrics -d 'Telemetry metric name prefixes \'m1,m2\'' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l alter -d 'Alter the configuration for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l delete -d 'Delete the configuration for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l describe -d 'List configurations for the client metrics resource'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l list -d 'List the client metrics resources'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -l generate-name -d 'Generate a UUID to use as the name'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-client-metrics" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand jmx" -l object-name -d 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l attributes -d 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l reporting-interval -d 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l one-time -d 'Flag to indicate run once only' -r -f -a "true\t''
false\t''"
complete -c kt -n "__fish_kt_using_subcommand jmx" -l date-format -d 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l jmx-url -d 'The url to read the metrics from: the broker\'s metrics endpoint (http://HOST:PORT/metrics), or Kafka\'s JMX service url, read as that endpoint' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l report-format -d 'output format name: either \'original\', \'properties\', \'csv\', \'tsv\'' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l jmx-auth-prop -d 'A mechanism to pass property in the form \'username=password\' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)' -r
complete -c kt -n "__fish_kt_using_subcommand jmx" -l jmx-ssl-enable -d 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)' -r -f -a "true\t''
false\t''"
complete -c kt -n "__fish_kt_using_subcommand jmx" -l wait -d 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns'
complete -c kt -n "__fish_kt_using_subcommand jmx" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand jmx" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand jmx" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l object-name -d 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l attributes -d 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l reporting-interval -d 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l one-time -d 'Flag to indicate run once only' -r -f -a "true\t''
false\t''"
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l date-format -d 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l jmx-url -d 'The url to read the metrics from: the broker\'s metrics endpoint (http://HOST:PORT/metrics), or Kafka\'s JMX service url, read as that endpoint' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l report-format -d 'output format name: either \'original\', \'properties\', \'csv\', \'tsv\'' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l jmx-auth-prop -d 'A mechanism to pass property in the form \'username=password\' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l jmx-ssl-enable -d 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)' -r -f -a "true\t''
false\t''"
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -l wait -d 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns'
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-jmx" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l topic -d 'Produce messages to this topic' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l max-messages -d 'Produce this many messages. If -1, produce messages until the process is killed externally' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l throughput -d 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l acks -d 'Acks required on each produced message. See Kafka docs on acks for details' -r -f -a "0\t''
1\t''
-1\t''"
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l producer.config -d 'Producer config properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l message-create-time -d 'Send messages with creation time starting at the arguments value, in milliseconds since epoch' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l value-prefix -d 'If specified, each produced value will have this prefix with a dot separator' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -l repeating-keys -d 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand verifiable-producer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l topic -d 'Produce messages to this topic' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l max-messages -d 'Produce this many messages. If -1, produce messages until the process is killed externally' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l throughput -d 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l acks -d 'Acks required on each produced message. See Kafka docs on acks for details' -r -f -a "0\t''
1\t''
-1\t''"
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l producer.config -d 'Producer config properties file' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l message-create-time -d 'Send messages with creation time starting at the arguments value, in milliseconds since epoch' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l value-prefix -d 'If specified, each produced value will have this prefix with a dot separator' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -l repeating-keys -d 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-producer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l topic -d 'Consumes messages from this topic' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l group-id -d 'The groupId shared among members of the consumer group' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l group-instance-id -d 'A unique identifier of the consumer instance' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l max-messages -d 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l session-timeout -d 'Set the consumer\'s session timeout' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l reset-policy -d 'Set reset policy (must be either \'earliest\', \'latest\', or \'none\')' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l assignment-strategy -d 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)' -r
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l consumer.config -d 'Consumer config properties file (config options shared with command line parameters will be overridden)' -r -F
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l verbose -d 'Enable to log individual consumed records'
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -l enable-autocommit -d 'Enable offset auto-commit on consumer'
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand verifiable-consumer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l bootstrap-server -d 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l broker-list -d 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l topic -d 'Consumes messages from this topic' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l group-id -d 'The groupId shared among members of the consumer group' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l group-instance-id -d 'A unique identifier of the consumer instance' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l max-messages -d 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l session-timeout -d 'Set the consumer\'s session timeout' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l reset-policy -d 'Set reset policy (must be either \'earliest\', \'latest\', or \'none\')' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l assignment-strategy -d 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l consumer.config -d 'Consumer config properties file (config options shared with command line parameters will be overridden)' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l verbose -d 'Enable to log individual consumed records'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -l enable-autocommit -d 'Enable offset auto-commit on consumer'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-verifiable-consumer" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l broker-list -d 'REQUIRED: The list of hostname and port of the server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l fetch-size -d 'The fetch size of each request' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l max-wait-ms -d 'The max amount of time each fetch request waits' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l topics-include -d 'List of topics to verify replica consistency' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l topic-white-list -d 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l time -d 'Timestamp for getting the initial offsets' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -l report-interval-ms -d 'The reporting interval' -r
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand replica-verification" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l broker-list -d 'REQUIRED: The list of hostname and port of the server to connect to' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l fetch-size -d 'The fetch size of each request' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l max-wait-ms -d 'The max amount of time each fetch request waits' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l topics-include -d 'List of topics to verify replica consistency' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l topic-white-list -d 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l time -d 'Timestamp for getting the initial offsets' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -l report-interval-ms -d 'The reporting interval' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-replica-verification" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l consumer.config -d 'Embedded consumer config for consuming from the source cluster' -r -F
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l producer.config -d 'Embedded producer config' -r -F
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l num.streams -d 'Number of consumption streams' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l whitelist -d 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l include -d 'List of included topics to mirror' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l offset.commit.interval.ms -d 'Offset commit interval in ms' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l consumer.rebalance.listener -d 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l rebalance.listener.args -d 'Arguments used by custom rebalance listener for mirror maker consumer' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l message.handler -d 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l message.handler.args -d 'Arguments used by custom message handler for mirror maker' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l abort.on.send.failure -d 'Configure the mirror maker to exit on a failed send' -r
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -l new.consumer -d 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)'
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand mirror-maker" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l consumer.config -d 'Embedded consumer config for consuming from the source cluster' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l producer.config -d 'Embedded producer config' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l num.streams -d 'Number of consumption streams' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l whitelist -d 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l include -d 'List of included topics to mirror' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l offset.commit.interval.ms -d 'Offset commit interval in ms' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l consumer.rebalance.listener -d 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l rebalance.listener.args -d 'Arguments used by custom rebalance listener for mirror maker consumer' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l message.handler -d 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l message.handler.args -d 'Arguments used by custom message handler for mirror maker' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l abort.on.send.failure -d 'Configure the mirror maker to exit on a failed send' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -l new.consumer -d 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)'
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-mirror-maker" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand connect-mirror-maker" -l clusters -d 'Target cluster to use for this node' -r
complete -c kt -n "__fish_kt_using_subcommand connect-mirror-maker" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand connect-mirror-maker" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand connect-mirror-maker" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand connect-standalone" -l override-property -d 'Properties overriding the worker config\'s (accepted for compatibility; kt reads them as key=value pairs)' -r
complete -c kt -n "__fish_kt_using_subcommand connect-standalone" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand connect-standalone" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand connect-standalone" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "unregister" -d 'Unregister a broker'
complete -c kt -n "__fish_kt_using_subcommand cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s b -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s C -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the KRaft controllers' -r
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s c -l config -d 'A property file containing configurations for the Admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from cluster-id" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s b -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s C -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the KRaft controllers' -r
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s c -l config -d 'A property file containing configurations for the Admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s i -l id -d 'The ID of the broker to unregister' -r
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from unregister" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "unregister" -d 'Unregister a broker'
complete -c kt -n "__fish_kt_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "unregister" -d 'Unregister a broker'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and not __fish_seen_subcommand_from cluster-id unregister help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s b -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s C -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the KRaft controllers' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s c -l config -d 'A property file containing configurations for the Admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from cluster-id" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s b -l bootstrap-server -d 'A list of host/port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s C -l bootstrap-controller -d 'A list of host/port pairs to use for establishing the connection to the KRaft controllers' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s c -l config -d 'A property file containing configurations for the Admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s i -l id -d 'The ID of the broker to unregister' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from unregister" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from help" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from help" -f -a "unregister" -d 'Unregister a broker'
complete -c kt -n "__fish_kt_using_subcommand kafka-cluster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l application-id -d 'The Kafka Streams application ID (application.id)' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l bootstrap-server -d 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l bootstrap-servers -d 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l input-topics -d 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l intermediate-topics -d 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l internal-topics -d 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l to-offset -d 'Reset offsets to a specific offset' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l to-datetime -d 'Reset offsets to offset from datetime. Format: \'YYYY-MM-DDTHH:mm:SS.sss\'' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l by-duration -d 'Reset offsets to offset by duration from current timestamp. Format: \'PnDTnHnMnS\'' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l from-file -d 'Reset offsets to values defined in CSV file' -r -F
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l shift-by -d 'Reset offsets shifting current offset by \'n\', where \'n\' can be positive or negative' -r
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l config-file -d 'Property file containing configs to be passed to admin clients and embedded consumer' -r -F
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l to-earliest -d 'Reset offsets to earliest offset'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l to-latest -d 'Reset offsets to latest offset'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l force -d 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -l dry-run -d 'Display the actions that would be performed without executing the reset commands'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand streams-application-reset" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l application-id -d 'The Kafka Streams application ID (application.id)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l bootstrap-server -d 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l bootstrap-servers -d 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l input-topics -d 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l intermediate-topics -d 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l internal-topics -d 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l to-offset -d 'Reset offsets to a specific offset' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l to-datetime -d 'Reset offsets to offset from datetime. Format: \'YYYY-MM-DDTHH:mm:SS.sss\'' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l by-duration -d 'Reset offsets to offset by duration from current timestamp. Format: \'PnDTnHnMnS\'' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l from-file -d 'Reset offsets to values defined in CSV file' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l shift-by -d 'Reset offsets shifting current offset by \'n\', where \'n\' can be positive or negative' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l config-file -d 'Property file containing configs to be passed to admin clients and embedded consumer' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l to-earliest -d 'Reset offsets to earliest offset'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l to-latest -d 'Reset offsets to latest offset'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l force -d 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -l dry-run -d 'Display the actions that would be performed without executing the reset commands'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-streams-application-reset" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "disable" -d 'Disable one or more feature flags. This is the same as downgrading the version to zero'
complete -c kt -n "__fish_kt_using_subcommand features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l metadata -d 'The level to which we should upgrade the metadata. For example, 3.3-IV3' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l feature -d 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -l dry-run -d 'Validate this upgrade, but do not perform it'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from upgrade" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l metadata -d 'The level to which we should downgrade the metadata. For example, 3.3-IV0' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l feature -d 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l unsafe -d 'Perform this downgrade even if it may irreversibly destroy metadata'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -l dry-run -d 'Validate this downgrade, but do not perform it'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from downgrade" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l feature -d 'A feature flag to disable' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l unsafe -d 'Disable this feature flag even if it may irreversibly destroy metadata'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -l dry-run -d 'Perform a dry-run of this disable operation'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from help" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from help" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable one or more feature flags. This is the same as downgrading the version to zero'
complete -c kt -n "__fish_kt_using_subcommand features; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "disable" -d 'Disable one or more feature flags. This is the same as downgrading the version to zero'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and not __fish_seen_subcommand_from describe upgrade downgrade disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l metadata -d 'The level to which we should upgrade the metadata. For example, 3.3-IV3' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l feature -d 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -l dry-run -d 'Validate this upgrade, but do not perform it'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from upgrade" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l metadata -d 'The level to which we should downgrade the metadata. For example, 3.3-IV0' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l feature -d 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l unsafe -d 'Perform this downgrade even if it may irreversibly destroy metadata'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -l dry-run -d 'Validate this downgrade, but do not perform it'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from downgrade" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l feature -d 'A feature flag to disable' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l unsafe -d 'Disable this feature flag even if it may irreversibly destroy metadata'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -l dry-run -d 'Perform a dry-run of this disable operation'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from help" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from help" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable one or more feature flags. This is the same as downgrading the version to zero'
complete -c kt -n "__fish_kt_using_subcommand kafka-features; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers' -r
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and not __fish_seen_subcommand_from describe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers' -r
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l status -d 'A short summary of the quorum status and the other provides detailed information about the status of replication'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l replication -d 'Detailed information about the status of replication'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -l human-readable -d 'Human-readable output'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kt -n "__fish_kt_using_subcommand metadata-quorum; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and not __fish_seen_subcommand_from describe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l bootstrap-controller -d 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l command-config -d 'Property file containing configs to be passed to Admin Client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l status -d 'A short summary of the quorum status and the other provides detailed information about the status of replication'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l replication -d 'Detailed information about the status of replication'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -l human-readable -d 'Human-readable output'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-quorum; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand metadata-shell" -s s -l snapshot -d 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)' -r -F
complete -c kt -n "__fish_kt_using_subcommand metadata-shell" -l directory -d '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it' -r -F
complete -c kt -n "__fish_kt_using_subcommand metadata-shell" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand metadata-shell" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand metadata-shell" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-shell" -s s -l snapshot -d 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-shell" -l directory -d '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-shell" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-shell" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-metadata-shell" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "list" -d 'list transactions'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "describe" -d 'describe the state of an active transactional-id'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "describe-producers" -d 'describe the states of active producers for a topic partition'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "abort" -d 'abort a hanging transaction (requires administrative privileges)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "find-hanging" -d 'find hanging transactions'
complete -c kt -n "__fish_kt_using_subcommand transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -l duration-filter -d 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -l transactional-id -d 'REQUIRED: transactional id' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -l broker-id -d 'optional broker id to describe the producer state on a specific replica' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -l topic -d 'REQUIRED: topic name' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -l partition -d 'REQUIRED: partition number' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from describe-producers" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l topic -d 'REQUIRED: topic name' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l partition -d 'REQUIRED: partition number' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l start-offset -d 'start offset of the transaction to abort' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l producer-id -d 'producer id' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l producer-epoch -d 'producer epoch' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l coordinator-epoch -d 'coordinator epoch' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l broker-id -d 'broker id to search for hanging transactions' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l max-transaction-timeout -d 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l topic -d 'topic name to limit search to (required if --partition is specified)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l partition -d 'partition number' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from find-hanging" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "list" -d 'list transactions'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "describe" -d 'describe the state of an active transactional-id'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "describe-producers" -d 'describe the states of active producers for a topic partition'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "abort" -d 'abort a hanging transaction (requires administrative privileges)'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "find-hanging" -d 'find hanging transactions'
complete -c kt -n "__fish_kt_using_subcommand transactions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "list" -d 'list transactions'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "describe" -d 'describe the state of an active transactional-id'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "describe-producers" -d 'describe the states of active producers for a topic partition'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "abort" -d 'abort a hanging transaction (requires administrative privileges)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "find-hanging" -d 'find hanging transactions'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and not __fish_seen_subcommand_from list describe describe-producers abort find-hanging help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -l duration-filter -d 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -l transactional-id -d 'REQUIRED: transactional id' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -l broker-id -d 'optional broker id to describe the producer state on a specific replica' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -l topic -d 'REQUIRED: topic name' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -l partition -d 'REQUIRED: partition number' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from describe-producers" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l topic -d 'REQUIRED: topic name' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l partition -d 'REQUIRED: partition number' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l start-offset -d 'start offset of the transaction to abort' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l producer-id -d 'producer id' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l producer-epoch -d 'producer epoch' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l coordinator-epoch -d 'coordinator epoch' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l broker-id -d 'broker id to search for hanging transactions' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l max-transaction-timeout -d 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l topic -d 'topic name to limit search to (required if --partition is specified)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l partition -d 'partition number' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l command-config -d 'property file containing configs to be passed to admin client' -r -F
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -l bootstrap-server -d 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)' -r
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -s v -l verbose -d '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -s h -l help -d 'Print help'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from find-hanging" -s V -l version -d 'Print version'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "list" -d 'list transactions'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "describe" -d 'describe the state of an active transactional-id'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "describe-producers" -d 'describe the states of active producers for a topic partition'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "abort" -d 'abort a hanging transaction (requires administrative privileges)'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "find-hanging" -d 'find hanging transactions'
complete -c kt -n "__fish_kt_using_subcommand kafka-transactions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "topics" -d 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "console-producer" -d 'Send lines of standard input to a topic (kafka-console-producer.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "console-consumer" -d 'Print records of topics to standard output (kafka-console-consumer.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "get-offsets" -d 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "consumer-groups" -d 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "server-start" -d 'Start a Kafka-compatible broker (kafka-server-start.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "configs" -d 'Describe and change topic and broker configs (kafka-configs.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "producer-perf-test" -d 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "consumer-perf-test" -d 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "dump-log" -d 'Print the batches and records of log segment files (kafka-dump-log.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "log-dirs" -d 'Describe each broker\'s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "leader-election" -d 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "reassign-partitions" -d 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "acls" -d 'Add, remove and list ACLs (kafka-acls.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "server-stop" -d 'Stop the running brokers (kafka-server-stop.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "zookeeper-stop" -d 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "wait-ready" -d 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "certs" -d 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "completions" -d 'Print a shell completion script (kt)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "man" -d 'Write man pages into a directory (kt)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "zookeeper-start" -d 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "storage" -d 'Format and inspect a KRaft node\'s directories, print a cluster id (kafka-storage.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "zookeeper-shell" -d 'Run ZooKeeper\'s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "broker-api-versions" -d 'Print every broker\'s API version ranges (kafka-broker-api-versions.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "delete-records" -d 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "delegation-tokens" -d 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "e2e-latency" -d 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "client-metrics" -d 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "jmx" -d 'Print a broker\'s metrics at an interval, by their JMX names (kafka-jmx.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "verifiable-producer" -d 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "verifiable-consumer" -d 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "replica-verification" -d 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "mirror-maker" -d 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "connect-mirror-maker" -d 'Run MirrorMaker 2\'s replication flows between clusters (connect-mirror-maker.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "connect-standalone" -d 'Run Kafka Connect\'s standalone worker with the file connectors (connect-standalone.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "cluster" -d 'Print the cluster\'s id, unregister a broker (kafka-cluster.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "streams-application-reset" -d 'Reset a Kafka Streams application\'s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "features" -d 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "metadata-quorum" -d 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "metadata-shell" -d 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "transactions" -d 'List, describe and abort transactions, describe partitions\' producers and find hanging transactions (kafka-transactions.sh)'
complete -c kt -n "__fish_kt_using_subcommand help; and not __fish_seen_subcommand_from topics console-producer console-consumer get-offsets consumer-groups server-start configs producer-perf-test consumer-perf-test dump-log log-dirs leader-election reassign-partitions acls server-stop zookeeper-stop wait-ready certs completions man zookeeper-start storage zookeeper-shell broker-api-versions delete-records delegation-tokens e2e-latency client-metrics jmx verifiable-producer verifiable-consumer replica-verification mirror-maker connect-mirror-maker connect-standalone cluster streams-application-reset features metadata-quorum metadata-shell transactions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from storage" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "unregister" -d 'Unregister a broker'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from features" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from features" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from features" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from features" -f -a "disable" -d 'Disable one or more feature flags. This is the same as downgrading the version to zero'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from metadata-quorum" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from transactions" -f -a "list" -d 'list transactions'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from transactions" -f -a "describe" -d 'describe the state of an active transactional-id'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from transactions" -f -a "describe-producers" -d 'describe the states of active producers for a topic partition'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from transactions" -f -a "abort" -d 'abort a hanging transaction (requires administrative privileges)'
complete -c kt -n "__fish_kt_using_subcommand help; and __fish_seen_subcommand_from transactions" -f -a "find-hanging" -d 'find hanging transactions'
