
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
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
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
            cand server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand kafka-server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand wait-ready 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
            cand completions 'Print a shell completion script (kt)'
            cand man 'Write man pages into a directory (kt)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kt;topics'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir 'kt only: work on a kt broker''s data directory in-process instead of connecting to a cluster'
            cand --topic 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)'
            cand --topic-id 'The id of the topic to describe (accepted with --describe only)'
            cand --partitions 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)'
            cand --replication-factor 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)'
            cand --config 'A topic config override for the topic being created, as key=value. Repeatable'
            cand --replica-assignment 'A manual replica assignment (broker ids); not supported by kt'
            cand --partition-size-limit-per-response 'With --describe: describe partitions this many at a time (accepted, no effect)'
            cand --create 'Create a new topic'
            cand --list 'List all available topics'
            cand --describe 'Describe the given topics (all topics without --topic)'
            cand --alter 'Add partitions to a topic'
            cand --delete 'Delete a topic'
            cand --if-not-exists 'With --create: do nothing if the topic already exists'
            cand --if-exists 'With --alter, --describe or --delete: do nothing if the topic does not exist'
            cand --exclude-internal 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
            cand --under-replicated-partitions 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
            cand --unavailable-partitions 'With --describe: only partitions without a leader'
            cand --under-min-isr-partitions 'With --describe: only partitions whose ISR is below min.insync.replicas (not supported by kt yet)'
            cand --at-min-isr-partitions 'With --describe: only partitions whose ISR equals min.insync.replicas (not supported by kt yet)'
            cand --topics-with-overrides 'With --describe: show only topic overrides of configs (kt always does)'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-topics'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir 'kt only: work on a kt broker''s data directory in-process instead of connecting to a cluster'
            cand --topic 'The topic to create, alter, describe or delete. Except with --create, a regular expression matching whole topic names (`,` separates alternatives)'
            cand --topic-id 'The id of the topic to describe (accepted with --describe only)'
            cand --partitions 'The number of partitions of the topic being created or altered (default: the broker''s num.partitions)'
            cand --replication-factor 'The replication factor of each partition of the topic being created (default: the broker''s default.replication.factor)'
            cand --config 'A topic config override for the topic being created, as key=value. Repeatable'
            cand --replica-assignment 'A manual replica assignment (broker ids); not supported by kt'
            cand --partition-size-limit-per-response 'With --describe: describe partitions this many at a time (accepted, no effect)'
            cand --create 'Create a new topic'
            cand --list 'List all available topics'
            cand --describe 'Describe the given topics (all topics without --topic)'
            cand --alter 'Add partitions to a topic'
            cand --delete 'Delete a topic'
            cand --if-not-exists 'With --create: do nothing if the topic already exists'
            cand --if-exists 'With --alter, --describe or --delete: do nothing if the topic does not exist'
            cand --exclude-internal 'Leave internal topics (such as __consumer_offsets) out of --list and --describe'
            cand --under-replicated-partitions 'With --describe: only partitions whose in-sync replicas are fewer than their replicas'
            cand --unavailable-partitions 'With --describe: only partitions without a leader'
            cand --under-min-isr-partitions 'With --describe: only partitions whose ISR is below min.insync.replicas (not supported by kt yet)'
            cand --at-min-isr-partitions 'With --describe: only partitions whose ISR equals min.insync.replicas (not supported by kt yet)'
            cand --topics-with-overrides 'With --describe: show only topic overrides of configs (kt always does)'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
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
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
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
            cand --max-messages 'Exit after printing this many records'
            cand --timeout-ms 'Exit when no record arrives for this many milliseconds'
            cand --consumer-property 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config'
            cand --consumer.config 'A consumer properties file (Kafka''s .properties format)'
            cand --property 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)'
            cand --formatter-config 'A formatter properties file; --property wins over it'
            cand --formatter 'The formatter class; only Kafka''s default formatter is supported'
            cand --group 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing'
            cand --isolation-level 'read_committed or read_uncommitted (default)'
            cand --key-deserializer 'Key deserializer class: accepted; kt prints raw bytes'
            cand --value-deserializer 'Value deserializer class: accepted; kt prints raw bytes'
            cand --from-beginning 'Start with the earliest record rather than the next one (when the group has no committed offset)'
            cand --skip-message-on-error 'Skip a record that cannot be processed instead of stopping'
            cand --enable-systest-events 'Accepted for compatibility; no effect'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand --max-messages 'Exit after printing this many records'
            cand --timeout-ms 'Exit when no record arrives for this many milliseconds'
            cand --consumer-property 'A consumer property as key=value (Kafka''s names). Repeatable; wins over --consumer.config'
            cand --consumer.config 'A consumer properties file (Kafka''s .properties format)'
            cand --property 'A formatter property as key=value. Repeatable. Known: print.key, print.value, print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB), line.separator (newline), headers.separator (,), null.literal (null)'
            cand --formatter-config 'A formatter properties file; --property wins over it'
            cand --formatter 'The formatter class; only Kafka''s default formatter is supported'
            cand --group 'The consumer group: subscribe with it and commit offsets. Without it, kt reads the partitions directly and commits nothing'
            cand --isolation-level 'read_committed or read_uncommitted (default)'
            cand --key-deserializer 'Key deserializer class: accepted; kt prints raw bytes'
            cand --value-deserializer 'Value deserializer class: accepted; kt prints raw bytes'
            cand --from-beginning 'Start with the earliest record rather than the next one (when the group has no committed offset)'
            cand --skip-message-on-error 'Skip a record that cannot be processed instead of stopping'
            cand --enable-systest-events 'Accepted for compatibility; no effect'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;get-offsets'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir 'kt only: work on a kt broker''s data directory in-process instead of connecting to a cluster'
            cand --broker-list 'Deprecated spelling of --bootstrap-server'
            cand --topic 'A regular expression of the topics to look at (all topics without it)'
            cand --partitions 'Comma-separated partition ids to look at (all without it)'
            cand --topic-partitions 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)'
            cand --time 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it'
            cand --exclude-internal-topics 'Leave internal topics (such as __consumer_offsets) out'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-get-offsets'= {
            cand --bootstrap-server 'REQUIRED: the Kafka server(s) to connect to, as HOST1:PORT1,HOST2:PORT2'
            cand --command-config 'A file of client properties (Kafka''s .properties format) for the admin client, such as security settings'
            cand --data-dir 'kt only: work on a kt broker''s data directory in-process instead of connecting to a cluster'
            cand --broker-list 'Deprecated spelling of --bootstrap-server'
            cand --topic 'A regular expression of the topics to look at (all topics without it)'
            cand --partitions 'Comma-separated partition ids to look at (all without it)'
            cand --topic-partitions 'Instead of --topic/--partitions: comma-separated TOPIC_REGEX[:PARTITIONS] patterns, where PARTITIONS is N, N-M, N- or -M (upper bound exclusive)'
            cand --time 'earliest (-2), latest (-1, default), max-timestamp (-3), or a timestamp in ms: the first offset at or after it'
            cand --exclude-internal-topics 'Leave internal topics (such as __consumer_offsets) out'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;server-start'= {
            cand --override 'Set a property, overriding the file (repeatable): --override key=value'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;kafka-server-start'= {
            cand --override 'Set a property, overriding the file (repeatable): --override key=value'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;wait-ready'= {
            cand --bootstrap-server 'The broker(s) to wait for, as HOST1:PORT1,HOST2:PORT2: ready when any answers Metadata'
            cand --zookeeper 'Wait for a ZooKeeper server instead: ready when it answers `ruok` with `imok`'
            cand --timeout 'How long to wait before giving up: 30s, 500ms, 2m, or plain seconds'
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;completions'= {
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;man'= {
            cand -v 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand --verbose 'Log what kt does on stderr, at debug level (kt; RUST_LOG or KT_LOG pick other levels)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kt;help'= {
            cand topics 'Create, list, describe, alter and delete topics (kafka-topics.sh)'
            cand console-producer 'Send lines of standard input to a topic (kafka-console-producer.sh)'
            cand console-consumer 'Print records of topics to standard output (kafka-console-consumer.sh)'
            cand get-offsets 'Print partition offsets: earliest, latest or at a time (kafka-get-offsets.sh)'
            cand server-start 'Start a Kafka-compatible broker (kafka-server-start.sh)'
            cand wait-ready 'Wait until a broker answers Metadata, or ZooKeeper answers ruok (kt)'
            cand completions 'Print a shell completion script (kt)'
            cand man 'Write man pages into a directory (kt)'
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
        &'kt;help;server-start'= {
        }
        &'kt;help;wait-ready'= {
        }
        &'kt;help;completions'= {
        }
        &'kt;help;man'= {
        }
        &'kt;help;help'= {
        }
    ]
    $completions[$command]
}
