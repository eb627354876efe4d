//! A login the cluster refused, or a TLS handshake that failed.
//!
//! Kafka's Java clients treat both as fatal (an `AuthenticationException` is not retriable): an
//! admin call, a consumer's poll or a producer's send fails at once with the broker's message.
//! librdkafka instead reports the failure as an error event and keeps reconnecting until the
//! operation's own timeout (30 s for an admin call, two minutes for a record). kt's clients
//! watch for these events ([`AuthenticationFailure::classify`]) and end their waits on the first
//! one, so `kt topics --list` with a wrong password fails as fast as `kafka-topics.sh` does.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, ConsumerContext};
use rdkafka::producer::{Producer, ProducerContext, PurgeConfig};
use rdkafka::types::RDKafkaErrorCode;

use super::client::KtContext;

/// Why a connection to the cluster could not be authenticated, with the text Kafka's clients
/// show (the broker's own message for SASL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthenticationFailure {
    /// SaslHandshake or SaslAuthenticate failed (`Authentication failed: Invalid username or
    /// password`, an unsupported mechanism, ...).
    Sasl(String),
    /// The TLS handshake failed (an unknown certificate authority, a refused client
    /// certificate, ...).
    Ssl(String),
}

impl AuthenticationFailure {
    /// The failure an error event of librdkafka's reports, if it is one: `code` and `reason` as
    /// its error callback gets them (`sasl_ssl://host:9094/bootstrap: SASL authentication
    /// error: Authentication failed: Invalid username or password (after 3ms in state
    /// AUTH_REQ)`). Other errors (a refused connection, a timeout) are retriable and give
    /// `None`.
    pub fn classify(code: RDKafkaErrorCode, reason: &str) -> Option<Self> {
        let text = without_broker_and_suffix(reason);
        match code {
            RDKafkaErrorCode::Authentication => Some(AuthenticationFailure::Sasl(
                text.strip_prefix("SASL authentication error: ")
                    .unwrap_or(text)
                    .to_string(),
            )),
            // librdkafka uses the same code for TLS errors after the handshake (a connection
            // torn mid-stream), which are retriable.
            RDKafkaErrorCode::SSL if text.starts_with("SSL handshake failed") => {
                Some(AuthenticationFailure::Ssl(text.to_string()))
            }
            _ => None,
        }
    }

    /// The exception Kafka's clients throw for it, for the log line kt's tools print as
    /// Kafka's do.
    pub fn java_class(&self) -> &'static str {
        match self {
            AuthenticationFailure::Sasl(_) => {
                "org.apache.kafka.common.errors.SaslAuthenticationException"
            }
            AuthenticationFailure::Ssl(_) => {
                "org.apache.kafka.common.errors.SslAuthenticationException"
            }
        }
    }

    /// The exception as Java prints it (`org.apache.kafka...SaslAuthenticationException:
    /// message`), for the lines kt's tools print where Kafka's print the exception.
    pub fn exception(&self) -> String {
        format!("{}: {}", self.java_class(), self.message())
    }

    /// The message, as the exception's `getMessage()` would give it.
    pub fn message(&self) -> &str {
        match self {
            AuthenticationFailure::Sasl(m) | AuthenticationFailure::Ssl(m) => m,
        }
    }
}

impl std::fmt::Display for AuthenticationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// After a refused login (as `context` saw it), fails every record `producer` still holds, so
/// that a wait for deliveries ends at once — as Kafka's producer fails its sends — instead of
/// when librdkafka gives the records up (`message.timeout.ms`). Returns the failure.
pub fn fail_records_after_refused_login<C: ProducerContext>(
    producer: &impl Producer<C>,
    context: &KtContext,
) -> Option<AuthenticationFailure> {
    let failure = context.authentication_failure()?;
    producer.purge(PurgeConfig::default().queue().inflight());
    Some(failure)
}

/// The refused login a consumer's queue reports, if any: librdkafka hands a consumer its error
/// events through `poll` (with the code alone), so a consumer waiting on something else
/// (metadata, before any assignment) looks there.
pub fn refused_login_on_queue<C: ConsumerContext>(
    consumer: &BaseConsumer<C>,
    context: &KtContext,
) -> Option<AuthenticationFailure> {
    if let Some(Err(event)) = consumer.poll(Duration::ZERO) {
        context.refused_login(&event);
    }
    context.authentication_failure()
}

/// `reason` without librdkafka's broker name in front (`sasl_ssl://host:9094/1: `) and its
/// state note behind (` (after 3ms in state AUTH_REQ)`, with any count of suppressed repeats).
fn without_broker_and_suffix(reason: &str) -> &str {
    let text = match (reason.find("://"), reason.find(": ")) {
        (Some(scheme), Some(colon)) if scheme < colon => &reason[colon + 2..],
        _ => reason,
    };
    match text.rfind(" (after ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_sasl_login_keeps_the_brokers_message() {
        let failure = AuthenticationFailure::classify(
            RDKafkaErrorCode::Authentication,
            "sasl_plaintext://127.0.0.1:19192/bootstrap: SASL authentication error: \
             Authentication failed: Invalid username or password (after 0ms in state AUTH_REQ)",
        );
        assert_eq!(
            failure,
            Some(AuthenticationFailure::Sasl(
                "Authentication failed: Invalid username or password".into()
            ))
        );
        assert_eq!(
            failure.unwrap().java_class(),
            "org.apache.kafka.common.errors.SaslAuthenticationException"
        );
    }

    #[test]
    fn a_mechanism_the_broker_lacks_is_an_authentication_failure_too() {
        let failure = AuthenticationFailure::classify(
            RDKafkaErrorCode::Authentication,
            "sasl_ssl://b1:9094/1: SASL SCRAM-SHA-256 mechanism handshake failed: Broker: \
             Unsupported SASL mechanism: broker's supported mechanisms: PLAIN (after 2ms in \
             state AUTH_HANDSHAKE, 4 identical error(s) suppressed)",
        )
        .unwrap();
        assert_eq!(
            failure.message(),
            "SASL SCRAM-SHA-256 mechanism handshake failed: Broker: Unsupported SASL \
             mechanism: broker's supported mechanisms: PLAIN"
        );
    }

    #[test]
    fn only_a_failed_tls_handshake_counts_among_tls_errors() {
        let handshake = AuthenticationFailure::classify(
            RDKafkaErrorCode::SSL,
            "ssl://127.0.0.1:9093/bootstrap: SSL handshake failed: error:0A000086:SSL \
             routines::certificate verify failed (after 4ms in state SSL_HANDSHAKE)",
        )
        .unwrap();
        assert_eq!(
            handshake.java_class(),
            "org.apache.kafka.common.errors.SslAuthenticationException"
        );
        assert!(handshake
            .message()
            .starts_with("SSL handshake failed: error:0A000086"));
        assert_eq!(
            AuthenticationFailure::classify(
                RDKafkaErrorCode::SSL,
                "ssl://127.0.0.1:9093/1: SSL transport error: Connection reset by peer"
            ),
            None
        );
    }

    #[test]
    fn retriable_errors_are_not_authentication_failures() {
        assert_eq!(
            AuthenticationFailure::classify(
                RDKafkaErrorCode::BrokerTransportFailure,
                "127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused"
            ),
            None
        );
    }
}
