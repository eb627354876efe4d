//! The controller codec's tests: Kafka 3.9.0's own frames, frames written by hand from the
//! message specs, and property tests over every version.

mod kafka_frames;
mod properties;
mod samples;
mod spec_frames;
