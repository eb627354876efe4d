//! `kt dump-log` over the segments a kt broker wrote: kafka-dump-log's batch and record lines,
//! plain and compressed batches, headers, and the index files.

use crate::common;

use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};

async fn produce(bootstrap: &str, compression: &str, records: &[(Option<&str>, &str)]) {
    let producer: FutureProducer = common::client(bootstrap)
        .set("compression.type", compression)
        .set("linger.ms", "50")
        .create()
        .unwrap();
    let sends: Vec<_> = records
        .iter()
        .map(|(k, v)| {
            let headers = OwnedHeaders::new().insert(Header {
                key: "h1",
                value: Some("x"),
            });
            let mut r = FutureRecord::to("dump").payload(*v).headers(headers);
            if let Some(k) = k {
                r = r.key(*k);
            }
            producer.send_result(r).map_err(|(e, _)| e).unwrap()
        })
        .collect();
    for s in sends {
        s.await.unwrap().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dump_log_prints_kafkas_lines() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    let value = "v".repeat(200);
    produce(&b, "none", &[(Some("k1"), "one"), (None, "two")]).await;
    produce(&b, "gzip", &[(Some("k3"), &value), (Some("k4"), &value)]).await;
    broker.shutdown().await;

    let segment = dir.path().join("logs/dump-0/00000000000000000000.log");
    let seg = segment.to_str().unwrap().to_string();
    let (out, err, code) = common::run_kt(["dump-log", "--files", &seg, "--print-data-log"], "");
    assert_eq!((err.as_str(), code), ("", 0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("Dumping {seg}"));
    assert_eq!(lines[1], "Log starting offset: 0");
    let batch = regex::Regex::new(
        r"^baseOffset: (\d+) lastOffset: (\d+) count: (\d+) baseSequence: -?\d+ lastSequence: -?\d+ producerId: -?\d+ producerEpoch: -?\d+ partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: (\d+) CreateTime: \d+ size: (\d+) magic: 2 compresscodec: (\w+) crc: \d+ isvalid: true$",
    )
    .unwrap();
    let batches: Vec<_> = lines.iter().filter_map(|l| batch.captures(l)).collect();
    assert_eq!(batches.len(), 2, "{out}");
    assert_eq!(
        (
            &batches[0][1],
            &batches[0][2],
            &batches[0][3],
            &batches[0][4]
        ),
        ("0", "1", "2", "0")
    );
    assert_eq!(&batches[0][6], "none");
    assert_eq!(
        (&batches[1][1], &batches[1][2], &batches[1][3]),
        ("2", "3", "2")
    );
    assert_eq!(
        &batches[1][4], &batches[0][5],
        "the second batch starts where the first ends"
    );
    assert_eq!(&batches[1][6], "gzip");
    let size: u64 = batches.iter().map(|c| c[5].parse::<u64>().unwrap()).sum();
    assert_eq!(size, std::fs::metadata(&segment).unwrap().len());

    let record = regex::Regex::new(
        r"^\| offset: (\d) CreateTime: \d+ keySize: (-?\d+) valueSize: (\d+) sequence: -?\d+ headerKeys: \[h1\](.*)$",
    )
    .unwrap();
    let records: Vec<_> = lines.iter().filter_map(|l| record.captures(l)).collect();
    assert_eq!(records.len(), 4, "{out}");
    assert_eq!(
        (&records[0][2], &records[0][3], &records[0][4]),
        ("2", "3", " key: k1 payload: one")
    );
    assert_eq!((&records[1][2], &records[1][4]), ("-1", " payload: two"));
    assert_eq!(
        records[3][4].to_string(),
        format!(" key: k4 payload: {value}")
    );
    assert_eq!(lines.len(), 2 + 2 + 4);

    // Without --print-data-log: batch lines only; --skip-record-metadata keeps key and payload.
    let (out, _, _) = common::run_kt(["dump-log", "--files", &seg], "");
    assert_eq!(out.lines().count(), 4);
    let (out, _, _) = common::run_kt(
        [
            "dump-log",
            "--files",
            &seg,
            "--print-data-log",
            "--skip-record-metadata",
        ],
        "",
    );
    // Kafka prints the "| " prefix with a key only.
    assert!(
        out.contains("\n| key: k1 payload: one\n payload: two\n"),
        "{out}"
    );

    // A torn tail is reported as Kafka does.
    let torn = dir.path().join("00000000000000000000.log");
    let mut bytes = std::fs::read(&segment).unwrap();
    bytes.extend_from_slice(&[0, 0, 0]);
    std::fs::write(&torn, bytes).unwrap();
    let (out, _, code) = common::run_kt(["dump-log", "--files", torn.to_str().unwrap()], "");
    assert_eq!(code, 0);
    assert!(
        out.ends_with("Found 3 invalid bytes at the end of 00000000000000000000.log\n"),
        "{out}"
    );

    let (_, err, code) = common::run_kt(["dump-log", "--files", "/nonexistent/0.log"], "");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: cannot open /nonexistent/0.log"),
        "{err}"
    );
}
