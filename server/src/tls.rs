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

    /// A TLS client that trusts `root` completes a handshake with `server` for `name`.
    fn handshake(server: Arc<ServerConfig>, root: CertificateDer<'static>, name: &str) -> Result<(), rustls::Error> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(root).expect("a valid root");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let client_config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from(name.to_string()).expect("a name");
        let mut client = rustls::ClientConnection::new(Arc::new(client_config), name)?;
        let mut server = rustls::ServerConnection::new(server)?;
        for _ in 0..10 {
            let mut wire = Vec::new();
            client.write_tls(&mut wire).expect("in memory");
            server.read_tls(&mut wire.as_slice()).expect("in memory");
            server.process_new_packets()?;
            let mut back = Vec::new();
            server.write_tls(&mut back).expect("in memory");
            client.read_tls(&mut back.as_slice()).expect("in memory");
            client.process_new_packets()?;
            if !client.is_handshaking() && !server.is_handshaking() {
                return Ok(());
            }
        }
        panic!("the handshake never finished")
    }

    #[test]
    fn the_self_signed_certificate_serves_its_names_and_no_other() {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let key = PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
        let config = build(vec![certified.cert.der().clone()], key).unwrap();
        assert_eq!(handshake(config.clone(), certified.cert.der().clone(), "localhost"), Ok(()));
        let other = handshake(config, certified.cert.der().clone(), "callready.example.com");
        assert!(other.is_err(), "a name the certificate does not cover fails: {other:?}");
        assert!(self_signed(vec!["localhost".into(), "127.0.0.1".into()]).is_ok());
    }

    #[test]
    fn a_key_that_does_not_fit_the_certificate_is_refused() {
        let one = rcgen::generate_simple_self_signed(vec!["a.example".to_string()]).unwrap();
        let two = rcgen::generate_simple_self_signed(vec!["b.example".to_string()]).unwrap();
        let wrong_key = PrivateKeyDer::try_from(two.signing_key.serialize_der()).unwrap();
        let err = build(vec![one.cert.der().clone()], wrong_key).unwrap_err();
        assert!(err.to_string().contains("does not fit"), "{err}");
    }

    #[test]
    fn missing_files_are_a_clear_error() {
        let err = from_files(Path::new("/nonexistent/cert.pem"), Path::new("/nonexistent/key.pem")).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/cert.pem"), "{err:#}");
    }

    /// The ClientHello fingerprints tell browsers from other TLS stacks: rustls's own
    /// hello (like a TLS-inspecting device's) is neither Chromium's nor Firefox's.
    #[test]
    fn a_rustls_client_hello_is_neither_browser() {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let mut client = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
        let mut hello = Vec::new();
        client.write_tls(&mut hello).unwrap();
        let seen = callready_common::tls_hello::summarise(&hello).expect("a whole ClientHello");
        assert_eq!(seen.family, callready_common::tls_hello::TlsFamily::Other, "{seen:?}");
        assert!(seen.summary.starts_with("TLS 1.3"), "{}", seen.summary);
    }
}
