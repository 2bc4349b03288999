//! TLS runs on the crypto backend the features chose: an executor's client, built as every
//! provider crate builds it, offers the chosen provider's key exchange groups in its
//! ClientHello (aws-lc-rs's include the post-quantum X25519MLKEM768, ring's do not). Run both
//! ways by `.ci/run`; with `ring` alone and no fix, reqwest has no provider and panics.

use std::time::Duration;

use paylinks_core::{Executor, HttpConfig, Method, Request};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use url::Url;

/// The supported_groups extension (type 10) of the ClientHello in `record`, as group ids.
fn supported_groups(record: &[u8]) -> Vec<u16> {
    fn take<'a>(input: &mut &'a [u8], n: usize) -> &'a [u8] {
        let (head, rest) = input.split_at(n);
        *input = rest;
        head
    }
    fn u16_at(input: &mut &[u8]) -> usize {
        let b = take(input, 2);
        usize::from(u16::from_be_bytes([b[0], b[1]]))
    }
    let mut input = record;
    assert_eq!(take(&mut input, 1), [0x16], "a handshake record");
    take(&mut input, 4); // version, length
    assert_eq!(take(&mut input, 1), [0x01], "a ClientHello");
    take(&mut input, 3 + 2 + 32); // length, legacy version, random
    let session = usize::from(take(&mut input, 1)[0]);
    take(&mut input, session);
    let suites = u16_at(&mut input);
    take(&mut input, suites);
    let compression = usize::from(take(&mut input, 1)[0]);
    take(&mut input, compression);
    let len = u16_at(&mut input);
    let mut extensions = take(&mut input, len);
    while !extensions.is_empty() {
        let kind = u16_at(&mut extensions);
        let len = u16_at(&mut extensions);
        let mut data = take(&mut extensions, len);
        if kind == 10 {
            let len = u16_at(&mut data);
            let mut list = take(&mut data, len);
            let mut groups = Vec::new();
            while !list.is_empty() {
                groups.push(u16_at(&mut list) as u16);
            }
            return groups;
        }
    }
    panic!("no supported_groups extension");
}

/// The key exchange groups of the provider the features chose, named by rustls itself.
fn chosen_provider_groups() -> Vec<u16> {
    #[cfg(feature = "aws-lc-rs")]
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    #[cfg(not(feature = "aws-lc-rs"))]
    let provider = rustls::crypto::ring::default_provider();
    provider
        .kx_groups
        .iter()
        .map(|group| u16::from(group.name()))
        .collect()
}

#[tokio::test]
async fn the_client_hello_offers_the_chosen_backends_key_exchange_groups() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut record = vec![0; 5];
        socket.read_exact(&mut record).await.unwrap();
        let len = usize::from(u16::from_be_bytes([record[3], record[4]]));
        record.resize(5 + len, 0);
        socket.read_exact(&mut record[5..]).await.unwrap();
        record
    });
    let mut config = HttpConfig::default();
    config.retries = 0;
    config.deadline = Duration::from_secs(10);
    let base = Url::parse(&format!("https://127.0.0.1:{port}/")).unwrap();
    let executor = Executor::new("test", base, config).unwrap();
    // The server reads the ClientHello and hangs up: the call fails, the hello is what counts.
    let call = executor.execute(|| Ok(Request::new("test", Method::GET, "/")));
    let (record, outcome) = tokio::join!(server, call);
    assert!(outcome.is_err());

    let groups = supported_groups(&record.unwrap());
    assert_eq!(groups, chosen_provider_groups());
    let x25519_mlkem768 = 0x11ec;
    assert_eq!(
        groups.contains(&x25519_mlkem768),
        cfg!(feature = "aws-lc-rs"),
        "{groups:x?}"
    );
}
