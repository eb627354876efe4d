import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * benches/replication.sh's failover client on the official Java client (FAILOVER_CLIENT=java):
 * an idempotent acks=all producer at a steady rate to partition 0, with the Java client's
 * defaults but for linger.ms=0 (as replication.py's confluent-kafka producer). Prints
 * `ACK INDEX SENT_MS ACKED_MS` per acknowledged record and `ERR INDEX SENT_MS MESSAGE` per
 * failed one (wall-clock milliseconds, the clock the bench's kill is timed on); when its stdin
 * closes it stops sending, flushes and prints `DONE SENT`.
 * Usage: java FailoverProducer BOOTSTRAP TOPIC RECORDS_PER_SECOND
 */
public class FailoverProducer {
    public static void main(String[] args) throws Exception {
        String boot = args[0], topic = args[1];
        int rate = Integer.parseInt(args[2]);
        Properties props = new Properties();
        props.put("bootstrap.servers", boot);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "0");
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
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
        byte[] value = new byte[100];
        long i = 0, t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            while (!stopping.get()) {
                long wait = t0 + i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                final long index = i++;
                final long sent = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(topic, 0, null, value), (md, err) -> {
                    long acked = System.currentTimeMillis();
                    synchronized (System.out) {
                        if (err == null) {
                            System.out.println("ACK " + index + " " + sent + " " + acked);
                        } else {
                            System.out.println("ERR " + index + " " + sent + " " + err);
                        }
                    }
                });
            }
            producer.flush();
        }
        System.out.println("DONE " + i);
    }
}
