//! TLS for the server: a certificate and key from PEM files, or one the
//! server generates once and keeps in `<workspace>/tls/` (the key readable
//! by its owner only). Colleagues' desktop apps pin the certificate by its
//! SHA-256 fingerprint, shown as `AB:CD:…`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use zonepress_api::{ApiError, ErrorCode};

/// The folder of the generated certificate inside a workspace.
pub const TLS_DIR: &str = "tls";
pub const CERT_FILE: &str = "cert.pem";
pub const KEY_FILE: &str = "key.pem";

/// Where the server's certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsSource {
    /// PEM files given by the admin (`--cert FILE --key FILE`).
    Files { cert: PathBuf, key: PathBuf },
    /// `<workspace>/tls/cert.pem` and `key.pem`, generated on first use.
    Generated,
}

/// The one crypto provider of this crate (ring; never aws-lc-rs).
pub(crate) fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// SHA-256 of a DER certificate as upper-case hex pairs: `AB:CD:…`.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The fingerprint's 64 hex digits, lower case, without separators (so
/// `AB:CD…`, `ab cd…` and `abcd…` compare equal).
pub(crate) fn normalize(fp: &str) -> String {
    fp.chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Do two fingerprints, however written, name the same certificate?
pub fn fingerprint_matches(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    a.len() == 64 && a == b
}

/// A server's TLS configuration and its certificate's fingerprint.
pub(crate) struct ServerTls {
    pub config: Arc<rustls::ServerConfig>,
    pub fingerprint: String,
}

fn bad(message: String, log: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message, log)
}

fn reason_zh(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
        _ => e.to_string(),
    }
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| {
        bad(
            format!("无法读取{what}文件 {}：{}", path.display(), reason_zh(&e)),
            format!("cannot read {what} file {}: {e}", path.display()),
        )
    })
}

/// Load (or, for [`TlsSource::Generated`], create once) the certificate and
/// key, and check that they belong together. Nothing is written unless the
/// workspace has no certificate yet.
pub(crate) fn server_config(source: &TlsSource, workspace: &Path) -> Result<ServerTls, ApiError> {
    let (cert_path, key_path) = match source {
        TlsSource::Files { cert, key } => (cert.clone(), key.clone()),
        TlsSource::Generated => ensure_generated(workspace)?,
    };
    let cert_pem = read(&cert_path, "证书")?;
    let key_pem = read(&key_path, "私钥")?;
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| {
            bad(
                format!("证书文件 {} 不是有效的 PEM 证书", cert_path.display()),
                format!("bad certificate PEM {}: {e:?}", cert_path.display()),
            )
        })?;
    if certs.is_empty() {
        return Err(bad(
            format!(
                "证书文件 {} 中没有证书（应含 -----BEGIN CERTIFICATE----- 段）",
                cert_path.display()
            ),
            format!("no certificate in {}", cert_path.display()),
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
        bad(
            format!(
                "私钥文件 {} 中没有可用的私钥（支持 PEM 格式的 PKCS#8、PKCS#1 或 SEC1 私钥）",
                key_path.display()
            ),
            format!("no private key in {}: {e:?}", key_path.display()),
        )
    })?;
    let fingerprint = fingerprint(&certs[0]);
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(ApiError::internal)?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            bad(
                format!(
                    "证书与私钥不能一起使用（不是同一对，或格式不受支持）：{} 和 {}",
                    cert_path.display(),
                    key_path.display()
                ),
                format!("certificate and key rejected: {e}"),
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(ServerTls {
        config: Arc::new(config),
        fingerprint,
    })
}

/// The generated certificate's files, created on first use.
fn ensure_generated(workspace: &Path) -> Result<(PathBuf, PathBuf), ApiError> {
    let dir = workspace.join(TLS_DIR);
    let cert = dir.join(CERT_FILE);
    let key = dir.join(KEY_FILE);
    match (cert.exists(), key.exists()) {
        (true, true) => return Ok((cert, key)),
        (false, false) => {}
        _ => {
            return Err(bad(
                format!(
                    "工作区的证书文件不完整：{} 中应同时有 {CERT_FILE} 和 {KEY_FILE}。删除该文件夹后会重新生成证书（指纹会改变，同事需要重新确认）",
                    dir.display()
                ),
                format!("only one of {CERT_FILE}, {KEY_FILE} in {}", dir.display()),
            ));
        }
    }
    let generated = generate()?;
    let failed = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Internal,
            format!("无法在 {} 中保存证书：{e}", dir.display()),
            format!("cannot write certificate into {}: {e}", dir.display()),
        )
    };
    create_private_dir(&dir).map_err(failed)?;
    // Written beside, then renamed: a crash never leaves half a key.
    let key_tmp = dir.join(format!("{KEY_FILE}.tmp"));
    let cert_tmp = dir.join(format!("{CERT_FILE}.tmp"));
    write_private(&key_tmp, generated.1.as_bytes()).map_err(failed)?;
    std::fs::write(&cert_tmp, generated.0.as_bytes()).map_err(failed)?;
    std::fs::rename(&key_tmp, &key).map_err(failed)?;
    std::fs::rename(&cert_tmp, &cert).map_err(failed)?;
    tracing::info!(dir = %dir.display(), "generated a self-signed TLS certificate");
    Ok((cert, key))
}

/// A self-signed certificate for this machine's names: (cert PEM, key PEM).
fn generate() -> Result<(String, String), ApiError> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".into(), "::1".into()];
    if let Some(host) = crate::net::host_name()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        names.push(format!("{host}.local"));
        names.push(host);
    }
    let mut params = rcgen::CertificateParams::new(names).map_err(ApiError::internal)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "园区编务 ZonePress");
    let key = rcgen::KeyPair::generate().map_err(ApiError::internal)?;
    let cert = params.self_signed(&key).map_err(ApiError::internal)?;
    Ok((cert.pem(), key.serialize_pem()))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Write a file only its owner can read (mode 0600 on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_is_kept_and_its_key_is_private() {
        let ws = tempfile::tempdir().unwrap();
        let first = server_config(&TlsSource::Generated, ws.path()).unwrap();
        let again = server_config(&TlsSource::Generated, ws.path()).unwrap();
        assert_eq!(first.fingerprint, again.fingerprint);
        assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(ws.path().join(TLS_DIR).join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The same files given explicitly give the same fingerprint.
        let files = TlsSource::Files {
            cert: ws.path().join(TLS_DIR).join(CERT_FILE),
            key: ws.path().join(TLS_DIR).join(KEY_FILE),
        };
        assert_eq!(
            server_config(&files, ws.path()).unwrap().fingerprint,
            first.fingerprint
        );
    }

    #[test]
    fn unreadable_or_mismatched_files_are_refused_in_chinese() {
        let ws = tempfile::tempdir().unwrap();
        let missing = TlsSource::Files {
            cert: ws.path().join("nope.pem"),
            key: ws.path().join("nope.key"),
        };
        let e = server_config(&missing, ws.path()).err().unwrap();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("无法读取证书文件"), "{}", e.message);
        assert!(e.message.contains("文件不存在"), "{}", e.message);

        let (cert_a, _) = generate().unwrap();
        let (_, key_b) = generate().unwrap();
        std::fs::write(ws.path().join("a.pem"), cert_a).unwrap();
        std::fs::write(ws.path().join("b.key"), key_b).unwrap();
        std::fs::write(ws.path().join("junk.pem"), "not a certificate").unwrap();
        let mismatched = TlsSource::Files {
            cert: ws.path().join("a.pem"),
            key: ws.path().join("b.key"),
        };
        let e = server_config(&mismatched, ws.path()).err().unwrap();
        assert!(e.message.contains("不是同一对"), "{}", e.message);
        let junk = TlsSource::Files {
            cert: ws.path().join("junk.pem"),
            key: ws.path().join("b.key"),
        };
        let e = server_config(&junk, ws.path()).err().unwrap();
        assert!(e.message.contains("没有证书"), "{}", e.message);
        // Nothing was generated in the workspace.
        assert!(!ws.path().join(TLS_DIR).exists());
    }

    #[test]
    fn fingerprints_compare_however_written() {
        let fp = fingerprint(b"certificate");
        assert!(fingerprint_matches(
            &fp,
            &fp.replace(':', "").to_lowercase()
        ));
        assert!(!fingerprint_matches(&fp, &fingerprint(b"other")));
        assert!(!fingerprint_matches("", ""));
    }
}
