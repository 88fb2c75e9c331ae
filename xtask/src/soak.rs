//! `cargo xtask soak [--minutes N] [--runs M]`: M simulated agents test against the
//! release server for N minutes while an abusive client hammers its limits
//! (`server/examples/soak/`, which prints the figures each minute and judges the
//! outcome). Here: the server started as a child process on loopback, with its
//! limits raised for M agents behind one address, and an API token for its status.
//! `cargo xtask test` runs it for one minute with ten agents.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context};

use crate::bench::{free_port, wait_for, Guard};

pub struct Soak {
    pub minutes: u32,
    pub agents: u32,
}

impl Soak {
    /// `--minutes N --runs M`, each optional.
    pub fn from_args(args: &[String]) -> anyhow::Result<Soak> {
        let mut soak = Soak { minutes: 10, agents: 100 };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let value = args.next().with_context(|| format!("{flag} needs a number"))?;
            let value: u32 = value.parse().with_context(|| format!("{flag} {value}: not a whole number"))?;
            match flag.as_str() {
                "--minutes" => soak.minutes = value,
                "--runs" => soak.agents = value,
                other => bail!("unknown flag {other}: cargo xtask soak [--minutes N] [--runs M]"),
            }
        }
        if soak.minutes == 0 || soak.agents == 0 {
            bail!("--minutes and --runs must be at least 1");
        }
        Ok(soak)
    }

    /// The limit flags the server runs with; the soak client gets the same, to hold
    /// the abusive client to them. Every agent comes from 127.0.0.1, so what agents
    /// use is raised for all of them, about twice over; the abusive client, from
    /// 127.0.0.2, must still go past each limit by hammering.
    fn limits(&self) -> Vec<(&'static str, u32)> {
        let m = self.agents;
        vec![
            // One session per agent, and the warm-up test's.
            ("--sessions-per-minute", 2 * m + 10),
            // An agent tests every 10 s at most: six configurations and run saves a minute.
            ("--runs-per-minute", 20 * m),
            ("--configs-per-minute", 20 * m),
            // Agents never log in nor ask whoami: the defaults.
            ("--logins-per-minute", 30),
            ("--reads-per-minute", 300),
            // An agent has one transfer open at a time, and moves 3 MB a test.
            ("--transfers-per-address", m + 8),
            ("--transfer-mib-per-minute", 40 * m + 256),
            ("--transfer-gib-per-hour", 2 * m + 64),
            // An agent has one WebSocket open at a time; a closed one's place comes
            // back when the server has seen it close.
            ("--websockets-per-address", 2 * m + 16),
            ("--max-websockets", 4 * m + 256),
        ]
    }
}

pub fn run(server_binary: &Path, soak_binary: &Path, soak: &Soak) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("soak.db");
    let token = Command::new(server_binary)
        .arg("--db")
        .arg(&db)
        .args(["token", "add", "soak-status"])
        .stderr(Stdio::null())
        .output()
        .context("callready token add")?;
    if !token.status.success() {
        bail!("callready token add failed with {}", token.status);
    }
    let token = String::from_utf8(token.stdout)?.trim().to_string();
    let limits: Vec<String> =
        soak.limits().iter().flat_map(|(flag, value)| [flag.to_string(), value.to_string()]).collect();
    let http_port = free_port()?;
    let turn = format!("127.0.0.1:{}", free_port()?);
    let log_path = dir.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let server = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(&db)
            .arg("--secret-file")
            .arg(dir.join("anonymisation.key"))
            .args(["--open-sessions", "--media-seconds", "3"])
            .args(["--rtc-udp", "127.0.0.1:0", "--rtc-max-peers", &(soak.agents + 50).to_string()])
            .args(["--turn-udp", &turn, "--turn-tcp", &turn, "--turn-tls", "127.0.0.1:0"])
            .args(["--turn-public-ip", "127.0.0.1", "--turn-relay-ip", "127.0.0.1"])
            .args(["--nat-probe-udp", "127.0.0.1:0,127.0.0.1:0", "--profile-ports", "none"])
            .args(&limits)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("the callready server")?,
    );
    wait_for(http_port)?;
    let status = Command::new(soak_binary)
        .args(["--url", &format!("http://127.0.0.1:{http_port}"), "--pid", &server.0.id().to_string()])
        .args(["--status-token", &token, "--agents", &soak.agents.to_string(), "--minutes", &soak.minutes.to_string()])
        .args(&limits)
        .status()
        .context("the soak example")?;
    drop(server);
    if !status.success() {
        bail!("the soak failed (the server's log: {})", log_path.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Soak;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn soak_flags_are_read_with_defaults_and_checked() {
        let soak = Soak::from_args(&args(&["--runs", "500", "--minutes", "10"])).unwrap();
        assert_eq!((soak.minutes, soak.agents), (10, 500));
        let default = Soak::from_args(&[]).unwrap();
        assert_eq!((default.minutes, default.agents), (10, 100));
        for wrong in [&["--runs"][..], &["--runs", "many"], &["--agents", "5"], &["--minutes", "0"]] {
            assert!(Soak::from_args(&args(wrong)).is_err(), "{wrong:?}");
        }
    }
}
