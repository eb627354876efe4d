//! Writes a response body made of [`BodyPart`]s to a client's stream: encoded bytes through
//! the connection's output buffer, stored batches as the stream sends a file range best —
//! on plain TCP straight from the segment files with `sendfile(2)`, so the page cache feeds
//! the socket without a copy through the broker; through TLS by `security`'s stream.

use std::future::Future;
use std::io;

use bytes::BytesMut;
#[cfg(not(target_os = "linux"))]
use tokio::io::AsyncWriteExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::api::BodyPart;
use kt_storage::FileRegion;

/// A client connection's byte stream, plain TCP or TLS: the connection code is generic over
/// it, so handlers and framing are one code path for every listener.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send {
    /// Writes a range of a segment file to the client, after everything written before.
    fn send_region(&mut self, region: &FileRegion) -> impl Future<Output = io::Result<()>> + Send;

    /// Writes `bytes` that a file range follows at once (a fetch answer's header).
    fn write_before_region(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send;
}

impl Transport for TcpStream {
    fn send_region(&mut self, region: &FileRegion) -> impl Future<Output = io::Result<()>> + Send {
        send_region(self, region)
    }

    fn write_before_region(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<()>> + Send {
        write_more(self, bytes)
    }
}

/// Sends `parts` after what `output` already holds. Bytes parts are appended to `output`;
/// before each file range, `output` is written out, so the order on the wire is kept. What
/// follows the last file range stays in `output` for the connection's next write.
pub async fn send_parts<S: Transport>(
    stream: &mut S,
    output: &mut BytesMut,
    parts: Vec<BodyPart>,
) -> io::Result<()> {
    for part in parts {
        match part {
            BodyPart::Bytes(bytes) => output.extend_from_slice(&bytes),
            BodyPart::File(region) => {
                // An empty range sends nothing that would push held bytes out.
                if region.len == 0 {
                    continue;
                }
                if !output.is_empty() {
                    stream.write_before_region(output).await?;
                    output.clear();
                }
                stream.send_region(&region).await?;
            }
        }
    }
    Ok(())
}

/// Sends one file range with `sendfile`, waiting whenever the socket's buffer is full.
#[cfg(target_os = "linux")]
async fn send_region(stream: &mut TcpStream, region: &FileRegion) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use tokio::io::Interest;

    let socket = stream.as_raw_fd();
    let file = region.file.as_raw_fd();
    let end = region.position + region.len as u64;
    let mut offset = region.position as libc::off_t;
    while (offset as u64) < end {
        let left = (end - offset as u64) as usize;
        let sent = stream
            .async_io(Interest::WRITABLE, || {
                // SAFETY: both descriptors stay open for the call (the stream is borrowed,
                // the region holds its file); `offset` is a valid off_t the kernel advances.
                byte_count(unsafe { libc::sendfile(socket, file, &mut offset, left) })
            })
            .await?;
        if sent == 0 {
            // The segment is shorter than the range the read found in it: the response
            // cannot be completed, so the connection must end.
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{} ended inside a fetched range", region.path.display()),
            ));
        }
    }
    Ok(())
}

/// A byte count from a send call (`sendfile`, `send`): the error in `errno` when negative,
/// read at once, before anything else can change it.
#[cfg(target_os = "linux")]
fn byte_count(n: libc::ssize_t) -> io::Result<usize> {
    usize::try_from(n).map_err(|_| io::Error::last_os_error())
}

/// Writes `bytes` with `MSG_MORE`: the kernel holds them for the file range sent next, so
/// header and records leave in one segment. Sent alone (TCP_NODELAY), the header was a
/// segment of its own that woke the client for a few bytes before the records came, once
/// per fetch. The range's last `sendfile` chunk carries no `MSG_MORE` and pushes it all.
#[cfg(target_os = "linux")]
async fn write_more(stream: &mut TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use tokio::io::Interest;

    let socket = stream.as_raw_fd();
    while !bytes.is_empty() {
        let sent = stream
            .async_io(Interest::WRITABLE, || {
                // SAFETY: the socket stays open (the stream is borrowed) and `bytes` is a
                // live slice of the given length.
                byte_count(unsafe {
                    libc::send(
                        socket,
                        bytes.as_ptr().cast(),
                        bytes.len(),
                        libc::MSG_MORE | libc::MSG_NOSIGNAL,
                    )
                })
            })
            .await?;
        if sent == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[sent..];
    }
    Ok(())
}

/// Elsewhere: an ordinary write.
#[cfg(not(target_os = "linux"))]
async fn write_more(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    stream.write_all(bytes).await
}

/// Elsewhere: read the range and write it.
#[cfg(not(target_os = "linux"))]
async fn send_region(stream: &mut TcpStream, region: &FileRegion) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; region.len];
    region.file.read_exact_at(&mut buf, region.position)?;
    stream.write_all(&buf).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::io::Write;
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const MIB: usize = 1 << 20;

    /// The send side of issue 16's "a fetch of 100 partitions x 1 MiB never buffers the data
    /// in user space": 100 file ranges of 1 MiB (one per partition, each after its encoded
    /// header) reach the client whole and in order, while the connection's output buffer
    /// never holds more than the headers — the ranges go from the file to the socket.
    #[tokio::test]
    async fn file_ranges_reach_the_client_without_passing_through_the_output_buffer() {
        let mut segment = tempfile::NamedTempFile::new().unwrap();
        let stored: Vec<u8> = (0..MIB).map(|i| (i * 13 % 251) as u8).collect();
        segment.write_all(&stored).unwrap();
        let file = Arc::new(segment.reopen().unwrap());
        let mut parts = Vec::new();
        for p in 0..100u8 {
            parts.push(BodyPart::Bytes(Bytes::from(vec![p; 40])));
            parts.push(BodyPart::File(FileRegion {
                file: file.clone(),
                path: Arc::from(segment.path()),
                position: 0,
                len: MIB,
            }));
        }
        parts.push(BodyPart::Bytes(Bytes::from_static(b"end")));

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        let reader = tokio::spawn(async move {
            let mut chunk = vec![0u8; MIB];
            let mut head = [0u8; 40];
            for p in 0..100u8 {
                client.read_exact(&mut head).await.unwrap();
                assert_eq!(head, [p; 40], "partition {p}'s header");
                client.read_exact(&mut chunk).await.unwrap();
                assert!(chunk == stored, "partition {p}'s records");
            }
            let mut end = [0u8; 3];
            client.read_exact(&mut end).await.unwrap();
            end
        });

        let mut output = BytesMut::new();
        send_parts(&mut server, &mut output, parts).await.unwrap();
        assert!(
            output.capacity() < 64 << 10,
            "the output buffer grew to {} bytes: records went through it",
            output.capacity()
        );
        assert_eq!(
            &output[..],
            b"end",
            "what follows the last range waits for the next write"
        );
        server.write_all(&output).await.unwrap();
        assert_eq!(&reader.await.unwrap(), b"end");
    }
}
