//! TLS for TURN over TLS: the operator's certificate (PEM files), or a self-signed
//! one made at start-up for a laptop demo — browsers refuse self-signed TURNS, so a
//! deployment must configure a real certificate (the log says so).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

fn build(certs: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> anyhow::Result<Arc<ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(Arc::new(config))
}

/// Loads a PEM certificate chain and key.
pub fn from_files(cert: &Path, key: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let certs = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("reading {}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing {}", cert.display()))?;
    let key = PrivateKeyDer::from_pem_file(key).with_context(|| format!("reading {}", key.display()))?;
    build(certs, key)
}

/// A self-signed certificate for `names`.
pub fn self_signed(names: Vec<String>) -> anyhow::Result<Arc<ServerConfig>> {
    let certified = rcgen::generate_simple_self_signed(names)?;
    let key = PrivateKeyDer::try_from(certified.signing_key.serialize_der()).map_err(|e| anyhow::anyhow!(e))?;
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
