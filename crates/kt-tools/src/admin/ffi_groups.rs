//! Consumer-group admin calls through librdkafka's C API (the `rdkafka` crate wraps only
//! group deletion): list, describe, committed offsets, altering and deleting offsets.
//!
//! Same pattern as `ffi`: one temporary queue per call, RAII guards for every C object, and
//! everything read out of the result event before the event is destroyed.

use std::ffi::{c_char, CString};
use std::time::Duration;

use rdkafka::bindings as rd;
use rdkafka::client::Client;
use rdkafka::types::RDKafkaErrorCode;

use super::client::KtContext;
use super::ffi::{cstring, map_error, owned_str, request};
use super::{
    AdminError, AdminResult, CommittedOffset, Coordinator, GroupDescription, GroupListing,
    GroupMember,
};

const NO_ERROR: rd::rd_kafka_resp_err_t = rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR;

struct List(*mut rd::rd_kafka_topic_partition_list_t);
impl Drop for List {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_topic_partition_list_new and destroyed once.
        unsafe { rd::rd_kafka_topic_partition_list_destroy(self.0) }
    }
}

/// A partition list of (topic, partition, offset) entries.
fn partition_list(entries: &[(String, i32, i64)]) -> AdminResult<List> {
    let size = std::ffi::c_int::try_from(entries.len())
        .map_err(|_| AdminError::Kafka("too many partitions".into()))?;
    // SAFETY: a fresh list; librdkafka copies the topic names; the element pointer is used
    // before the list changes again.
    unsafe {
        let list = List(rd::rd_kafka_topic_partition_list_new(size));
        for (topic, partition, offset) in entries {
            let t = cstring(topic)?;
            let elem = rd::rd_kafka_topic_partition_list_add(list.0, t.as_ptr(), *partition);
            (*elem).offset = *offset;
        }
        Ok(list)
    }
}

/// One entry of a partition list librdkafka returned.
struct Entry {
    topic: String,
    partition: i32,
    offset: i64,
    leader_epoch: i32,
    error: Option<(RDKafkaErrorCode, String)>,
}

/// Reads a partition list owned by a result event.
///
/// # Safety
/// `list` must be null or a valid list that outlives the call.
unsafe fn entries(list: *const rd::rd_kafka_topic_partition_list_t) -> Vec<Entry> {
    if list.is_null() {
        return Vec::new();
    }
    let list = &*list;
    let mut out = Vec::with_capacity(list.cnt.max(0) as usize);
    for i in 0..list.cnt.max(0) as usize {
        let e = list.elems.add(i);
        let err = (*e).err;
        out.push(Entry {
            topic: owned_str((*e).topic),
            partition: (*e).partition,
            offset: (*e).offset,
            leader_epoch: rd::rd_kafka_topic_partition_get_leader_epoch(e),
            error: (err != NO_ERROR).then(|| {
                (
                    RDKafkaErrorCode::from(err),
                    owned_str(rd::rd_kafka_err2str(err)),
                )
            }),
        });
    }
    out
}

/// The code and message of an `rd_kafka_error_t`, if there is one.
///
/// # Safety
/// `error` must be null or valid for the call.
unsafe fn error_of(error: *const rd::rd_kafka_error_t) -> Option<AdminError> {
    if error.is_null() {
        return None;
    }
    let code = rd::rd_kafka_error_code(error);
    if code == NO_ERROR {
        return None;
    }
    Some(map_error(
        RDKafkaErrorCode::from(code),
        owned_str(rd::rd_kafka_error_string(error)),
    ))
}

/// ListGroups through the admin API, filtered by state names when any are given.
pub(crate) fn list_groups(
    client: &Client<KtContext>,
    states: &[String],
    timeout: Duration,
) -> AdminResult<Vec<GroupListing>> {
    let rk = client.native_ptr();
    let codes: Vec<rd::rd_kafka_consumer_group_state_t> = states
        .iter()
        .map(|s| {
            let c = cstring(s)?;
            // SAFETY: a valid C string for the call.
            Ok(unsafe { rd::rd_kafka_consumer_group_state_code(c.as_ptr()) })
        })
        .collect::<AdminResult<_>>()?;
    // SAFETY: `rk` is live; the options pointer is the request's own (mutable) object; the
    // listings belong to the event and are copied before it is dropped.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
            timeout,
            false,
            |opts, q| {
                if !codes.is_empty() {
                    let err = rd::rd_kafka_AdminOptions_set_match_consumer_group_states(
                        opts as *mut _,
                        codes.as_ptr(),
                        codes.len(),
                    );
                    if !err.is_null() {
                        rd::rd_kafka_error_destroy(err);
                    }
                }
                rd::rd_kafka_ListConsumerGroups(rk, opts, q)
            },
        )?;
        let res = rd::rd_kafka_event_ListConsumerGroups_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to ListGroups".into()));
        }
        let mut n_errors = 0usize;
        let errors = rd::rd_kafka_ListConsumerGroups_result_errors(res, &mut n_errors);
        if n_errors > 0 {
            if let Some(e) = error_of(*errors) {
                return Err(e);
            }
        }
        let mut n = 0usize;
        let valid = rd::rd_kafka_ListConsumerGroups_result_valid(res, &mut n);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let g = *valid.add(i);
            out.push(GroupListing {
                group_id: owned_str(rd::rd_kafka_ConsumerGroupListing_group_id(g)),
                state: owned_str(rd::rd_kafka_consumer_group_state_name(
                    rd::rd_kafka_ConsumerGroupListing_state(g),
                )),
            });
        }
        out.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        Ok(out)
    }
}

/// DescribeGroups: state, assignor, coordinator and members with their assignments.
pub(crate) fn describe_groups(
    client: &Client<KtContext>,
    ids: &[String],
    timeout: Duration,
) -> AdminResult<Vec<GroupDescription>> {
    let rk = client.native_ptr();
    let names: Vec<CString> = ids.iter().map(|s| cstring(s)).collect::<AdminResult<_>>()?;
    let mut ptrs: Vec<*const c_char> = names.iter().map(|c| c.as_ptr()).collect();
    // SAFETY: the name array outlives the call (librdkafka copies it); results are copied out
    // of the event before it is dropped.
    unsafe {
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
            timeout,
            false,
            |opts, q| {
                rd::rd_kafka_DescribeConsumerGroups(rk, ptrs.as_mut_ptr(), ptrs.len(), opts, q)
            },
        )?;
        let res = rd::rd_kafka_event_DescribeConsumerGroups_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka(
                "unexpected reply to DescribeGroups".into(),
            ));
        }
        let mut n = 0usize;
        let groups = rd::rd_kafka_DescribeConsumerGroups_result_groups(res, &mut n);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let g = *groups.add(i);
            let group_id = owned_str(rd::rd_kafka_ConsumerGroupDescription_group_id(g));
            if let Some(e) = error_of(rd::rd_kafka_ConsumerGroupDescription_error(g)) {
                // Brokers from Kafka 4 answer GROUP_ID_NOT_FOUND where older ones say Dead.
                if matches!(e, AdminError::GroupNotFound(_)) {
                    out.push(GroupDescription {
                        group_id,
                        state: "Dead".into(),
                        assignor: String::new(),
                        coordinator: None,
                        members: Vec::new(),
                    });
                    continue;
                }
                return Err(e);
            }
            let node = rd::rd_kafka_ConsumerGroupDescription_coordinator(g);
            let coordinator = (!node.is_null()).then(|| Coordinator {
                id: rd::rd_kafka_Node_id(node),
                host: owned_str(rd::rd_kafka_Node_host(node)),
                port: rd::rd_kafka_Node_port(node) as i32,
            });
            let mut members = Vec::new();
            for m in 0..rd::rd_kafka_ConsumerGroupDescription_member_count(g) {
                let member = rd::rd_kafka_ConsumerGroupDescription_member(g, m);
                let instance = rd::rd_kafka_MemberDescription_group_instance_id(member);
                let assignment = rd::rd_kafka_MemberDescription_assignment(member);
                let partitions = if assignment.is_null() {
                    Vec::new()
                } else {
                    entries(rd::rd_kafka_MemberAssignment_partitions(assignment))
                        .into_iter()
                        .map(|e| (e.topic, e.partition))
                        .collect()
                };
                members.push(GroupMember {
                    consumer_id: owned_str(rd::rd_kafka_MemberDescription_consumer_id(member)),
                    group_instance_id: (!instance.is_null()).then(|| owned_str(instance)),
                    client_id: owned_str(rd::rd_kafka_MemberDescription_client_id(member)),
                    host: owned_str(rd::rd_kafka_MemberDescription_host(member)),
                    assignment: partitions,
                });
            }
            out.push(GroupDescription {
                group_id,
                state: owned_str(rd::rd_kafka_consumer_group_state_name(
                    rd::rd_kafka_ConsumerGroupDescription_state(g),
                )),
                assignor: owned_str(rd::rd_kafka_ConsumerGroupDescription_partition_assignor(g)),
                coordinator,
                members,
            });
        }
        Ok(out)
    }
}

/// Every committed offset of a group (OffsetFetch for all partitions).
pub(crate) fn group_offsets(
    client: &Client<KtContext>,
    group: &str,
    timeout: Duration,
) -> AdminResult<Vec<CommittedOffset>> {
    let rk = client.native_ptr();
    struct Spec(*mut rd::rd_kafka_ListConsumerGroupOffsets_t);
    impl Drop for Spec {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_ListConsumerGroupOffsets_new, destroyed once.
            unsafe { rd::rd_kafka_ListConsumerGroupOffsets_destroy(self.0) }
        }
    }
    let name = cstring(group)?;
    // SAFETY: a null partition list asks for every committed offset; the spec outlives the
    // call; the result is copied out of the event.
    unsafe {
        let spec = Spec(rd::rd_kafka_ListConsumerGroupOffsets_new(
            name.as_ptr(),
            std::ptr::null(),
        ));
        let mut specs = [spec.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_ListConsumerGroupOffsets(rk, specs.as_mut_ptr(), 1, opts, q),
        )?;
        let res = rd::rd_kafka_event_ListConsumerGroupOffsets_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to OffsetFetch".into()));
        }
        let mut n = 0usize;
        let groups = rd::rd_kafka_ListConsumerGroupOffsets_result_groups(res, &mut n);
        let mut out = Vec::new();
        for i in 0..n {
            let g = *groups.add(i);
            if let Some(e) = error_of(rd::rd_kafka_group_result_error(g)) {
                return Err(e);
            }
            for e in entries(rd::rd_kafka_group_result_partitions(g)) {
                if e.error.is_some() || e.offset < 0 {
                    continue;
                }
                out.push(CommittedOffset {
                    topic: e.topic,
                    partition: e.partition,
                    offset: e.offset,
                    leader_epoch: (e.leader_epoch >= 0).then_some(e.leader_epoch),
                });
            }
        }
        out.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
        Ok(out)
    }
}

/// Commits offsets for a group from outside it (AlterConsumerGroupOffsets).
pub(crate) fn alter_group_offsets(
    client: &Client<KtContext>,
    group: &str,
    offsets: &[(String, i32, i64)],
    timeout: Duration,
) -> AdminResult<()> {
    let rk = client.native_ptr();
    struct Spec(*mut rd::rd_kafka_AlterConsumerGroupOffsets_t);
    impl Drop for Spec {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_AlterConsumerGroupOffsets_new, destroyed once.
            unsafe { rd::rd_kafka_AlterConsumerGroupOffsets_destroy(self.0) }
        }
    }
    let name = cstring(group)?;
    let list = partition_list(offsets)?;
    // SAFETY: librdkafka copies the list into the spec; the result is read before the event
    // is dropped.
    unsafe {
        let spec = Spec(rd::rd_kafka_AlterConsumerGroupOffsets_new(
            name.as_ptr(),
            list.0,
        ));
        let mut specs = [spec.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_AlterConsumerGroupOffsets(rk, specs.as_mut_ptr(), 1, opts, q),
        )?;
        let res = rd::rd_kafka_event_AlterConsumerGroupOffsets_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to OffsetCommit".into()));
        }
        let mut n = 0usize;
        let groups = rd::rd_kafka_AlterConsumerGroupOffsets_result_groups(res, &mut n);
        for i in 0..n {
            let g = *groups.add(i);
            if let Some(e) = error_of(rd::rd_kafka_group_result_error(g)) {
                return Err(e);
            }
            if let Some(e) = entries(rd::rd_kafka_group_result_partitions(g))
                .into_iter()
                .find_map(|e| e.error)
            {
                return Err(map_error(e.0, e.1));
            }
        }
        Ok(())
    }
}

/// Deletes a group's committed offsets of the given partitions (OffsetDelete).
pub(crate) fn delete_group_offsets(
    client: &Client<KtContext>,
    group: &str,
    partitions: &[(String, i32)],
    timeout: Duration,
) -> AdminResult<Vec<AdminResult<()>>> {
    let rk = client.native_ptr();
    struct Spec(*mut rd::rd_kafka_DeleteConsumerGroupOffsets_t);
    impl Drop for Spec {
        fn drop(&mut self) {
            // SAFETY: created by rd_kafka_DeleteConsumerGroupOffsets_new, destroyed once.
            unsafe { rd::rd_kafka_DeleteConsumerGroupOffsets_destroy(self.0) }
        }
    }
    let name = cstring(group)?;
    let with_offsets: Vec<(String, i32, i64)> = partitions
        .iter()
        .map(|(t, p)| (t.clone(), *p, -1))
        .collect();
    let list = partition_list(&with_offsets)?;
    // SAFETY: as in alter_group_offsets.
    unsafe {
        let spec = Spec(rd::rd_kafka_DeleteConsumerGroupOffsets_new(
            name.as_ptr(),
            list.0,
        ));
        let mut specs = [spec.0];
        let ev = request(
            client,
            rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS,
            timeout,
            false,
            |opts, q| rd::rd_kafka_DeleteConsumerGroupOffsets(rk, specs.as_mut_ptr(), 1, opts, q),
        )?;
        let res = rd::rd_kafka_event_DeleteConsumerGroupOffsets_result(ev.0);
        if res.is_null() {
            return Err(AdminError::Kafka("unexpected reply to OffsetDelete".into()));
        }
        let mut n = 0usize;
        let groups = rd::rd_kafka_DeleteConsumerGroupOffsets_result_groups(res, &mut n);
        let mut results: Vec<AdminResult<()>> = partitions.iter().map(|_| Ok(())).collect();
        for i in 0..n {
            let g = *groups.add(i);
            if let Some(e) = error_of(rd::rd_kafka_group_result_error(g)) {
                return Err(e);
            }
            for e in entries(rd::rd_kafka_group_result_partitions(g)) {
                if let Some(idx) = partitions
                    .iter()
                    .position(|(t, p)| *t == e.topic && *p == e.partition)
                {
                    if let Some((code, msg)) = e.error {
                        results[idx] = Err(map_error(code, msg));
                    }
                }
            }
        }
        Ok(results)
    }
}
