import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The official Java client's idempotent acks=all producer at a steady rate, for the interop suite's
 * replication kill test (replication_check.py runs it while it kills and pauses brokers): record i
 * goes to partition i % 3 with the value "java record %08d " followed by 50 x's.
 * Prints `ACK PARTITION OFFSET VALUE` per acknowledged record and `ERR PARTITION SEQ MESSAGE` per
 * failed one; when its stdin closes it stops sending, flushes, and prints `DONE PRODUCED`.
 * Usage: java ReplicationProducer BOOTSTRAP TOPIC RECORDS_PER_SECOND
 */
public class ReplicationProducer {
    public static void main(String[] args) throws Exception {
        String boot = args[0], topic = args[1];
        int rate = Integer.parseInt(args[2]);
        Properties props = new Properties();
        props.put("bootstrap.servers", boot);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.put("request.timeout.ms", "5000");
        props.put("delivery.timeout.ms", "120000");
        props.put("retry.backoff.ms", "100");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        AtomicBoolean stopping = new AtomicBoolean(false);
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // only the end of stdin matters
                }
            } catch (IOException e) {
                // a closed stdin stops the producer too
            }
            stopping.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        long i = 0, t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            while (!stopping.get()) {
                long due = t0 + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                final int partition = (int) (i % 3);
                final long seq = i;
                String value = String.format("java record %08d ", i) + "x".repeat(50);
                producer.send(new ProducerRecord<>(topic, partition, Long.toString(i), value), (md, err) -> {
                    synchronized (System.out) {
                        if (err == null) {
                            System.out.println("ACK " + md.partition() + " " + md.offset() + " " + value);
                        } else {
                            System.out.println("ERR " + partition + " " + seq + " " + err);
                        }
                    }
                });
                i++;
            }
            producer.flush();
        }
        synchronized (System.out) {
            System.out.println("DONE " + i);
        }
    }
}
