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
        let key = KeyPair::generate()?;
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let server = CertificateParams::new(names)?.signed_by(&key, &ca)?;
        let ca_pem = dir.path().join("ca.pem");
        std::fs::write(&ca_pem, ca.pem())?;
        let cert_pem = dir.path().join("server.pem");
        std::fs::write(&cert_pem, server.pem())?;
        let key_pem = dir.path().join("server-key.pem");
        std::fs::write(&key_pem, key.serialize_pem())?;
        Ok(TestCa { dir, cert_pem, key_pem })
    }

    fn ca_pem(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Makes `db` an NSS certificate database that trusts this CA for TLS servers.
    pub fn trusted_by_nss_db(&self, db: &Path) -> anyhow::Result<()> {
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
        let ca = self.ca_pem();
        certutil(&["-A", "-d", &sql, "-n", "CallReady test CA", "-t", "C,,", "-i", ca.to_str().context("path")?])
    }
}
