//! TLS for TURN over TLS: the operator's certificate (PEM files), or a self-signed
//! one made at start-up for a laptop demo — browsers refuse self-signed TURNS, so a
//! deployment must configure a real certificate (the log says so).

use std::path::Path;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

use crate::error::StartError;

fn build(certs: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> Result<Arc<ServerConfig>, StartError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StartError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| StartError::Tls(format!("the key does not fit the certificate, or is not supported: {e}")))?;
    Ok(Arc::new(config))
}

/// Loads a PEM certificate chain and key.
pub fn from_files(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>, StartError> {
    let unreadable = |path: &Path, e: &dyn std::fmt::Display| StartError::Tls(format!("{}: {e}", path.display()));
    let certs = CertificateDer::pem_file_iter(cert)
        .map_err(|e| unreadable(cert, &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(cert, &e))?;
    if certs.is_empty() {
        return Err(StartError::Tls(format!("{}: no PEM certificate in it", cert.display())));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| unreadable(key, &e))?;
    build(certs, key)
}

/// A self-signed certificate for `names`.
pub fn self_signed(names: Vec<String>) -> Result<Arc<ServerConfig>, StartError> {
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| StartError::Tls(e.to_string()))?;
    let key = PrivateKeyDer::try_from(certified.signing_key.serialize_der()).map_err(|e| StartError::Tls(e.into()))?;
    build(vec![certified.cert.der().clone()], key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_config_builds() {
        assert!(self_signed(vec!["localhost".into(), "127.0.0.1".into()]).is_ok());
    }

    #[test]
    fn missing_files_are_a_clear_error() {
        let err = from_files(Path::new("/nonexistent/cert.pem"), Path::new("/nonexistent/key.pem")).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/cert.pem"), "{err:#}");
    }
}
