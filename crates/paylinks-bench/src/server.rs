//! The fixed-reply server: a minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers each
//! provider's create path with that provider's documented create reply, whatever was sent,
//! and can hand over the raw bytes of every request it reads (for the byte-identity check).
//!
//! Hand-rolled on tokio rather than hyper so that it does as little as possible per request
//! and the bytes it records are exactly the bytes on the wire.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::fixtures::{Fixture, Provider};

/// The replies, by request path (the query left out).
#[derive(Debug, Clone)]
pub struct Replies {
    by_path: HashMap<&'static str, Vec<u8>>,
    not_found: Vec<u8>,
}

impl Replies {
    /// Every provider's documented create reply, under its create path.
    pub fn creates() -> Self {
        let by_path = Provider::ALL
            .iter()
            .map(|p| {
                let (status, media_type, body) = p.create_reply();
                (
                    p.create_path(),
                    response(status, media_type, body.as_bytes()),
                )
            })
            .collect();
        Replies {
            by_path,
            not_found: response(404, "text/plain", b"no such path"),
        }
    }

    /// One fixed body for every path (the trivial baseline of the sandbox row).
    pub fn fixed(status: u16, media_type: &str, body: &[u8]) -> Self {
        let reply = response(status, media_type, body);
        Replies {
            by_path: HashMap::new(),
            not_found: reply,
        }
    }

    fn get(&self, path: &str) -> &[u8] {
        self.by_path.get(path).unwrap_or(&self.not_found)
    }
}

fn response(status: u16, media_type: &str, body: &[u8]) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        404 => "Not Found",
        _ => "Status",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {media_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Binds 127.0.0.1 on a free port.
pub async fn bind() -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Serves `replies` on `listener` until the task is dropped; each request's raw bytes go to
/// `capture` when given.
pub async fn serve(
    listener: TcpListener,
    replies: Replies,
    capture: Option<mpsc::UnboundedSender<Vec<u8>>>,
) {
    let replies = Arc::new(replies);
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, replies.clone(), capture.clone()));
    }
}

async fn connection(
    mut stream: TcpStream,
    replies: Arc<Replies>,
    capture: Option<mpsc::UnboundedSender<Vec<u8>>>,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        // Read until the head is complete.
        let head_end = loop {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                break end + 4;
            }
            if buf.len() > 64 * 1024 || !read_more(&mut stream, &mut buf).await {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length = content_length(&head);
        while buf.len() < head_end + length {
            if !read_more(&mut stream, &mut buf).await {
                return;
            }
        }
        let path = head
            .split(' ')
            .nth(1)
            .unwrap_or("/")
            .split('?')
            .next()
            .unwrap_or("/");
        let reply = replies.get(path);
        if let Some(capture) = &capture {
            let _ = capture.send(buf[..head_end + length].to_vec());
        }
        if stream.write_all(reply).await.is_err() {
            return;
        }
        buf.drain(..head_end + length);
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> usize {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}
