//! A client connection on an SSL listener: the TLS handshake, and the [`Transport`] that
//! lets the connection code serve it as it serves plain TCP.
//!
//! Fetch loses its zero copy here: sendfile would put the segment bytes on the wire without
//! encrypting them, so they are read from the segment and written through the TLS stream in
//! chunks. Kernel TLS (handing rustls' session keys to the socket, then sendfile again) is
//! the planned next step.

use std::io;
use std::net::SocketAddr;
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::sendfile::Transport;
use kt_base::rate_limited_log::RateLimitedLog;
use kt_storage::FileRegion;

/// How much of a segment is read and encrypted at a time: a few TLS records' worth, so a
/// large fetch does not hold its whole size in memory.
const CHUNK: usize = 256 * 1024;

static HANDSHAKE_FAILED: RateLimitedLog = RateLimitedLog::per_interval_of_secs(10);

/// Completes the TLS handshake of a new connection within `limit`. A client that fails it
/// (plaintext to an SSL port, an untrusted or missing certificate under
/// `ssl.client.auth=required`) is logged as Kafka logs it and gets None.
pub async fn handshake(
    acceptor: &TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
    limit: Duration,
) -> Option<TlsStream<TcpStream>> {
    match tokio::time::timeout(limit, acceptor.accept(stream)).await {
        Ok(Ok(tls)) => Some(tls),
        Ok(Err(e)) => {
            if let Some(repeats) = HANDSHAKE_FAILED.admit() {
                tracing::info!(
                    "Failed authentication with /{} (SSL handshake failed: {e}){repeats}",
                    peer.ip()
                );
            }
            None
        }
        Err(_) => {
            tracing::debug!("SSL handshake with {peer} did not finish in {limit:?}");
            None
        }
    }
}

impl Transport for TlsStream<TcpStream> {
    async fn send_region(&mut self, region: &FileRegion) -> io::Result<()> {
        let mut buf = vec![0u8; CHUNK.min(region.len)];
        let mut position = region.position;
        let mut left = region.len;
        while left > 0 {
            let n = left.min(buf.len());
            // A read of the page cache, as sendfile's would be; the segment file stays open
            // for the region's life.
            read_exact_at(&region.file, &mut buf[..n], position, region)?;
            self.write_all(&buf[..n]).await?;
            position += n as u64;
            left -= n;
        }
        // Records still held by rustls go out now: the response may end with this range.
        self.flush().await
    }

    /// An ordinary write: TLS cannot merge its records with a file range it reads itself.
    async fn write_before_region(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes).await
    }
}

fn read_exact_at(
    file: &Arc<std::fs::File>,
    buf: &mut [u8],
    position: u64,
    region: &FileRegion,
) -> io::Result<()> {
    file.read_exact_at(buf, position).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            // As with sendfile: the segment is shorter than the range found in it.
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{} ended inside a fetched range", region.path.display()),
            )
        } else {
            e
        }
    })
}
