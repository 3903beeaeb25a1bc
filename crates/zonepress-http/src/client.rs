//! The client of the desktop's connected mode (连接办公室服务器): the same
//! commands as the local workspace, over HTTP or HTTPS to a `zonepress
//! serve` or a colleague's desktop with 局域网共享 on.
//!
//! HTTPS is trust on first use with a pinned certificate:
//!
//! 1. [`probe`] (or [`Client::health`] on a client without a pin) connects,
//!    answers the server's [`Health`] and the certificate's SHA-256
//!    fingerprint; the app shows both and the user compares the fingerprint
//!    with the one the server printed (or 管理 → 服务器 shows).
//! 2. The app keeps the confirmed fingerprint and makes its clients with it
//!    ([`Client::new`] with `Some(fingerprint)`). A server that later shows
//!    another certificate is refused with [`ErrorCode::UntrustedCertificate`]
//!    (`detail: {expected, found}`), before any request is sent.
//!
//! A client without a pin sends nothing but `health` over HTTPS: a token or
//! password never goes to a server the user has not confirmed.
//!
//! Event streams do not reconnect by themselves: when [`EventStream::next`]
//! ends or fails, the caller opens a new one with
//! [`EventStream::last_event_id`] (after a pause of its choosing) and gets
//! what it missed, or a `resync` event.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, StatusCode, Uri, header};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpSocket, TcpStream};
use zonepress_api::events::Event;
use zonepress_api::{ApiError, Binary, ErrorCode, Reply};

use crate::Health;
use crate::tls::{fingerprint, fingerprint_matches, provider};

/// How a client connects.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The confirmed SHA-256 fingerprint of the server's certificate
    /// (`AB:CD:…`, any case, with or without colons).
    pub pinned_fingerprint: Option<String>,
    /// Connect from this local address (tests use 127.0.0.2, 127.0.0.3 … as
    /// different machines).
    pub local_address: Option<IpAddr>,
    /// Giving up on connecting.
    pub connect_timeout: Duration,
    /// Giving up on an answer (exports can take a few seconds).
    pub request_timeout: Duration,
    /// An event stream that stays silent this long is taken as broken (the
    /// server sends a comment every 15 s).
    pub stream_idle_timeout: Duration,
    /// The largest answer read (a whole backup is the largest a server
    /// sends); a larger one is dropped unread with a clear error, so a
    /// server — or whoever answers in its place — cannot exhaust the
    /// desktop's memory.
    pub max_answer: usize,
}

/// [`ClientOptions::max_answer`] by default.
pub const MAX_ANSWER: usize = 512 * 1024 * 1024;
/// The most read of a `health` answer or of an error answer.
const MAX_SMALL_ANSWER: usize = 1024 * 1024;

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            pinned_fingerprint: None,
            local_address: None,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(120),
            stream_idle_timeout: Duration::from_secs(45),
            max_answer: MAX_ANSWER,
        }
    }
}

/// What the certificate check saw.
#[derive(Debug, Default)]
struct PinState {
    pinned: Option<String>,
    seen: Mutex<Option<String>>,
    /// The fingerprint of a refused certificate.
    refused: Mutex<Option<String>>,
}

impl PinState {
    fn seen(&self) -> Option<String> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Accepts the certificate whose fingerprint is pinned (any certificate
/// when none is, recording what it saw); signatures are checked as usual.
#[derive(Debug)]
struct PinVerifier {
    state: Arc<PinState>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let found = fingerprint(end_entity.as_ref());
        *self.state.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(found.clone());
        match &self.state.pinned {
            Some(pinned) if !fingerprint_matches(pinned, &found) => {
                *self.state.refused.lock().unwrap_or_else(|p| p.into_inner()) = Some(found);
                Err(rustls::Error::General(
                    "server certificate does not match the pinned fingerprint".into(),
                ))
            }
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A plain or TLS connection.
enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

/// Opens connections for the pooled HTTP client.
#[derive(Clone)]
struct Connector {
    tls: Option<tokio_rustls::TlsConnector>,
    local: Option<IpAddr>,
    timeout: Duration,
}

impl Connector {
    async fn connect(self, uri: Uri) -> io::Result<TokioIo<Stream>> {
        let host = uri
            .host()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri
            .port_u16()
            .unwrap_or(if self.tls.is_some() { 443 } else { 80 });
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await?
            .collect();
        let mut last = io::Error::new(io::ErrorKind::NotFound, "host has no address");
        let mut tcp = None;
        for addr in addrs {
            let socket = if addr.is_ipv4() {
                TcpSocket::new_v4()?
            } else {
                TcpSocket::new_v6()?
            };
            if let Some(local) = self.local.filter(|l| l.is_ipv4() == addr.is_ipv4()) {
                socket.bind(SocketAddr::new(local, 0))?;
            }
            match tokio::time::timeout(self.timeout, socket.connect(addr)).await {
                Ok(Ok(s)) => {
                    tcp = Some(s);
                    break;
                }
                Ok(Err(e)) => last = e,
                Err(_) => last = io::Error::new(io::ErrorKind::TimedOut, "connect timed out"),
            }
        }
        let tcp = tcp.ok_or(last)?;
        let _ = tcp.set_nodelay(true);
        let stream = match &self.tls {
            None => Stream::Plain(tcp),
            Some(connector) => {
                let name = ServerName::try_from(host)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
                let tls = tokio::time::timeout(self.timeout, connector.connect(name, tcp))
                    .await
                    .map_err(|_| {
                        io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out")
                    })??;
                Stream::Tls(Box::new(tls))
            }
        };
        Ok(TokioIo::new(stream))
    }
}

type ConnectFuture = Pin<Box<dyn Future<Output = io::Result<TokioIo<Stream>>> + Send>>;

impl tower::Service<Uri> for Connector {
    type Response = TokioIo<Stream>;
    type Error = io::Error;
    type Future = ConnectFuture;

    fn poll_ready(&mut self, _: &mut TaskContext<'_>) -> Poll<Result<(), io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        Box::pin(self.clone().connect(uri))
    }
}

/// A connection to one ZonePress server. Cheap to clone; connections are
/// pooled and reused.
#[derive(Clone)]
pub struct Client {
    /// `http://host:port` (no trailing slash).
    base: String,
    tls: bool,
    http: HyperClient<Connector, Full<Bytes>>,
    pin: Arc<PinState>,
    options: Arc<ClientOptions>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish()
    }
}

fn bad_address(given: &str) -> ApiError {
    ApiError::invalid(
        "服务器地址格式不正确，请填写如 http://192.168.1.20:8470 或 https://服务器名:8470 的地址",
        format!("bad server address {given:?}"),
    )
}

/// `http://host:port`, from what a user typed (`192.168.1.20:8470`,
/// `https://pc.lan:8470/`).
fn parse_base(server: &str) -> Result<(String, bool), ApiError> {
    let given = server.trim();
    let with_scheme = if given.contains("://") {
        given.to_string()
    } else {
        format!("http://{given}")
    };
    let uri: Uri = with_scheme.parse().map_err(|_| bad_address(given))?;
    let tls = match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("https") => true,
        Some(s) if s.eq_ignore_ascii_case("http") => false,
        _ => return Err(bad_address(given)),
    };
    let authority = uri.authority().ok_or_else(|| bad_address(given))?;
    if authority.as_str().contains('@')
        || authority.host().is_empty()
        || !matches!(uri.path(), "" | "/")
        || uri.query().is_some()
    {
        return Err(bad_address(given));
    }
    let scheme = if tls { "https" } else { "http" };
    Ok((format!("{scheme}://{authority}"), tls))
}

impl Client {
    /// A client of `server` (`http://192.168.1.20:8470`, `https://pc.lan:8470`;
    /// without a scheme, `http`). For HTTPS give the confirmed fingerprint;
    /// without one only [`Client::health`] is allowed (see the module docs).
    pub fn new(server: &str, pinned_fingerprint: Option<&str>) -> Result<Client, ApiError> {
        Client::with_options(
            server,
            ClientOptions {
                pinned_fingerprint: pinned_fingerprint.map(str::to_string),
                ..ClientOptions::default()
            },
        )
    }

    pub fn with_options(server: &str, options: ClientOptions) -> Result<Client, ApiError> {
        let (base, tls) = parse_base(server)?;
        let pin = Arc::new(PinState {
            pinned: options.pinned_fingerprint.clone(),
            ..PinState::default()
        });
        let tls_connector = if tls {
            let verifier = Arc::new(PinVerifier {
                state: pin.clone(),
                provider: provider(),
            });
            let mut config = rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(ApiError::internal)?
                .dangerous()
                .with_custom_certificate_verifier(verifier)
                .with_no_client_auth();
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
            Some(tokio_rustls::TlsConnector::from(Arc::new(config)))
        } else {
            None
        };
        let connector = Connector {
            tls: tls_connector,
            local: options.local_address,
            timeout: options.connect_timeout,
        };
        let http = HyperClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            // Below the server's idle timeout, so a pooled connection is
            // never one the server is about to close.
            .pool_idle_timeout(Duration::from_secs(5))
            .build(connector);
        Ok(Client {
            base,
            tls,
            http,
            pin,
            options: Arc::new(options),
        })
    }

    /// `http://host:port` as this client reaches it.
    pub fn server(&self) -> &str {
        &self.base
    }

    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The fingerprint of the certificate the server showed on the last
    /// HTTPS connection (`None` before one, and over HTTP).
    pub fn fingerprint_seen(&self) -> Option<String> {
        self.pin.seen()
    }

    fn require_confirmed(&self) -> Result<(), ApiError> {
        if self.tls && self.pin.pinned.is_none() {
            return Err(ApiError::new(
                ErrorCode::UntrustedCertificate,
                "尚未确认此服务器的证书。请先核对服务器显示的证书指纹，确认后再登录",
                "HTTPS request without a pinned fingerprint",
            )
            .with_detail(serde_json::json!({ "expected": null, "found": self.pin.seen() })));
        }
        Ok(())
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<Request<Full<Bytes>>, ApiError> {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Bytes::copy_from_slice(b)
            }
            None => Bytes::new(),
        };
        req.body(Full::new(body))
            .map_err(|e| ApiError::invalid("请求无法发送", format!("building request: {e}")))
    }

    /// Why a request found no server, in words a user can act on.
    fn transport_error(&self, e: &(dyn std::error::Error + 'static)) -> ApiError {
        if let Some(found) = self
            .pin
            .refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            return ApiError::new(
                ErrorCode::UntrustedCertificate,
                "警告：服务器的证书与您上次确认的不一致，可能有人在冒充服务器，已停止连接。\
                 如果管理员确实更换了证书，请向管理员核对新的证书指纹后重新确认",
                format!("certificate of {} changed to {found}", self.base),
            )
            .with_detail(serde_json::json!({
                "expected": self.pin.pinned,
                "found": found,
            }));
        }
        let mut kind = None;
        let mut tls_failed = false;
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = source {
            if let Some(io) = err.downcast_ref::<io::Error>() {
                kind = kind.or(Some(io.kind()));
                if io
                    .get_ref()
                    .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some())
                {
                    tls_failed = true;
                }
            }
            if err.downcast_ref::<rustls::Error>().is_some() {
                tls_failed = true;
            }
            source = err.source();
        }
        let reason = if tls_failed {
            "无法建立加密连接（服务器可能没有启用 HTTPS，请检查地址是 http:// 还是 https://）"
        } else {
            match kind {
                Some(io::ErrorKind::ConnectionRefused) => {
                    "服务器没有响应：服务未启动，或地址、端口有误"
                }
                Some(io::ErrorKind::TimedOut) => "连接超时：网络不通，或被防火墙拦截",
                Some(io::ErrorKind::NotFound) => "找不到这个服务器名称，请检查地址",
                Some(io::ErrorKind::InvalidData) if self.tls => {
                    "无法建立加密连接（服务器可能没有启用 HTTPS，请检查地址是 http:// 还是 https://）"
                }
                Some(
                    io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::UnexpectedEof
                    | io::ErrorKind::BrokenPipe,
                ) => "连接被中断，请稍后重试",
                _ => "网络或服务器出现问题，请检查服务器是否在运行",
            }
        };
        ApiError::new(
            ErrorCode::Network,
            format!("无法连接服务器 {}：{reason}", self.base),
            format!("request to {} failed: {e:?}", self.base),
        )
    }

    fn timed_out(&self) -> ApiError {
        ApiError::new(
            ErrorCode::Network,
            format!("服务器 {} 长时间没有回应，请稍后重试", self.base),
            format!("request to {} timed out", self.base),
        )
    }

    /// Send a request and wait for the answer's head.
    async fn send(
        &self,
        req: Request<Full<Bytes>>,
        timeout: Duration,
    ) -> Result<hyper::Response<Incoming>, ApiError> {
        match tokio::time::timeout(timeout, self.http.request(req)).await {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(e)) => Err(self.transport_error(&e)),
            Err(_) => Err(self.timed_out()),
        }
    }

    /// Read a whole answer of at most `limit` bytes: a larger one (declared
    /// or sent) is refused without reading the rest.
    async fn read_all(
        &self,
        res: hyper::Response<Incoming>,
        timeout: Duration,
        limit: usize,
    ) -> Result<Bytes, ApiError> {
        let too_large = || {
            ApiError::new(
                ErrorCode::TooLarge,
                format!(
                    "服务器 {} 的回应过大（超过 {} MB），已停止接收",
                    self.base,
                    limit / (1024 * 1024)
                ),
                format!("answer from {} larger than {limit} bytes", self.base),
            )
        };
        let declared = res
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let body = http_body_util::Limited::new(res.into_body(), limit);
        match tokio::time::timeout(timeout, body.collect()).await {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
            Ok(Err(e)) => Err(self.transport_error(e.as_ref())),
            Err(_) => Err(self.timed_out()),
        }
    }

    /// Who the server is: publication, versions, HTTPS. Allowed without a
    /// confirmed certificate (see [`Client::fingerprint_seen`] after it).
    pub async fn health(&self) -> Result<Health, ApiError> {
        let timeout = self.options.connect_timeout * 2;
        let res = self
            .send(
                self.request(Method::GET, "/api/health", None, None)?,
                timeout,
            )
            .await?;
        let status = res.status();
        let bytes = self.read_all(res, timeout, MAX_SMALL_ANSWER).await?;
        if !status.is_success() {
            return Err(error_from(status, &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::new(
                ErrorCode::Network,
                format!("{} 不是园区编务服务器（或版本过旧）", self.base),
                format!("health of {} unreadable: {e}", self.base),
            )
        })
    }

    /// Run `command` with a JSON `body` as the holder of `token`
    /// (`None` for `login`). Errors come back as the server sent them.
    pub async fn call(
        &self,
        command: &str,
        token: Option<&str>,
        body: &[u8],
    ) -> Result<Reply, ApiError> {
        self.call_marked(command, token, body, false).await
    }

    /// [`Client::call`] for a request the app sends on its own (a refresh
    /// after a change event) when `background`: it does not count as using
    /// the session (`X-ZonePress-Background: 1`).
    pub async fn call_marked(
        &self,
        command: &str,
        token: Option<&str>,
        body: &[u8],
        background: bool,
    ) -> Result<Reply, ApiError> {
        self.require_confirmed()?;
        if command.is_empty()
            || command.len() > 64
            || !command
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(ApiError::new(
                ErrorCode::UnknownCommand,
                format!(
                    "未知的操作：{}",
                    command.chars().take(64).collect::<String>()
                ),
                format!("bad command name {command:?}"),
            ));
        }
        let body = if body.is_empty() {
            b"{}".as_slice()
        } else {
            body
        };
        let mut req = self.request(Method::POST, &format!("/api/{command}"), token, Some(body))?;
        if background {
            req.headers_mut().insert(
                "x-zonepress-background",
                header::HeaderValue::from_static("1"),
            );
        }
        let timeout = self.options.request_timeout;
        let res = self.send(req, timeout).await?;
        let status = res.status();
        let headers = res.headers().clone();
        let limit = if status.is_success() {
            self.options.max_answer
        } else {
            MAX_SMALL_ANSWER
        };
        let bytes = self.read_all(res, timeout, limit).await?;
        if !status.is_success() {
            return Err(error_from(status, &bytes));
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_string();
        if content_type.starts_with("application/json") {
            let value = serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::new(
                    ErrorCode::Network,
                    "服务器的回应不完整，请重试",
                    format!("{command}: unreadable JSON answer: {e}"),
                )
            })?;
            return Ok(Reply::Json(value));
        }
        let file_name = headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(file_name_from_disposition)
            .unwrap_or_else(|| command.to_string());
        let record_id = headers
            .get(crate::routes::RECORD_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok(Reply::Binary(Binary {
            record_id,
            content_type,
            file_name,
            bytes: bytes.to_vec(),
        }))
    }

    /// Open the event stream as the holder of `token`, catching up after
    /// `last_event_id` (from a previous stream). Answers once the server
    /// has subscribed: every change committed after this returns arrives.
    pub async fn events(
        &self,
        token: &str,
        last_event_id: Option<&str>,
    ) -> Result<EventStream, ApiError> {
        self.require_confirmed()?;
        let mut req = self.request(Method::GET, "/api/events", Some(token), None)?;
        req.headers_mut().insert(
            header::ACCEPT,
            header::HeaderValue::from_static("text/event-stream"),
        );
        if let Some(id) = last_event_id
            && let Ok(v) = header::HeaderValue::from_str(id)
        {
            req.headers_mut().insert("last-event-id", v);
        }
        let timeout = self.options.connect_timeout * 2;
        let res = self.send(req, timeout).await?;
        let status = res.status();
        if !status.is_success() {
            let bytes = self.read_all(res, timeout, MAX_SMALL_ANSWER).await?;
            return Err(error_from(status, &bytes));
        }
        Ok(EventStream {
            body: res.into_body(),
            buf: Vec::new(),
            last_id: last_event_id.map(str::to_string),
            idle_timeout: self.options.stream_idle_timeout,
            done: false,
            server: self.base.clone(),
        })
    }
}

/// Connect once without a pin: the server's health and, over HTTPS, the
/// fingerprint of the certificate it showed — for the user to confirm.
pub async fn probe(server: &str) -> Result<(Health, Option<String>), ApiError> {
    let client = Client::new(server, None)?;
    let health = client.health().await?;
    Ok((health, client.fingerprint_seen()))
}

/// An error answer as the server meant it; a status without our JSON
/// (a proxy, another program on that port) becomes the nearest code.
fn error_from(status: StatusCode, body: &[u8]) -> ApiError {
    if let Ok(e) = serde_json::from_slice::<ApiError>(body) {
        return ApiError {
            log: format!("server answered {status}: {:?}", e.code),
            ..e
        };
    }
    let code = match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        408 => ErrorCode::RequestTimeout,
        409 => ErrorCode::Conflict,
        413 => ErrorCode::TooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        421 => ErrorCode::MisdirectedRequest,
        422 => ErrorCode::InvalidInput,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::Busy,
        _ => ErrorCode::Internal,
    };
    ApiError::new(
        code,
        format!(
            "服务器返回错误（HTTP {}），请确认地址指向园区编务服务器",
            status.as_u16()
        ),
        format!("HTTP {status} without an error body"),
    )
}

/// `inline; filename*=UTF-8''%E5%AE%A1.pdf` → `审.pdf`.
fn file_name_from_disposition(value: &str) -> Option<String> {
    let encoded = value
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("filename*=UTF-8''"))?;
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Change events from the server, in order. See the module docs on
/// reconnecting.
pub struct EventStream {
    body: Incoming,
    buf: Vec<u8>,
    last_id: Option<String>,
    idle_timeout: Duration,
    done: bool,
    server: String,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("server", &self.server)
            .field("last_id", &self.last_id)
            .finish()
    }
}

/// The most an event may take before the stream is taken as broken.
const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// One parsed block of a server-sent event stream.
#[derive(Debug, Default, PartialEq)]
struct Block {
    id: Option<String>,
    event: Option<String>,
    data: Option<String>,
}

/// Take the first complete block (ended by a blank line) out of `buf`.
fn take_block(buf: &mut Vec<u8>) -> Option<Block> {
    let end = buf.windows(2).position(|w| w == b"\n\n")?;
    let raw: Vec<u8> = buf.drain(..end + 2).collect();
    let text = String::from_utf8_lossy(&raw);
    let mut block = Block::default();
    for line in text.split('\n') {
        if line.is_empty() || line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => block.id = Some(value.to_string()),
            "event" => block.event = Some(value.to_string()),
            "data" => match &mut block.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => block.data = Some(value.to_string()),
            },
            _ => {}
        }
    }
    Some(block)
}

impl EventStream {
    /// The id of the last event received (give it to [`Client::events`]
    /// when reconnecting).
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    fn broken(&mut self, log: String) -> Option<Result<Event, ApiError>> {
        self.done = true;
        Some(Err(ApiError::new(
            ErrorCode::Network,
            format!("与服务器 {} 的实时连接中断，正在重新连接", self.server),
            log,
        )))
    }

    /// The next event; `None` when the server closed the stream (it
    /// stopped). `Some(Err)` ends it too: `unauthorized` when the session
    /// ended (sign in again), `network` when the connection broke (reconnect).
    pub async fn next(&mut self) -> Option<Result<Event, ApiError>> {
        if self.done {
            return None;
        }
        loop {
            while let Some(block) = take_block(&mut self.buf) {
                let Some(data) = block.data else { continue };
                match block.event.as_deref() {
                    None | Some("message") => {
                        if let Some(id) = block.id {
                            self.last_id = Some(id);
                        }
                        match serde_json::from_str::<Event>(&data) {
                            Ok(e) => return Some(Ok(e)),
                            Err(e) => tracing::warn!("unreadable event skipped: {e}"),
                        }
                    }
                    Some("end") => {
                        self.done = true;
                        let e = serde_json::from_str::<ApiError>(&data)
                            .unwrap_or_else(|_| ApiError::unauthorized());
                        return Some(Err(e));
                    }
                    Some(_) => {}
                }
            }
            if self.buf.len() > MAX_EVENT_BYTES {
                return self.broken("event larger than the limit".into());
            }
            match tokio::time::timeout(self.idle_timeout, self.body.frame()).await {
                Err(_) => return self.broken("event stream silent too long".into()),
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(Err(e))) => return self.broken(format!("event stream: {e}")),
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        // Lines may end in CRLF; the data is JSON, which
                        // never holds a raw CR.
                        self.buf
                            .extend(data.iter().copied().filter(|b| *b != b'\r'));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_as_users_type_them() {
        assert_eq!(
            parse_base("192.168.1.20:8470").unwrap(),
            ("http://192.168.1.20:8470".into(), false)
        );
        assert_eq!(
            parse_base(" HTTPS://pc.lan:8470/ ").unwrap(),
            ("https://pc.lan:8470".into(), true)
        );
        assert_eq!(
            parse_base("https://[::1]:8470").unwrap(),
            ("https://[::1]:8470".into(), true)
        );
        for bad in ["ftp://x", "http://u@x", "http://x/api", "http://x?a=1", ""] {
            let e = parse_base(bad).err().unwrap();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn event_blocks_are_parsed_as_the_server_writes_them() {
        let mut buf =
            b": keep\n\nid: r-1\ndata: {\"a\":1}\n\nevent: end\ndata: x\ndata: y\n\nid: r-2\n"
                .to_vec();
        assert_eq!(take_block(&mut buf), Some(Block::default()));
        assert_eq!(
            take_block(&mut buf),
            Some(Block {
                id: Some("r-1".into()),
                event: None,
                data: Some("{\"a\":1}".into())
            })
        );
        assert_eq!(take_block(&mut buf).unwrap().data.as_deref(), Some("x\ny"));
        assert_eq!(take_block(&mut buf), None);
        assert_eq!(buf, b"id: r-2\n");
    }

    #[test]
    fn file_names_come_back_decoded() {
        assert_eq!(
            file_name_from_disposition("inline; filename*=UTF-8''%E5%AE%A1%E7%A8%BF%E5%8D%95.pdf")
                .as_deref(),
            Some("审稿单.pdf")
        );
        assert_eq!(file_name_from_disposition("inline"), None);
    }

    #[test]
    fn statuses_without_our_body_get_the_nearest_code() {
        assert_eq!(
            error_from(StatusCode::PAYLOAD_TOO_LARGE, b"<html>").code,
            ErrorCode::TooLarge
        );
        let e = error_from(
            StatusCode::CONFLICT,
            br#"{"code":"conflict","message":"m","detail":{"current_revision":3}}"#,
        );
        assert_eq!(
            (e.code, e.detail.unwrap()["current_revision"].as_u64()),
            (ErrorCode::Conflict, Some(3))
        );
    }
}
