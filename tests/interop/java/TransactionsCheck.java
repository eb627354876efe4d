import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The official Java client's transactions against kt, for the interop suite's transactions checks:
 * a transactional producer that commits, aborts and commits again, read back by a read_committed
 * consumer (exactly the committed records, in order) and a read_uncommitted one (the aborted ones
 * too, so they did reach the log); a consume-transform-produce loop with sendOffsetsToTransaction,
 * whose output a read_committed consumer reads whole and whose group offsets become visible with the
 * commit; an aborted transaction with offsets, after which the group's offsets stay as they were;
 * and a second producer with the same transactional.id fencing the first.
 * Prints `PASS transactions/java/NAME` or `FAIL transactions/java/NAME: WHY`.
 * Usage: java TransactionsCheck BOOTSTRAP IN_TOPIC OUT_TOPIC
 */
public class TransactionsCheck {
    static int failed = 0;
    static String boot, in, out;

    public static void main(String[] args) throws Exception {
        boot = args[0];
        in = args[1];
        out = args[2];
        check("producer-commit-abort-commit", TransactionsCheck::produce);
        check("read-committed-consumer-sees-only-committed", TransactionsCheck::readCommitted);
        check("read-uncommitted-consumer-sees-aborted-too", TransactionsCheck::readUncommitted);
        check("consume-transform-produce-send-offsets-to-transaction", TransactionsCheck::consumeTransformProduce);
        check("aborted-send-offsets-leaves-group-offsets", TransactionsCheck::abortedOffsets);
        check("second-producer-fences-the-first", TransactionsCheck::fencing);
        System.exit(failed == 0 ? 0 : 1);
    }

    interface Check {
        String run() throws Exception;
    }

    /** Runs one check: null from it is a PASS, a string or an exception a FAIL. */
    static void check(String name, Check check) {
        String why;
        try {
            why = check.run();
        } catch (Exception e) {
            e.printStackTrace();
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (why == null) {
            System.out.println("PASS transactions/java/" + name);
        } else {
            failed++;
            System.out.println("FAIL transactions/java/" + name + ": " + why.replaceAll("\\s+", " "));
        }
        System.out.flush();
    }

    static Properties producerProps(String transactionalId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", boot);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("transactional.id", transactionalId);
        p.put("transaction.timeout.ms", "30000");
        p.put("request.timeout.ms", "10000");
        p.put("max.block.ms", "30000");
        p.put("delivery.timeout.ms", "20000");
        return p;
    }

    static Properties consumerProps(String isolation, String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", boot);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("isolation.level", isolation);
        p.put("default.api.timeout.ms", "15000");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        if (group != null) {
            p.put("group.id", group);
        }
        return p;
    }

    static List<String> committed = new ArrayList<>();
    static List<String> all = new ArrayList<>();

    /** Commits 10 records, aborts 5, commits 10 more: 20 committed records, 25 in the log. */
    static String produce() throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(producerProps("java-txn-producer"))) {
            p.initTransactions();
            String[] rounds = {"first", "aborted", "second"};
            for (String round : rounds) {
                p.beginTransaction();
                int n = round.equals("aborted") ? 5 : 10;
                for (int i = 0; i < n; i++) {
                    String v = round + "-" + i;
                    p.send(new ProducerRecord<>(in, "k" + i, v));
                    all.add(v);
                    if (!round.equals("aborted")) {
                        committed.add(v);
                    }
                }
                if (round.equals("aborted")) {
                    p.flush(); // the records reach the log before the abort
                    p.abortTransaction();
                } else {
                    p.commitTransaction();
                }
            }
        }
        return null;
    }

    /** Reads a topic's partition 0 from the start up to its end (the LSO for read_committed). */
    static List<String> readAll(String topic, String isolation) {
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps(isolation, null))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(Collections.singletonList(tp));
            c.seekToBeginning(Collections.singletonList(tp));
            long end = c.endOffsets(Collections.singletonList(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 15_000;
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    got.add(r.value());
                }
            }
            if (c.position(tp) < end) {
                got.add("(stopped at offset " + c.position(tp) + " before the end " + end + ")");
            }
        }
        return got;
    }

    static String readCommitted() {
        List<String> got = readAll(in, "read_committed");
        return got.equals(committed) ? null : "read " + got + ", want " + committed;
    }

    static String readUncommitted() {
        List<String> got = readAll(in, "read_uncommitted");
        return got.equals(all) ? null : "read " + got + ", want " + all;
    }

    /**
     * A group member reading `in` with read_committed, sending each record upper-cased to `out` in a
     * transaction that also carries the consumed offsets, until it has consumed the 20 committed ones.
     */
    static String consumeTransformProduce() throws Exception {
        List<String> want = new ArrayList<>();
        for (String v : committed) {
            want.add(v.toUpperCase());
        }
        TopicPartition tp = new TopicPartition(in, 0);
        long position;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps("read_committed", "java-ctp"));
                KafkaProducer<String, String> p = new KafkaProducer<>(producerProps("java-ctp"))) {
            p.initTransactions();
            c.subscribe(Collections.singletonList(in));
            int copied = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (copied < committed.size() && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                p.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    p.send(new ProducerRecord<>(out, r.key(), r.value().toUpperCase()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    copied++;
                }
                p.sendOffsetsToTransaction(offsets, c.groupMetadata());
                p.commitTransaction();
            }
            if (copied != committed.size()) {
                return "consumed " + copied + " records in 30 s, want " + committed.size();
            }
            position = c.position(tp);
        }
        List<String> got = readAll(out, "read_committed");
        if (!got.equals(want)) {
            return "output read " + got + ", want " + want;
        }
        long groupOffset = groupOffset("java-ctp", tp);
        // The last committed record is followed by its commit marker: the consumer's position is one
        // past the record, or past the marker once it fetched it; the group has the record's + 1.
        if (groupOffset != lastCommittedOffset() + 1) {
            return "group offset " + groupOffset + ", want " + (lastCommittedOffset() + 1) + " (position " + position + ")";
        }
        return null;
    }

    /** The offset of the last committed record of `in`: 10 + 1 marker + 5 aborted + 1 marker + 9. */
    static long lastCommittedOffset() {
        return 10 + 1 + 5 + 1 + 9;
    }

    static long groupOffset(String group, TopicPartition tp) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps("read_committed", group))) {
            OffsetAndMetadata o = c.committed(Collections.singleton(tp)).get(tp);
            return o == null ? -1 : o.offset();
        }
    }

    /** Offsets sent in a transaction that is aborted never become the group's. */
    static String abortedOffsets() throws Exception {
        TopicPartition tp = new TopicPartition(in, 0);
        long before = groupOffset("java-ctp", tp);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProps("read_committed", "java-ctp"));
                KafkaProducer<String, String> p = new KafkaProducer<>(producerProps("java-ctp"))) {
            p.initTransactions();
            c.subscribe(Collections.singletonList(in));
            long deadline = System.currentTimeMillis() + 15_000;
            while (c.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100));
            }
            p.beginTransaction();
            p.send(new ProducerRecord<>(out, "k", "NEVER"));
            p.sendOffsetsToTransaction(Collections.singletonMap(tp, new OffsetAndMetadata(0)), c.groupMetadata());
            p.flush();
            p.abortTransaction();
        }
        long after = groupOffset("java-ctp", tp);
        if (after != before) {
            return "group offset " + after + " after the abort, was " + before;
        }
        List<String> got = readAll(out, "read_committed");
        return got.contains("NEVER") ? "the aborted record was read with read_committed: " + got : null;
    }

    /** initTransactions by a second producer with the same id fences the first one's commit. */
    static String fencing() throws Exception {
        KafkaProducer<String, String> first = new KafkaProducer<>(producerProps("java-fenced"));
        try {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(in + "-fenced", "k", "from the first")).get(15, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> second = new KafkaProducer<>(producerProps("java-fenced"))) {
                second.initTransactions();
                second.beginTransaction();
                second.send(new ProducerRecord<>(in + "-fenced", "k", "from the second"));
                second.commitTransaction();
            }
            try {
                first.commitTransaction();
                return "the first producer committed after being fenced";
            } catch (ProducerFencedException e) {
                // as Kafka: the fenced producer learns it on its next request
            } catch (KafkaException e) {
                Throwable cause = e.getCause();
                if (!(e.getCause() instanceof ProducerFencedException)
                        && !(e instanceof org.apache.kafka.common.errors.InvalidProducerEpochException)) {
                    return "commit failed with " + e + (cause == null ? "" : " caused by " + cause);
                }
            }
        } catch (ExecutionException e) {
            return "send failed: " + e.getCause();
        } finally {
            first.close(Duration.ofSeconds(5));
        }
        List<String> got = readAll(in + "-fenced", "read_committed");
        return got.equals(List.of("from the second")) ? null : "read " + got + ", want [from the second]";
    }
}
