//! A PostgreSQL server of the tests' own: Debian's `postgresql` package (installed
//! when missing), a cluster in a temporary directory owned by the `postgres` user,
//! listening on a Unix socket in that directory only (no TCP port), removed when
//! dropped. The tests create one database each on it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// The environment variable naming the server for the tests that need one (the
/// two-node lab); the PostgreSQL pass sets `CALLREADY_TEST_POSTGRES` as well, which
/// moves every test's storage onto it.
pub const SERVER_VAR: &str = "CALLREADY_TEST_PG_SERVER";

pub struct TestPostgres {
    dir: PathBuf,
    server: Child,
    /// `postgres://postgres@localhost/callready?host=<dir>`.
    pub url: String,
}

/// Where Debian puts the newest installed server's programs.
fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found
        .sort_by_key(|bin| bin.parent().and_then(|v| v.file_name()?.to_str()?.parse::<u32>().ok()).unwrap_or_default());
    found.pop()
}

/// Runs `program` as the `postgres` user (the server refuses to run as root).
/// `setpriv` execs it in place, so the child's id is the program's own and a signal
/// sent to it reaches the server (`runuser` would stand between them).
fn as_postgres(program: &Path) -> Command {
    let mut command = Command::new("setpriv");
    command.args(["--reuid=postgres", "--regid=postgres", "--init-groups", "--"]).arg(program);
    command
}

impl TestPostgres {
    /// Installs PostgreSQL when missing, then starts a fresh cluster. `durable`:
    /// fsync on, as in production (benchmarks); off for tests, which lose nothing by it.
    pub fn start(durable: bool) -> anyhow::Result<TestPostgres> {
        if bin_dir().is_none() {
            crate::tools::apt_install(&["postgresql"])?;
        }
        let bin = bin_dir().context("PostgreSQL is not installed under /usr/lib/postgresql")?;
        let dir = std::env::temp_dir().join(format!("callready-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        crate::run(Command::new("chown").args(["postgres:postgres"]).arg(&dir))?;
        let data = dir.join("data");
        let mut initdb = as_postgres(&bin.join("initdb"));
        initdb.args(["--auth=trust", "--username=postgres", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"]);
        initdb.arg("-D").arg(&data).stdout(Stdio::null());
        crate::run(&mut initdb)?;
        let mut server = as_postgres(&bin.join("postgres"));
        server.arg("-D").arg(&data).arg("-k").arg(&dir);
        server.args(["-c", "listen_addresses=", "-c", "max_connections=400", "-c", "shared_buffers=64MB"]);
        // Each test makes a database (~8 MB, written to the log too): a small log,
        // recycled at each checkpoint, keeps the cluster near the databases' own size.
        server.args(["-c", "max_wal_size=96MB", "-c", "min_wal_size=32MB"]);
        if !durable {
            server.args(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        let log = std::fs::File::create(dir.join("server.log"))?;
        server.stdout(Stdio::null()).stderr(log);
        let server = server.spawn().context("starting postgres")?;
        let url = format!("postgres://postgres@localhost/callready?host={}", dir.display());
        let running = TestPostgres { dir, server, url };
        running.wait_ready(&bin)?;
        eprintln!("xtask: PostgreSQL for the tests on {}", running.url);
        Ok(running)
    }

    fn wait_ready(&self, bin: &Path) -> anyhow::Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            let ready = Command::new(bin.join("pg_isready"))
                .arg("-h")
                .arg(&self.dir)
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        bail!("PostgreSQL did not start in 60 s:\n{log}")
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        // SIGINT: the fast shutdown (no waiting for clients), then the cluster goes.
        let _ = Command::new("kill").args(["-INT", &self.server.id().to_string()]).status();
        let _ = self.server.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
