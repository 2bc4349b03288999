//! Each scenario once or a few times, in debug: it runs, the ways of sending a create send the
//! same bytes, and the counts are not zero. No time is asserted: CI's machine is shared and
//! noisy, and the numbers come from `cargo xtask bench` in release mode.

use std::sync::Arc;

use paylinks_bench::server::{self, Replies};
use paylinks_bench::{Caller, Fixture, Provider, Variant, identity, load, micro, sandbox};

#[tokio::test]
async fn every_way_of_creating_sends_the_same_bytes() {
    for &provider in Provider::ALL {
        let captured = identity::capture(provider).await.unwrap();
        let text = String::from_utf8_lossy(&captured[0].1).to_ascii_lowercase();
        assert!(text.starts_with(&format!("post {} http/1.1\r\n", provider.create_path())));
        assert!(text.contains("user-agent: paylinks/"), "{text}");
        let bytes = identity::check(provider).await.unwrap();
        assert!(bytes > 200, "{}: {bytes}", provider.as_str());
    }
}

#[test]
fn only_the_pay_io_nonce_and_signature_are_masked() {
    let raw =
        b"POST /x HTTP/1.1\r\nx-api-key: k\r\nx-api-nonce: abc\r\nX-API-Signature: sig=\r\n\r\n{}";
    assert_eq!(
        identity::masked(raw),
        b"POST /x HTTP/1.1\r\nx-api-key: k\r\nx-api-nonce:####\r\nX-API-Signature:#####\r\n\r\n{}"
    );
}

#[tokio::test]
async fn each_variant_creates_at_concurrency_one_and_eight() {
    let (listener, addr) = server::bind().await.unwrap();
    let server = tokio::spawn(server::serve(listener, Replies::creates(), None));
    let base = format!("http://{addr}");
    for &provider in Provider::ALL {
        for variant in Variant::ALL {
            let caller = Arc::new(Caller::new(provider, variant, &base).unwrap());
            for concurrency in [1, 8] {
                let sample = load::run(caller.clone(), 8, concurrency).await.unwrap();
                assert_eq!(
                    sample.calls,
                    8,
                    "{} {}",
                    provider.as_str(),
                    variant.as_str()
                );
                assert!(sample.median_ns > 0 && sample.per_second > 0.0);
            }
        }
    }
    server.abort();
}

#[test]
fn codec_encodes_the_same_bytes_and_decodes_the_same_link() {
    for &provider in Provider::ALL {
        let codec = micro::codec(provider, 3, 1).unwrap();
        assert!(codec.decode_generated > 0.0 && codec.encode_minimal > 0.0);
    }
}

#[test]
fn signing_signs() {
    let signing = micro::signing(2).unwrap();
    assert!(signing.raw_sign > 0.0 && signing.per_request > 0.0);
}

#[tokio::test]
async fn the_sandbox_takes_txn_creates_and_the_trivial_server_answers() {
    let sandbox = paylinks_sandbox::Sandbox::start().await.unwrap();
    let base = format!("http://{}", sandbox.addr());
    sandbox::fill(&base, 5, 2, "smoke").await.unwrap();
    // A reference used twice is refused: the fill's references are the unique ones.
    assert!(sandbox::fill(&base, 1, 1, "smoke").await.is_err());
    // Links without a reference, as the store-size rows pre-fill.
    sandbox::fill(&base, 3, 2, "").await.unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let trivial = tokio::spawn(async move { axum::serve(listener, sandbox::trivial()).await });
    sandbox::fill(&format!("http://{addr}"), 3, 1, "trivial")
        .await
        .unwrap();
    trivial.abort();
}
