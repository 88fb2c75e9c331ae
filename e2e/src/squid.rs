//! A real TLS-inspecting proxy: Debian's Squid (package `squid-openssl`) with
//! SSL-Bump, as companies run it to decrypt their users' HTTPS. Browsers use it as
//! their HTTP proxy; it decrypts every `CONNECT` tunnel that carries TLS ("server
//! first": it connects to the site, then mimics the site's certificate, names and
//! addresses included, re-signed with a CA of its own (which the test browser trusts, as a
//! company's computers do). Its TLS toward the site is its own (OpenSSL), checked
//! against the test CA. Tunnels that carry no TLS
//! (a `ws:` WebSocket) pass untouched.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::{find_program, free_port, test_ca};

/// Where Debian's Squid keeps its certificate generator helper.
const CERTGEN: &str = "/usr/lib/squid/security_file_certgen";

pub struct InspectingProxy {
    pub port: u16,
    /// The CA it re-signs with, for the browser to trust.
    pub ca_pem: PathBuf,
    child: Child,
    dir: tempfile::TempDir,
}

impl InspectingProxy {
    pub fn start() -> anyhow::Result<InspectingProxy> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        let port = free_port()?;
        let (ca_pem, ca_key) = crate::certs::own_ca(root, "Company TLS inspection CA")?;
        let ssl_db = root.join("ssl_db");
        let init = Command::new(CERTGEN)
            .arg("-c")
            .arg("-s")
            .arg(&ssl_db)
            .args(["-M", "4MB"])
            .output()
            .context("Squid's certificate generator (package squid-openssl, installed by `cargo xtask test`)")?;
        if !init.status.success() {
            bail!("{CERTGEN} -c: {}", String::from_utf8_lossy(&init.stderr));
        }
        // Squid checks the sites' certificates against the test CA (a copy it can read).
        let trusted = root.join("trusted.pem");
        std::fs::copy(test_ca().ca_pem(), &trusted)?;
        let config = root.join("squid.conf");
        let path = |name: &str| root.join(name).display().to_string();
        std::fs::write(
            &config,
            format!(
                "http_port 127.0.0.1:{port} ssl-bump tls-cert={ca} tls-key={key} generate-host-certificates=on \
                 dynamic_cert_mem_cache_size=4MB\n\
                 sslcrtd_program {CERTGEN} -s {db} -M 4MB\n\
                 sslcrtd_children 2 startup=1 idle=1\n\
                 acl step1 at_step SslBump1\n\
                 acl step2 at_step SslBump2\n\
                 ssl_bump peek step1\n\
                 ssl_bump stare step2\n\
                 ssl_bump bump all\n\
                 on_unsupported_protocol tunnel all\n\
                 tls_outgoing_options cafile={trusted}\n\
                 http_access allow all\n\
                 cache deny all\n\
                 cache_mem 8 MB\n\
                 pinger_enable off\n\
                 pid_filename {pid}\n\
                 cache_log {cache_log}\n\
                 access_log stdio:{access_log}\n\
                 coredump_dir {root}\n\
                 shutdown_lifetime 0 seconds\n",
                ca = ca_pem.display(),
                key = ca_key.display(),
                db = ssl_db.display(),
                trusted = trusted.display(),
                pid = path("squid.pid"),
                cache_log = path("cache.log"),
                access_log = path("access.log"),
                root = root.display(),
            ),
        )?;
        // Started as root, Squid works as the `proxy` user: let it read and write here.
        if let Some(user) = Self::squid_user() {
            Command::new("chown").arg("-R").arg(&user).arg(root).status()?;
        }
        let child = Command::new(find_program("squid")?)
            .arg("-N")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let proxy = InspectingProxy { port, ca_pem, child, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("squid did not start listening on port {port}: {}", proxy.cache_log());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(proxy)
    }

    /// `proxy:proxy` when this runs as root (Squid then drops to that user).
    fn squid_user() -> Option<String> {
        let uid = Command::new("id").arg("-u").output().ok()?;
        (String::from_utf8_lossy(&uid.stdout).trim() == "0").then(|| "proxy:proxy".to_string())
    }

    /// What Squid did, one line per request (`CONNECT localhost:8443`, then the
    /// decrypted `GET https://…` when it bumped the tunnel).
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default()
    }

    fn cache_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("cache.log")).unwrap_or_default()
    }
}

impl Drop for InspectingProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Its certificate helpers leave with it; a leftover would hold the folder.
        let _ = Command::new("pkill").arg("-f").arg(self.dir.path().join("ssl_db")).status();
    }
}
