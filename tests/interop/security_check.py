"""kafka-python and confluent-kafka against kt's secured listeners: produce and read back over
SASL_SSL with SCRAM-SHA-512 and over SSL with a client certificate (mutual TLS); a wrong password
ends in Kafka's authentication error (SASL_AUTHENTICATION_FAILED), and a topic an ACL denies to the
user ends in TOPIC_AUTHORIZATION_FAILED.

--bootstrap is the broker's PLAINTEXT listener (unused here: the secured ones are given apart)."""
import logging
import time

import kafka
import kafka.errors
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("--sasl-ssl", required=True, help="host:port of the SASL_SSL listener")
p.add_argument("--ssl", required=True, help="host:port of the SSL listener (client certificates required)")
p.add_argument("--certs", required=True, help="directory of kt certs' ca.pem and client.pem")
p.add_argument("--user", required=True)
p.add_argument("--password", required=True)
p.add_argument("--denied-topic", required=True, help="a topic an ACL denies to --user")
a = p.parse_args()
c = Checks("security")
CA, CLIENT = f"{a.certs}/ca.pem", f"{a.certs}/client.pem"
N = 20


# ---------------------------------------------------------------- kafka-python

def kp_settings(listener, password=None):
    if listener == "sasl":
        return dict(bootstrap_servers=a.sasl_ssl, security_protocol="SASL_SSL", ssl_cafile=CA,
                    sasl_mechanism="SCRAM-SHA-512", sasl_plain_username=a.user,
                    sasl_plain_password=password or a.password)
    return dict(bootstrap_servers=a.ssl, security_protocol="SSL", ssl_cafile=CA,
                ssl_certfile=CLIENT, ssl_keyfile=CLIENT)


def kp_round_trip(listener):
    topic = f"kafka-python-{listener}"
    producer = kafka.KafkaProducer(acks="all", request_timeout_ms=10000, max_block_ms=15000,
                                   **kp_settings(listener))
    try:
        for i in range(N):
            producer.send(topic, key=b"k", value=f"{listener} {i}".encode()).get(timeout=15)
    finally:
        producer.close(timeout=5)
    consumer = kafka.KafkaConsumer(auto_offset_reset="earliest", consumer_timeout_ms=10000,
                                   **kp_settings(listener))
    try:
        consumer.assign([kafka.TopicPartition(topic, 0)])
        consumer.seek_to_beginning()
        got = []
        deadline = time.time() + 15
        while len(got) < N and time.time() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                got += [r.value.decode() for r in records]
    finally:
        consumer.close()
    want = [f"{listener} {i}" for i in range(N)]
    return True if got == want else f"read {got[:3]}... ({len(got)}), want {want[:3]}... ({N})"


def kp_wrong_password():
    """kafka-python raises SaslAuthenticationFailedError on the connection; a producer's bootstrap
    turns it into a timeout, so the error is also looked for in what kafka-python logs."""
    logged = []

    class Collect(logging.Handler):
        def emit(self, record):
            logged.append(record.getMessage())

    handler = Collect(level=logging.ERROR)
    logging.getLogger("kafka").addHandler(handler)
    try:
        producer = kafka.KafkaProducer(max_block_ms=5000, **kp_settings("sasl", "not-the-password"))
        producer.close(timeout=5)
        return "a producer with a wrong password bootstrapped"
    except kafka.errors.SaslAuthenticationFailedError as e:
        return True if "Authentication failed" in str(e) else f"message {e}"
    except kafka.errors.KafkaTimeoutError:
        seen = [m for m in logged if "SaslAuthenticationFailedError" in m and "Authentication failed" in m]
        return True if seen else f"bootstrap timed out without Kafka's error; logged {logged[:3]}"
    finally:
        logging.getLogger("kafka").removeHandler(handler)


def kp_denied_topic():
    producer = kafka.KafkaProducer(max_block_ms=10000, request_timeout_ms=10000, **kp_settings("sasl"))
    try:
        producer.send(a.denied_topic, value=b"x").get(timeout=15)
    except kafka.errors.TopicAuthorizationFailedError:
        return True
    except Exception as e:  # noqa: BLE001 - the check reports which error it was
        return f"{type(e).__name__}: {e}, want TopicAuthorizationFailedError"
    finally:
        producer.close(timeout=5)
    return "producing to the denied topic succeeded"


# ---------------------------------------------------------------- confluent-kafka

def cf_settings(listener, password=None):
    if listener == "sasl":
        return {"bootstrap.servers": a.sasl_ssl, "security.protocol": "SASL_SSL", "ssl.ca.location": CA,
                "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": a.user,
                "sasl.password": password or a.password}
    return {"bootstrap.servers": a.ssl, "security.protocol": "SSL", "ssl.ca.location": CA,
            "ssl.certificate.location": CLIENT, "ssl.key.location": CLIENT}


def cf_round_trip(listener):
    topic = f"confluent-{listener}"
    errors = []
    producer = Producer({**cf_settings(listener), "acks": "all", "message.timeout.ms": 15000})
    for i in range(N):
        producer.produce(topic, key=b"k", value=f"{listener} {i}".encode(),
                         on_delivery=lambda err, _m: err and errors.append(err))
    left = producer.flush(20)
    if left or errors:
        return f"{left} undelivered, errors {errors[:3]}"
    consumer = Consumer({**cf_settings(listener), "group.id": f"cf-{listener}", "enable.auto.commit": False})
    try:
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        got = []
        deadline = time.time() + 15
        while len(got) < N and time.time() < deadline:
            m = consumer.poll(0.5)
            if m is not None and not m.error():
                got.append(m.value().decode())
    finally:
        consumer.close()
    want = [f"{listener} {i}" for i in range(N)]
    return True if got == want else f"read {got[:3]}... ({len(got)}), want {want[:3]}... ({N})"


def cf_wrong_password():
    """librdkafka reports the broker's answer through error_cb, served by poll()."""
    seen = []
    producer = Producer({**cf_settings("sasl", "not-the-password"), "error_cb": seen.append})
    deadline = time.time() + 10
    while time.time() < deadline and not any(e.code() == KafkaError._AUTHENTICATION for e in seen):
        producer.poll(0.2)
    auth = [e for e in seen if e.code() == KafkaError._AUTHENTICATION]
    if not auth:
        return f"no _AUTHENTICATION error, got {[e.name() for e in seen]}"
    return True if "Authentication failed" in auth[0].str() else f"message {auth[0].str()}"


def cf_denied_topic():
    errors = []
    producer = Producer({**cf_settings("sasl"), "message.timeout.ms": 10000})
    producer.produce(a.denied_topic, value=b"x", on_delivery=lambda err, _m: errors.append(err))
    producer.flush(15)
    if not errors or errors[0] is None:
        return f"delivery reports {errors}, want one TOPIC_AUTHORIZATION_FAILED"
    return True if errors[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED else f"error {errors[0].name()}"


c.run("kafka-python/sasl-ssl-scram-sha-512-produce-consume", kp_round_trip, "sasl")
c.run("kafka-python/ssl-client-certificate-produce-consume", kp_round_trip, "ssl")
c.run("kafka-python/wrong-password-authentication-failed", kp_wrong_password)
c.run("kafka-python/acl-denied-topic-authorization-failed", kp_denied_topic)
c.run("confluent/sasl-ssl-scram-sha-512-produce-consume", cf_round_trip, "sasl")
c.run("confluent/ssl-client-certificate-produce-consume", cf_round_trip, "ssl")
c.run("confluent/wrong-password-authentication-failed", cf_wrong_password)
c.run("confluent/acl-denied-topic-authorization-failed", cf_denied_topic)
c.exit()
