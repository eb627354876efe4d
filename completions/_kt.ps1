
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kt'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kt' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'Create, list, describe, alter and delete topics (kafka-topics.sh)')
            [CompletionResult]::new('kafka-topics', 'kafka-topics', [CompletionResultType]::ParameterValue, 'Create, list, describe, alter and delete topics (kafka-topics.sh)')
            [CompletionResult]::new('console-producer', 'console-producer', [CompletionResultType]::ParameterValue, 'Send lines of standard input to a topic (kafka-console-producer.sh)')
            [CompletionResult]::new('kafka-console-producer', 'kafka-console-producer', [CompletionResultType]::ParameterValue, 'Send lines of standard input to a topic (kafka-console-producer.sh)')
            [CompletionResult]::new('console-consumer', 'console-consumer', [CompletionResultType]::ParameterValue, 'Print records of topics to standard output (kafka-console-consumer.sh)')
            [CompletionResult]::new('kafka-console-consumer', 'kafka-console-consumer', [CompletionResultType]::ParameterValue, 'Print records of topics to standard output (kafka-console-consumer.sh)')
            [CompletionResult]::new('get-offsets', 'get-offsets', [CompletionResultType]::ParameterValue, 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)')
            [CompletionResult]::new('kafka-get-offsets', 'kafka-get-offsets', [CompletionResultType]::ParameterValue, 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)')
            [CompletionResult]::new('consumer-groups', 'consumer-groups', [CompletionResultType]::ParameterValue, 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)')
            [CompletionResult]::new('kafka-consumer-groups', 'kafka-consumer-groups', [CompletionResultType]::ParameterValue, 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)')
            [CompletionResult]::new('server-start', 'server-start', [CompletionResultType]::ParameterValue, 'Start a Kafka-compatible broker (kafka-server-start.sh)')
            [CompletionResult]::new('kafka-server-start', 'kafka-server-start', [CompletionResultType]::ParameterValue, 'Start a Kafka-compatible broker (kafka-server-start.sh)')
            [CompletionResult]::new('configs', 'configs', [CompletionResultType]::ParameterValue, 'Describe and change topic and broker configs (kafka-configs.sh)')
            [CompletionResult]::new('kafka-configs', 'kafka-configs', [CompletionResultType]::ParameterValue, 'Describe and change topic and broker configs (kafka-configs.sh)')
            [CompletionResult]::new('producer-perf-test', 'producer-perf-test', [CompletionResultType]::ParameterValue, 'Measure producer throughput and latency (kafka-producer-perf-test.sh)')
            [CompletionResult]::new('kafka-producer-perf-test', 'kafka-producer-perf-test', [CompletionResultType]::ParameterValue, 'Measure producer throughput and latency (kafka-producer-perf-test.sh)')
            [CompletionResult]::new('consumer-perf-test', 'consumer-perf-test', [CompletionResultType]::ParameterValue, 'Measure consumer throughput (kafka-consumer-perf-test.sh)')
            [CompletionResult]::new('kafka-consumer-perf-test', 'kafka-consumer-perf-test', [CompletionResultType]::ParameterValue, 'Measure consumer throughput (kafka-consumer-perf-test.sh)')
            [CompletionResult]::new('dump-log', 'dump-log', [CompletionResultType]::ParameterValue, 'Print the batches and records of log segment files (kafka-dump-log.sh)')
            [CompletionResult]::new('kafka-dump-log', 'kafka-dump-log', [CompletionResultType]::ParameterValue, 'Print the batches and records of log segment files (kafka-dump-log.sh)')
            [CompletionResult]::new('log-dirs', 'log-dirs', [CompletionResultType]::ParameterValue, 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)')
            [CompletionResult]::new('kafka-log-dirs', 'kafka-log-dirs', [CompletionResultType]::ParameterValue, 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)')
            [CompletionResult]::new('leader-election', 'leader-election', [CompletionResultType]::ParameterValue, 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)')
            [CompletionResult]::new('kafka-leader-election', 'kafka-leader-election', [CompletionResultType]::ParameterValue, 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)')
            [CompletionResult]::new('reassign-partitions', 'reassign-partitions', [CompletionResultType]::ParameterValue, 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)')
            [CompletionResult]::new('kafka-reassign-partitions', 'kafka-reassign-partitions', [CompletionResultType]::ParameterValue, 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'Add, remove and list ACLs (kafka-acls.sh)')
            [CompletionResult]::new('kafka-acls', 'kafka-acls', [CompletionResultType]::ParameterValue, 'Add, remove and list ACLs (kafka-acls.sh)')
            [CompletionResult]::new('server-stop', 'server-stop', [CompletionResultType]::ParameterValue, 'Stop the running brokers (kafka-server-stop.sh)')
            [CompletionResult]::new('kafka-server-stop', 'kafka-server-stop', [CompletionResultType]::ParameterValue, 'Stop the running brokers (kafka-server-stop.sh)')
            [CompletionResult]::new('zookeeper-stop', 'zookeeper-stop', [CompletionResultType]::ParameterValue, 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)')
            [CompletionResult]::new('zookeeper-server-stop', 'zookeeper-server-stop', [CompletionResultType]::ParameterValue, 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)')
            [CompletionResult]::new('wait-ready', 'wait-ready', [CompletionResultType]::ParameterValue, 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (kt)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages into a directory (kt)')
            [CompletionResult]::new('zookeeper-start', 'zookeeper-start', [CompletionResultType]::ParameterValue, 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)')
            [CompletionResult]::new('zookeeper-server-start', 'zookeeper-server-start', [CompletionResultType]::ParameterValue, 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)')
            [CompletionResult]::new('kafka-storage', 'kafka-storage', [CompletionResultType]::ParameterValue, 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)')
            [CompletionResult]::new('zookeeper-shell', 'zookeeper-shell', [CompletionResultType]::ParameterValue, 'Run ZooKeeper''s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)')
            [CompletionResult]::new('broker-api-versions', 'broker-api-versions', [CompletionResultType]::ParameterValue, 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)')
            [CompletionResult]::new('kafka-broker-api-versions', 'kafka-broker-api-versions', [CompletionResultType]::ParameterValue, 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)')
            [CompletionResult]::new('delete-records', 'delete-records', [CompletionResultType]::ParameterValue, 'Delete the records of partitions below given offsets (kafka-delete-records.sh)')
            [CompletionResult]::new('kafka-delete-records', 'kafka-delete-records', [CompletionResultType]::ParameterValue, 'Delete the records of partitions below given offsets (kafka-delete-records.sh)')
            [CompletionResult]::new('delegation-tokens', 'delegation-tokens', [CompletionResultType]::ParameterValue, 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)')
            [CompletionResult]::new('kafka-delegation-tokens', 'kafka-delegation-tokens', [CompletionResultType]::ParameterValue, 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)')
            [CompletionResult]::new('e2e-latency', 'e2e-latency', [CompletionResultType]::ParameterValue, 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)')
            [CompletionResult]::new('kafka-e2e-latency', 'kafka-e2e-latency', [CompletionResultType]::ParameterValue, 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)')
            [CompletionResult]::new('client-metrics', 'client-metrics', [CompletionResultType]::ParameterValue, 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)')
            [CompletionResult]::new('kafka-client-metrics', 'kafka-client-metrics', [CompletionResultType]::ParameterValue, 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)')
            [CompletionResult]::new('jmx', 'jmx', [CompletionResultType]::ParameterValue, 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)')
            [CompletionResult]::new('kafka-jmx', 'kafka-jmx', [CompletionResultType]::ParameterValue, 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)')
            [CompletionResult]::new('verifiable-producer', 'verifiable-producer', [CompletionResultType]::ParameterValue, 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)')
            [CompletionResult]::new('kafka-verifiable-producer', 'kafka-verifiable-producer', [CompletionResultType]::ParameterValue, 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)')
            [CompletionResult]::new('verifiable-consumer', 'verifiable-consumer', [CompletionResultType]::ParameterValue, 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)')
            [CompletionResult]::new('kafka-verifiable-consumer', 'kafka-verifiable-consumer', [CompletionResultType]::ParameterValue, 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)')
            [CompletionResult]::new('replica-verification', 'replica-verification', [CompletionResultType]::ParameterValue, 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)')
            [CompletionResult]::new('kafka-replica-verification', 'kafka-replica-verification', [CompletionResultType]::ParameterValue, 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)')
            [CompletionResult]::new('mirror-maker', 'mirror-maker', [CompletionResultType]::ParameterValue, 'Copy topics from one cluster to another (kafka-mirror-maker.sh)')
            [CompletionResult]::new('kafka-mirror-maker', 'kafka-mirror-maker', [CompletionResultType]::ParameterValue, 'Copy topics from one cluster to another (kafka-mirror-maker.sh)')
            [CompletionResult]::new('connect-mirror-maker', 'connect-mirror-maker', [CompletionResultType]::ParameterValue, 'Run MirrorMaker 2''s replication flows between clusters (connect-mirror-maker.sh)')
            [CompletionResult]::new('connect-standalone', 'connect-standalone', [CompletionResultType]::ParameterValue, 'Run Kafka Connect''s standalone worker with the file connectors (connect-standalone.sh)')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)')
            [CompletionResult]::new('kafka-cluster', 'kafka-cluster', [CompletionResultType]::ParameterValue, 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)')
            [CompletionResult]::new('streams-application-reset', 'streams-application-reset', [CompletionResultType]::ParameterValue, 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)')
            [CompletionResult]::new('kafka-streams-application-reset', 'kafka-streams-application-reset', [CompletionResultType]::ParameterValue, 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)')
            [CompletionResult]::new('features', 'features', [CompletionResultType]::ParameterValue, 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)')
            [CompletionResult]::new('kafka-features', 'kafka-features', [CompletionResultType]::ParameterValue, 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)')
            [CompletionResult]::new('metadata-quorum', 'metadata-quorum', [CompletionResultType]::ParameterValue, 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)')
            [CompletionResult]::new('kafka-metadata-quorum', 'kafka-metadata-quorum', [CompletionResultType]::ParameterValue, 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)')
            [CompletionResult]::new('metadata-shell', 'metadata-shell', [CompletionResultType]::ParameterValue, 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)')
            [CompletionResult]::new('kafka-metadata-shell', 'kafka-metadata-shell', [CompletionResultType]::ParameterValue, 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)')
            [CompletionResult]::new('kafka-transactions', 'kafka-transactions', [CompletionResultType]::ParameterValue, 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;topics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)')
            [CompletionResult]::new('--topic-id', '--topic-id', [CompletionResultType]::ParameterName, 'The id of the topic to describe (accepted with --describe only)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A topic config override for the topic being created, as key=value. Repeatable')
            [CompletionResult]::new('--replica-assignment', '--replica-assignment', [CompletionResultType]::ParameterName, 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0')
            [CompletionResult]::new('--partition-size-limit-per-response', '--partition-size-limit-per-response', [CompletionResultType]::ParameterName, 'With --describe: describe partitions this many at a time (accepted, no effect)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new topic')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all available topics')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the given topics (all topics without --topic)')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Add partitions to a topic')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete a topic')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'With --create: do nothing if the topic already exists')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'With --alter, --describe or --delete: do nothing if the topic does not exist')
            [CompletionResult]::new('--exclude-internal', '--exclude-internal', [CompletionResultType]::ParameterName, 'Leave internal topics (such as __consumer_offsets) out of --list and --describe')
            [CompletionResult]::new('--under-replicated-partitions', '--under-replicated-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose in-sync replicas are fewer than their replicas')
            [CompletionResult]::new('--unavailable-partitions', '--unavailable-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions without a leader, or whose leader is not a live broker')
            [CompletionResult]::new('--under-min-isr-partitions', '--under-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose ISR is smaller than the topic''s min.insync.replicas, and partitions without a leader')
            [CompletionResult]::new('--at-min-isr-partitions', '--at-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose ISR is exactly the topic''s min.insync.replicas')
            [CompletionResult]::new('--topics-with-overrides', '--topics-with-overrides', [CompletionResultType]::ParameterName, 'With --describe: show only topic overrides of configs (kt always does)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-topics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)')
            [CompletionResult]::new('--topic-id', '--topic-id', [CompletionResultType]::ParameterName, 'The id of the topic to describe (accepted with --describe only)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A topic config override for the topic being created, as key=value. Repeatable')
            [CompletionResult]::new('--replica-assignment', '--replica-assignment', [CompletionResultType]::ParameterName, 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0')
            [CompletionResult]::new('--partition-size-limit-per-response', '--partition-size-limit-per-response', [CompletionResultType]::ParameterName, 'With --describe: describe partitions this many at a time (accepted, no effect)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new topic')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all available topics')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the given topics (all topics without --topic)')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Add partitions to a topic')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete a topic')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'With --create: do nothing if the topic already exists')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'With --alter, --describe or --delete: do nothing if the topic does not exist')
            [CompletionResult]::new('--exclude-internal', '--exclude-internal', [CompletionResultType]::ParameterName, 'Leave internal topics (such as __consumer_offsets) out of --list and --describe')
            [CompletionResult]::new('--under-replicated-partitions', '--under-replicated-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose in-sync replicas are fewer than their replicas')
            [CompletionResult]::new('--unavailable-partitions', '--unavailable-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions without a leader, or whose leader is not a live broker')
            [CompletionResult]::new('--under-min-isr-partitions', '--under-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose ISR is smaller than the topic''s min.insync.replicas, and partitions without a leader')
            [CompletionResult]::new('--at-min-isr-partitions', '--at-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe: only partitions whose ISR is exactly the topic''s min.insync.replicas')
            [CompletionResult]::new('--topics-with-overrides', '--topics-with-overrides', [CompletionResultType]::ParameterName, 'With --describe: show only topic overrides of configs (kt always does)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;console-producer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to produce records to')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'Deprecated spelling of --bootstrap-server (ignored when that is given)')
            [CompletionResult]::new('--producer-property', '--producer-property', [CompletionResultType]::ParameterName, 'A producer property as key=value (Kafka''s names). Repeatable; wins over --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'A producer properties file (Kafka''s .properties format)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error')
            [CompletionResult]::new('--reader-config', '--reader-config', [CompletionResultType]::ParameterName, 'A line-reader properties file; --property wins over it')
            [CompletionResult]::new('--request-required-acks', '--request-required-acks', [CompletionResultType]::ParameterName, 'The acks the producer requires: -1 (all, the default), 0 or 1')
            [CompletionResult]::new('--compression-codec', '--compression-codec', [CompletionResultType]::ParameterName, 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Batch size in bytes (batch.size)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input''s end is always flushed at once')
            [CompletionResult]::new('--request-timeout-ms', '--request-timeout-ms', [CompletionResultType]::ParameterName, 'The producer''s ack timeout in ms (request.timeout.ms)')
            [CompletionResult]::new('--message-send-max-retries', '--message-send-max-retries', [CompletionResultType]::ParameterName, 'How often a failed send is retried (retries)')
            [CompletionResult]::new('--retry-backoff-ms', '--retry-backoff-ms', [CompletionResultType]::ParameterName, 'Wait before a retry, in ms (retry.backoff.ms)')
            [CompletionResult]::new('--max-block-ms', '--max-block-ms', [CompletionResultType]::ParameterName, 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)')
            [CompletionResult]::new('--max-memory-bytes', '--max-memory-bytes', [CompletionResultType]::ParameterName, 'Memory for records waiting to be sent, in bytes (buffer.memory)')
            [CompletionResult]::new('--max-partition-memory-bytes', '--max-partition-memory-bytes', [CompletionResultType]::ParameterName, 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)')
            [CompletionResult]::new('--metadata-expiry-ms', '--metadata-expiry-ms', [CompletionResultType]::ParameterName, 'Refresh metadata at least this often, in ms (metadata.max.age.ms)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'TCP send buffer size in bytes (send.buffer.bytes)')
            [CompletionResult]::new('--line-reader', '--line-reader', [CompletionResultType]::ParameterName, 'A Java line-reader class: accepted and ignored (kt always reads lines)')
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'Send each record synchronously, waiting for its acknowledgement')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-console-producer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to produce records to')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'Deprecated spelling of --bootstrap-server (ignored when that is given)')
            [CompletionResult]::new('--producer-property', '--producer-property', [CompletionResultType]::ParameterName, 'A producer property as key=value (Kafka''s names). Repeatable; wins over --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'A producer properties file (Kafka''s .properties format)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error')
            [CompletionResult]::new('--reader-config', '--reader-config', [CompletionResultType]::ParameterName, 'A line-reader properties file; --property wins over it')
            [CompletionResult]::new('--request-required-acks', '--request-required-acks', [CompletionResultType]::ParameterName, 'The acks the producer requires: -1 (all, the default), 0 or 1')
            [CompletionResult]::new('--compression-codec', '--compression-codec', [CompletionResultType]::ParameterName, 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Batch size in bytes (batch.size)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input''s end is always flushed at once')
            [CompletionResult]::new('--request-timeout-ms', '--request-timeout-ms', [CompletionResultType]::ParameterName, 'The producer''s ack timeout in ms (request.timeout.ms)')
            [CompletionResult]::new('--message-send-max-retries', '--message-send-max-retries', [CompletionResultType]::ParameterName, 'How often a failed send is retried (retries)')
            [CompletionResult]::new('--retry-backoff-ms', '--retry-backoff-ms', [CompletionResultType]::ParameterName, 'Wait before a retry, in ms (retry.backoff.ms)')
            [CompletionResult]::new('--max-block-ms', '--max-block-ms', [CompletionResultType]::ParameterName, 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)')
            [CompletionResult]::new('--max-memory-bytes', '--max-memory-bytes', [CompletionResultType]::ParameterName, 'Memory for records waiting to be sent, in bytes (buffer.memory)')
            [CompletionResult]::new('--max-partition-memory-bytes', '--max-partition-memory-bytes', [CompletionResultType]::ParameterName, 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)')
            [CompletionResult]::new('--metadata-expiry-ms', '--metadata-expiry-ms', [CompletionResultType]::ParameterName, 'Refresh metadata at least this often, in ms (metadata.max.age.ms)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'TCP send buffer size in bytes (send.buffer.bytes)')
            [CompletionResult]::new('--line-reader', '--line-reader', [CompletionResultType]::ParameterName, 'A Java line-reader class: accepted and ignored (kt always reads lines)')
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'Send each record synchronously, waiting for its acknowledgement')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;console-consumer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'A regular expression of the topics to consume (instead of --topic)')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'Deprecated spelling of --include (ignored when that is given)')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Consume only this partition (starting at its end unless --offset says otherwise)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where to start in --partition: ''earliest'', ''latest'' (default) or an offset')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Exit after printing this many records (-1: no limit, as without it)')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Exit when no record arrives for this many milliseconds (negative: never)')
            [CompletionResult]::new('--consumer-property', '--consumer-property', [CompletionResultType]::ParameterName, 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'A consumer properties file (Kafka''s .properties format)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)')
            [CompletionResult]::new('--formatter-config', '--formatter-config', [CompletionResultType]::ParameterName, 'A formatter properties file; --property wins over it')
            [CompletionResult]::new('--formatter', '--formatter', [CompletionResultType]::ParameterName, 'The formatter class; only Kafka''s default formatter is supported')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing')
            [CompletionResult]::new('--isolation-level', '--isolation-level', [CompletionResultType]::ParameterName, 'read_committed or read_uncommitted (default)')
            [CompletionResult]::new('--key-deserializer', '--key-deserializer', [CompletionResultType]::ParameterName, 'Key deserializer class: accepted; kt prints raw bytes')
            [CompletionResult]::new('--value-deserializer', '--value-deserializer', [CompletionResultType]::ParameterName, 'Value deserializer class: accepted; kt prints raw bytes')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '(kt) Print each record with kcat''s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \n \t escapes')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'Start with the earliest record rather than the next one (when the group has no committed offset)')
            [CompletionResult]::new('--skip-message-on-error', '--skip-message-on-error', [CompletionResultType]::ParameterName, 'Skip a record that cannot be processed instead of stopping')
            [CompletionResult]::new('--enable-systest-events', '--enable-systest-events', [CompletionResultType]::ParameterName, 'Accepted for compatibility; no effect')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-console-consumer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'A regular expression of the topics to consume (instead of --topic)')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'Deprecated spelling of --include (ignored when that is given)')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Consume only this partition (starting at its end unless --offset says otherwise)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where to start in --partition: ''earliest'', ''latest'' (default) or an offset')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Exit after printing this many records (-1: no limit, as without it)')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Exit when no record arrives for this many milliseconds (negative: never)')
            [CompletionResult]::new('--consumer-property', '--consumer-property', [CompletionResultType]::ParameterName, 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'A consumer properties file (Kafka''s .properties format)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)')
            [CompletionResult]::new('--formatter-config', '--formatter-config', [CompletionResultType]::ParameterName, 'A formatter properties file; --property wins over it')
            [CompletionResult]::new('--formatter', '--formatter', [CompletionResultType]::ParameterName, 'The formatter class; only Kafka''s default formatter is supported')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing')
            [CompletionResult]::new('--isolation-level', '--isolation-level', [CompletionResultType]::ParameterName, 'read_committed or read_uncommitted (default)')
            [CompletionResult]::new('--key-deserializer', '--key-deserializer', [CompletionResultType]::ParameterName, 'Key deserializer class: accepted; kt prints raw bytes')
            [CompletionResult]::new('--value-deserializer', '--value-deserializer', [CompletionResultType]::ParameterName, 'Value deserializer class: accepted; kt prints raw bytes')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '(kt) Print each record with kcat''s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \n \t escapes')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'Start with the earliest record rather than the next one (when the group has no committed offset)')
            [CompletionResult]::new('--skip-message-on-error', '--skip-message-on-error', [CompletionResultType]::ParameterName, 'Skip a record that cannot be processed instead of stopping')
            [CompletionResult]::new('--enable-systest-events', '--enable-systest-events', [CompletionResultType]::ParameterName, 'Accepted for compatibility; no effect')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;get-offsets' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'Deprecated spelling of --bootstrap-server')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A regular expression of the topics to look at (all topics without it)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Comma-separated partition ids to look at (all without it)')
            [CompletionResult]::new('--topic-partitions', '--topic-partitions', [CompletionResultType]::ParameterName, 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--exclude-internal-topics', '--exclude-internal-topics', [CompletionResultType]::ParameterName, 'Leave internal topics (such as __consumer_offsets) out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-get-offsets' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'Deprecated spelling of --bootstrap-server')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A regular expression of the topics to look at (all topics without it)')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Comma-separated partition ids to look at (all without it)')
            [CompletionResult]::new('--topic-partitions', '--topic-partitions', [CompletionResultType]::ParameterName, 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--exclude-internal-topics', '--exclude-internal-topics', [CompletionResultType]::ParameterName, 'Leave internal topics (such as __consumer_offsets) out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;consumer-groups' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group. Repeatable')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Describe the state; with --list, show each group''s state, optionally only these states (comma-separated)')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset to this offset (clamped to what the partition holds)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Move the committed offsets by N (negative: back)')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset to the first offset after now minus a duration: PnDTnHnMnS')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all consumer groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the groups: committed offsets and lag (default), --members or --state')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the groups (only groups without active members)')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset the groups'' committed offsets (a plan unless --execute)')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete the group''s committed offsets of --topic')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Every group')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Every topic the group has committed offsets for (with --reset-offsets)')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'Describe the members instead of the offsets')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'Describe the offsets (the default view)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail: member assignments')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset to the earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset to the latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset to the current committed offset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print the reset plan (the default)')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Carry the reset out')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print the reset plan as CSV (topic,partition,offset)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-consumer-groups' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group. Repeatable')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Describe the state; with --list, show each group''s state, optionally only these states (comma-separated)')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset to this offset (clamped to what the partition holds)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Move the committed offsets by N (negative: back)')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset to the first offset after now minus a duration: PnDTnHnMnS')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all consumer groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the groups: committed offsets and lag (default), --members or --state')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the groups (only groups without active members)')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset the groups'' committed offsets (a plan unless --execute)')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete the group''s committed offsets of --topic')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Every group')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Every topic the group has committed offsets for (with --reset-offsets)')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'Describe the members instead of the offsets')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'Describe the offsets (the default view)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail: member assignments')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset to the earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset to the latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset to the current committed offset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only print the reset plan (the default)')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Carry the reset out')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print the reset plan as CSV (topic,partition,offset)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;server-start' {
            [CompletionResult]::new('--override', '--override', [CompletionResultType]::ParameterName, 'Set a property, overriding the file (repeatable): --override key=value')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-server-start' {
            [CompletionResult]::new('--override', '--override', [CompletionResultType]::ParameterName, 'Set a property, overriding the file (repeatable): --override key=value')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;configs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'The kind of entity: topics or brokers')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'The entity: a topic name or a broker id. Without it, --describe covers every topic')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Shorthand for --entity-type topics --entity-name TOPIC')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Shorthand for --entity-type brokers --entity-name ID')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Config keys to remove, as k1,k2. Repeatable')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List the configs of the given entity (dynamic ones; all with --all)')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Change the configs of the given entity with --add-config and --delete-config')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --describe: every config, defaults included, not only the dynamic ones')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-configs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs')
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'The kind of entity: topics or brokers')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'The entity: a topic name or a broker id. Without it, --describe covers every topic')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Shorthand for --entity-type topics --entity-name TOPIC')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Shorthand for --entity-type brokers --entity-name ID')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Config keys to remove, as k1,k2. Repeatable')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) How to print: plain (Kafka''s format), table, or json')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List the configs of the given entity (dynamic ones; all with --all)')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Change the configs of the given entity with --add-config and --delete-config')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --describe: every config, defaults included, not only the dynamic ones')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;producer-perf-test' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to produce to')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'How many records to send')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'The size of each record''s value in bytes (random uppercase letters)')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random')
            [CompletionResult]::new('--payload-delimiter', '--payload-delimiter', [CompletionResultType]::ParameterName, 'What separates payloads in --payload-file (\n by default)')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'At most about this many records per second; -1 for no limit')
            [CompletionResult]::new('--producer-props', '--producer-props', [CompletionResultType]::ParameterName, 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'A producer properties file')
            [CompletionResult]::new('--warmup-records', '--warmup-records', [CompletionResultType]::ParameterName, 'Records sent first and left out of a second, steady-state summary line')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'Transactions are not supported by kt''s perf test')
            [CompletionResult]::new('--transaction-duration-ms', '--transaction-duration-ms', [CompletionResultType]::ParameterName, 'Transactions are not supported by kt''s perf test')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s lines) or json (one document with a latency histogram)')
            [CompletionResult]::new('--payload-monotonic', '--payload-monotonic', [CompletionResultType]::ParameterName, 'Values are the record''s number: 0, 1, 2, ...')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Kafka prints its Java client metrics; kt refuses rather than print something else')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-producer-perf-test' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to produce to')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'How many records to send')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'The size of each record''s value in bytes (random uppercase letters)')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random')
            [CompletionResult]::new('--payload-delimiter', '--payload-delimiter', [CompletionResultType]::ParameterName, 'What separates payloads in --payload-file (\n by default)')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'At most about this many records per second; -1 for no limit')
            [CompletionResult]::new('--producer-props', '--producer-props', [CompletionResultType]::ParameterName, 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'A producer properties file')
            [CompletionResult]::new('--warmup-records', '--warmup-records', [CompletionResultType]::ParameterName, 'Records sent first and left out of a second, steady-state summary line')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'Transactions are not supported by kt''s perf test')
            [CompletionResult]::new('--transaction-duration-ms', '--transaction-duration-ms', [CompletionResultType]::ParameterName, 'Transactions are not supported by kt''s perf test')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s lines) or json (one document with a latency histogram)')
            [CompletionResult]::new('--payload-monotonic', '--payload-monotonic', [CompletionResultType]::ParameterName, 'Values are the record''s number: 0, 1, 2, ...')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Kafka prints its Java client metrics; kt refuses rather than print something else')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;consumer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to connect to')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'A regular expression of the topics to consume (instead of --topic)')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'REQUIRED: how many records to consume')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The most bytes fetched per partition in one request')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The TCP receive buffer size')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'A consumer properties file')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this many ms without a record')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'How often --show-detailed-stats prints, in ms')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--from-latest', '--from-latest', [CompletionResultType]::ParameterName, 'Start at the end of the log rather than the beginning (without committed offsets)')
            [CompletionResult]::new('--show-detailed-stats', '--show-detailed-stats', [CompletionResultType]::ParameterName, 'Print a line per --reporting-interval instead of one summary')
            [CompletionResult]::new('--hide-header', '--hide-header', [CompletionResultType]::ParameterName, 'Do not print the header line')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Kafka prints its Java client metrics; kt refuses rather than print something else')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-consumer-perf-test' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to connect to')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'A regular expression of the topics to consume (instead of --topic)')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'REQUIRED: how many records to consume')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The most bytes fetched per partition in one request')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The TCP receive buffer size')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'A consumer properties file')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this many ms without a record')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'How often --show-detailed-stats prints, in ms')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '(kt) plain (Kafka''s lines) or json (one document)')
            [CompletionResult]::new('--from-latest', '--from-latest', [CompletionResultType]::ParameterName, 'Start at the end of the log rather than the beginning (without committed offsets)')
            [CompletionResult]::new('--show-detailed-stats', '--show-detailed-stats', [CompletionResultType]::ParameterName, 'Print a line per --reporting-interval instead of one summary')
            [CompletionResult]::new('--hide-header', '--hide-header', [CompletionResultType]::ParameterName, 'Do not print the header line')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Kafka prints its Java client metrics; kt refuses rather than print something else')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;dump-log' {
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Read at most this many bytes of each .log file')
            [CompletionResult]::new('--print-data-log', '--print-data-log', [CompletionResultType]::ParameterName, 'Print each record''s key and value (implies --deep-iteration)')
            [CompletionResult]::new('--deep-iteration', '--deep-iteration', [CompletionResultType]::ParameterName, 'Print a line per record, not only per batch')
            [CompletionResult]::new('--transaction-log-decoder', '--transaction-log-decoder', [CompletionResultType]::ParameterName, 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)')
            [CompletionResult]::new('--skip-record-metadata', '--skip-record-metadata', [CompletionResultType]::ParameterName, 'With record lines: leave out offset, timestamp, sizes, sequence and header keys')
            [CompletionResult]::new('--verify-index-only', '--verify-index-only', [CompletionResultType]::ParameterName, 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-dump-log' {
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Read at most this many bytes of each .log file')
            [CompletionResult]::new('--print-data-log', '--print-data-log', [CompletionResultType]::ParameterName, 'Print each record''s key and value (implies --deep-iteration)')
            [CompletionResult]::new('--deep-iteration', '--deep-iteration', [CompletionResultType]::ParameterName, 'Print a line per record, not only per batch')
            [CompletionResult]::new('--transaction-log-decoder', '--transaction-log-decoder', [CompletionResultType]::ParameterName, 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)')
            [CompletionResult]::new('--skip-record-metadata', '--skip-record-metadata', [CompletionResultType]::ParameterName, 'With record lines: leave out offset, timestamp, sizes, sequence and header keys')
            [CompletionResult]::new('--verify-index-only', '--verify-index-only', [CompletionResultType]::ParameterName, 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;log-dirs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic-list', '--topic-list', [CompletionResultType]::ParameterName, 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the specified log directories on the specified brokers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-log-dirs' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic-list', '--topic-list', [CompletionResultType]::ParameterName, 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe the specified log directories on the specified brokers')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;leader-election' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given')
            [CompletionResult]::new('--admin.config', '--admin.config', [CompletionResultType]::ParameterName, 'Configuration properties files to pass to the admin client')
            [CompletionResult]::new('--path-to-json-file', '--path-to-json-file', [CompletionResultType]::ParameterName, 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Partition id for which to perform an election. REQUIRED if --topic is specified')
            [CompletionResult]::new('--election-type', '--election-type', [CompletionResultType]::ParameterName, 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)')
            [CompletionResult]::new('--all-topic-partitions', '--all-topic-partitions', [CompletionResultType]::ParameterName, 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-leader-election' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given')
            [CompletionResult]::new('--admin.config', '--admin.config', [CompletionResultType]::ParameterName, 'Configuration properties files to pass to the admin client')
            [CompletionResult]::new('--path-to-json-file', '--path-to-json-file', [CompletionResultType]::ParameterName, 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Partition id for which to perform an election. REQUIRED if --topic is specified')
            [CompletionResult]::new('--election-type', '--election-type', [CompletionResultType]::ParameterName, 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)')
            [CompletionResult]::new('--all-topic-partitions', '--all-topic-partitions', [CompletionResultType]::ParameterName, 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;reassign-partitions' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--reassignment-json-file', '--reassignment-json-file', [CompletionResultType]::ParameterName, 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional')
            [CompletionResult]::new('--topics-to-move-json-file', '--topics-to-move-json-file', [CompletionResultType]::ParameterName, 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration')
            [CompletionResult]::new('--throttle', '--throttle', [CompletionResultType]::ParameterName, 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s')
            [CompletionResult]::new('--replica-alter-log-dirs-throttle', '--replica-alter-log-dirs-throttle', [CompletionResultType]::ParameterName, 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum time in ms to wait for log directory replica assignment to begin')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Kick off the reassignment as specified by the --reassignment-json-file option')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Cancel an active reassignment')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all active partition reassignments')
            [CompletionResult]::new('--disable-rack-aware', '--disable-rack-aware', [CompletionResultType]::ParameterName, 'Disable rack aware replica assignment')
            [CompletionResult]::new('--additional', '--additional', [CompletionResultType]::ParameterName, 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment')
            [CompletionResult]::new('--preserve-throttles', '--preserve-throttles', [CompletionResultType]::ParameterName, 'Do not modify broker or topic throttles')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-reassign-partitions' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--reassignment-json-file', '--reassignment-json-file', [CompletionResultType]::ParameterName, 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional')
            [CompletionResult]::new('--topics-to-move-json-file', '--topics-to-move-json-file', [CompletionResultType]::ParameterName, 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration')
            [CompletionResult]::new('--throttle', '--throttle', [CompletionResultType]::ParameterName, 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s')
            [CompletionResult]::new('--replica-alter-log-dirs-throttle', '--replica-alter-log-dirs-throttle', [CompletionResultType]::ParameterName, 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum time in ms to wait for log directory replica assignment to begin')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Kick off the reassignment as specified by the --reassignment-json-file option')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Cancel an active reassignment')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all active partition reassignments')
            [CompletionResult]::new('--disable-rack-aware', '--disable-rack-aware', [CompletionResultType]::ParameterName, 'Disable rack aware replica assignment')
            [CompletionResult]::new('--additional', '--additional', [CompletionResultType]::ParameterName, 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment')
            [CompletionResult]::new('--preserve-throttles', '--preserve-throttles', [CompletionResultType]::ParameterName, 'Do not modify broker or topic throttles')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;acls' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds')
            [CompletionResult]::new('--delegation-token', '--delegation-token', [CompletionResultType]::ParameterName, 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens')
            [CompletionResult]::new('--user-principal', '--user-principal', [CompletionResultType]::ParameterName, 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal')
            [CompletionResult]::new('--resource-pattern-type', '--resource-pattern-type', [CompletionResultType]::ParameterName, 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care')
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs')
            [CompletionResult]::new('--allow-principal', '--allow-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users')
            [CompletionResult]::new('--deny-principal', '--deny-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts')
            [CompletionResult]::new('--deny-host', '--deny-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Indicates you are trying to add ACLs')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Indicates you are trying to remove ACLs')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Add/Remove cluster ACLs')
            [CompletionResult]::new('--producer', '--producer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Assume Yes to all queries and do not prompt')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-acls' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds')
            [CompletionResult]::new('--delegation-token', '--delegation-token', [CompletionResultType]::ParameterName, 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens')
            [CompletionResult]::new('--user-principal', '--user-principal', [CompletionResultType]::ParameterName, 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal')
            [CompletionResult]::new('--resource-pattern-type', '--resource-pattern-type', [CompletionResultType]::ParameterName, 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care')
            [CompletionResult]::new('--operation', '--operation', [CompletionResultType]::ParameterName, 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs')
            [CompletionResult]::new('--allow-principal', '--allow-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users')
            [CompletionResult]::new('--deny-principal', '--deny-principal', [CompletionResultType]::ParameterName, 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts')
            [CompletionResult]::new('--deny-host', '--deny-host', [CompletionResultType]::ParameterName, 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts')
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Indicates you are trying to add ACLs')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Indicates you are trying to remove ACLs')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Add/Remove cluster ACLs')
            [CompletionResult]::new('--producer', '--producer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic')
            [CompletionResult]::new('--consumer', '--consumer', [CompletionResultType]::ParameterName, 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group')
            [CompletionResult]::new('--idempotent', '--idempotent', [CompletionResultType]::ParameterName, 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Assume Yes to all queries and do not prompt')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;server-stop' {
            [CompletionResult]::new('--node-id', '--node-id', [CompletionResultType]::ParameterName, 'Stop only the broker whose node.id (or broker.id) is this')
            [CompletionResult]::new('--process-role', '--process-role', [CompletionResultType]::ParameterName, 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-server-stop' {
            [CompletionResult]::new('--node-id', '--node-id', [CompletionResultType]::ParameterName, 'Stop only the broker whose node.id (or broker.id) is this')
            [CompletionResult]::new('--process-role', '--process-role', [CompletionResultType]::ParameterName, 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;zookeeper-stop' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;zookeeper-server-stop' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;wait-ready' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The broker(s) to wait for, as HOST1:PORT1,HOST2:PORT2: ready when any answers Metadata')
            [CompletionResult]::new('--zookeeper', '--zookeeper', [CompletionResultType]::ParameterName, 'Wait for a ZooKeeper server instead: ready when it answers `srvr` (or `ruok`)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait before giving up: 30s, 500ms, 2m, or plain seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;certs' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'The directory to write the PEM files into (created if missing)')
            [CompletionResult]::new('--hosts', '--hosts', [CompletionResultType]::ParameterName, 'Host names and addresses the broker''s certificate is valid for, comma-separated')
            [CompletionResult]::new('--client-name', '--client-name', [CompletionResultType]::ParameterName, 'The common name of the client certificate (the client''s principal is CN=<name>)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'How many days the certificates are valid')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Encrypt the PEM keys with this password and write PKCS12 keystores and a truststore with it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;man' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;zookeeper-start' {
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;zookeeper-server-start' {
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;storage' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-storage' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;storage;info' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-storage;info' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;storage;format' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The cluster ID to use (kt storage random-uuid makes one)')
            [CompletionResult]::new('--cluster-id', '--cluster-id', [CompletionResultType]::ParameterName, 'The cluster ID to use (kt storage random-uuid makes one)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)')
            [CompletionResult]::new('--add-scram', '--add-scram', [CompletionResultType]::ParameterName, 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'The dynamic quorum''s voters: id@host:port:directory-id,...')
            [CompletionResult]::new('--initial-controllers', '--initial-controllers', [CompletionResultType]::ParameterName, 'The dynamic quorum''s voters: id@host:port:directory-id,...')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Skip directories that are already formatted instead of failing')
            [CompletionResult]::new('--ignore-formatted', '--ignore-formatted', [CompletionResultType]::ParameterName, 'Skip directories that are already formatted instead of failing')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Initialize a server without a dynamic quorum topology')
            [CompletionResult]::new('--no-initial-controllers', '--no-initial-controllers', [CompletionResultType]::ParameterName, 'Initialize a server without a dynamic quorum topology')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-storage;format' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The cluster ID to use (kt storage random-uuid makes one)')
            [CompletionResult]::new('--cluster-id', '--cluster-id', [CompletionResultType]::ParameterName, 'The cluster ID to use (kt storage random-uuid makes one)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)')
            [CompletionResult]::new('--add-scram', '--add-scram', [CompletionResultType]::ParameterName, 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'The dynamic quorum''s voters: id@host:port:directory-id,...')
            [CompletionResult]::new('--initial-controllers', '--initial-controllers', [CompletionResultType]::ParameterName, 'The dynamic quorum''s voters: id@host:port:directory-id,...')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Skip directories that are already formatted instead of failing')
            [CompletionResult]::new('--ignore-formatted', '--ignore-formatted', [CompletionResultType]::ParameterName, 'Skip directories that are already formatted instead of failing')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Initialize a server without a dynamic quorum topology')
            [CompletionResult]::new('--no-initial-controllers', '--no-initial-controllers', [CompletionResultType]::ParameterName, 'Initialize a server without a dynamic quorum topology')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;storage;random-uuid' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-storage;random-uuid' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;storage;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;storage;help;info' {
            break
        }
        'kt;storage;help;format' {
            break
        }
        'kt;storage;help;random-uuid' {
            break
        }
        'kt;storage;help;help' {
            break
        }
        'kt;kafka-storage;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-storage;help;info' {
            break
        }
        'kt;kafka-storage;help;format' {
            break
        }
        'kt;kafka-storage;help;random-uuid' {
            break
        }
        'kt;kafka-storage;help;help' {
            break
        }
        'kt;zookeeper-shell' {
            [CompletionResult]::new('--zk-tls-config-file', '--zk-tls-config-file', [CompletionResultType]::ParameterName, 'A properties file with ZooKeeper client TLS settings (Kafka''s -zk-tls-config-file; the single-dash spelling works too). kt connects without TLS and refuses a file that turns it on (zookeeper.ssl.client.enable=true)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;broker-api-versions' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-broker-api-versions' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;delete-records' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server to connect to')
            [CompletionResult]::new('--offset-json-file', '--offset-json-file', [CompletionResultType]::ParameterName, 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-delete-records' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server to connect to')
            [CompletionResult]::new('--offset-json-file', '--offset-json-file', [CompletionResultType]::ParameterName, 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'A property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;delegation-tokens' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs')
            [CompletionResult]::new('--owner-principal', '--owner-principal', [CompletionResultType]::ParameterName, 'owner is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--renewer-principal', '--renewer-principal', [CompletionResultType]::ParameterName, 'renewer is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--max-life-time-period', '--max-life-time-period', [CompletionResultType]::ParameterName, 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)')
            [CompletionResult]::new('--renew-time-period', '--renew-time-period', [CompletionResultType]::ParameterName, 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)')
            [CompletionResult]::new('--expiry-time-period', '--expiry-time-period', [CompletionResultType]::ParameterName, 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately')
            [CompletionResult]::new('--hmac', '--hmac', [CompletionResultType]::ParameterName, 'HMAC of the delegation token')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new delegation token. Use --renewer-principal option to pass renewer principals')
            [CompletionResult]::new('--renew', '--renew', [CompletionResultType]::ParameterName, 'Renew delegation token. Use --renew-time-period option to set renew time period')
            [CompletionResult]::new('--expire', '--expire', [CompletionResultType]::ParameterName, 'Expire delegation token. Use --expiry-time-period option to expire the token')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-delegation-tokens' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: server(s) to use for bootstrapping')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs')
            [CompletionResult]::new('--owner-principal', '--owner-principal', [CompletionResultType]::ParameterName, 'owner is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--renewer-principal', '--renewer-principal', [CompletionResultType]::ParameterName, 'renewer is a Kafka principal. They should be in principalType:name format')
            [CompletionResult]::new('--max-life-time-period', '--max-life-time-period', [CompletionResultType]::ParameterName, 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)')
            [CompletionResult]::new('--renew-time-period', '--renew-time-period', [CompletionResultType]::ParameterName, 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)')
            [CompletionResult]::new('--expiry-time-period', '--expiry-time-period', [CompletionResultType]::ParameterName, 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately')
            [CompletionResult]::new('--hmac', '--hmac', [CompletionResultType]::ParameterName, 'HMAC of the delegation token')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new delegation token. Use --renewer-principal option to pass renewer principals')
            [CompletionResult]::new('--renew', '--renew', [CompletionResultType]::ParameterName, 'Renew delegation token. Use --renew-time-period option to set renew time period')
            [CompletionResult]::new('--expire', '--expire', [CompletionResultType]::ParameterName, 'Expire delegation token. Use --expiry-time-period option to expire the token')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;e2e-latency' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-e2e-latency' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;client-metrics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The Kafka server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of client metrics configuration resource')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'The metrics push interval in milliseconds')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Matching selector ''k1=v1,k2=v2''. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Telemetry metric name prefixes ''m1,m2''')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configuration for the client metrics resource')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the configuration for the client metrics resource')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List configurations for the client metrics resource')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the client metrics resources')
            [CompletionResult]::new('--generate-name', '--generate-name', [CompletionResultType]::ParameterName, 'Generate a UUID to use as the name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-client-metrics' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The Kafka server to connect to')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of client metrics configuration resource')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'The metrics push interval in milliseconds')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Matching selector ''k1=v1,k2=v2''. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Telemetry metric name prefixes ''m1,m2''')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configuration for the client metrics resource')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the configuration for the client metrics resource')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List configurations for the client metrics resource')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the client metrics resources')
            [CompletionResult]::new('--generate-name', '--generate-name', [CompletionResultType]::ParameterName, 'Generate a UUID to use as the name')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;jmx' {
            [CompletionResult]::new('--object-name', '--object-name', [CompletionResultType]::ParameterName, 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried')
            [CompletionResult]::new('--attributes', '--attributes', [CompletionResultType]::ParameterName, 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true')
            [CompletionResult]::new('--one-time', '--one-time', [CompletionResultType]::ParameterName, 'Flag to indicate run once only')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options')
            [CompletionResult]::new('--jmx-url', '--jmx-url', [CompletionResultType]::ParameterName, 'The url to read the metrics from: the broker''s metrics endpoint (http://HOST:PORT/metrics), or Kafka''s JMX service url, read as that endpoint')
            [CompletionResult]::new('--report-format', '--report-format', [CompletionResultType]::ParameterName, 'output format name: either ''original'', ''properties'', ''csv'', ''tsv''')
            [CompletionResult]::new('--jmx-auth-prop', '--jmx-auth-prop', [CompletionResultType]::ParameterName, 'A mechanism to pass property in the form ''username=password'' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)')
            [CompletionResult]::new('--jmx-ssl-enable', '--jmx-ssl-enable', [CompletionResultType]::ParameterName, 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-jmx' {
            [CompletionResult]::new('--object-name', '--object-name', [CompletionResultType]::ParameterName, 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried')
            [CompletionResult]::new('--attributes', '--attributes', [CompletionResultType]::ParameterName, 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true')
            [CompletionResult]::new('--one-time', '--one-time', [CompletionResultType]::ParameterName, 'Flag to indicate run once only')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options')
            [CompletionResult]::new('--jmx-url', '--jmx-url', [CompletionResultType]::ParameterName, 'The url to read the metrics from: the broker''s metrics endpoint (http://HOST:PORT/metrics), or Kafka''s JMX service url, read as that endpoint')
            [CompletionResult]::new('--report-format', '--report-format', [CompletionResultType]::ParameterName, 'output format name: either ''original'', ''properties'', ''csv'', ''tsv''')
            [CompletionResult]::new('--jmx-auth-prop', '--jmx-auth-prop', [CompletionResultType]::ParameterName, 'A mechanism to pass property in the form ''username=password'' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)')
            [CompletionResult]::new('--jmx-ssl-enable', '--jmx-ssl-enable', [CompletionResultType]::ParameterName, 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;verifiable-producer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Produce messages to this topic')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Produce this many messages. If -1, produce messages until the process is killed externally')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec')
            [CompletionResult]::new('--acks', '--acks', [CompletionResultType]::ParameterName, 'Acks required on each produced message. See Kafka docs on acks for details')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file')
            [CompletionResult]::new('--message-create-time', '--message-create-time', [CompletionResultType]::ParameterName, 'Send messages with creation time starting at the arguments value, in milliseconds since epoch')
            [CompletionResult]::new('--value-prefix', '--value-prefix', [CompletionResultType]::ParameterName, 'If specified, each produced value will have this prefix with a dot separator')
            [CompletionResult]::new('--repeating-keys', '--repeating-keys', [CompletionResultType]::ParameterName, 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-verifiable-producer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Produce messages to this topic')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Produce this many messages. If -1, produce messages until the process is killed externally')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec')
            [CompletionResult]::new('--acks', '--acks', [CompletionResultType]::ParameterName, 'Acks required on each produced message. See Kafka docs on acks for details')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Producer config properties file')
            [CompletionResult]::new('--message-create-time', '--message-create-time', [CompletionResultType]::ParameterName, 'Send messages with creation time starting at the arguments value, in milliseconds since epoch')
            [CompletionResult]::new('--value-prefix', '--value-prefix', [CompletionResultType]::ParameterName, 'If specified, each produced value will have this prefix with a dot separator')
            [CompletionResult]::new('--repeating-keys', '--repeating-keys', [CompletionResultType]::ParameterName, 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;verifiable-consumer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Consumes messages from this topic')
            [CompletionResult]::new('--group-id', '--group-id', [CompletionResultType]::ParameterName, 'The groupId shared among members of the consumer group')
            [CompletionResult]::new('--group-instance-id', '--group-instance-id', [CompletionResultType]::ParameterName, 'A unique identifier of the consumer instance')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally')
            [CompletionResult]::new('--session-timeout', '--session-timeout', [CompletionResultType]::ParameterName, 'Set the consumer''s session timeout')
            [CompletionResult]::new('--reset-policy', '--reset-policy', [CompletionResultType]::ParameterName, 'Set reset policy (must be either ''earliest'', ''latest'', or ''none'')')
            [CompletionResult]::new('--assignment-strategy', '--assignment-strategy', [CompletionResultType]::ParameterName, 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file (config options shared with command line parameters will be overridden)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Enable to log individual consumed records')
            [CompletionResult]::new('--enable-autocommit', '--enable-autocommit', [CompletionResultType]::ParameterName, 'Enable offset auto-commit on consumer')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-verifiable-consumer' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Consumes messages from this topic')
            [CompletionResult]::new('--group-id', '--group-id', [CompletionResultType]::ParameterName, 'The groupId shared among members of the consumer group')
            [CompletionResult]::new('--group-instance-id', '--group-instance-id', [CompletionResultType]::ParameterName, 'A unique identifier of the consumer instance')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally')
            [CompletionResult]::new('--session-timeout', '--session-timeout', [CompletionResultType]::ParameterName, 'Set the consumer''s session timeout')
            [CompletionResult]::new('--reset-policy', '--reset-policy', [CompletionResultType]::ParameterName, 'Set reset policy (must be either ''earliest'', ''latest'', or ''none'')')
            [CompletionResult]::new('--assignment-strategy', '--assignment-strategy', [CompletionResultType]::ParameterName, 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Consumer config properties file (config options shared with command line parameters will be overridden)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Enable to log individual consumed records')
            [CompletionResult]::new('--enable-autocommit', '--enable-autocommit', [CompletionResultType]::ParameterName, 'Enable offset auto-commit on consumer')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;replica-verification' {
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'REQUIRED: The list of hostname and port of the server to connect to')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The fetch size of each request')
            [CompletionResult]::new('--max-wait-ms', '--max-wait-ms', [CompletionResultType]::ParameterName, 'The max amount of time each fetch request waits')
            [CompletionResult]::new('--topics-include', '--topics-include', [CompletionResultType]::ParameterName, 'List of topics to verify replica consistency')
            [CompletionResult]::new('--topic-white-list', '--topic-white-list', [CompletionResultType]::ParameterName, 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Timestamp for getting the initial offsets')
            [CompletionResult]::new('--report-interval-ms', '--report-interval-ms', [CompletionResultType]::ParameterName, 'The reporting interval')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-replica-verification' {
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'REQUIRED: The list of hostname and port of the server to connect to')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The fetch size of each request')
            [CompletionResult]::new('--max-wait-ms', '--max-wait-ms', [CompletionResultType]::ParameterName, 'The max amount of time each fetch request waits')
            [CompletionResult]::new('--topics-include', '--topics-include', [CompletionResultType]::ParameterName, 'List of topics to verify replica consistency')
            [CompletionResult]::new('--topic-white-list', '--topic-white-list', [CompletionResultType]::ParameterName, 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Timestamp for getting the initial offsets')
            [CompletionResult]::new('--report-interval-ms', '--report-interval-ms', [CompletionResultType]::ParameterName, 'The reporting interval')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;mirror-maker' {
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Embedded consumer config for consuming from the source cluster')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Embedded producer config')
            [CompletionResult]::new('--num.streams', '--num.streams', [CompletionResultType]::ParameterName, 'Number of consumption streams')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'List of included topics to mirror')
            [CompletionResult]::new('--offset.commit.interval.ms', '--offset.commit.interval.ms', [CompletionResultType]::ParameterName, 'Offset commit interval in ms')
            [CompletionResult]::new('--consumer.rebalance.listener', '--consumer.rebalance.listener', [CompletionResultType]::ParameterName, 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)')
            [CompletionResult]::new('--rebalance.listener.args', '--rebalance.listener.args', [CompletionResultType]::ParameterName, 'Arguments used by custom rebalance listener for mirror maker consumer')
            [CompletionResult]::new('--message.handler', '--message.handler', [CompletionResultType]::ParameterName, 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)')
            [CompletionResult]::new('--message.handler.args', '--message.handler.args', [CompletionResultType]::ParameterName, 'Arguments used by custom message handler for mirror maker')
            [CompletionResult]::new('--abort.on.send.failure', '--abort.on.send.failure', [CompletionResultType]::ParameterName, 'Configure the mirror maker to exit on a failed send')
            [CompletionResult]::new('--new.consumer', '--new.consumer', [CompletionResultType]::ParameterName, 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-mirror-maker' {
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Embedded consumer config for consuming from the source cluster')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Embedded producer config')
            [CompletionResult]::new('--num.streams', '--num.streams', [CompletionResultType]::ParameterName, 'Number of consumption streams')
            [CompletionResult]::new('--whitelist', '--whitelist', [CompletionResultType]::ParameterName, 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'List of included topics to mirror')
            [CompletionResult]::new('--offset.commit.interval.ms', '--offset.commit.interval.ms', [CompletionResultType]::ParameterName, 'Offset commit interval in ms')
            [CompletionResult]::new('--consumer.rebalance.listener', '--consumer.rebalance.listener', [CompletionResultType]::ParameterName, 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)')
            [CompletionResult]::new('--rebalance.listener.args', '--rebalance.listener.args', [CompletionResultType]::ParameterName, 'Arguments used by custom rebalance listener for mirror maker consumer')
            [CompletionResult]::new('--message.handler', '--message.handler', [CompletionResultType]::ParameterName, 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)')
            [CompletionResult]::new('--message.handler.args', '--message.handler.args', [CompletionResultType]::ParameterName, 'Arguments used by custom message handler for mirror maker')
            [CompletionResult]::new('--abort.on.send.failure', '--abort.on.send.failure', [CompletionResultType]::ParameterName, 'Configure the mirror maker to exit on a failed send')
            [CompletionResult]::new('--new.consumer', '--new.consumer', [CompletionResultType]::ParameterName, 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;connect-mirror-maker' {
            [CompletionResult]::new('--clusters', '--clusters', [CompletionResultType]::ParameterName, 'Target cluster to use for this node')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;connect-standalone' {
            [CompletionResult]::new('--override-property', '--override-property', [CompletionResultType]::ParameterName, 'Properties overriding the worker config''s (accepted for compatibility; kt reads them as key=value pairs)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;cluster' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-cluster' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;cluster;cluster-id' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-cluster;cluster-id' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;cluster;unregister' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-cluster;unregister' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A list of host/port pairs to use for establishing the connection to the KRaft controllers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A property file containing configurations for the Admin client')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;cluster;help' {
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;cluster;help;cluster-id' {
            break
        }
        'kt;cluster;help;unregister' {
            break
        }
        'kt;cluster;help;help' {
            break
        }
        'kt;kafka-cluster;help' {
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-cluster;help;cluster-id' {
            break
        }
        'kt;kafka-cluster;help;unregister' {
            break
        }
        'kt;kafka-cluster;help;help' {
            break
        }
        'kt;streams-application-reset' {
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The Kafka Streams application ID (application.id)')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--input-topics', '--input-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5')
            [CompletionResult]::new('--intermediate-topics', '--intermediate-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end')
            [CompletionResult]::new('--internal-topics', '--internal-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset offsets to a specific offset')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss''')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS''')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset offsets to values defined in CSV file')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to admin clients and embedded consumer')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset offsets to earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset offsets to latest offset')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Display the actions that would be performed without executing the reset commands')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-streams-application-reset' {
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'The Kafka Streams application ID (application.id)')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2')
            [CompletionResult]::new('--input-topics', '--input-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5')
            [CompletionResult]::new('--intermediate-topics', '--intermediate-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end')
            [CompletionResult]::new('--internal-topics', '--internal-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset offsets to a specific offset')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss''')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS''')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset offsets to values defined in CSV file')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to admin clients and embedded consumer')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset offsets to earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset offsets to latest offset')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Display the actions that would be performed without executing the reset commands')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;features' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags. This is the same as downgrading the version to zero')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-features' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags. This is the same as downgrading the version to zero')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;features;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-features;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;features;upgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'The level to which we should upgrade the metadata. For example, 3.3-IV3')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate this upgrade, but do not perform it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-features;upgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'The level to which we should upgrade the metadata. For example, 3.3-IV3')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate this upgrade, but do not perform it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;features;downgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'The level to which we should downgrade the metadata. For example, 3.3-IV0')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Perform this downgrade even if it may irreversibly destroy metadata')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate this downgrade, but do not perform it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-features;downgrade' {
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'The level to which we should downgrade the metadata. For example, 3.3-IV0')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Perform this downgrade even if it may irreversibly destroy metadata')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate this downgrade, but do not perform it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;features;disable' {
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature flag to disable')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Disable this feature flag even if it may irreversibly destroy metadata')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Perform a dry-run of this disable operation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-features;disable' {
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature flag to disable')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Disable this feature flag even if it may irreversibly destroy metadata')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Perform a dry-run of this disable operation')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;features;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags. This is the same as downgrading the version to zero')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;features;help;describe' {
            break
        }
        'kt;features;help;upgrade' {
            break
        }
        'kt;features;help;downgrade' {
            break
        }
        'kt;features;help;disable' {
            break
        }
        'kt;features;help;help' {
            break
        }
        'kt;kafka-features;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags. This is the same as downgrading the version to zero')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-features;help;describe' {
            break
        }
        'kt;kafka-features;help;upgrade' {
            break
        }
        'kt;kafka-features;help;downgrade' {
            break
        }
        'kt;kafka-features;help;disable' {
            break
        }
        'kt;kafka-features;help;help' {
            break
        }
        'kt;metadata-quorum' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-metadata-quorum' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;metadata-quorum;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'A short summary of the quorum status and the other provides detailed information about the status of replication')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Detailed information about the status of replication')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Human-readable output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-metadata-quorum;describe' {
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Property file containing configs to be passed to Admin Client')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'A short summary of the quorum status and the other provides detailed information about the status of replication')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Detailed information about the status of replication')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'Human-readable output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;metadata-quorum;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;metadata-quorum;help;describe' {
            break
        }
        'kt;metadata-quorum;help;help' {
            break
        }
        'kt;kafka-metadata-quorum;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-metadata-quorum;help;describe' {
            break
        }
        'kt;kafka-metadata-quorum;help;help' {
            break
        }
        'kt;metadata-shell' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-metadata-shell' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions' {
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-transactions' {
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;transactions;list' {
            [CompletionResult]::new('--duration-filter', '--duration-filter', [CompletionResultType]::ParameterName, 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-transactions;list' {
            [CompletionResult]::new('--duration-filter', '--duration-filter', [CompletionResultType]::ParameterName, 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions;describe' {
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'REQUIRED: transactional id')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-transactions;describe' {
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'REQUIRED: transactional id')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions;describe-producers' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'optional broker id to describe the producer state on a specific replica')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'REQUIRED: partition number')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-transactions;describe-producers' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'optional broker id to describe the producer state on a specific replica')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'REQUIRED: partition number')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions;abort' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'REQUIRED: partition number')
            [CompletionResult]::new('--start-offset', '--start-offset', [CompletionResultType]::ParameterName, 'start offset of the transaction to abort')
            [CompletionResult]::new('--producer-id', '--producer-id', [CompletionResultType]::ParameterName, 'producer id')
            [CompletionResult]::new('--producer-epoch', '--producer-epoch', [CompletionResultType]::ParameterName, 'producer epoch')
            [CompletionResult]::new('--coordinator-epoch', '--coordinator-epoch', [CompletionResultType]::ParameterName, 'coordinator epoch')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-transactions;abort' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'REQUIRED: partition number')
            [CompletionResult]::new('--start-offset', '--start-offset', [CompletionResultType]::ParameterName, 'start offset of the transaction to abort')
            [CompletionResult]::new('--producer-id', '--producer-id', [CompletionResultType]::ParameterName, 'producer id')
            [CompletionResult]::new('--producer-epoch', '--producer-epoch', [CompletionResultType]::ParameterName, 'producer epoch')
            [CompletionResult]::new('--coordinator-epoch', '--coordinator-epoch', [CompletionResultType]::ParameterName, 'coordinator epoch')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions;find-hanging' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'broker id to search for hanging transactions')
            [CompletionResult]::new('--max-transaction-timeout', '--max-transaction-timeout', [CompletionResultType]::ParameterName, 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic name to limit search to (required if --partition is specified)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'partition number')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;kafka-transactions;find-hanging' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'broker id to search for hanging transactions')
            [CompletionResult]::new('--max-transaction-timeout', '--max-transaction-timeout', [CompletionResultType]::ParameterName, 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic name to limit search to (required if --partition is specified)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'partition number')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'property file containing configs to be passed to admin client')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kt;transactions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;transactions;help;list' {
            break
        }
        'kt;transactions;help;describe' {
            break
        }
        'kt;transactions;help;describe-producers' {
            break
        }
        'kt;transactions;help;abort' {
            break
        }
        'kt;transactions;help;find-hanging' {
            break
        }
        'kt;transactions;help;help' {
            break
        }
        'kt;kafka-transactions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;kafka-transactions;help;list' {
            break
        }
        'kt;kafka-transactions;help;describe' {
            break
        }
        'kt;kafka-transactions;help;describe-producers' {
            break
        }
        'kt;kafka-transactions;help;abort' {
            break
        }
        'kt;kafka-transactions;help;find-hanging' {
            break
        }
        'kt;kafka-transactions;help;help' {
            break
        }
        'kt;help' {
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'Create, list, describe, alter and delete topics (kafka-topics.sh)')
            [CompletionResult]::new('console-producer', 'console-producer', [CompletionResultType]::ParameterValue, 'Send lines of standard input to a topic (kafka-console-producer.sh)')
            [CompletionResult]::new('console-consumer', 'console-consumer', [CompletionResultType]::ParameterValue, 'Print records of topics to standard output (kafka-console-consumer.sh)')
            [CompletionResult]::new('get-offsets', 'get-offsets', [CompletionResultType]::ParameterValue, 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)')
            [CompletionResult]::new('consumer-groups', 'consumer-groups', [CompletionResultType]::ParameterValue, 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)')
            [CompletionResult]::new('server-start', 'server-start', [CompletionResultType]::ParameterValue, 'Start a Kafka-compatible broker (kafka-server-start.sh)')
            [CompletionResult]::new('configs', 'configs', [CompletionResultType]::ParameterValue, 'Describe and change topic and broker configs (kafka-configs.sh)')
            [CompletionResult]::new('producer-perf-test', 'producer-perf-test', [CompletionResultType]::ParameterValue, 'Measure producer throughput and latency (kafka-producer-perf-test.sh)')
            [CompletionResult]::new('consumer-perf-test', 'consumer-perf-test', [CompletionResultType]::ParameterValue, 'Measure consumer throughput (kafka-consumer-perf-test.sh)')
            [CompletionResult]::new('dump-log', 'dump-log', [CompletionResultType]::ParameterValue, 'Print the batches and records of log segment files (kafka-dump-log.sh)')
            [CompletionResult]::new('log-dirs', 'log-dirs', [CompletionResultType]::ParameterValue, 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)')
            [CompletionResult]::new('leader-election', 'leader-election', [CompletionResultType]::ParameterValue, 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)')
            [CompletionResult]::new('reassign-partitions', 'reassign-partitions', [CompletionResultType]::ParameterValue, 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'Add, remove and list ACLs (kafka-acls.sh)')
            [CompletionResult]::new('server-stop', 'server-stop', [CompletionResultType]::ParameterValue, 'Stop the running brokers (kafka-server-stop.sh)')
            [CompletionResult]::new('zookeeper-stop', 'zookeeper-stop', [CompletionResultType]::ParameterValue, 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)')
            [CompletionResult]::new('wait-ready', 'wait-ready', [CompletionResultType]::ParameterValue, 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)')
            [CompletionResult]::new('certs', 'certs', [CompletionResultType]::ParameterValue, 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (kt)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages into a directory (kt)')
            [CompletionResult]::new('zookeeper-start', 'zookeeper-start', [CompletionResultType]::ParameterValue, 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)')
            [CompletionResult]::new('storage', 'storage', [CompletionResultType]::ParameterValue, 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)')
            [CompletionResult]::new('zookeeper-shell', 'zookeeper-shell', [CompletionResultType]::ParameterValue, 'Run ZooKeeper''s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)')
            [CompletionResult]::new('broker-api-versions', 'broker-api-versions', [CompletionResultType]::ParameterValue, 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)')
            [CompletionResult]::new('delete-records', 'delete-records', [CompletionResultType]::ParameterValue, 'Delete the records of partitions below given offsets (kafka-delete-records.sh)')
            [CompletionResult]::new('delegation-tokens', 'delegation-tokens', [CompletionResultType]::ParameterValue, 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)')
            [CompletionResult]::new('e2e-latency', 'e2e-latency', [CompletionResultType]::ParameterValue, 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)')
            [CompletionResult]::new('client-metrics', 'client-metrics', [CompletionResultType]::ParameterValue, 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)')
            [CompletionResult]::new('jmx', 'jmx', [CompletionResultType]::ParameterValue, 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)')
            [CompletionResult]::new('verifiable-producer', 'verifiable-producer', [CompletionResultType]::ParameterValue, 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)')
            [CompletionResult]::new('verifiable-consumer', 'verifiable-consumer', [CompletionResultType]::ParameterValue, 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)')
            [CompletionResult]::new('replica-verification', 'replica-verification', [CompletionResultType]::ParameterValue, 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)')
            [CompletionResult]::new('mirror-maker', 'mirror-maker', [CompletionResultType]::ParameterValue, 'Copy topics from one cluster to another (kafka-mirror-maker.sh)')
            [CompletionResult]::new('connect-mirror-maker', 'connect-mirror-maker', [CompletionResultType]::ParameterValue, 'Run MirrorMaker 2''s replication flows between clusters (connect-mirror-maker.sh)')
            [CompletionResult]::new('connect-standalone', 'connect-standalone', [CompletionResultType]::ParameterValue, 'Run Kafka Connect''s standalone worker with the file connectors (connect-standalone.sh)')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)')
            [CompletionResult]::new('streams-application-reset', 'streams-application-reset', [CompletionResultType]::ParameterValue, 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)')
            [CompletionResult]::new('features', 'features', [CompletionResultType]::ParameterValue, 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)')
            [CompletionResult]::new('metadata-quorum', 'metadata-quorum', [CompletionResultType]::ParameterValue, 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)')
            [CompletionResult]::new('metadata-shell', 'metadata-shell', [CompletionResultType]::ParameterValue, 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)')
            [CompletionResult]::new('transactions', 'transactions', [CompletionResultType]::ParameterValue, 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kt;help;topics' {
            break
        }
        'kt;help;console-producer' {
            break
        }
        'kt;help;console-consumer' {
            break
        }
        'kt;help;get-offsets' {
            break
        }
        'kt;help;consumer-groups' {
            break
        }
        'kt;help;server-start' {
            break
        }
        'kt;help;configs' {
            break
        }
        'kt;help;producer-perf-test' {
            break
        }
        'kt;help;consumer-perf-test' {
            break
        }
        'kt;help;dump-log' {
            break
        }
        'kt;help;log-dirs' {
            break
        }
        'kt;help;leader-election' {
            break
        }
        'kt;help;reassign-partitions' {
            break
        }
        'kt;help;acls' {
            break
        }
        'kt;help;server-stop' {
            break
        }
        'kt;help;zookeeper-stop' {
            break
        }
        'kt;help;wait-ready' {
            break
        }
        'kt;help;certs' {
            break
        }
        'kt;help;completions' {
            break
        }
        'kt;help;man' {
            break
        }
        'kt;help;zookeeper-start' {
            break
        }
        'kt;help;storage' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            break
        }
        'kt;help;storage;info' {
            break
        }
        'kt;help;storage;format' {
            break
        }
        'kt;help;storage;random-uuid' {
            break
        }
        'kt;help;zookeeper-shell' {
            break
        }
        'kt;help;broker-api-versions' {
            break
        }
        'kt;help;delete-records' {
            break
        }
        'kt;help;delegation-tokens' {
            break
        }
        'kt;help;e2e-latency' {
            break
        }
        'kt;help;client-metrics' {
            break
        }
        'kt;help;jmx' {
            break
        }
        'kt;help;verifiable-producer' {
            break
        }
        'kt;help;verifiable-consumer' {
            break
        }
        'kt;help;replica-verification' {
            break
        }
        'kt;help;mirror-maker' {
            break
        }
        'kt;help;connect-mirror-maker' {
            break
        }
        'kt;help;connect-standalone' {
            break
        }
        'kt;help;cluster' {
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            break
        }
        'kt;help;cluster;cluster-id' {
            break
        }
        'kt;help;cluster;unregister' {
            break
        }
        'kt;help;streams-application-reset' {
            break
        }
        'kt;help;features' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describes the current active feature flags')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade one or more feature flags')
            [CompletionResult]::new('downgrade', 'downgrade', [CompletionResultType]::ParameterValue, 'Downgrade one or more feature flags')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable one or more feature flags. This is the same as downgrading the version to zero')
            break
        }
        'kt;help;features;describe' {
            break
        }
        'kt;help;features;upgrade' {
            break
        }
        'kt;help;features;downgrade' {
            break
        }
        'kt;help;features;disable' {
            break
        }
        'kt;help;metadata-quorum' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            break
        }
        'kt;help;metadata-quorum;describe' {
            break
        }
        'kt;help;metadata-shell' {
            break
        }
        'kt;help;transactions' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            break
        }
        'kt;help;transactions;list' {
            break
        }
        'kt;help;transactions;describe' {
            break
        }
        'kt;help;transactions;describe-producers' {
            break
        }
        'kt;help;transactions;abort' {
            break
        }
        'kt;help;transactions;find-hanging' {
            break
        }
        'kt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
