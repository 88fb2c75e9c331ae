//! A certificate authority of the test's own, so that the browsers check TURN over
//! TLS the way agents' browsers do — against a trusted chain and the host name — with
//! no certificate-ignoring flag. The CA is trusted only in the test browser's own NSS
//! database (Chromium reads `$HOME/.pki/nssdb`, Firefox its profile), made with
//! `certutil` (Debian's libnss3-tools); nothing on the machine trusts it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};

pub struct TestCa {
    dir: tempfile::TempDir,
    ca: CertifiedIssuer<'static, KeyPair>,
    /// The server certificate and its key, for `--tls-cert` / `--tls-key`.
    pub cert_pem: PathBuf,
    pub key_pem: PathBuf,
}

impl TestCa {
    /// A CA, and a server certificate it signed for `names` (host names or addresses).
    pub fn new(names: &[&str]) -> anyhow::Result<TestCa> {
        let dir = tempfile::tempdir()?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "CallReady test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)?;
        std::fs::write(dir.path().join("ca.pem"), ca.pem())?;
        let mut test_ca = TestCa { dir, ca, cert_pem: PathBuf::new(), key_pem: PathBuf::new() };
        (test_ca.cert_pem, test_ca.key_pem) = test_ca.server_certificate("server", names)?;
        Ok(test_ca)
    }

    /// Another server certificate for `names`, written as `<stem>.pem` and
    /// `<stem>-key.pem`: (certificate, key).
    pub fn server_certificate(&self, stem: &str, names: &[&str]) -> anyhow::Result<(PathBuf, PathBuf)> {
        let key = KeyPair::generate()?;
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let server = CertificateParams::new(names)?.signed_by(&key, &self.ca)?;
        let cert_pem = self.dir.path().join(format!("{stem}.pem"));
        std::fs::write(&cert_pem, server.pem())?;
        let key_pem = self.dir.path().join(format!("{stem}-key.pem"));
        std::fs::write(&key_pem, key.serialize_pem())?;
        Ok((cert_pem, key_pem))
    }

    /// The CA's certificate (PEM), for a client or a proxy that must trust it.
    pub fn ca_pem(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Makes `db` an NSS certificate database that trusts this CA for TLS servers.
    pub fn trusted_by_nss_db(&self, db: &Path) -> anyhow::Result<()> {
        trust_in_nss_db(db, &self.ca_pem(), "CallReady test CA")
    }
}

/// A CA of its own (the certificate and its key, PEM) in `dir`, as a TLS-inspecting
/// proxy uses to re-sign the sites it decrypts: (certificate, key).
pub fn own_ca(dir: &Path, name: &str) -> anyhow::Result<(PathBuf, PathBuf)> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate()?;
    let ca = params.self_signed(&key)?;
    let cert_pem = dir.join("ca.pem");
    std::fs::write(&cert_pem, ca.pem())?;
    let key_pem = dir.join("ca-key.pem");
    std::fs::write(&key_pem, key.serialize_pem())?;
    Ok((cert_pem, key_pem))
}

/// Makes `db` an NSS certificate database (created if need be) that trusts the CA
/// in `ca_pem` for TLS servers, under `nickname`.
pub fn trust_in_nss_db(db: &Path, ca_pem: &Path, nickname: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(db)?;
    let sql = format!("sql:{}", db.display());
    let certutil = |args: &[&str]| -> anyhow::Result<()> {
        let out = Command::new("certutil")
            .args(args)
            .output()
            .context("certutil (Debian package libnss3-tools) is installed by `cargo xtask test`")?;
        if !out.status.success() {
            bail!("certutil {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(())
    };
    if !db.join("cert9.db").exists() {
        certutil(&["-N", "-d", &sql, "--empty-password"])?;
    }
    certutil(&["-A", "-d", &sql, "-n", nickname, "-t", "C,,", "-i", ca_pem.to_str().context("path")?])
}
