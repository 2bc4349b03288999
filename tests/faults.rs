//! The fault matrix: every provider × fault × operation (create, read), through
//! `Box<dyn PaymentLinkProvider>`, against a scripted fault server on 127.0.0.1 that stands
//! between the client and the embedded sandbox.
//!
//! The fault server forwards each request to the sandbox, except that the first request of
//! the operation under test (its POST for a create, its GET for a read) meets the fault:
//! a connection closed or reset after the sandbox acted, a stall, a trickle, a 429, a 5xx, a
//! broken or hostile body, a redirect, a success carrying an error, a reply with another amount.
//! Every cell checks the outcome (a typed error or a recovered success), how many requests
//! reached the fault server, that nothing reached a second host, that the call ended within
//! the configured bounds, and that nothing panicked. The matrix is printed as a table.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use paylinks::Provider;
use paylinks_core::{HttpConfig, PaymentLink, PaymentLinkProvider};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{new_link, typed};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// What the fault server does to the first request of the operation under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Forwards it (the sandbox acts), then closes the connection without answering.
    CloseAfterSending,
    /// Forwards it, sends the head and half the body, then resets the connection.
    ResetMidBody,
    /// Never answers (nothing forwarded).
    Stall,
    /// Forwards it, then answers one byte a second.
    Trickle,
    /// 429 with `Retry-After: 1`.
    RateLimitedSeconds,
    /// 429 with `Retry-After` as an HTTP date two seconds ahead.
    RateLimitedDate,
    /// 429 with `Retry-After: 999999` (eleven days).
    RateLimitedHuge,
    /// 503 with an empty body.
    Unavailable,
    /// 503 with an empty body, the request held back and forwarded just before the next one
    /// of its method: a create that lands late, after the client looked for its link.
    LateCreate,
    /// 500 with an HTML page.
    Html500,
    /// Forwards it; the success body cut in half.
    TruncatedJson,
    /// 200 with a 10 MiB body.
    HugeBody,
    /// Forwards it; the success body with invalid UTF-8 inside a string.
    InvalidUtf8,
    /// Forwards it; the success body labelled `text/html`.
    WrongContentType,
    /// 200 with JSON nested 100 000 deep.
    DeepNesting,
    /// 301 to the same URL.
    Redirect301SameHost,
    /// 302 to another host (a second local server).
    Redirect302OtherHost,
    /// 307 to another host.
    Redirect307OtherHost,
    /// 308 to another host.
    Redirect308OtherHost,
    /// 302 to plain http on a non-loopback address.
    Redirect302PlainHttp,
    /// 200 carrying the provider's own error envelope.
    ErrorEnvelopeIn2xx,
    /// Forwards it; every amount in the reply becomes 99999.99.
    OtherAmount,
    /// Forwards it; every amount in the reply becomes -5.
    NegativeAmount,
}

impl Fault {
    const ALL: [Fault; 23] = [
        Fault::CloseAfterSending,
        Fault::ResetMidBody,
        Fault::Stall,
        Fault::Trickle,
        Fault::RateLimitedSeconds,
        Fault::RateLimitedDate,
        Fault::RateLimitedHuge,
        Fault::Unavailable,
        Fault::LateCreate,
        Fault::Html500,
        Fault::TruncatedJson,
        Fault::HugeBody,
        Fault::InvalidUtf8,
        Fault::WrongContentType,
        Fault::DeepNesting,
        Fault::Redirect301SameHost,
        Fault::Redirect302OtherHost,
        Fault::Redirect307OtherHost,
        Fault::Redirect308OtherHost,
        Fault::Redirect302PlainHttp,
        Fault::ErrorEnvelopeIn2xx,
        Fault::OtherAmount,
        Fault::NegativeAmount,
    ];

    /// Whether the sandbox sees the faulted request (so a create made its link).
    fn forwards(self) -> bool {
        matches!(
            self,
            Fault::CloseAfterSending
                | Fault::ResetMidBody
                | Fault::Trickle
                | Fault::TruncatedJson
                | Fault::InvalidUtf8
                | Fault::WrongContentType
                | Fault::OtherAmount
                | Fault::NegativeAmount
        )
    }
}

/// The operation under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Create,
    Read,
}

/// The expected outcome of one cell: `ok` or an error kind.
fn expected(provider: Provider, op: Op, fault: Fault) -> &'static str {
    use Fault::*;
    let txn = provider == Provider::Txn;
    // Providers whose create reply echoes the amount, so another one is caught.
    let echoes_amount = matches!(provider, Provider::Txn | Provider::P100);
    match (op, fault) {
        // Redirects are never followed, whatever the operation.
        (_, Redirect301SameHost | Redirect302OtherHost | Redirect307OtherHost)
        | (_, Redirect308OtherHost | Redirect302PlainHttp) => "redirect",
        // A wait beyond the cap is returned with the wait in it, not slept through.
        (_, RateLimitedHuge) => "rate_limited",
        // A 429 refused the request: repeated after the wait, a create included.
        (_, RateLimitedSeconds | RateLimitedDate) => "ok",
        (_, WrongContentType) => "ok",
        (_, ErrorEnvelopeIn2xx) => envelope(provider).1,
        // A read is repeated after a failure that may be passing; a create never is.
        (Op::Read, CloseAfterSending | ResetMidBody | Stall | Trickle | Unavailable | Html500)
        | (Op::Read, LateCreate) => "ok",
        (Op::Read, TruncatedJson | HugeBody | InvalidUtf8 | DeepNesting) => "decode",
        (Op::Read, OtherAmount) => "ok",
        (Op::Read, NegativeAmount) => "mismatch",
        // A create that may have made the link: Txn finds it by its unique reference (or
        // finds none and sends it once more, and finds it when that one is a duplicate); the
        // others say so and stop.
        (Op::Create, CloseAfterSending | ResetMidBody | Stall | Trickle | Unavailable)
        | (Op::Create, LateCreate)
        | (Op::Create, Html500 | TruncatedJson | HugeBody | InvalidUtf8 | DeepNesting) => {
            if txn {
                "ok"
            } else {
                "unconfirmed"
            }
        }
        (Op::Create, OtherAmount | NegativeAmount) => {
            if echoes_amount {
                "mismatch"
            } else {
                "ok"
            }
        }
    }
}

/// Each provider's error envelope, sent with a 200, and the kind it must map to.
fn envelope(provider: Provider) -> (&'static str, &'static str) {
    match provider {
        Provider::Payio => (r#"{"error":"internal failure"}"#, "rejected"),
        Provider::Mesh => (
            r#"{"status":"serverFailure","message":"boom","errorType":"unknown"}"#,
            "rejected",
        ),
        Provider::Paywint => (r#"{"success":false,"message":"Bad request"}"#, "rejected"),
        Provider::P100 => (
            r#"{"code":"P403","message":"Validation error"}"#,
            "validation",
        ),
        Provider::Txn => (
            r#"{"errors":[{"code":"internal","title":"Internal error"}]}"#,
            "rejected",
        ),
    }
}

/// The bounds a call is held to. Only a stall and a trickle must run into the timeout, so
/// only they get a short one; every other cell gets time enough for a debug-build sandbox on a
/// loaded 2-core machine, so that load cannot turn its fault into a timeout.
fn config(fault: Fault) -> HttpConfig {
    let mut config = HttpConfig::default();
    let timeout = match fault {
        Fault::Stall | Fault::Trickle => Duration::from_secs(3),
        _ => Duration::from_secs(20),
    };
    config.connect_timeout = timeout;
    config.timeout = timeout;
    config.deadline = timeout * 3;
    config.retries = 2;
    config.backoff = Duration::from_millis(50);
    config.max_retry_after = Duration::from_secs(3);
    config
}

// ---------------------------------------------------------------------------------------------
// The fault server

/// One request as the fault server read it.
#[derive(Debug, Clone)]
struct Incoming {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A reply: status, content type and body.
struct Reply {
    status: u16,
    content_type: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type: content_type.to_owned(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    fn head(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// A local server that forwards to the sandbox and faults the first request of one method;
/// every other request is held for a while first (none in the matrix).
struct FaultServer {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Incoming>>>,
    forwarded: Arc<Mutex<Vec<String>>>,
    _tasks: JoinSet<()>,
}

impl FaultServer {
    async fn start(
        sandbox: SocketAddr,
        stranger: SocketAddr,
        method: &str,
        fault: Fault,
        hold: Duration,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let forwarded = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            sandbox,
            stranger,
            own: addr,
            method: method.to_owned(),
            fault,
            hold,
            seen: Arc::clone(&seen),
            forwarded: Arc::clone(&forwarded),
            faulted: Arc::new(Mutex::new(false)),
            held: Arc::new(Mutex::new(None)),
            forward: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        };
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            // Dropping this set (with the server) ends every connection it serves.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, shared.clone()));
            }
        });
        FaultServer {
            addr,
            seen,
            forwarded,
            _tasks: tasks,
        }
    }

    /// How many requests with this method arrived.
    fn count(&self, method: &str) -> usize {
        let seen = self.seen.lock().unwrap();
        seen.iter().filter(|r| r.method == method).count()
    }

    /// How many requests with this method reached the sandbox.
    fn forwarded(&self, method: &str) -> usize {
        let forwarded = self.forwarded.lock().unwrap();
        forwarded.iter().filter(|m| *m == method).count()
    }
}

#[derive(Clone)]
struct Shared {
    sandbox: SocketAddr,
    stranger: SocketAddr,
    own: SocketAddr,
    method: String,
    fault: Fault,
    /// How long each request that is not faulted waits before it is forwarded.
    hold: Duration,
    seen: Arc<Mutex<Vec<Incoming>>>,
    forwarded: Arc<Mutex<Vec<String>>>,
    faulted: Arc<Mutex<bool>>,
    held: Arc<Mutex<Option<Incoming>>>,
    forward: reqwest::Client,
}

/// Serves one connection, request after request.
async fn serve(stream: TcpStream, shared: Shared) {
    let mut stream = BufReader::new(stream);
    while let Some(request) = read_request(&mut stream).await {
        shared.seen.lock().unwrap().push(request.clone());
        let fault = {
            let mut faulted = shared.faulted.lock().unwrap();
            let hit = !*faulted && request.method == shared.method;
            *faulted |= hit;
            hit.then_some(shared.fault)
        };
        let Some(fault) = fault else {
            tokio::time::sleep(shared.hold).await;
            let late = match request.method == shared.method {
                true => shared.held.lock().unwrap().take(),
                false => None,
            };
            if let Some(late) = late {
                forward(&shared, &late).await;
            }
            let reply = forward(&shared, &request).await;
            if write(&mut stream, &reply.head(), &reply.body)
                .await
                .is_err()
            {
                return;
            }
            continue;
        };
        let reply = if fault.forwards() {
            forward(&shared, &request).await
        } else {
            Reply::new(500, "text/plain", "not forwarded")
        };
        let location = |host: &str| format!("http://{host}{}", request.path);
        let json = "application/json";
        let answer = match fault {
            Fault::CloseAfterSending => return,
            Fault::ResetMidBody => {
                let head = reply.head();
                let half = &reply.body[..reply.body.len() / 2];
                let _ = write(&mut stream, &head, half).await;
                let _ = stream.get_ref().set_zero_linger();
                return;
            }
            Fault::Stall => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                return;
            }
            Fault::Trickle => {
                let bytes = [reply.head(), reply.body].concat();
                for byte in bytes {
                    if stream.get_mut().write_all(&[byte]).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                return;
            }
            Fault::RateLimitedSeconds => Reply::new(429, json, "{}").header("retry-after", "1"),
            Fault::RateLimitedDate => {
                let at = SystemTime::now() + Duration::from_secs(2);
                Reply::new(429, json, "{}").header("retry-after", httpdate::fmt_http_date(at))
            }
            Fault::RateLimitedHuge => Reply::new(429, json, "{}").header("retry-after", "999999"),
            Fault::Unavailable => Reply::new(503, json, ""),
            Fault::LateCreate => {
                *shared.held.lock().unwrap() = Some(request.clone());
                Reply::new(503, json, "")
            }
            Fault::Html500 => Reply::new(
                500,
                "text/html",
                "<html><body><h1>500 Internal Server Error</h1></body></html>",
            ),
            Fault::TruncatedJson => {
                let half = reply.body[..reply.body.len() / 2].to_vec();
                Reply::new(reply.status, &reply.content_type, half)
            }
            Fault::HugeBody => Reply::new(200, json, vec![b' '; 10 << 20]),
            Fault::InvalidUtf8 => {
                let text = String::from_utf8_lossy(&reply.body).into_owned();
                // Inside the first string value: bytes no UTF-8 text can hold.
                let at = text.find(":\"").map_or(0, |i| i + 2);
                let mut body = reply.body.clone();
                body.splice(at..at, [0xff, 0xfe, 0xc3]);
                Reply::new(reply.status, &reply.content_type, body)
            }
            Fault::WrongContentType => Reply::new(reply.status, "text/html", reply.body),
            Fault::DeepNesting => {
                let depth = 100_000;
                let body = ["[".repeat(depth), "]".repeat(depth)].concat();
                Reply::new(200, json, body)
            }
            Fault::Redirect301SameHost => {
                Reply::new(301, json, "").header("location", location(&shared.own.to_string()))
            }
            Fault::Redirect302OtherHost => {
                Reply::new(302, json, "").header("location", location(&shared.stranger.to_string()))
            }
            Fault::Redirect307OtherHost => {
                Reply::new(307, json, "").header("location", location(&shared.stranger.to_string()))
            }
            Fault::Redirect308OtherHost => {
                Reply::new(308, json, "").header("location", location(&shared.stranger.to_string()))
            }
            Fault::Redirect302PlainHttp => {
                Reply::new(302, json, "").header("location", location("203.0.113.7"))
            }
            Fault::ErrorEnvelopeIn2xx => {
                let provider = provider_of(&request.path);
                Reply::new(200, json, envelope(provider).0)
            }
            Fault::OtherAmount => amounts(reply, "99999.99"),
            Fault::NegativeAmount => amounts(reply, "-5"),
        };
        if write(&mut stream, &answer.head(), &answer.body)
            .await
            .is_err()
        {
            return;
        }
    }
}

/// The provider a sandbox path is for (`/txn/api/…` → Txn).
fn provider_of(path: &str) -> Provider {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Provider::ALL
        .iter()
        .copied()
        .find(|p| p.as_str() == first)
        .unwrap()
}

/// The reply with every amount in it replaced by `amount`, a string where it was a string and
/// a number where it was a number.
fn amounts(reply: Reply, amount: &str) -> Reply {
    fn walk(value: &mut Value, amount: &str) {
        match value {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let is_amount = key.to_ascii_lowercase().contains("amount");
                    match value {
                        Value::String(text) if is_amount && text.parse::<f64>().is_ok() => {
                            *text = amount.to_owned();
                        }
                        Value::Number(_) if is_amount => {
                            *value = serde_json::from_str(amount).unwrap();
                        }
                        _ => walk(value, amount),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, amount)),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(&reply.body) else {
        return reply;
    };
    walk(&mut value, amount);
    Reply::new(
        reply.status,
        &reply.content_type,
        serde_json::to_vec(&value).unwrap(),
    )
}

/// Sends the request on to the sandbox as it came.
async fn forward(shared: &Shared, request: &Incoming) -> Reply {
    shared
        .forwarded
        .lock()
        .unwrap()
        .push(request.method.clone());
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let url = format!("http://{}{}", shared.sandbox, request.path);
    let mut builder = shared.forward.request(method, url);
    for (name, value) in &request.headers {
        if !matches!(name.as_str(), "host" | "content-length" | "connection") {
            builder = builder.header(name, value);
        }
    }
    let response = builder.body(request.body.clone()).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let body = response.bytes().await.unwrap().to_vec();
    Reply::new(status, &content_type, body)
}

/// Reads one HTTP/1.1 request (head and `content-length` body); `None` at the end of the
/// connection.
async fn read_request(stream: &mut BufReader<TcpStream>) -> Option<Incoming> {
    let mut line = String::new();
    stream.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.ok().filter(|n| *n > 0)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(Incoming {
        method,
        path,
        headers,
        body,
    })
}

async fn write(stream: &mut BufReader<TcpStream>, head: &[u8], body: &[u8]) -> std::io::Result<()> {
    let stream = stream.get_mut();
    stream.write_all(head).await?;
    stream.write_all(body).await?;
    stream.flush().await
}

/// A second host: it counts every connection made to it, and answers none.
async fn stranger() -> (SocketAddr, Arc<Mutex<usize>>, JoinSet<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&count);
    let mut tasks = JoinSet::new();
    tasks.spawn(async move {
        while let Ok((_stream, _)) = listener.accept().await {
            *counted.lock().unwrap() += 1;
        }
    });
    (addr, count, tasks)
}

// ---------------------------------------------------------------------------------------------
// The matrix

/// What one cell observed.
struct Cell {
    provider: Provider,
    op: Op,
    fault: Fault,
    outcome: String,
    /// Requests of the operation's method that reached the fault server.
    requests: usize,
    elapsed: Duration,
    problems: Vec<String>,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.problems.is_empty() { "" } else { "!" };
        write!(f, "{mark}{} ×{}", self.outcome, self.requests)
    }
}

/// Creates a link straight at the sandbox and pays it (Mesh reads a link through its
/// transfer, which exists once paid); its id.
async fn paid_link(sandbox: &Sandbox, provider: Provider) -> String {
    let base = sandbox.base_url(provider.into());
    let direct = client(sandbox, provider, base.as_str(), HttpConfig::default());
    let link = direct
        .create_link(&new_link(direct.as_ref(), "12.34"))
        .await
        .unwrap();
    let url = link.url.clone().unwrap();
    let paid = reqwest::Client::new()
        .post(format!("{url}?result=pay"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success(), "{provider:?}: {paid:?}");
    link.id
}

fn client(
    sandbox: &Sandbox,
    provider: Provider,
    base: &str,
    config: HttpConfig,
) -> Box<dyn PaymentLinkProvider> {
    let credentials = paylinks::sandbox::credentials(sandbox, provider).unwrap();
    let environment = paylinks_core::Environment::custom(base).unwrap();
    let options = paylinks::sandbox::options(sandbox).http(config);
    paylinks::client(credentials, environment, &options).unwrap()
}

async fn run_cell(
    sandbox: Arc<Sandbox>,
    stranger: SocketAddr,
    provider: Provider,
    op: Op,
    fault: Fault,
) -> Cell {
    let sandbox_addr = sandbox.addr();
    let method = match op {
        Op::Create => "POST",
        Op::Read => "GET",
    };
    let read_id = match op {
        Op::Read => Some(paid_link(&sandbox, provider).await),
        Op::Create => None,
    };
    let server = FaultServer::start(sandbox_addr, stranger, method, fault, Duration::ZERO).await;
    let base = format!("http://{}/{}", server.addr, provider.as_str());
    let faulty = client(&sandbox, provider, &base, config(fault));
    let asked = new_link(faulty.as_ref(), "12.34");
    let started = Instant::now();
    let result: Result<PaymentLink, paylinks_core::Error> = match &read_id {
        Some(id) => faulty.get_link(id).await,
        None => faulty.create_link(&asked).await,
    };
    let elapsed = started.elapsed();
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.kind().to_string(),
    };
    let mut problems = Vec::new();
    let want = expected(provider, op, fault);
    if outcome != want {
        problems.push(format!("expected {want}, got {result:?}"));
    }
    let bound = config(fault).deadline + Duration::from_secs(1);
    if elapsed > bound {
        problems.push(format!("took {elapsed:?}, beyond {bound:?}"));
    }
    let requests = server.count(method);
    if op == Op::Create {
        // One order, one link: a create reaches a provider that does not de-duplicate at most
        // once; Txn, whose reference is unique, may send it once more after finding no link,
        // and then holds exactly one link with the reference.
        let reached = server.forwarded(method);
        if provider == Provider::Txn {
            let found = txn_links_with(&sandbox, asked.reference.as_deref().unwrap()).await;
            if found != usize::from(result.is_ok()) && !(result.is_err() && found == 1) {
                problems.push(format!("{found} links with the reference"));
            }
        } else if reached > 1 {
            problems.push(format!("{reached} creates reached the provider"));
        }
    }
    if let (Ok(link), Some(reference)) = (&result, &asked.reference)
        && op == Op::Create
        && link.reference.as_deref().is_some_and(|r| r != reference)
    {
        problems.push(format!("another link came back: {link:?}"));
    }
    Cell {
        provider,
        op,
        fault,
        outcome,
        requests,
        elapsed,
        problems,
    }
}

/// How many Txn links the sandbox holds with this reference.
async fn txn_links_with(sandbox: &Sandbox, reference: &str) -> usize {
    let key = sandbox.credentials().txn_api_key.clone();
    let txn = typed(sandbox, txn_client::Credentials::new(key));
    let mut query = txn_client::generated::operations::list_payment_links::Query::new();
    query.reference = Some(reference.to_owned());
    txn.list_payment_links(&query).await.unwrap().data.len()
}

/// The columns of the printed table: every provider's create, and its read where it has one.
fn columns() -> Vec<(Provider, Op)> {
    Provider::ALL
        .iter()
        .flat_map(|&p| [(p, Op::Create), (p, Op::Read)])
        .filter(|(p, op)| !(*p == Provider::Payio && *op == Op::Read))
        .collect()
}

fn table(cells: &[Cell]) -> String {
    let columns = columns();
    let header: Vec<String> = columns
        .iter()
        .map(|(p, op)| {
            format!(
                "{} {}",
                p.as_str(),
                if *op == Op::Create { "create" } else { "read" }
            )
        })
        .collect();
    let mut out = format!("| fault | {} |\n", header.join(" | "));
    out.push_str(&format!("|---|{}\n", "---|".repeat(columns.len())));
    for fault in Fault::ALL {
        let row: Vec<String> = columns
            .iter()
            .map(|(p, op)| {
                cells
                    .iter()
                    .find(|c| c.provider == *p && c.op == *op && c.fault == fault)
                    .map_or_else(|| "-".to_owned(), ToString::to_string)
            })
            .collect();
        out.push_str(&format!("| {fault:?} | {} |\n", row.join(" | ")));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    let sandbox = Arc::new(Sandbox::start().await.unwrap());
    let (stranger_addr, stranger_count, _stranger) = stranger().await;
    let started = Instant::now();
    let mut cells = JoinSet::new();
    // At most 8 cells at a time: enough to overlap the waits, few enough for 2 cores.
    let permits = Arc::new(tokio::sync::Semaphore::new(8));
    for (provider, op) in columns() {
        for fault in Fault::ALL {
            let sandbox = Arc::clone(&sandbox);
            let permits = Arc::clone(&permits);
            cells.spawn(async move {
                let _permit = permits.acquire().await.unwrap();
                run_cell(sandbox, stranger_addr, provider, op, fault).await
            });
        }
    }
    let mut done = Vec::new();
    let mut panics = 0;
    while let Some(cell) = cells.join_next().await {
        match cell {
            Ok(cell) => done.push(cell),
            Err(error) => {
                panics += 1;
                eprintln!("a cell panicked: {error}");
            }
        }
    }
    let slowest = done.iter().map(|c| c.elapsed).max().unwrap_or_default();
    println!(
        "fault matrix: {} cells ({} providers × {} faults × create/read), outcome ×requests of the operation's method that reached the server; {:.1} s in all, slowest call {:.2} s\n{}",
        done.len(),
        Provider::ALL.len(),
        Fault::ALL.len(),
        started.elapsed().as_secs_f64(),
        slowest.as_secs_f64(),
        table(&done)
    );
    let problems: Vec<String> = done
        .iter()
        .flat_map(|c| {
            c.problems
                .iter()
                .map(move |p| format!("{:?} {:?} {:?}: {p}", c.provider, c.op, c.fault))
        })
        .collect();
    assert_eq!(panics, 0, "no cell may panic");
    assert_eq!(done.len(), columns().len() * Fault::ALL.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        *stranger_count.lock().unwrap(),
        0,
        "a request reached the second host"
    );
}

/// A call that makes several requests (Pay.io's currency lookup before its create, Txn's
/// lookup by reference and second create after one that went unanswered) ends within its one
/// deadline: the create stalls, and every other request is answered only after most of a
/// timeout. Each of them alone fits in its own timeout; one deadline for each would not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_of_several_requests_ends_within_its_one_deadline() {
    let sandbox = Arc::new(Sandbox::start().await.unwrap());
    let (stranger_addr, _, _stranger) = stranger().await;
    let mut config = HttpConfig::default();
    config.timeout = Duration::from_secs(2);
    config.deadline = Duration::from_millis(2500);
    let hold = Duration::from_millis(1600);
    let mut calls = JoinSet::new();
    for &provider in Provider::ALL {
        let sandbox = Arc::clone(&sandbox);
        calls.spawn(async move {
            let addr = sandbox.addr();
            let server = FaultServer::start(addr, stranger_addr, "POST", Fault::Stall, hold).await;
            let base = format!("http://{}/{}", server.addr, provider.as_str());
            let stalled = client(&sandbox, provider, &base, config);
            let asked = new_link(stalled.as_ref(), "12.34");
            let started = Instant::now();
            let result = stalled.create_link(&asked).await;
            (provider, started.elapsed(), result)
        });
    }
    let bound = config.deadline + Duration::from_millis(600);
    while let Some(call) = calls.join_next().await {
        let (provider, elapsed, result) = call.unwrap();
        println!("{provider:?}: {elapsed:?}, {result:?}");
        assert!(
            elapsed <= bound,
            "{provider:?} took {elapsed:?}, beyond {bound:?}"
        );
        match result {
            Err(paylinks_core::Error::Unconfirmed { look_up_by, .. }) => {
                assert!(
                    look_up_by.is_some(),
                    "{provider:?}: nothing to look the link up by"
                );
            }
            other => panic!("{provider:?}: expected unconfirmed, got {other:?}"),
        }
    }
}

/// A Pay.io create that waits on another call's currency lookup (its clients share the cache)
/// waits within its own deadline: a copy with a short deadline, started while a client with a
/// long one is slowly fetching the currencies, ends by its deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_waiting_on_another_calls_lookup_ends_within_its_own_deadline() {
    let sandbox = Arc::new(Sandbox::start().await.unwrap());
    let (stranger_addr, _, _stranger) = stranger().await;
    let addr = sandbox.addr();
    // No Pay.io request is a DELETE, so nothing is faulted; every request is held 2 s.
    let hold = Duration::from_secs(2);
    let server = FaultServer::start(addr, stranger_addr, "DELETE", Fault::Stall, hold).await;
    let base = format!("http://{}/payio", server.addr);
    let patient = client(&sandbox, Provider::Payio, &base, HttpConfig::default());
    let hurried = patient.with_deadline(Duration::from_millis(500));
    let link = new_link(patient.as_ref(), "12.34");
    let first = {
        let (patient, link) = (patient.with_deadline(Duration::from_secs(30)), link.clone());
        tokio::spawn(async move { patient.create_link(&link).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let error = hurried.create_link(&link).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), paylinks_core::ErrorKind::Transport, "{error}");
    assert!(took < Duration::from_millis(1000), "waited {took:?}");
    // The lookup it waited on still completes the first call.
    first.await.unwrap().unwrap();
}
