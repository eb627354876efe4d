//! Writes a response body made of [`BodyPart`]s to a client's stream: encoded bytes through
//! the connection's output buffer, stored batches as the stream sends a file range best —
//! on plain TCP straight from the segment files with `sendfile(2)`, so the page cache feeds
//! the socket without a copy through the broker; through TLS by `security`'s stream.

use std::future::Future;
use std::io;

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::api::BodyPart;
use kt_storage::FileRegion;

/// A client connection's byte stream, plain TCP or TLS: the connection code is generic over
/// it, so handlers and framing are one code path for every listener.
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send {
    /// Writes a range of a segment file to the client, after everything written before.
    fn send_region(&mut self, region: &FileRegion) -> impl Future<Output = io::Result<()>> + Send;
}

impl Transport for TcpStream {
    fn send_region(&mut self, region: &FileRegion) -> impl Future<Output = io::Result<()>> + Send {
        send_region(self, region)
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
                if !output.is_empty() {
                    stream.write_all(output).await?;
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
                let n = unsafe { libc::sendfile(socket, file, &mut offset, left) };
                if n < 0 {
                    Err(io::Error::last_os_error())
                } else {
                    Ok(n as usize)
                }
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

/// Elsewhere: read the range and write it.
#[cfg(not(target_os = "linux"))]
async fn send_region(stream: &mut TcpStream, region: &FileRegion) -> io::Result<()> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; region.len];
    region.file.read_exact_at(&mut buf, region.position)?;
    stream.write_all(&buf).await
}
