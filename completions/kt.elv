
use builtin;
use str;

set edit:completion:arg-completer[kt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kt'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand topics 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
            cand kafka-topics 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
            cand console-producer 'Send lines of standard input to a topic (kafka-console-producer.sh)'
            cand kafka-console-producer 'Send lines of standard input to a topic (kafka-console-producer.sh)'
            cand console-consumer 'Print records of topics to standard output (kafka-console-consumer.sh)'
            cand kafka-console-consumer 'Print records of topics to standard output (kafka-console-consumer.sh)'
            cand get-offsets 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
            cand kafka-get-offsets 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
            cand consumer-groups 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
            cand kafka-consumer-groups 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
            cand server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand kafka-server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand configs 'Describe and change topic and broker configs (kafka-configs.sh)'
            cand kafka-configs 'Describe and change topic and broker configs (kafka-configs.sh)'
            cand producer-perf-test 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
            cand kafka-producer-perf-test 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
            cand consumer-perf-test 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
            cand kafka-consumer-perf-test 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
            cand dump-log 'Print the batches and records of log segment files (kafka-dump-log.sh)'
            cand kafka-dump-log 'Print the batches and records of log segment files (kafka-dump-log.sh)'
            cand log-dirs 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
            cand kafka-log-dirs 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
            cand leader-election 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
            cand kafka-leader-election 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
            cand reassign-partitions 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
            cand kafka-reassign-partitions 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
            cand acls 'Add, remove and list ACLs (kafka-acls.sh)'
            cand kafka-acls 'Add, remove and list ACLs (kafka-acls.sh)'
            cand server-stop 'Stop the running brokers (kafka-server-stop.sh)'
            cand kafka-server-stop 'Stop the running brokers (kafka-server-stop.sh)'
            cand zookeeper-stop 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
            cand zookeeper-server-stop 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
            cand wait-ready 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
            cand certs 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)'
            cand completions 'Print a shell completion script (kt)'
            cand man 'Write man pages into a directory (kt)'
            cand zookeeper-start 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
            cand zookeeper-server-start 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
            cand storage 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)'
            cand kafka-storage 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)'
            cand zookeeper-shell 'Run ZooKeeper''s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)'
            cand broker-api-versions 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)'
            cand kafka-broker-api-versions 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)'
            cand delete-records 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
            cand kafka-delete-records 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
            cand delegation-tokens 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
            cand kafka-delegation-tokens 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
            cand e2e-latency 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
            cand kafka-e2e-latency 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
            cand client-metrics 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
            cand kafka-client-metrics 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
            cand jmx 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)'
            cand kafka-jmx 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)'
            cand verifiable-producer 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
            cand kafka-verifiable-producer 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
            cand verifiable-consumer 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
            cand kafka-verifiable-consumer 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
            cand replica-verification 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
            cand kafka-replica-verification 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
            cand mirror-maker 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
            cand kafka-mirror-maker 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
            cand connect-mirror-maker 'Run MirrorMaker 2''s replication flows between clusters (connect-mirror-maker.sh)'
            cand connect-standalone 'Run Kafka Connect''s standalone worker with the file connectors (connect-standalone.sh)'
            cand cluster 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)'
            cand kafka-cluster 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)'
            cand streams-application-reset 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
            cand kafka-streams-application-reset 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
            cand features 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
            cand kafka-features 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
            cand metadata-quorum 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
            cand kafka-metadata-quorum 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
            cand metadata-shell 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
            cand kafka-metadata-shell 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
            cand transactions 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)'
            cand kafka-transactions 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;topics'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --topic 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)'
            cand --topic-id 'The id of the topic to describe (accepted with --describe only)'
            cand --partitions 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)'
            cand --replication-factor 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)'
            cand --config 'A topic config override for the topic being created, as key=value. Repeatable'
            cand --replica-assignment 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0'
            cand --partition-size-limit-per-response 'With --describe: describe partitions this many at a time (accepted, no effect)'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --create 'Create a new topic'
            cand --list 'List all available topics'
            cand --describe 'Describe the given topics (all topics without --topic)'
            cand --alter 'Add partitions to a topic'
            cand --delete 'Delete a topic'
            cand --if-not-exists 'With --create: do nothing if the topic already exists'
            cand --if-exists 'With --alter, --describe or --delete: do nothing if the topic does not exist'
            cand --exclude-internal 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
            cand --under-replicated-partitions 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
            cand --unavailable-partitions 'With --describe: only partitions without a leader, or whose leader is not a live broker'
            cand --under-min-isr-partitions 'With --describe: only partitions whose ISR is smaller than the topic''s min.insync.replicas, and partitions without a leader'
            cand --at-min-isr-partitions 'With --describe: only partitions whose ISR is exactly the topic''s min.insync.replicas'
            cand --topics-with-overrides 'With --describe: show only topic overrides of configs (kt always does)'
            cand -y '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
            cand --yes '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-topics'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --topic 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)'
            cand --topic-id 'The id of the topic to describe (accepted with --describe only)'
            cand --partitions 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)'
            cand --replication-factor 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)'
            cand --config 'A topic config override for the topic being created, as key=value. Repeatable'
            cand --replica-assignment 'With --create: a manual replica assignment instead of --partitions and --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0'
            cand --partition-size-limit-per-response 'With --describe: describe partitions this many at a time (accepted, no effect)'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --create 'Create a new topic'
            cand --list 'List all available topics'
            cand --describe 'Describe the given topics (all topics without --topic)'
            cand --alter 'Add partitions to a topic'
            cand --delete 'Delete a topic'
            cand --if-not-exists 'With --create: do nothing if the topic already exists'
            cand --if-exists 'With --alter, --describe or --delete: do nothing if the topic does not exist'
            cand --exclude-internal 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
            cand --under-replicated-partitions 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
            cand --unavailable-partitions 'With --describe: only partitions without a leader, or whose leader is not a live broker'
            cand --under-min-isr-partitions 'With --describe: only partitions whose ISR is smaller than the topic''s min.insync.replicas, and partitions without a leader'
            cand --at-min-isr-partitions 'With --describe: only partitions whose ISR is exactly the topic''s min.insync.replicas'
            cand --topics-with-overrides 'With --describe: show only topic overrides of configs (kt always does)'
            cand -y '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
            cand --yes '(kt) With --delete: do not ask for confirmation. kt asks only when standard input and standard error are terminals, never in a pipe or a script'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;console-producer'= {
            cand --topic 'REQUIRED: the topic to produce records to'
            cand --bootstrap-server 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --broker-list 'Deprecated spelling of --bootstrap-server (ignored when that is given)'
            cand --producer-property 'A producer property as key=value (Kafka''s names). Repeatable; wins over --producer.config'
            cand --producer.config 'A producer properties file (Kafka''s .properties format)'
            cand --property 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error'
            cand --reader-config 'A line-reader properties file; --property wins over it'
            cand --request-required-acks 'The acks the producer requires: -1 (all, the default), 0 or 1'
            cand --compression-codec 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value'
            cand --batch-size 'Batch size in bytes (batch.size)'
            cand --timeout 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input''s end is always flushed at once'
            cand --request-timeout-ms 'The producer''s ack timeout in ms (request.timeout.ms)'
            cand --message-send-max-retries 'How often a failed send is retried (retries)'
            cand --retry-backoff-ms 'Wait before a retry, in ms (retry.backoff.ms)'
            cand --max-block-ms 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)'
            cand --max-memory-bytes 'Memory for records waiting to be sent, in bytes (buffer.memory)'
            cand --max-partition-memory-bytes 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)'
            cand --metadata-expiry-ms 'Refresh metadata at least this often, in ms (metadata.max.age.ms)'
            cand --socket-buffer-size 'TCP send buffer size in bytes (send.buffer.bytes)'
            cand --line-reader 'A Java line-reader class: accepted and ignored (kt always reads lines)'
            cand --sync 'Send each record synchronously, waiting for its acknowledgement'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-console-producer'= {
            cand --topic 'REQUIRED: the topic to produce records to'
            cand --bootstrap-server 'REQUIRED unless --broker-list is given: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --broker-list 'Deprecated spelling of --bootstrap-server (ignored when that is given)'
            cand --producer-property 'A producer property as key=value (Kafka''s names). Repeatable; wins over --producer.config'
            cand --producer.config 'A producer properties file (Kafka''s .properties format)'
            cand --property 'A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB), parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:), null.marker, ignore.error'
            cand --reader-config 'A line-reader properties file; --property wins over it'
            cand --request-required-acks 'The acks the producer requires: -1 (all, the default), 0 or 1'
            cand --compression-codec 'Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value'
            cand --batch-size 'Batch size in bytes (batch.size)'
            cand --timeout 'How long a record may wait for its batch to fill, in ms (linger.ms; default 1000). Standard input''s end is always flushed at once'
            cand --request-timeout-ms 'The producer''s ack timeout in ms (request.timeout.ms)'
            cand --message-send-max-retries 'How often a failed send is retried (retries)'
            cand --retry-backoff-ms 'Wait before a retry, in ms (retry.backoff.ms)'
            cand --max-block-ms 'How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer drains)'
            cand --max-memory-bytes 'Memory for records waiting to be sent, in bytes (buffer.memory)'
            cand --max-partition-memory-bytes 'Per-partition batch buffer in bytes (batch.size; --batch-size wins)'
            cand --metadata-expiry-ms 'Refresh metadata at least this often, in ms (metadata.max.age.ms)'
            cand --socket-buffer-size 'TCP send buffer size in bytes (send.buffer.bytes)'
            cand --line-reader 'A Java line-reader class: accepted and ignored (kt always reads lines)'
            cand --sync 'Send each record synchronously, waiting for its acknowledgement'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;console-consumer'= {
            cand --topic 'The topic to consume'
            cand --include 'A regular expression of the topics to consume (instead of --topic)'
            cand --whitelist 'Deprecated spelling of --include (ignored when that is given)'
            cand --bootstrap-server 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --partition 'Consume only this partition (starting at its end unless --offset says otherwise)'
            cand --offset 'Where to start in --partition: ''earliest'', ''latest'' (default) or an offset'
            cand --max-messages 'Exit after printing this many records (-1: no limit, as without it)'
            cand --timeout-ms 'Exit when no record arrives for this many milliseconds (negative: never)'
            cand --consumer-property 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config'
            cand --consumer.config 'A consumer properties file (Kafka''s .properties format)'
            cand --property 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)'
            cand --formatter-config 'A formatter properties file; --property wins over it'
            cand --formatter 'The formatter class; only Kafka''s default formatter is supported'
            cand --group 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing'
            cand --isolation-level 'read_committed or read_uncommitted (default)'
            cand --key-deserializer 'Key deserializer class: accepted; kt prints raw bytes'
            cand --value-deserializer 'Value deserializer class: accepted; kt prints raw bytes'
            cand --output '(kt) plain (Kafka''s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers'
            cand --format '(kt) Print each record with kcat''s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \n \t escapes'
            cand --from-beginning 'Start with the earliest record rather than the next one (when the group has no committed offset)'
            cand --skip-message-on-error 'Skip a record that cannot be processed instead of stopping'
            cand --enable-systest-events 'Accepted for compatibility; no effect'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-console-consumer'= {
            cand --topic 'The topic to consume'
            cand --include 'A regular expression of the topics to consume (instead of --topic)'
            cand --whitelist 'Deprecated spelling of --include (ignored when that is given)'
            cand --bootstrap-server 'REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --partition 'Consume only this partition (starting at its end unless --offset says otherwise)'
            cand --offset 'Where to start in --partition: ''earliest'', ''latest'' (default) or an offset'
            cand --max-messages 'Exit after printing this many records (-1: no limit, as without it)'
            cand --timeout-ms 'Exit when no record arrives for this many milliseconds (negative: never)'
            cand --consumer-property 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config'
            cand --consumer.config 'A consumer properties file (Kafka''s .properties format)'
            cand --property 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)'
            cand --formatter-config 'A formatter properties file; --property wins over it'
            cand --formatter 'The formatter class; only Kafka''s default formatter is supported'
            cand --group 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing'
            cand --isolation-level 'read_committed or read_uncommitted (default)'
            cand --key-deserializer 'Key deserializer class: accepted; kt prints raw bytes'
            cand --value-deserializer 'Value deserializer class: accepted; kt prints raw bytes'
            cand --output '(kt) plain (Kafka''s formatter, default) or json: one JSON object per record with topic, partition, offset, timestamp, timestamp_type, key, value and headers'
            cand --format '(kt) Print each record with kcat''s format string: %t topic, %p partition, %o offset, %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \n \t escapes'
            cand --from-beginning 'Start with the earliest record rather than the next one (when the group has no committed offset)'
            cand --skip-message-on-error 'Skip a record that cannot be processed instead of stopping'
            cand --enable-systest-events 'Accepted for compatibility; no effect'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;get-offsets'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --broker-list 'Deprecated spelling of --bootstrap-server'
            cand --topic 'A regular expression of the topics to look at (all topics without it)'
            cand --partitions 'Comma-separated partition ids to look at (all without it)'
            cand --topic-partitions 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)'
            cand --time 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --exclude-internal-topics 'Leave internal topics (such as __consumer_offsets) out'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-get-offsets'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --broker-list 'Deprecated spelling of --bootstrap-server'
            cand --topic 'A regular expression of the topics to look at (all topics without it)'
            cand --partitions 'Comma-separated partition ids to look at (all without it)'
            cand --topic-partitions 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)'
            cand --time 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --exclude-internal-topics 'Leave internal topics (such as __consumer_offsets) out'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;consumer-groups'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --group 'The consumer group. Repeatable'
            cand --topic 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable'
            cand --state 'Describe the state; with --list, show each group''s state, optionally only these states (comma-separated)'
            cand --to-offset 'Reset to this offset (clamped to what the partition holds)'
            cand --shift-by 'Move the committed offsets by N (negative: back)'
            cand --to-datetime 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)'
            cand --by-duration 'Reset to the first offset after now minus a duration: PnDTnHnMnS'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --timeout 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)'
            cand --list 'List all consumer groups'
            cand --describe 'Describe the groups: committed offsets and lag (default), --members or --state'
            cand --delete 'Delete the groups (only groups without active members)'
            cand --reset-offsets 'Reset the groups'' committed offsets (a plan unless --execute)'
            cand --delete-offsets 'Delete the group''s committed offsets of --topic'
            cand --all-groups 'Every group'
            cand --all-topics 'Every topic the group has committed offsets for (with --reset-offsets)'
            cand --members 'Describe the members instead of the offsets'
            cand --offsets 'Describe the offsets (the default view)'
            cand --verbose 'More detail: member assignments'
            cand --to-earliest 'Reset to the earliest offset'
            cand --to-latest 'Reset to the latest offset'
            cand --to-current 'Reset to the current committed offset'
            cand --dry-run 'Only print the reset plan (the default)'
            cand --execute 'Carry the reset out'
            cand --export 'Print the reset plan as CSV (topic,partition,offset)'
            cand -y '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
            cand --yes '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-consumer-groups'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --group 'The consumer group. Repeatable'
            cand --topic 'A topic, or TOPIC:P1,P2 for some of its partitions. Repeatable'
            cand --state 'Describe the state; with --list, show each group''s state, optionally only these states (comma-separated)'
            cand --to-offset 'Reset to this offset (clamped to what the partition holds)'
            cand --shift-by 'Move the committed offsets by N (negative: back)'
            cand --to-datetime 'Reset to the first offset at or after a time: YYYY-MM-DDTHH:mm:SS.sss (local time, or with a zone such as Z or +02:00)'
            cand --by-duration 'Reset to the first offset after now minus a duration: PnDTnHnMnS'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --timeout 'How long to wait for the cluster, in ms (a negative wait is none, as in Kafka)'
            cand --list 'List all consumer groups'
            cand --describe 'Describe the groups: committed offsets and lag (default), --members or --state'
            cand --delete 'Delete the groups (only groups without active members)'
            cand --reset-offsets 'Reset the groups'' committed offsets (a plan unless --execute)'
            cand --delete-offsets 'Delete the group''s committed offsets of --topic'
            cand --all-groups 'Every group'
            cand --all-topics 'Every topic the group has committed offsets for (with --reset-offsets)'
            cand --members 'Describe the members instead of the offsets'
            cand --offsets 'Describe the offsets (the default view)'
            cand --verbose 'More detail: member assignments'
            cand --to-earliest 'Reset to the earliest offset'
            cand --to-latest 'Reset to the latest offset'
            cand --to-current 'Reset to the current committed offset'
            cand --dry-run 'Only print the reset plan (the default)'
            cand --execute 'Carry the reset out'
            cand --export 'Print the reset plan as CSV (topic,partition,offset)'
            cand -y '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
            cand --yes '(kt) Do not ask before --delete or a --reset-offsets --execute of many partitions. kt asks only when standard input and standard error are terminals'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;server-start'= {
            cand --override 'Set a property, overriding the file (repeatable): --override key=value'
            cand --daemon 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-server-start'= {
            cand --override 'Set a property, overriding the file (repeatable): --override key=value'
            cand --daemon 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/kafkaServer.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/kafkaServer.pid; stop it with kt server-stop'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;configs'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --entity-type 'The kind of entity: topics or brokers'
            cand --entity-name 'The entity: a topic name or a broker id. Without it, --describe covers every topic'
            cand --topic 'Shorthand for --entity-type topics --entity-name TOPIC'
            cand --broker 'Shorthand for --entity-type brokers --entity-name ID'
            cand --add-config 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable'
            cand --delete-config 'Config keys to remove, as k1,k2. Repeatable'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --describe 'List the configs of the given entity (dynamic ones; all with --all)'
            cand --alter 'Change the configs of the given entity with --add-config and --delete-config'
            cand --entity-default 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)'
            cand --all 'With --describe: every config, defaults included, not only the dynamic ones'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-configs'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir '(kt) Work on a kt broker''s data directory in-process instead of connecting to a cluster. For a broker with several log.dirs, give them all, comma-separated, as in log.dirs'
            cand --entity-type 'The kind of entity: topics or brokers'
            cand --entity-name 'The entity: a topic name or a broker id. Without it, --describe covers every topic'
            cand --topic 'Shorthand for --entity-type topics --entity-name TOPIC'
            cand --broker 'Shorthand for --entity-type brokers --entity-name ID'
            cand --add-config 'Configs to set, as k1=v1,k2=[v1,v2],k3=v3 (square brackets group a value with commas). Repeatable'
            cand --delete-config 'Config keys to remove, as k1,k2. Repeatable'
            cand --output '(kt) How to print: plain (Kafka''s format), table, or json'
            cand --describe 'List the configs of the given entity (dynamic ones; all with --all)'
            cand --alter 'Change the configs of the given entity with --add-config and --delete-config'
            cand --entity-default 'The cluster-wide default entity (with --entity-type brokers: the dynamic configs every broker takes)'
            cand --all 'With --describe: every config, defaults included, not only the dynamic ones'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;producer-perf-test'= {
            cand --topic 'The topic to produce to'
            cand --num-records 'How many records to send'
            cand --record-size 'The size of each record''s value in bytes (random uppercase letters)'
            cand --payload-file 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random'
            cand --payload-delimiter 'What separates payloads in --payload-file (\n by default)'
            cand --throughput 'At most about this many records per second; -1 for no limit'
            cand --producer-props 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config'
            cand --producer.config 'A producer properties file'
            cand --warmup-records 'Records sent first and left out of a second, steady-state summary line'
            cand --transactional-id 'Transactions are not supported by kt''s perf test'
            cand --transaction-duration-ms 'Transactions are not supported by kt''s perf test'
            cand --output '(kt) plain (Kafka''s lines) or json (one document with a latency histogram)'
            cand --payload-monotonic 'Values are the record''s number: 0, 1, 2, ...'
            cand --print-metrics 'Kafka prints its Java client metrics; kt refuses rather than print something else'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-producer-perf-test'= {
            cand --topic 'The topic to produce to'
            cand --num-records 'How many records to send'
            cand --record-size 'The size of each record''s value in bytes (random uppercase letters)'
            cand --payload-file 'A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random'
            cand --payload-delimiter 'What separates payloads in --payload-file (\n by default)'
            cand --throughput 'At most about this many records per second; -1 for no limit'
            cand --producer-props 'Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they win over --producer.config'
            cand --producer.config 'A producer properties file'
            cand --warmup-records 'Records sent first and left out of a second, steady-state summary line'
            cand --transactional-id 'Transactions are not supported by kt''s perf test'
            cand --transaction-duration-ms 'Transactions are not supported by kt''s perf test'
            cand --output '(kt) plain (Kafka''s lines) or json (one document with a latency histogram)'
            cand --payload-monotonic 'Values are the record''s number: 0, 1, 2, ...'
            cand --print-metrics 'Kafka prints its Java client metrics; kt refuses rather than print something else'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;consumer-perf-test'= {
            cand --bootstrap-server 'REQUIRED: the server(s) to connect to'
            cand --topic 'The topic to consume'
            cand --include 'A regular expression of the topics to consume (instead of --topic)'
            cand --messages 'REQUIRED: how many records to consume'
            cand --group 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)'
            cand --fetch-size 'The most bytes fetched per partition in one request'
            cand --socket-buffer-size 'The TCP receive buffer size'
            cand --consumer.config 'A consumer properties file'
            cand --timeout 'Give up after this many ms without a record'
            cand --reporting-interval 'How often --show-detailed-stats prints, in ms'
            cand --date-format 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)'
            cand --output '(kt) plain (Kafka''s lines) or json (one document)'
            cand --from-latest 'Start at the end of the log rather than the beginning (without committed offsets)'
            cand --show-detailed-stats 'Print a line per --reporting-interval instead of one summary'
            cand --hide-header 'Do not print the header line'
            cand --print-metrics 'Kafka prints its Java client metrics; kt refuses rather than print something else'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-consumer-perf-test'= {
            cand --bootstrap-server 'REQUIRED: the server(s) to connect to'
            cand --topic 'The topic to consume'
            cand --include 'A regular expression of the topics to consume (instead of --topic)'
            cand --messages 'REQUIRED: how many records to consume'
            cand --group 'The consumer group to subscribe with. Without it kt reads every partition directly and commits nothing (kt; Kafka makes up a group perf-consumer-N)'
            cand --fetch-size 'The most bytes fetched per partition in one request'
            cand --socket-buffer-size 'The TCP receive buffer size'
            cand --consumer.config 'A consumer properties file'
            cand --timeout 'Give up after this many ms without a record'
            cand --reporting-interval 'How often --show-detailed-stats prints, in ms'
            cand --date-format 'The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS)'
            cand --output '(kt) plain (Kafka''s lines) or json (one document)'
            cand --from-latest 'Start at the end of the log rather than the beginning (without committed offsets)'
            cand --show-detailed-stats 'Print a line per --reporting-interval instead of one summary'
            cand --hide-header 'Do not print the header line'
            cand --print-metrics 'Kafka prints its Java client metrics; kt refuses rather than print something else'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;dump-log'= {
            cand --files 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)'
            cand --max-bytes 'Read at most this many bytes of each .log file'
            cand --print-data-log 'Print each record''s key and value (implies --deep-iteration)'
            cand --deep-iteration 'Print a line per record, not only per batch'
            cand --transaction-log-decoder 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)'
            cand --skip-record-metadata 'With record lines: leave out offset, timestamp, sizes, sequence and header keys'
            cand --verify-index-only 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-dump-log'= {
            cand --files 'REQUIRED: comma-separated files to dump (.log, .index, .timeindex, .txnindex, .snapshot)'
            cand --max-bytes 'Read at most this many bytes of each .log file'
            cand --print-data-log 'Print each record''s key and value (implies --deep-iteration)'
            cand --deep-iteration 'Print a line per record, not only per batch'
            cand --transaction-log-decoder 'Decode records as transaction metadata of the __transaction_state topic (implies --print-data-log)'
            cand --skip-record-metadata 'With record lines: leave out offset, timestamp, sizes, sequence and header keys'
            cand --verify-index-only 'Check .index and .timeindex files against their .log without printing their entries (mismatches are reported on stderr either way)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;log-dirs'= {
            cand --bootstrap-server 'REQUIRED: the server(s) to use for bootstrapping'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --topic-list 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified'
            cand --broker-list 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified'
            cand --describe 'Describe the specified log directories on the specified brokers'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-log-dirs'= {
            cand --bootstrap-server 'REQUIRED: the server(s) to use for bootstrapping'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --topic-list 'The list of topics to be queried in the form "topic1,topic2,topic3". All topics will be queried if no topic list is specified'
            cand --broker-list 'The list of brokers to be queried in the form "0,1,2". All brokers in the cluster will be queried if no broker list is specified'
            cand --describe 'Describe the specified log directories on the specified brokers'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;leader-election'= {
            cand --bootstrap-server 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given'
            cand --admin.config 'Configuration properties files to pass to the admin client'
            cand --path-to-json-file 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified'
            cand --topic 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified'
            cand --partition 'Partition id for which to perform an election. REQUIRED if --topic is specified'
            cand --election-type 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)'
            cand --all-topic-partitions 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-leader-election'= {
            cand --bootstrap-server 'REQUIRED: a hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given'
            cand --admin.config 'Configuration properties files to pass to the admin client'
            cand --path-to-json-file 'The JSON file with the list of partitions for which leader elections should be performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if --all-topic-partitions or --topic flags are specified'
            cand --topic 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified'
            cand --partition 'Partition id for which to perform an election. REQUIRED if --topic is specified'
            cand --election-type 'REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean" elects any live replica for partitions without a leader (records may be lost)'
            cand --all-topic-partitions 'Perform election on all of the eligible topic partitions based on the type of election. Not allowed if --topic or --path-to-json-file is specified'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;reassign-partitions'= {
            cand --bootstrap-server 'The server(s) to use for bootstrapping'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --reassignment-json-file 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional'
            cand --topics-to-move-json-file 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}'
            cand --broker-list 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration'
            cand --throttle 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s'
            cand --replica-alter-log-dirs-throttle 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)'
            cand --timeout 'The maximum time in ms to wait for log directory replica assignment to begin'
            cand --verify 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed'
            cand --generate 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it'
            cand --execute 'Kick off the reassignment as specified by the --reassignment-json-file option'
            cand --cancel 'Cancel an active reassignment'
            cand --list 'List all active partition reassignments'
            cand --disable-rack-aware 'Disable rack aware replica assignment'
            cand --additional 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment'
            cand --preserve-throttles 'Do not modify broker or topic throttles'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-reassign-partitions'= {
            cand --bootstrap-server 'The server(s) to use for bootstrapping'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --reassignment-json-file 'The JSON file with the partition reassignment configuration. The format to use is - {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs": ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional'
            cand --topics-to-move-json-file 'Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}'
            cand --broker-list 'The list of brokers to which the partitions need to be reassigned in the form "0,1,2". This is required if --topics-to-move-json-file is used to generate reassignment configuration'
            cand --throttle 'The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s'
            cand --replica-alter-log-dirs-throttle 'The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec)'
            cand --timeout 'The maximum time in ms to wait for log directory replica assignment to begin'
            cand --verify 'Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed'
            cand --generate 'Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it'
            cand --execute 'Kick off the reassignment as specified by the --reassignment-json-file option'
            cand --cancel 'Cancel an active reassignment'
            cand --list 'List all active partition reassignments'
            cand --disable-rack-aware 'Disable rack aware replica assignment'
            cand --additional 'Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment'
            cand --preserve-throttles 'Do not modify broker or topic throttles'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;acls'= {
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand --topic 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics'
            cand --group 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups'
            cand --transactional-id 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds'
            cand --delegation-token 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens'
            cand --user-principal 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal'
            cand --resource-pattern-type 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care'
            cand --operation 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs'
            cand --allow-principal 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users'
            cand --deny-principal 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES'
            cand --principal 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed'
            cand --allow-host 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts'
            cand --deny-host 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts'
            cand --add 'Indicates you are trying to add ACLs'
            cand --remove 'Indicates you are trying to remove ACLs'
            cand --list 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
            cand --cluster 'Add/Remove cluster ACLs'
            cand --producer 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
            cand --consumer 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
            cand --idempotent 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
            cand --force 'Assume Yes to all queries and do not prompt'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-acls'= {
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster. This list should be in the form host1:port1,host2:port2,... This config is required for acl management using admin client API'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand --topic 'topic to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all topics'
            cand --group 'Consumer Group to which the ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all groups'
            cand --transactional-id 'The transactionalId to which ACLs should be added or removed. A value of ''*'' indicates the ACLs should apply to all transactionalIds'
            cand --delegation-token 'Delegation token to which ACLs should be added or removed. A value of ''*'' indicates ACL should apply to all tokens'
            cand --user-principal 'Specifies a user principal as a resource in relation with the operation. For instance one could grant CreateTokens or DescribeTokens permission on a given user principal'
            cand --resource-pattern-type 'The type of the resource pattern or pattern filter. When adding acls, this should be a specific pattern type, e.g. ''literal'' or ''prefixed''. When listing or removing acls, a specific pattern type can be used to list or remove acls from specific resource patterns, or use the filter values of ''any'' or ''match'', where ''any'' will match any pattern type, but will match the resource name exactly, where as ''match'' will perform pattern matching to list or remove all acls that affect the supplied resource(s). WARNING: ''match'', when used in combination with the ''--remove'' switch, should be used with care'
            cand --operation 'Operation that is being allowed or denied. Valid operation names are: Describe, DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All, CreateTokens, DescribeTokens, Write, AlterConfigs'
            cand --allow-principal 'principal is in principalType:name format. Note that principalType must be supported by the Authorizer being used. For example, User:''*'' is the wild card indicating all users'
            cand --deny-principal 'principal is in principalType:name format. By default anyone not added through --allow-principal is denied access. You only need to use this option as negation to already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES'
            cand --principal 'List ACLs for the specified principal. principal is in principalType:name format. Multiple --principal option can be passed'
            cand --allow-host 'Host from which principals listed in --allow-principal will have access. If you have specified --allow-principal then the default for this option will be set to ''*'' which allows access from all hosts'
            cand --deny-host 'Host from which principals listed in --deny-principal will be denied access. If you have specified --deny-principal then the default for this option will be set to ''*'' which denies access from all hosts'
            cand --add 'Indicates you are trying to add ACLs'
            cand --remove 'Indicates you are trying to remove ACLs'
            cand --list 'List ACLs for the specified resource, use --topic <topic> or --group <group> or --cluster to specify a resource'
            cand --cluster 'Add/Remove cluster ACLs'
            cand --producer 'Convenience option to add/remove ACLs for producer role. This will generate ACLs that allows WRITE,DESCRIBE and CREATE on topic'
            cand --consumer 'Convenience option to add/remove ACLs for consumer role. This will generate ACLs that allows READ,DESCRIBE on topic and READ on group'
            cand --idempotent 'Enable idempotence for the producer. This should be used in combination with the --producer option. Note that idempotence is enabled automatically if the producer is authorized to a particular transactional-id'
            cand --force 'Assume Yes to all queries and do not prompt'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;server-stop'= {
            cand --node-id 'Stop only the broker whose node.id (or broker.id) is this'
            cand --process-role 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)'
            cand --timeout '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-server-stop'= {
            cand --node-id 'Stop only the broker whose node.id (or broker.id) is this'
            cand --process-role 'Stop only the KRaft nodes whose process.roles is this (broker, controller or broker,controller)'
            cand --timeout '(kt) How long to wait for the brokers to exit after the signal: 30s, 500ms, ...'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;zookeeper-stop'= {
            cand --timeout '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;zookeeper-server-stop'= {
            cand --timeout '(kt) How long to wait for the server to exit after the signal: 30s, 500ms, ...'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;wait-ready'= {
            cand --bootstrap-server 'The broker(s) to wait for, as HOST1:PORT1,HOST2:PORT2: ready when any answers Metadata'
            cand --zookeeper 'Wait for a ZooKeeper server instead: ready when it answers `srvr` (or `ruok`)'
            cand --timeout 'How long to wait before giving up: 30s, 500ms, 2m, or plain seconds'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;certs'= {
            cand --out-dir 'The directory to write the PEM files into (created if missing)'
            cand --hosts 'Host names and addresses the broker''s certificate is valid for, comma-separated'
            cand --client-name 'The common name of the client certificate (the client''s principal is CN=<name>)'
            cand --days 'How many days the certificates are valid'
            cand --password 'Encrypt the PEM keys with this password and write PKCS12 keystores and a truststore with it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;completions'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;man'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;zookeeper-start'= {
            cand --daemon 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;zookeeper-server-start'= {
            cand --daemon 'Run in the background (Kafka''s -daemon): output to $LOG_DIR/zookeeper.out (LOG_DIR defaults to ./logs), pid in $LOG_DIR/zookeeper.pid; stop it with kt zookeeper-stop'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;storage'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand info 'Get information about the Kafka log directories on this node'
            cand format 'Format the Kafka log directories on this node'
            cand random-uuid 'Print a random UUID'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-storage'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand info 'Get information about the Kafka log directories on this node'
            cand format 'Format the Kafka log directories on this node'
            cand random-uuid 'Print a random UUID'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;storage;info'= {
            cand -c 'The Kafka configuration file to use'
            cand --config 'The Kafka configuration file to use'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-storage;info'= {
            cand -c 'The Kafka configuration file to use'
            cand --config 'The Kafka configuration file to use'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;storage;format'= {
            cand -c 'The Kafka configuration file to use'
            cand --config 'The Kafka configuration file to use'
            cand -t 'The cluster ID to use (kt storage random-uuid makes one)'
            cand --cluster-id 'The cluster ID to use (kt storage random-uuid makes one)'
            cand -S 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)'
            cand --add-scram 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)'
            cand -r 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0'
            cand --release-version 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0'
            cand -f 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)'
            cand --feature 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)'
            cand -I 'The dynamic quorum''s voters: id@host:port:directory-id,...'
            cand --initial-controllers 'The dynamic quorum''s voters: id@host:port:directory-id,...'
            cand -g 'Skip directories that are already formatted instead of failing'
            cand --ignore-formatted 'Skip directories that are already formatted instead of failing'
            cand -s 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
            cand --standalone 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
            cand -N 'Initialize a server without a dynamic quorum topology'
            cand --no-initial-controllers 'Initialize a server without a dynamic quorum topology'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-storage;format'= {
            cand -c 'The Kafka configuration file to use'
            cand --config 'The Kafka configuration file to use'
            cand -t 'The cluster ID to use (kt storage random-uuid makes one)'
            cand --cluster-id 'The cluster ID to use (kt storage random-uuid makes one)'
            cand -S 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)'
            cand --add-scram 'A SCRAM credential to add to the __cluster_metadata log, as ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' (also iterations=N, salt=BASE64)'
            cand -r 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0'
            cand --release-version 'The release version for the initial features (3.0-IV1 to 3.9-IV0, or a release such as 3.7); the default is 3.9-IV0'
            cand -f 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)'
            cand --feature 'A feature level to start with, as feature=level (kraft.version=1, metadata.version=21)'
            cand -I 'The dynamic quorum''s voters: id@host:port:directory-id,...'
            cand --initial-controllers 'The dynamic quorum''s voters: id@host:port:directory-id,...'
            cand -g 'Skip directories that are already formatted instead of failing'
            cand --ignore-formatted 'Skip directories that are already formatted instead of failing'
            cand -s 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
            cand --standalone 'Initialize the controller as a single-node dynamic quorum (for controller.quorum.bootstrap.servers configs)'
            cand -N 'Initialize a server without a dynamic quorum topology'
            cand --no-initial-controllers 'Initialize a server without a dynamic quorum topology'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;storage;random-uuid'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-storage;random-uuid'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;storage;help'= {
            cand info 'Get information about the Kafka log directories on this node'
            cand format 'Format the Kafka log directories on this node'
            cand random-uuid 'Print a random UUID'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;storage;help;info'= {
        }
        &'kt;storage;help;format'= {
        }
        &'kt;storage;help;random-uuid'= {
        }
        &'kt;storage;help;help'= {
        }
        &'kt;kafka-storage;help'= {
            cand info 'Get information about the Kafka log directories on this node'
            cand format 'Format the Kafka log directories on this node'
            cand random-uuid 'Print a random UUID'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-storage;help;info'= {
        }
        &'kt;kafka-storage;help;format'= {
        }
        &'kt;kafka-storage;help;random-uuid'= {
        }
        &'kt;kafka-storage;help;help'= {
        }
        &'kt;zookeeper-shell'= {
            cand --zk-tls-config-file 'A properties file with ZooKeeper client TLS settings (Kafka''s -zk-tls-config-file; the single-dash spelling works too). kt connects without TLS and refuses a file that turns it on (zookeeper.ssl.client.enable=true)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;broker-api-versions'= {
            cand --bootstrap-server 'REQUIRED: The server to connect to'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-broker-api-versions'= {
            cand --bootstrap-server 'REQUIRED: The server to connect to'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;delete-records'= {
            cand --bootstrap-server 'REQUIRED: The server to connect to'
            cand --offset-json-file 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-delete-records'= {
            cand --bootstrap-server 'REQUIRED: The server to connect to'
            cand --offset-json-file 'REQUIRED: The JSON file with offset per partition. The format to use is: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version":1}'
            cand --command-config 'A property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;delegation-tokens'= {
            cand --bootstrap-server 'REQUIRED: server(s) to use for bootstrapping'
            cand --command-config 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs'
            cand --owner-principal 'owner is a Kafka principal. They should be in principalType:name format'
            cand --renewer-principal 'renewer is a Kafka principal. They should be in principalType:name format'
            cand --max-life-time-period 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)'
            cand --renew-time-period 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)'
            cand --expiry-time-period 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately'
            cand --hmac 'HMAC of the delegation token'
            cand --create 'Create a new delegation token. Use --renewer-principal option to pass renewer principals'
            cand --renew 'Renew delegation token. Use --renew-time-period option to set renew time period'
            cand --expire 'Expire delegation token. Use --expiry-time-period option to expire the token'
            cand --describe 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-delegation-tokens'= {
            cand --bootstrap-server 'REQUIRED: server(s) to use for bootstrapping'
            cand --command-config 'REQUIRED: A property file containing configs to be passed to Admin Client. Token management operations are allowed in secure mode only. This config file is used to pass security related configs'
            cand --owner-principal 'owner is a Kafka principal. They should be in principalType:name format'
            cand --renewer-principal 'renewer is a Kafka principal. They should be in principalType:name format'
            cand --max-life-time-period 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)'
            cand --renew-time-period 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)'
            cand --expiry-time-period 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately'
            cand --hmac 'HMAC of the delegation token'
            cand --create 'Create a new delegation token. Use --renewer-principal option to pass renewer principals'
            cand --renew 'Renew delegation token. Use --renew-time-period option to set renew time period'
            cand --expire 'Expire delegation token. Use --expiry-time-period option to expire the token'
            cand --describe 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;e2e-latency'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-e2e-latency'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;client-metrics'= {
            cand --bootstrap-server 'REQUIRED: The Kafka server to connect to'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --name 'Name of client metrics configuration resource'
            cand --interval 'The metrics push interval in milliseconds'
            cand --match 'Matching selector ''k1=v1,k2=v2''. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port'
            cand --metrics 'Telemetry metric name prefixes ''m1,m2'''
            cand --alter 'Alter the configuration for the client metrics resource'
            cand --delete 'Delete the configuration for the client metrics resource'
            cand --describe 'List configurations for the client metrics resource'
            cand --list 'List the client metrics resources'
            cand --generate-name 'Generate a UUID to use as the name'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-client-metrics'= {
            cand --bootstrap-server 'REQUIRED: The Kafka server to connect to'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --name 'Name of client metrics configuration resource'
            cand --interval 'The metrics push interval in milliseconds'
            cand --match 'Matching selector ''k1=v1,k2=v2''. The following is a list of valid selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port'
            cand --metrics 'Telemetry metric name prefixes ''m1,m2'''
            cand --alter 'Alter the configuration for the client metrics resource'
            cand --delete 'Delete the configuration for the client metrics resource'
            cand --describe 'List configurations for the client metrics resource'
            cand --list 'List the client metrics resources'
            cand --generate-name 'Generate a UUID to use as the name'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;jmx'= {
            cand --object-name 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried'
            cand --attributes 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried'
            cand --reporting-interval 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true'
            cand --one-time 'Flag to indicate run once only'
            cand --date-format 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options'
            cand --jmx-url 'The url to read the metrics from: the broker''s metrics endpoint (http://HOST:PORT/metrics), or Kafka''s JMX service url, read as that endpoint'
            cand --report-format 'output format name: either ''original'', ''properties'', ''csv'', ''tsv'''
            cand --jmx-auth-prop 'A mechanism to pass property in the form ''username=password'' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)'
            cand --jmx-ssl-enable 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)'
            cand --wait 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-jmx'= {
            cand --object-name 'A JMX object name to use as a query. This can contain wild cards, and this option can be given multiple times to specify more than one query. If no objects are specified all objects will be queried'
            cand --attributes 'The list of attributes to include in the query. This is a comma-separated list. If no attributes are specified all objects will be queried'
            cand --reporting-interval 'Interval in MS with which to poll jmx stats; default value is 2 seconds. Value of -1 equivalent to setting one-time to true'
            cand --one-time 'Flag to indicate run once only'
            cand --date-format 'The date format to use for formatting the time field. See java.text.SimpleDateFormat for options'
            cand --jmx-url 'The url to read the metrics from: the broker''s metrics endpoint (http://HOST:PORT/metrics), or Kafka''s JMX service url, read as that endpoint'
            cand --report-format 'output format name: either ''original'', ''properties'', ''csv'', ''tsv'''
            cand --jmx-auth-prop 'A mechanism to pass property in the form ''username=password'' when enabling remote JMX with password authentication (sent to the endpoint as HTTP basic authentication)'
            cand --jmx-ssl-enable 'Flag to enable remote JMX with SSL (kt reads plain http:// endpoints only)'
            cand --wait 'Wait for requested JMX objects to become available before starting output. Only supported when the list of objects is non-empty and contains no object name patterns'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;verifiable-producer'= {
            cand --topic 'Produce messages to this topic'
            cand --bootstrap-server 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...'
            cand --broker-list 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified'
            cand --max-messages 'Produce this many messages. If -1, produce messages until the process is killed externally'
            cand --throughput 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec'
            cand --acks 'Acks required on each produced message. See Kafka docs on acks for details'
            cand --producer.config 'Producer config properties file'
            cand --message-create-time 'Send messages with creation time starting at the arguments value, in milliseconds since epoch'
            cand --value-prefix 'If specified, each produced value will have this prefix with a dot separator'
            cand --repeating-keys 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-verifiable-producer'= {
            cand --topic 'Produce messages to this topic'
            cand --bootstrap-server 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...'
            cand --broker-list 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified'
            cand --max-messages 'Produce this many messages. If -1, produce messages until the process is killed externally'
            cand --throughput 'If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT messages/sec'
            cand --acks 'Acks required on each produced message. See Kafka docs on acks for details'
            cand --producer.config 'Producer config properties file'
            cand --message-create-time 'Send messages with creation time starting at the arguments value, in milliseconds since epoch'
            cand --value-prefix 'If specified, each produced value will have this prefix with a dot separator'
            cand --repeating-keys 'If specified, each produced record will have a key starting at 0 increment by 1 up to the number specified (exclusive), then the key is set to 0 again'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;verifiable-consumer'= {
            cand --bootstrap-server 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...'
            cand --broker-list 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified'
            cand --topic 'Consumes messages from this topic'
            cand --group-id 'The groupId shared among members of the consumer group'
            cand --group-instance-id 'A unique identifier of the consumer instance'
            cand --max-messages 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally'
            cand --session-timeout 'Set the consumer''s session timeout'
            cand --reset-policy 'Set reset policy (must be either ''earliest'', ''latest'', or ''none'')'
            cand --assignment-strategy 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)'
            cand --consumer.config 'Consumer config properties file (config options shared with command line parameters will be overridden)'
            cand --verbose 'Enable to log individual consumed records'
            cand --enable-autocommit 'Enable offset auto-commit on consumer'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-verifiable-consumer'= {
            cand --bootstrap-server 'REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form HOST1:PORT1,HOST2:PORT2,...'
            cand --broker-list 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified'
            cand --topic 'Consumes messages from this topic'
            cand --group-id 'The groupId shared among members of the consumer group'
            cand --group-instance-id 'A unique identifier of the consumer instance'
            cand --max-messages 'Consume this many messages. If -1 (the default), the consumer will consume until the process is killed externally'
            cand --session-timeout 'Set the consumer''s session timeout'
            cand --reset-policy 'Set reset policy (must be either ''earliest'', ''latest'', or ''none'')'
            cand --assignment-strategy 'Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor)'
            cand --consumer.config 'Consumer config properties file (config options shared with command line parameters will be overridden)'
            cand --verbose 'Enable to log individual consumed records'
            cand --enable-autocommit 'Enable offset auto-commit on consumer'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;replica-verification'= {
            cand --broker-list 'REQUIRED: The list of hostname and port of the server to connect to'
            cand --fetch-size 'The fetch size of each request'
            cand --max-wait-ms 'The max amount of time each fetch request waits'
            cand --topics-include 'List of topics to verify replica consistency'
            cand --topic-white-list 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency'
            cand --time 'Timestamp for getting the initial offsets'
            cand --report-interval-ms 'The reporting interval'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-replica-verification'= {
            cand --broker-list 'REQUIRED: The list of hostname and port of the server to connect to'
            cand --fetch-size 'The fetch size of each request'
            cand --max-wait-ms 'The max amount of time each fetch request waits'
            cand --topics-include 'List of topics to verify replica consistency'
            cand --topic-white-list 'DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of topics to verify replica consistency'
            cand --time 'Timestamp for getting the initial offsets'
            cand --report-interval-ms 'The reporting interval'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;mirror-maker'= {
            cand --consumer.config 'Embedded consumer config for consuming from the source cluster'
            cand --producer.config 'Embedded producer config'
            cand --num.streams 'Number of consumption streams'
            cand --whitelist 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror'
            cand --include 'List of included topics to mirror'
            cand --offset.commit.interval.ms 'Offset commit interval in ms'
            cand --consumer.rebalance.listener 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)'
            cand --rebalance.listener.args 'Arguments used by custom rebalance listener for mirror maker consumer'
            cand --message.handler 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)'
            cand --message.handler.args 'Arguments used by custom message handler for mirror maker'
            cand --abort.on.send.failure 'Configure the mirror maker to exit on a failed send'
            cand --new.consumer 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-mirror-maker'= {
            cand --consumer.config 'Embedded consumer config for consuming from the source cluster'
            cand --producer.config 'Embedded producer config'
            cand --num.streams 'Number of consumption streams'
            cand --whitelist 'DEPRECATED, use --include instead; ignored if --include specified. List of included topics to mirror'
            cand --include 'List of included topics to mirror'
            cand --offset.commit.interval.ms 'Offset commit interval in ms'
            cand --consumer.rebalance.listener 'The consumer rebalance listener to use for mirror maker consumer (a Java class: not supported by kt)'
            cand --rebalance.listener.args 'Arguments used by custom rebalance listener for mirror maker consumer'
            cand --message.handler 'Message handler which will process every record in-between consumer and producer (a Java class: not supported by kt)'
            cand --message.handler.args 'Arguments used by custom message handler for mirror maker'
            cand --abort.on.send.failure 'Configure the mirror maker to exit on a failed send'
            cand --new.consumer 'DEPRECATED Use new consumer in mirror maker (this is the default so this option will be removed in a future version)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;connect-mirror-maker'= {
            cand --clusters 'Target cluster to use for this node'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;connect-standalone'= {
            cand --override-property 'Properties overriding the worker config''s (accepted for compatibility; kt reads them as key=value pairs)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;cluster'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand cluster-id 'Get information about the ID of a cluster'
            cand unregister 'Unregister a broker'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-cluster'= {
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand cluster-id 'Get information about the ID of a cluster'
            cand unregister 'Unregister a broker'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;cluster;cluster-id'= {
            cand -b 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand -C 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand --bootstrap-controller 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand -c 'A property file containing configurations for the Admin client'
            cand --config 'A property file containing configurations for the Admin client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-cluster;cluster-id'= {
            cand -b 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand -C 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand --bootstrap-controller 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand -c 'A property file containing configurations for the Admin client'
            cand --config 'A property file containing configurations for the Admin client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;cluster;unregister'= {
            cand -b 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand -C 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand --bootstrap-controller 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand -c 'A property file containing configurations for the Admin client'
            cand --config 'A property file containing configurations for the Admin client'
            cand -i 'The ID of the broker to unregister'
            cand --id 'The ID of the broker to unregister'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-cluster;unregister'= {
            cand -b 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-server 'A list of host/port pairs to use for establishing the connection to the Kafka cluster'
            cand -C 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand --bootstrap-controller 'A list of host/port pairs to use for establishing the connection to the KRaft controllers'
            cand -c 'A property file containing configurations for the Admin client'
            cand --config 'A property file containing configurations for the Admin client'
            cand -i 'The ID of the broker to unregister'
            cand --id 'The ID of the broker to unregister'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;cluster;help'= {
            cand cluster-id 'Get information about the ID of a cluster'
            cand unregister 'Unregister a broker'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;cluster;help;cluster-id'= {
        }
        &'kt;cluster;help;unregister'= {
        }
        &'kt;cluster;help;help'= {
        }
        &'kt;kafka-cluster;help'= {
            cand cluster-id 'Get information about the ID of a cluster'
            cand unregister 'Unregister a broker'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-cluster;help;cluster-id'= {
        }
        &'kt;kafka-cluster;help;unregister'= {
        }
        &'kt;kafka-cluster;help;help'= {
        }
        &'kt;streams-application-reset'= {
            cand --application-id 'The Kafka Streams application ID (application.id)'
            cand --bootstrap-server 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)'
            cand --bootstrap-servers 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2'
            cand --input-topics 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5'
            cand --intermediate-topics 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end'
            cand --internal-topics 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)'
            cand --to-offset 'Reset offsets to a specific offset'
            cand --to-datetime 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss'''
            cand --by-duration 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS'''
            cand --from-file 'Reset offsets to values defined in CSV file'
            cand --shift-by 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative'
            cand --config-file 'Property file containing configs to be passed to admin clients and embedded consumer'
            cand --to-earliest 'Reset offsets to earliest offset'
            cand --to-latest 'Reset offsets to latest offset'
            cand --force 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances'
            cand --dry-run 'Display the actions that would be performed without executing the reset commands'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-streams-application-reset'= {
            cand --application-id 'The Kafka Streams application ID (application.id)'
            cand --bootstrap-server 'The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2. (default: localhost:9092)'
            cand --bootstrap-servers 'DEPRECATED: Comma-separated list of broker urls with format: HOST1:PORT1,HOST2:PORT2'
            cand --input-topics 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5'
            cand --intermediate-topics 'Comma-separated list of intermediate user topics (topics that are input and output topics, e.g., used in the deprecated through() method). For these topics, the tool will skip to the end'
            cand --internal-topics 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)'
            cand --to-offset 'Reset offsets to a specific offset'
            cand --to-datetime 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDTHH:mm:SS.sss'''
            cand --by-duration 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS'''
            cand --from-file 'Reset offsets to values defined in CSV file'
            cand --shift-by 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative'
            cand --config-file 'Property file containing configs to be passed to admin clients and embedded consumer'
            cand --to-earliest 'Reset offsets to earliest offset'
            cand --to-latest 'Reset offsets to latest offset'
            cand --force 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances'
            cand --dry-run 'Display the actions that would be performed without executing the reset commands'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;features'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand describe 'Describes the current active feature flags'
            cand upgrade 'Upgrade one or more feature flags'
            cand downgrade 'Downgrade one or more feature flags'
            cand disable 'Disable one or more feature flags. This is the same as downgrading the version to zero'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-features'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand describe 'Describes the current active feature flags'
            cand upgrade 'Upgrade one or more feature flags'
            cand downgrade 'Downgrade one or more feature flags'
            cand disable 'Disable one or more feature flags. This is the same as downgrading the version to zero'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;features;describe'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-features;describe'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;features;upgrade'= {
            cand --metadata 'The level to which we should upgrade the metadata. For example, 3.3-IV3'
            cand --feature 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --dry-run 'Validate this upgrade, but do not perform it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-features;upgrade'= {
            cand --metadata 'The level to which we should upgrade the metadata. For example, 3.3-IV3'
            cand --feature 'A feature upgrade we should perform, in feature=level format. For example: `metadata.version=5`'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --dry-run 'Validate this upgrade, but do not perform it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;features;downgrade'= {
            cand --metadata 'The level to which we should downgrade the metadata. For example, 3.3-IV0'
            cand --feature 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --unsafe 'Perform this downgrade even if it may irreversibly destroy metadata'
            cand --dry-run 'Validate this downgrade, but do not perform it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-features;downgrade'= {
            cand --metadata 'The level to which we should downgrade the metadata. For example, 3.3-IV0'
            cand --feature 'A feature downgrade we should perform, in feature=level format. For example: `metadata.version=5`'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --unsafe 'Perform this downgrade even if it may irreversibly destroy metadata'
            cand --dry-run 'Validate this downgrade, but do not perform it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;features;disable'= {
            cand --feature 'A feature flag to disable'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --unsafe 'Disable this feature flag even if it may irreversibly destroy metadata'
            cand --dry-run 'Perform a dry-run of this disable operation'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-features;disable'= {
            cand --feature 'A feature flag to disable'
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the KRaft quorum'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --unsafe 'Disable this feature flag even if it may irreversibly destroy metadata'
            cand --dry-run 'Perform a dry-run of this disable operation'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;features;help'= {
            cand describe 'Describes the current active feature flags'
            cand upgrade 'Upgrade one or more feature flags'
            cand downgrade 'Downgrade one or more feature flags'
            cand disable 'Disable one or more feature flags. This is the same as downgrading the version to zero'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;features;help;describe'= {
        }
        &'kt;features;help;upgrade'= {
        }
        &'kt;features;help;downgrade'= {
        }
        &'kt;features;help;disable'= {
        }
        &'kt;features;help;help'= {
        }
        &'kt;kafka-features;help'= {
            cand describe 'Describes the current active feature flags'
            cand upgrade 'Upgrade one or more feature flags'
            cand downgrade 'Downgrade one or more feature flags'
            cand disable 'Disable one or more feature flags. This is the same as downgrading the version to zero'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-features;help;describe'= {
        }
        &'kt;kafka-features;help;upgrade'= {
        }
        &'kt;kafka-features;help;downgrade'= {
        }
        &'kt;kafka-features;help;disable'= {
        }
        &'kt;kafka-features;help;help'= {
        }
        &'kt;metadata-quorum'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand describe 'Describe the metadata quorum info'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-metadata-quorum'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand describe 'Describe the metadata quorum info'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;metadata-quorum;describe'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --status 'A short summary of the quorum status and the other provides detailed information about the status of replication'
            cand --replication 'Detailed information about the status of replication'
            cand --human-readable 'Human-readable output'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-metadata-quorum;describe'= {
            cand --bootstrap-server 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka cluster'
            cand --bootstrap-controller 'A comma-separated list of host:port pairs to use for establishing the connection to the Kafka controllers'
            cand --command-config 'Property file containing configs to be passed to Admin Client'
            cand --status 'A short summary of the quorum status and the other provides detailed information about the status of replication'
            cand --replication 'Detailed information about the status of replication'
            cand --human-readable 'Human-readable output'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;metadata-quorum;help'= {
            cand describe 'Describe the metadata quorum info'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;metadata-quorum;help;describe'= {
        }
        &'kt;metadata-quorum;help;help'= {
        }
        &'kt;kafka-metadata-quorum;help'= {
            cand describe 'Describe the metadata quorum info'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-metadata-quorum;help;describe'= {
        }
        &'kt;kafka-metadata-quorum;help;help'= {
        }
        &'kt;metadata-shell'= {
            cand -s 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)'
            cand --snapshot 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)'
            cand --directory '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-metadata-shell'= {
            cand -s 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)'
            cand --snapshot 'The snapshot file to read (a `.checkpoint` snapshot or a `.log` segment)'
            cand --directory '(kt) A metadata log directory (`__cluster_metadata-0`): its newest snapshot and every segment after it'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions'= {
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'list transactions'
            cand describe 'describe the state of an active transactional-id'
            cand describe-producers 'describe the states of active producers for a topic partition'
            cand abort 'abort a hanging transaction (requires administrative privileges)'
            cand find-hanging 'find hanging transactions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-transactions'= {
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'list transactions'
            cand describe 'describe the state of an active transactional-id'
            cand describe-producers 'describe the states of active producers for a topic partition'
            cand abort 'abort a hanging transaction (requires administrative privileges)'
            cand find-hanging 'find hanging transactions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;transactions;list'= {
            cand --duration-filter 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-transactions;list'= {
            cand --duration-filter 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions;describe'= {
            cand --transactional-id 'REQUIRED: transactional id'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-transactions;describe'= {
            cand --transactional-id 'REQUIRED: transactional id'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions;describe-producers'= {
            cand --broker-id 'optional broker id to describe the producer state on a specific replica'
            cand --topic 'REQUIRED: topic name'
            cand --partition 'REQUIRED: partition number'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-transactions;describe-producers'= {
            cand --broker-id 'optional broker id to describe the producer state on a specific replica'
            cand --topic 'REQUIRED: topic name'
            cand --partition 'REQUIRED: partition number'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions;abort'= {
            cand --topic 'REQUIRED: topic name'
            cand --partition 'REQUIRED: partition number'
            cand --start-offset 'start offset of the transaction to abort'
            cand --producer-id 'producer id'
            cand --producer-epoch 'producer epoch'
            cand --coordinator-epoch 'coordinator epoch'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-transactions;abort'= {
            cand --topic 'REQUIRED: topic name'
            cand --partition 'REQUIRED: partition number'
            cand --start-offset 'start offset of the transaction to abort'
            cand --producer-id 'producer id'
            cand --producer-epoch 'producer epoch'
            cand --coordinator-epoch 'coordinator epoch'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions;find-hanging'= {
            cand --broker-id 'broker id to search for hanging transactions'
            cand --max-transaction-timeout 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)'
            cand --topic 'topic name to limit search to (required if --partition is specified)'
            cand --partition 'partition number'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-transactions;find-hanging'= {
            cand --broker-id 'broker id to search for hanging transactions'
            cand --max-transaction-timeout 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)'
            cand --topic 'topic name to limit search to (required if --partition is specified)'
            cand --partition 'partition number'
            cand --command-config 'property file containing configs to be passed to admin client'
            cand --bootstrap-server 'REQUIRED: hostname and port for the broker to connect to, in the form `host:port` (multiple comma-separated entries can be given)'
            cand -v '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand --verbose '(kt) Log what kt does on stderr, at debug level (RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;transactions;help'= {
            cand list 'list transactions'
            cand describe 'describe the state of an active transactional-id'
            cand describe-producers 'describe the states of active producers for a topic partition'
            cand abort 'abort a hanging transaction (requires administrative privileges)'
            cand find-hanging 'find hanging transactions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;transactions;help;list'= {
        }
        &'kt;transactions;help;describe'= {
        }
        &'kt;transactions;help;describe-producers'= {
        }
        &'kt;transactions;help;abort'= {
        }
        &'kt;transactions;help;find-hanging'= {
        }
        &'kt;transactions;help;help'= {
        }
        &'kt;kafka-transactions;help'= {
            cand list 'list transactions'
            cand describe 'describe the state of an active transactional-id'
            cand describe-producers 'describe the states of active producers for a topic partition'
            cand abort 'abort a hanging transaction (requires administrative privileges)'
            cand find-hanging 'find hanging transactions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;kafka-transactions;help;list'= {
        }
        &'kt;kafka-transactions;help;describe'= {
        }
        &'kt;kafka-transactions;help;describe-producers'= {
        }
        &'kt;kafka-transactions;help;abort'= {
        }
        &'kt;kafka-transactions;help;find-hanging'= {
        }
        &'kt;kafka-transactions;help;help'= {
        }
        &'kt;help'= {
            cand topics 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
            cand console-producer 'Send lines of standard input to a topic (kafka-console-producer.sh)'
            cand console-consumer 'Print records of topics to standard output (kafka-console-consumer.sh)'
            cand get-offsets 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
            cand consumer-groups 'List, describe and delete consumer groups, reset and delete their offsets (kafka-consumer-groups.sh)'
            cand server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand configs 'Describe and change topic and broker configs (kafka-configs.sh)'
            cand producer-perf-test 'Measure producer throughput and latency (kafka-producer-perf-test.sh)'
            cand consumer-perf-test 'Measure consumer throughput (kafka-consumer-perf-test.sh)'
            cand dump-log 'Print the batches and records of log segment files (kafka-dump-log.sh)'
            cand log-dirs 'Describe each broker''s log directories: their errors and the size of every partition log in them (kafka-log-dirs.sh)'
            cand leader-election 'Elect the preferred replica, or any live replica (unclean), as partition leaders (kafka-leader-election.sh)'
            cand reassign-partitions 'Move partition replicas between brokers: generate, execute, verify, cancel and list reassignments (kafka-reassign-partitions.sh)'
            cand acls 'Add, remove and list ACLs (kafka-acls.sh)'
            cand server-stop 'Stop the running brokers (kafka-server-stop.sh)'
            cand zookeeper-stop 'Stop the running ZooKeeper servers (zookeeper-server-stop.sh)'
            cand wait-ready 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
            cand certs 'Make a test CA with broker and client certificates as PEM files for SSL listeners (kt)'
            cand completions 'Print a shell completion script (kt)'
            cand man 'Write man pages into a directory (kt)'
            cand zookeeper-start 'Start a standalone ZooKeeper server (zookeeper-server-start.sh)'
            cand storage 'Format and inspect a KRaft node''s directories, print a cluster id (kafka-storage.sh)'
            cand zookeeper-shell 'Run ZooKeeper''s CLI commands (ls, get, create, ...) against ZooKeeper (zookeeper-shell.sh)'
            cand broker-api-versions 'Print every broker''s API version ranges (kafka-broker-api-versions.sh)'
            cand delete-records 'Delete the records of partitions below given offsets (kafka-delete-records.sh)'
            cand delegation-tokens 'Create, renew, expire and describe delegation tokens (kafka-delegation-tokens.sh)'
            cand e2e-latency 'Measure the end-to-end latency of single records, produce to consume (kafka-e2e-latency.sh)'
            cand client-metrics 'List, describe, alter and delete client metrics subscriptions (kafka-client-metrics.sh)'
            cand jmx 'Print a broker''s metrics at an interval, by their JMX names (kafka-jmx.sh)'
            cand verifiable-producer 'Produce increasing integers and print each acknowledgement as a JSON line (kafka-verifiable-producer.sh)'
            cand verifiable-consumer 'Consume a topic in a group and print rebalances, records and commits as JSON lines (kafka-verifiable-consumer.sh)'
            cand replica-verification 'Check that every replica of topics holds the same records (kafka-replica-verification.sh)'
            cand mirror-maker 'Copy topics from one cluster to another (kafka-mirror-maker.sh)'
            cand connect-mirror-maker 'Run MirrorMaker 2''s replication flows between clusters (connect-mirror-maker.sh)'
            cand connect-standalone 'Run Kafka Connect''s standalone worker with the file connectors (connect-standalone.sh)'
            cand cluster 'Print the cluster''s id, unregister a broker (kafka-cluster.sh)'
            cand streams-application-reset 'Reset a Kafka Streams application''s offsets and delete its internal topics (kafka-streams-application-reset.sh)'
            cand features 'Describe, upgrade, downgrade and disable feature flags (kafka-features.sh)'
            cand metadata-quorum 'Describe the KRaft metadata quorum (kafka-metadata-quorum.sh)'
            cand metadata-shell 'Browse the metadata image of a KRaft log: ls, cat, tree, find (kafka-metadata-shell.sh)'
            cand transactions 'List, describe and abort transactions, describe partitions'' producers and find hanging transactions (kafka-transactions.sh)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;help;topics'= {
        }
        &'kt;help;console-producer'= {
        }
        &'kt;help;console-consumer'= {
        }
        &'kt;help;get-offsets'= {
        }
        &'kt;help;consumer-groups'= {
        }
        &'kt;help;server-start'= {
        }
        &'kt;help;configs'= {
        }
        &'kt;help;producer-perf-test'= {
        }
        &'kt;help;consumer-perf-test'= {
        }
        &'kt;help;dump-log'= {
        }
        &'kt;help;log-dirs'= {
        }
        &'kt;help;leader-election'= {
        }
        &'kt;help;reassign-partitions'= {
        }
        &'kt;help;acls'= {
        }
        &'kt;help;server-stop'= {
        }
        &'kt;help;zookeeper-stop'= {
        }
        &'kt;help;wait-ready'= {
        }
        &'kt;help;certs'= {
        }
        &'kt;help;completions'= {
        }
        &'kt;help;man'= {
        }
        &'kt;help;zookeeper-start'= {
        }
        &'kt;help;storage'= {
            cand info 'Get information about the Kafka log directories on this node'
            cand format 'Format the Kafka log directories on this node'
            cand random-uuid 'Print a random UUID'
        }
        &'kt;help;storage;info'= {
        }
        &'kt;help;storage;format'= {
        }
        &'kt;help;storage;random-uuid'= {
        }
        &'kt;help;zookeeper-shell'= {
        }
        &'kt;help;broker-api-versions'= {
        }
        &'kt;help;delete-records'= {
        }
        &'kt;help;delegation-tokens'= {
        }
        &'kt;help;e2e-latency'= {
        }
        &'kt;help;client-metrics'= {
        }
        &'kt;help;jmx'= {
        }
        &'kt;help;verifiable-producer'= {
        }
        &'kt;help;verifiable-consumer'= {
        }
        &'kt;help;replica-verification'= {
        }
        &'kt;help;mirror-maker'= {
        }
        &'kt;help;connect-mirror-maker'= {
        }
        &'kt;help;connect-standalone'= {
        }
        &'kt;help;cluster'= {
            cand cluster-id 'Get information about the ID of a cluster'
            cand unregister 'Unregister a broker'
        }
        &'kt;help;cluster;cluster-id'= {
        }
        &'kt;help;cluster;unregister'= {
        }
        &'kt;help;streams-application-reset'= {
        }
        &'kt;help;features'= {
            cand describe 'Describes the current active feature flags'
            cand upgrade 'Upgrade one or more feature flags'
            cand downgrade 'Downgrade one or more feature flags'
            cand disable 'Disable one or more feature flags. This is the same as downgrading the version to zero'
        }
        &'kt;help;features;describe'= {
        }
        &'kt;help;features;upgrade'= {
        }
        &'kt;help;features;downgrade'= {
        }
        &'kt;help;features;disable'= {
        }
        &'kt;help;metadata-quorum'= {
            cand describe 'Describe the metadata quorum info'
        }
        &'kt;help;metadata-quorum;describe'= {
        }
        &'kt;help;metadata-shell'= {
        }
        &'kt;help;transactions'= {
            cand list 'list transactions'
            cand describe 'describe the state of an active transactional-id'
            cand describe-producers 'describe the states of active producers for a topic partition'
            cand abort 'abort a hanging transaction (requires administrative privileges)'
            cand find-hanging 'find hanging transactions'
        }
        &'kt;help;transactions;list'= {
        }
        &'kt;help;transactions;describe'= {
        }
        &'kt;help;transactions;describe-producers'= {
        }
        &'kt;help;transactions;abort'= {
        }
        &'kt;help;transactions;find-hanging'= {
        }
        &'kt;help;help'= {
        }
    ]
    $completions[$command]
}
