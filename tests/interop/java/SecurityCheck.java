import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The official Java client against kt's secured listeners, for the interop suite's security checks:
 * produce and read back over SASL_SSL with SCRAM-SHA-512 and over SSL with a client certificate, a
 * wrong password refused with SaslAuthenticationException, a topic denied by an ACL refused with
 * TopicAuthorizationException. Prints `PASS security/java/NAME` or `FAIL security/java/NAME: WHY`.
 * Usage: java SecurityCheck SASL_SSL_BOOTSTRAP SSL_BOOTSTRAP CERTS_DIR USER PASSWORD DENIED_TOPIC
 */
public class SecurityCheck {
    static final int N = 20;
    static int failed = 0;

    public static void main(String[] args) throws Exception {
        String saslBoot = args[0], sslBoot = args[1], certs = args[2], user = args[3], password = args[4];
        String denied = args[5];
        Properties sasl = sasl(saslBoot, certs, user, password);
        Properties ssl = ssl(sslBoot, certs);
        check("sasl-ssl-scram-sha-512-produce-consume", () -> roundTrip(sasl, "java-sasl"));
        check("ssl-client-certificate-produce-consume", () -> roundTrip(ssl, "java-ssl"));
        check("wrong-password-authentication-failed", () -> wrongPassword(sasl(saslBoot, certs, user, "wrong")));
        check("acl-denied-topic-authorization-failed", () -> denied(sasl, denied));
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
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (why == null) {
            System.out.println("PASS security/java/" + name);
        } else {
            failed++;
            System.out.println("FAIL security/java/" + name + ": " + why.replaceAll("\\s+", " "));
        }
    }

    static Properties common(String bootstrap, String certs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", certs + "/ca.pem");
        p.put("request.timeout.ms", "10000");
        p.put("max.block.ms", "30000");
        p.put("delivery.timeout.ms", "15000");
        p.put("default.api.timeout.ms", "10000");
        return p;
    }

    static Properties sasl(String bootstrap, String certs, String user, String password) {
        Properties p = common(bootstrap, certs);
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /** Mutual TLS with kt certs' client.pem given inline (key, then chain), as Kafka's PEM keystore. */
    static Properties ssl(String bootstrap, String certs) throws Exception {
        Properties p = common(bootstrap, certs);
        p.put("security.protocol", "SSL");
        String pem = Files.readString(Path.of(certs, "client.pem"));
        int chain = pem.indexOf("-----BEGIN CERTIFICATE-----");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.key", pem.substring(0, chain).trim());
        p.put("ssl.keystore.certificate.chain", pem.substring(chain).trim());
        return p;
    }

    static String roundTrip(Properties props, String topic) throws Exception {
        Properties pp = (Properties) props.clone();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        pp.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < N; i++) {
                producer.send(new ProducerRecord<>(topic, "k", topic + " " + i)).get(15, TimeUnit.SECONDS);
            }
        }
        Properties cp = (Properties) props.clone();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(Collections.singletonList(tp));
            consumer.seekToBeginning(Collections.singletonList(tp));
            long deadline = System.currentTimeMillis() + 15_000;
            while (got.size() < N && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    got.add(r.value());
                }
            }
        }
        List<String> want = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            want.add(topic + " " + i);
        }
        return got.equals(want) ? null : "read " + got.size() + " records " + got + ", want " + N;
    }

    static String wrongPassword(Properties props) {
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor("java-sasl");
            return "metadata was served to a wrong password";
        } catch (SaslAuthenticationException e) {
            return e.getMessage().contains("Authentication failed") ? null : "message: " + e.getMessage();
        }
    }

    static String denied(Properties props, String topic) throws Exception {
        Properties pp = (Properties) props.clone();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(15, TimeUnit.SECONDS);
            return "producing to the denied topic succeeded";
        } catch (TopicAuthorizationException e) {
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof TopicAuthorizationException ? null : "error: " + e.getCause();
        }
    }
}
