//! TLS: the certificate (generated at start, or given) and rustls's server configuration.
//!
//! Real clients refuse plain HTTP (MSAL, azure-identity, azure-core) and check the name: the
//! certificate must carry SAN `IP:127.0.0.1` (REAL-CLIENTS.md). hcsim makes a small CA and a
//! server certificate signed by it, so Python's strict X.509 checks see an ordinary chain;
//! clients trust the CA file through `REQUESTS_CA_BUNDLE` / `SSL_CERT_FILE`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// PEM texts of what the server presents.
#[derive(Clone, Debug)]
pub struct CertFiles {
    /// The chain the server sends (server certificate, then the CA).
    pub chain_pem: String,
    /// The server key.
    pub key_pem: String,
    /// What clients must trust.
    pub ca_pem: String,
}

/// A fresh CA and a server certificate for `127.0.0.1` and `localhost`.
pub fn generate() -> Result<CertFiles, String> {
    let err = |e: rcgen::Error| format!("cannot make the certificate: {e}");
    let ca_key = KeyPair::generate().map_err(err)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    ca.distinguished_name
        .push(DnType::CommonName, "hcsim serve local CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key).map_err(err)?;
    let key = KeyPair::generate().map_err(err)?;
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .map_err(err)?;
    leaf.distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    leaf.use_authority_key_identifier_extension = true;
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let cert = leaf.signed_by(&key, &ca_cert, &ca_key).map_err(err)?;
    Ok(CertFiles {
        chain_pem: format!("{}{}", cert.pem(), ca_cert.pem()),
        key_pem: key.serialize_pem(),
        ca_pem: ca_cert.pem(),
    })
}

/// A certificate chain and key read from PEM files (`--cert`, `--key`); the chain file is
/// also the file clients trust.
pub fn load(cert: &Path, key: &Path) -> Result<CertFiles, String> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let chain_pem = read(cert)?;
    Ok(CertFiles {
        ca_pem: chain_pem.clone(),
        chain_pem,
        key_pem: read(key)?,
    })
}

/// Writes `ca.pem`, `cert.pem` and `key.pem` (owner-only) to `dir`; returns the CA file.
pub fn write(files: &CertFiles, dir: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let put = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        Ok::<PathBuf, String>(p)
    };
    let ca = put("ca.pem", &files.ca_pem)?;
    put("cert.pem", &files.chain_pem)?;
    let key = put("key.pem", &files.key_pem)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600));
    }
    Ok(ca)
}

/// rustls's server configuration (ring provider, TLS 1.2 and 1.3, HTTP/1.1 by ALPN).
pub fn server_config(files: &CertFiles) -> Result<Arc<rustls::ServerConfig>, String> {
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(files.chain_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("the certificate is not PEM: {e}"))?;
    if chain.is_empty() {
        return Err("the certificate file holds no certificate".into());
    }
    let key = PrivateKeyDer::from_pem_slice(files.key_pem.as_bytes())
        .map_err(|e| format!("the key is not a PEM private key: {e}"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("the certificate and key do not fit: {e}"))?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(cfg))
}
