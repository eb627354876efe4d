//! The console tools' work: reading lines into records (`producer`), and records out to lines
//! (`consumer`, `format`). Their flags live in `cli`.

pub mod consumer;
pub mod format;
pub mod producer;
