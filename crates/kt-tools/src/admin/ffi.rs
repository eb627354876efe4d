//! Admin calls through librdkafka's C API where the `rdkafka` crate's safe API loses what
//! `kt` must print: the broker's error message (CreateTopics, DeleteTopics, CreatePartitions)
//! and the topic id (DescribeTopics).
//!
//! Each call runs on its own temporary event queue and blocks until the result event arrives.
//! Every C object is owned by a small RAII guard, so nothing leaks on early returns.

use std::ffi::{c_char, CStr, CString};
use std::time::{Duration, Instant};

use rdkafka::bindings as rd;
use rdkafka::client::Client;
use rdkafka::types::RDKafkaErrorCode;

use super::client::KtContext;
use super::{AdminError, AdminResult, NewTopic, PartitionInfo};

/// How long one wait for an admin result lasts before the client's error events are looked at.
const WAIT_SLICE_MS: i32 = 100;

/// Outcome of an operation on one topic: the broker's error, if any.
pub(crate) struct TopicOutcome {
    pub error: Option<(RDKafkaErrorCode, String)>,
}

/// One topic as DescribeTopics reports it (configs come separately).
pub(crate) struct DescribedTopic {
    pub name: String,
    pub error: Option<(RDKafkaErrorCode, String)>,
    pub topic_id: Option<uuid::Uuid>,
    pub internal: bool,
    pub partitions: Vec<PartitionInfo>,
}

/// Turns a librdkafka/broker error code and message into the matching [`AdminError`].
pub(crate) fn map_error(code: RDKafkaErrorCode, message: String) -> AdminError {
    use RDKafkaErrorCode as C;
    match code {
        C::TopicAlreadyExists => AdminError::TopicAlreadyExists(message),
        C::UnknownTopicOrPartition | C::UnknownTopic | C::UnknownTopicId => {
            AdminError::UnknownTopic(message)
        }
        C::InvalidReplicaAssignment => AdminError::InvalidReplicaAssignment(message),
        C::InvalidReplicationFactor => AdminError::InvalidReplicationFactor(message),
        C::InvalidPartitions | C::UnknownPartition => AdminError::InvalidPartitions(message),
        C::InvalidTopic => AdminError::InvalidTopic(message),
        C::InvalidConfig => AdminError::InvalidConfig(message),
        C::PolicyViolation => AdminError::PolicyViolation(message),
        C::TopicAuthorizationFailed | C::ClusterAuthorizationFailed => {
            AdminError::NotAuthorized(message)
        }
        C::OperationTimedOut | C::RequestTimedOut | C::MessageTimedOut => {
            AdminError::Timeout(message)
        }
        C::UnsupportedVersion | C::UnsupportedFeature => AdminError::Unsupported(message),
        C::GroupIdNotFound => AdminError::GroupNotFound(message),
        C::NonEmptyGroup => AdminError::GroupNotEmpty(message),
        C::GroupSubscribedToTopic => AdminError::GroupSubscribedToTopic(message),
        _ => AdminError::Kafka(message),
    }
}

/// Reads a C string librdkafka owns; empty when null.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string valid for the duration of the call.
pub(crate) unsafe fn owned_str(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

pub(crate) fn cstring(s: &str) -> AdminResult<CString> {
    CString::new(s).map_err(|_| AdminError::InvalidTopic(format!("'{s}' contains a NUL byte")))
}

struct Queue(*mut rd::rd_kafka_queue_t);
impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_queue_new and destroyed once.
        unsafe { rd::rd_kafka_queue_destroy(self.0) }
    }
}

pub(crate) struct Event(pub(crate) *mut rd::rd_kafka_event_t);
impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: returned non-null by rd_kafka_queue_poll and destroyed once.
        unsafe { rd::rd_kafka_event_destroy(self.0) }
    }
}

struct Options(*mut rd::rd_kafka_AdminOptions_t);
impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_AdminOptions_new and destroyed once.
        unsafe { rd::rd_kafka_AdminOptions_destroy(self.0) }
    }
}

/// Runs one admin request: `issue` gets the options and the reply queue and sends the request;
/// this then waits for the result event and checks its request-level error.
///
/// # Safety
/// `issue` must make only calls valid on `client`'s handle, options and queue.
pub(crate) unsafe fn request(
    client: &Client<KtContext>,
    op: rd::rd_kafka_admin_op_t,
    timeout: Duration,
    operation_timeout: bool,
    issue: impl FnOnce(*const rd::rd_kafka_AdminOptions_t, *mut rd::rd_kafka_queue_t),
) -> AdminResult<Event> {
    let rk = client.native_ptr();
    let queue = Queue(rd::rd_kafka_queue_new(rk));
    let options = Options(rd::rd_kafka_AdminOptions_new(rk, op));
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    let mut errstr = [0 as c_char; 512];
    rd::rd_kafka_AdminOptions_set_request_timeout(options.0, ms, errstr.as_mut_ptr(), errstr.len());
    if operation_timeout {
        rd::rd_kafka_AdminOptions_set_operation_timeout(
            options.0,
            ms,
            errstr.as_mut_ptr(),
            errstr.len(),
        );
    }
    issue(options.0, queue.0);
    // librdkafka answers by itself after the request timeout; the margin only guards a hang.
    let deadline = Instant::now() + Duration::from_millis(ms as u64 + 10_000);
    // Waited for in slices: between them the client's error events are served, and a refused
    // login ends the wait (librdkafka would keep reconnecting until the request timeout).
    let ev = loop {
        let ev = rd::rd_kafka_queue_poll(queue.0, WAIT_SLICE_MS);
        if !ev.is_null() {
            break Event(ev);
        }
        drain_main_queue(client);
        if let Some(failure) = client.context().authentication_failure() {
            return Err(AdminError::Authentication(failure));
        }
        if Instant::now() >= deadline {
            return Err(AdminError::Timeout(
                "Timed out waiting for a response from the cluster".into(),
            ));
        }
    };
    let err = rd::rd_kafka_event_error(ev.0);
    if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        let msg = owned_str(rd::rd_kafka_event_error_string(ev.0));
        return Err(map_error(RDKafkaErrorCode::from(err), msg));
    }
    Ok(ev)
}

/// Reads an array of `rd_kafka_topic_result_t`.
///
/// # Safety
/// `arr` must point to `n` valid topic results (or be null with `n == 0`).
unsafe fn topic_results(
    arr: *mut *const rd::rd_kafka_topic_result_t,
    n: usize,
) -> Vec<TopicOutcome> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = *arr.add(i);
        let err = rd::rd_kafka_topic_result_error(r);
        let error = if err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            None
        } else {
            let mut msg = owned_str(rd::rd_kafka_topic_result_error_string(r));
            if msg.is_empty() {
                msg = owned_str(rd::rd_kafka_err2str(err));
            }
            Some((RDKafkaErrorCode::from(err), msg))
        };
        out.push(TopicOutcome { error });
    }
    out
}

/// CreateTopics, keeping the broker's error message. `None` partitions or replication factor
/// asks for the broker default.
pub(crate) fn create_topics(
    client: &Client<KtContext>,
    topics: &[NewTopic],
    timeout: Duration,
) -> AdminResult<Vec<TopicOutcome>> {
    let rk = client.native_ptr();
    struct NewTopics(Vec<*mut rd::rd_kafka_NewTopic_t>);
    impl Drop for NewTopics {
        fn drop(&mut self) {
            for t in &self.0 {
                // SAFETY: each was created by rd_kafka_NewTopic_new; librdkafka copied them.
                unsafe { rd::rd_kafka_NewTopic_destroy(*t) }
            }
        }
    }
    let mut native = NewTopics(Vec::with_capacity(topics.len()));
    for t in topics {
        let name = cstring(&t.name)?;
        let mut errstr = [0 as c_char; 512];
        // SAFETY: valid C string and buffer; the result is owned by `native`.
        let nt = unsafe {
            rd::rd_kafka_NewTopic_new(
                name.as_ptr(),
                // librdkafka wants the count of a manual assignment, and no default.
                t.replica_assignment
                    .as_ref()
                    .map(|a| a.len() as i32)
                    .or(t.partitions)
                    .unwrap_or(-1),
                t.replication_factor.map(i32::from).unwrap_or(-1),
                errstr.as_mut_ptr(),
                errstr.len(),
            )
        };
        if nt.is_null() {
            // SAFETY: librdkafka wrote a NUL-terminated message into errstr.
            let msg = unsafe { owned_str(errstr.as_ptr()) };
            return Err(AdminError::InvalidPartitions(msg));
        }
        native.0.push(nt);
        for (partition, replicas) in t.replica_assignment.iter().flatten().enumerate() {
            let mut brokers: Vec<i32> = replicas.clone();
            // SAFETY: nt is live; librdkafka copies the broker ids and writes a NUL-terminated
            // message into errstr on failure.
            let err = unsafe {
                rd::rd_kafka_NewTopic_set_replica_assignment(
                    nt,
                    partition as i32,
                    brokers.as_mut_ptr(),
                    brokers.len(),
                    errstr.as_mut_ptr(),
                    errstr.len(),
                )
            };
            if err != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                // SAFETY: as above.
                let msg = unsafe { owned_str(errstr.as_ptr()) };
                return Err(AdminError::InvalidReplicaAssignment(msg));
            }
        }
        for (k, v) in &t.configs {
            let (k, v) = (cstring(k)?, cstring(v)?);
            // SAFETY: nt is live; strings are copied by librdkafka.
            unsafe { rd::rd_kafka_NewTopic_set_config(nt, k.as_ptr(), v.as_ptr()) };
        }
    }
    // SAFETY: rk is live (caller holds the client); arrays outlive the call.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATETOPICS,
            timeout,
            true,
            |opts, q| rd::rd_kafka_CreateTopics(rk, native.0.as_mut_ptr(), native.0.len(), opts, q),
        )?;
        let res = rd::rd_kafka_event_CreateTopics_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to CreateTopics".into()));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_CreateTopics_result_topics(res, &mut n);
        Ok(topic_results(arr, n))
    }
}

/// DeleteTopics, keeping the broker's error message.
pub(crate) fn delete_topics(
    client: &Client<KtContext>,
    names: &[String],
    timeout: Duration,
) -> AdminResult<Vec<TopicOutcome>> {
    let rk = client.native_ptr();
    struct DelTopics(Vec<*mut rd::rd_kafka_DeleteTopic_t>);
    impl Drop for DelTopics {
        fn drop(&mut self) {
            for t in &self.0 {
                // SAFETY: each was created by rd_kafka_DeleteTopic_new.
                unsafe { rd::rd_kafka_DeleteTopic_destroy(*t) }
            }
        }
    }
    let mut native = DelTopics(Vec::with_capacity(names.len()));
    for n in names {
        let c = cstring(n)?;
        // SAFETY: valid C string, copied by librdkafka.
        native
            .0
            .push(unsafe { rd::rd_kafka_DeleteTopic_new(c.as_ptr()) });
    }
    // SAFETY: as in create_topics.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETETOPICS,
            timeout,
            true,
            |opts, q| rd::rd_kafka_DeleteTopics(rk, native.0.as_mut_ptr(), native.0.len(), opts, q),
        )?;
        let res = rd::rd_kafka_event_DeleteTopics_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to DeleteTopics".into()));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_DeleteTopics_result_topics(res, &mut n);
        Ok(topic_results(arr, n))
    }
}

/// CreatePartitions (grow a topic to `total` partitions), keeping the broker's message.
pub(crate) fn create_partitions(
    client: &Client<KtContext>,
    name: &str,
    total: usize,
    timeout: Duration,
) -> AdminResult<Vec<TopicOutcome>> {
    let rk = client.native_ptr();
    struct NewParts(*mut rd::rd_kafka_NewPartitions_t);
    impl Drop for NewParts {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_NewPartitions_new.
            unsafe { rd::rd_kafka_NewPartitions_destroy(self.0) }
        }
    }
    let c = cstring(name)?;
    let mut errstr = [0 as c_char; 512];
    // SAFETY: valid C string and buffer.
    let np = unsafe {
        rd::rd_kafka_NewPartitions_new(c.as_ptr(), total, errstr.as_mut_ptr(), errstr.len())
    };
    if np.is_null() {
        // SAFETY: librdkafka wrote a NUL-terminated message.
        return Err(AdminError::InvalidPartitions(unsafe {
            owned_str(errstr.as_ptr())
        }));
    }
    let guard = NewParts(np);
    // SAFETY: as in create_topics; `guard` keeps the object alive until the call returns.
    unsafe {
        let mut ptrs = [guard.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_CREATEPARTITIONS,
            timeout,
            true,
            |opts, q| rd::rd_kafka_CreatePartitions(rk, ptrs.as_mut_ptr(), ptrs.len(), opts, q),
        )?;
        let res = rd::rd_kafka_event_CreatePartitions_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka(
                "unexpected reply to CreatePartitions".into(),
            ));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_CreatePartitions_result_topics(res, &mut n);
        Ok(topic_results(arr, n))
    }
}

/// Node ids of an array of `rd_kafka_Node_t`.
///
/// # Safety
/// `arr` must point to `n` valid nodes (or be null with `n == 0`).
unsafe fn node_ids(arr: *mut *const rd::rd_kafka_Node_t, n: usize) -> Vec<i32> {
    (0..n).map(|i| rd::rd_kafka_Node_id(*arr.add(i))).collect()
}

/// DescribeTopics by name: partitions, replicas, ISR, topic id, internal flag.
pub(crate) fn describe_topics(
    client: &Client<KtContext>,
    names: &[String],
    timeout: Duration,
) -> AdminResult<Vec<DescribedTopic>> {
    let rk = client.native_ptr();
    struct Collection(*mut rd::rd_kafka_TopicCollection_t);
    impl Drop for Collection {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_TopicCollection_of_topic_names.
            unsafe { rd::rd_kafka_TopicCollection_destroy(self.0) }
        }
    }
    let cnames = names
        .iter()
        .map(|n| cstring(n))
        .collect::<AdminResult<Vec<_>>>()?;
    let mut ptrs: Vec<*const c_char> = cnames.iter().map(|c| c.as_ptr()).collect();
    // SAFETY: the names outlive the call; librdkafka copies them.
    let coll = Collection(unsafe {
        rd::rd_kafka_TopicCollection_of_topic_names(ptrs.as_mut_ptr(), ptrs.len())
    });
    // SAFETY: as in create_topics; every pointer read below belongs to the event, which lives
    // until the end of this block.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBETOPICS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_DescribeTopics(rk, coll.0, opts, q),
        )?;
        let res = rd::rd_kafka_event_DescribeTopics_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka(
                "unexpected reply to DescribeTopics".into(),
            ));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_DescribeTopics_result_topics(res, &mut n);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let td = *arr.add(i);
            let name = owned_str(rd::rd_kafka_TopicDescription_name(td));
            let err = rd::rd_kafka_TopicDescription_error(td);
            let error = if err.is_null()
                || rd::rd_kafka_error_code(err)
                    == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
            {
                None
            } else {
                Some((
                    RDKafkaErrorCode::from(rd::rd_kafka_error_code(err)),
                    owned_str(rd::rd_kafka_error_string(err)),
                ))
            };
            let id = rd::rd_kafka_TopicDescription_topic_id(td);
            let topic_id = if id.is_null() {
                None
            } else {
                let msb = rd::rd_kafka_Uuid_most_significant_bits(id) as u64;
                let lsb = rd::rd_kafka_Uuid_least_significant_bits(id) as u64;
                let v = ((msb as u128) << 64) | lsb as u128;
                (v != 0).then(|| uuid::Uuid::from_u128(v))
            };
            let internal = rd::rd_kafka_TopicDescription_is_internal(td) != 0;
            let mut pn = 0usize;
            let parr = rd::rd_kafka_TopicDescription_partitions(td, &mut pn);
            let mut partitions = Vec::with_capacity(pn);
            for j in 0..pn {
                let p = *parr.add(j);
                let leader = rd::rd_kafka_TopicPartitionInfo_leader(p);
                let mut rn = 0usize;
                let rarr = rd::rd_kafka_TopicPartitionInfo_replicas(p, &mut rn);
                let mut inn = 0usize;
                let iarr = rd::rd_kafka_TopicPartitionInfo_isr(p, &mut inn);
                partitions.push(PartitionInfo {
                    id: rd::rd_kafka_TopicPartitionInfo_partition(p),
                    leader: if leader.is_null() {
                        None
                    } else {
                        Some(rd::rd_kafka_Node_id(leader)).filter(|id| *id >= 0)
                    },
                    replicas: node_ids(rarr, rn),
                    isr: node_ids(iarr, inn),
                });
            }
            partitions.sort_by_key(|p| p.id);
            out.push(DescribedTopic {
                name,
                error,
                topic_id,
                internal,
                partitions,
            });
        }
        Ok(out)
    }
}

/// librdkafka's syslog-style level as the `rdkafka` crate names it.
fn log_level(level: std::ffi::c_int) -> rdkafka::config::RDKafkaLogLevel {
    use rdkafka::config::RDKafkaLogLevel as L;
    match level {
        0 => L::Emerg,
        1 => L::Alert,
        2 => L::Critical,
        3 => L::Error,
        4 => L::Warning,
        5 => L::Notice,
        6 => L::Info,
        _ => L::Debug,
    }
}

/// Hands the log and error events waiting on a client's main queue to its context.
///
/// rdkafka's `AdminClient` never polls that queue, so without this its connection errors would
/// never be seen (nor explain a failed call).
pub(crate) fn drain_main_queue(client: &Client<KtContext>) {
    use rdkafka::client::ClientContext;
    let (rk, ctx) = (client.native_ptr(), client.context());
    // SAFETY: rk is live; the queue reference and every event are released by their guards;
    // strings read from an event are copied before it is destroyed.
    unsafe {
        let queue = Queue(rd::rd_kafka_queue_get_main(rk));
        loop {
            let ev = rd::rd_kafka_queue_poll(queue.0, 0);
            if ev.is_null() {
                return;
            }
            let ev = Event(ev);
            match rd::rd_kafka_event_type(ev.0) {
                rd::RD_KAFKA_EVENT_LOG => {
                    let mut fac: *const c_char = std::ptr::null();
                    let mut text: *const c_char = std::ptr::null();
                    let mut level: std::ffi::c_int = 0;
                    if rd::rd_kafka_event_log(ev.0, &mut fac, &mut text, &mut level) == 0 {
                        ctx.log(log_level(level), &owned_str(fac), &owned_str(text));
                    }
                }
                rd::RD_KAFKA_EVENT_ERROR => {
                    let code = RDKafkaErrorCode::from(rd::rd_kafka_event_error(ev.0));
                    let reason = owned_str(rd::rd_kafka_event_error_string(ev.0));
                    ctx.error(rdkafka::error::KafkaError::Global(code), &reason);
                }
                _ => {}
            }
        }
    }
}

/// One partition's answer to ListOffsets: the offset, or the broker's error.
pub(crate) struct ListedOffset {
    pub topic: String,
    pub partition: i32,
    pub result: Result<i64, (RDKafkaErrorCode, String)>,
}

/// ListOffsets through the admin API, on the admin client's own connections. `spec` is a
/// timestamp in ms, or librdkafka's -1 (latest), -2 (earliest), -3 (max timestamp).
pub(crate) fn list_offsets(
    client: &Client<KtContext>,
    partitions: &[(String, i32)],
    spec: i64,
    timeout: Duration,
) -> AdminResult<Vec<ListedOffset>> {
    let rk = client.native_ptr();
    struct List(*mut rd::rd_kafka_topic_partition_list_t);
    impl Drop for List {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_topic_partition_list_new.
            unsafe { rd::rd_kafka_topic_partition_list_destroy(self.0) }
        }
    }
    let size = std::ffi::c_int::try_from(partitions.len())
        .map_err(|_| AdminError::Kafka("too many partitions".into()))?;
    // SAFETY: a fresh list, filled with valid C strings (copied by librdkafka); the element
    // pointer returned by _add is valid until the list changes, and is written at once.
    let list = unsafe {
        let list = List(rd::rd_kafka_topic_partition_list_new(size));
        for (topic, partition) in partitions {
            let t = cstring(topic)?;
            let elem = rd::rd_kafka_topic_partition_list_add(list.0, t.as_ptr(), *partition);
            (*elem).offset = spec;
        }
        list
    };
    // SAFETY: as in create_topics; the result infos belong to the event, read before it goes.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_ListOffsets(rk, list.0, opts, q),
        )?;
        let res = rd::rd_kafka_event_ListOffsets_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to ListOffsets".into()));
        }
        let mut n = 0usize;
        let infos = rd::rd_kafka_ListOffsets_result_infos(res, &mut n);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let tp = rd::rd_kafka_ListOffsetsResultInfo_topic_partition(*infos.add(i));
            if tp.is_null() {
                continue;
            }
            let tp = &*tp;
            let result = if tp.err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
                Ok(tp.offset)
            } else {
                Err((
                    RDKafkaErrorCode::from(tp.err),
                    owned_str(rd::rd_kafka_err2str(tp.err)),
                ))
            };
            out.push(ListedOffset {
                topic: owned_str(tp.topic),
                partition: tp.partition,
                result,
            });
        }
        Ok(out)
    }
}

/// A config resource to describe or alter: librdkafka's resource type and name.
pub(crate) struct ConfigTarget {
    pub broker: bool,
    pub name: String,
}

struct Resource(*mut rd::rd_kafka_ConfigResource_t);
impl Drop for Resource {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_ConfigResource_new and destroyed once.
        unsafe { rd::rd_kafka_ConfigResource_destroy(self.0) }
    }
}

fn new_resource(target: &ConfigTarget) -> AdminResult<Resource> {
    let name = cstring(&target.name)?;
    let kind = if target.broker {
        rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_BROKER
    } else {
        rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_TOPIC
    };
    // SAFETY: valid C string; librdkafka copies it.
    let r = unsafe { rd::rd_kafka_ConfigResource_new(kind, name.as_ptr()) };
    if r.is_null() {
        return Err(AdminError::Kafka(format!(
            "cannot describe the config resource {}",
            target.name
        )));
    }
    Ok(Resource(r))
}

/// The per-resource error of a result resource, which the `rdkafka` crate drops.
///
/// # Safety
/// `r` must be a valid result resource.
unsafe fn resource_error(r: *const rd::rd_kafka_ConfigResource_t) -> AdminResult<()> {
    let err = rd::rd_kafka_ConfigResource_error(r);
    if err == rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
        return Ok(());
    }
    let code = RDKafkaErrorCode::from(err);
    let mut msg = owned_str(rd::rd_kafka_ConfigResource_error_string(r));
    if msg.is_empty() {
        msg = code.to_string();
    }
    Err(map_error(code, msg))
}

/// DescribeConfigs of one resource, failing with the broker's per-resource error.
pub(crate) fn describe_configs(
    client: &Client<KtContext>,
    target: &ConfigTarget,
    timeout: Duration,
) -> AdminResult<Vec<super::ConfigEntry>> {
    let rk = client.native_ptr();
    use super::ConfigSource as S;
    use rd::rd_kafka_ConfigSource_t as C;
    let resource = new_resource(target)?;
    // SAFETY: `resource` lives until the call returns; result pointers are read while `ev`
    // (which owns them) is alive.
    unsafe {
        let mut ptrs = [resource.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_DescribeConfigs(rk, ptrs.as_mut_ptr(), ptrs.len(), opts, q),
        )?;
        let res = rd::rd_kafka_event_DescribeConfigs_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka(
                "unexpected reply to DescribeConfigs".into(),
            ));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_DescribeConfigs_result_resources(res, &mut n);
        let mut out = Vec::new();
        for i in 0..n {
            let r = *arr.add(i);
            resource_error(r)?;
            let mut m = 0usize;
            let entries = rd::rd_kafka_ConfigResource_configs(r, &mut m);
            let source_of =
                |e: *const rd::rd_kafka_ConfigEntry_t| match rd::rd_kafka_ConfigEntry_source(e) {
                    C::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG => S::TopicOverride,
                    C::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_BROKER_CONFIG => S::DynamicBroker,
                    C::RD_KAFKA_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG => {
                        S::DynamicDefaultBroker
                    }
                    C::RD_KAFKA_CONFIG_SOURCE_STATIC_BROKER_CONFIG => S::StaticBroker,
                    C::RD_KAFKA_CONFIG_SOURCE_DEFAULT_CONFIG => S::Default,
                    _ => S::Unknown,
                };
            let value_of = |e: *const rd::rd_kafka_ConfigEntry_t| {
                let value = rd::rd_kafka_ConfigEntry_value(e);
                (!value.is_null()).then(|| owned_str(value))
            };
            for j in 0..m {
                let e = *entries.add(j);
                let mut k = 0usize;
                let synonyms = rd::rd_kafka_ConfigEntry_synonyms(e, &mut k);
                out.push(super::ConfigEntry {
                    name: owned_str(rd::rd_kafka_ConfigEntry_name(e)),
                    value: value_of(e),
                    source: source_of(e),
                    read_only: rd::rd_kafka_ConfigEntry_is_read_only(e) != 0,
                    sensitive: rd::rd_kafka_ConfigEntry_is_sensitive(e) != 0,
                    synonyms: (0..k)
                        .map(|i| {
                            let s = *synonyms.add(i);
                            super::ConfigSynonym {
                                name: owned_str(rd::rd_kafka_ConfigEntry_name(s)),
                                value: value_of(s),
                                source: source_of(s),
                            }
                        })
                        .collect(),
                });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

/// IncrementalAlterConfigs of one resource: SET each pair, DELETE each key.
pub(crate) fn incremental_alter_configs(
    client: &Client<KtContext>,
    target: &ConfigTarget,
    set: &[(String, String)],
    delete: &[String],
    timeout: Duration,
) -> AdminResult<()> {
    let rk = client.native_ptr();
    use rd::rd_kafka_AlterConfigOpType_t as Op;
    let resource = new_resource(target)?;
    let ops = set
        .iter()
        .map(|(k, v)| {
            (
                k.as_str(),
                Some(v.as_str()),
                Op::RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET,
            )
        })
        .chain(
            delete
                .iter()
                .map(|k| (k.as_str(), None, Op::RD_KAFKA_ALTER_CONFIG_OP_TYPE_DELETE)),
        );
    for (key, value, op) in ops {
        let key = cstring(key)?;
        let value = value.map(cstring).transpose()?;
        // SAFETY: valid C strings (copied by librdkafka) and a live resource.
        let error = unsafe {
            rd::rd_kafka_ConfigResource_add_incremental_config(
                resource.0,
                key.as_ptr(),
                op,
                value.as_ref().map_or(std::ptr::null(), |v| v.as_ptr()),
            )
        };
        if !error.is_null() {
            // SAFETY: a non-null error object we own and destroy once.
            let msg = unsafe {
                let m = owned_str(rd::rd_kafka_error_string(error));
                rd::rd_kafka_error_destroy(error);
                m
            };
            return Err(AdminError::InvalidConfig(msg));
        }
    }
    // SAFETY: as in describe_configs.
    unsafe {
        let mut ptrs = [resource.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS,
            timeout,
            false,
            |opts, q| {
                rd::rd_kafka_IncrementalAlterConfigs(rk, ptrs.as_mut_ptr(), ptrs.len(), opts, q)
            },
        )?;
        let res = rd::rd_kafka_event_IncrementalAlterConfigs_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka(
                "unexpected reply to IncrementalAlterConfigs".into(),
            ));
        }
        let mut n = 0usize;
        let arr = rd::rd_kafka_IncrementalAlterConfigs_result_resources(res, &mut n);
        for i in 0..n {
            resource_error(*arr.add(i))?;
        }
        Ok(())
    }
}
