//! Limits that keep the broker serving when clients open more connections than it can hold:
//! Kafka's connection quotas (`max.connections`, `max.connections.per.ip` and its overrides)
//! and a budget of file descriptors, so that the broker can always open its own segment and
//! index files and refuse an extra connection cleanly instead of failing to accept it.

// getrlimit and setrlimit.
#[allow(unsafe_code)]
mod descriptors;
mod quotas;

pub use descriptors::{
    is_out_of_descriptors, raise_open_file_limit, DescriptorBudget, SpareDescriptor,
};
pub use quotas::{ConnectionQuotas, ConnectionSlot, Refusal};
