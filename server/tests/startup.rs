//! Starting the real binary on a port that is taken: one line on stderr naming the
//! flag and the address, exit status 1, no panic and no backtrace.

use std::process::Command;

fn start_with(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let any = "127.0.0.1:0";
    let mut command = Command::new(env!("CARGO_BIN_EXE_callready"));
    command.args(["--db", db.to_str().unwrap(), "--rtc-udp", any, "--turn-tcp", any, "--turn-tls", any]);
    command.args(["--profile-ports", "none"]);
    // A repeated flag adds to the first: only when the test sets none.
    if !args.contains(&"--nat-probe-udp") {
        command.args(["--nat-probe-udp", "127.0.0.1:0,127.0.0.1:0"]);
    }
    let output = command.args(args).env("RUST_BACKTRACE", "1").output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_taken_http_port_is_one_line_naming_the_flag() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_with(&["--listen", &addr, "--turn-udp", "127.0.0.1:0"]);
    assert_eq!(code, Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("callready:")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with(&format!("callready: --listen {addr}: cannot listen there")), "{stderr}");
    assert!(lines[0].contains("already uses it"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn a_taken_nat_probe_port_names_its_flag() {
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_with(&[
        "--listen",
        "127.0.0.1:0",
        "--turn-udp",
        "127.0.0.1:0",
        "--nat-probe-udp",
        &format!("127.0.0.1:0,{addr}"),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("callready: --nat-probe-udp {addr}: cannot listen there")), "{stderr}");
}

#[test]
fn a_taken_tls_inspection_port_names_its_flag() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_with(&["--listen", "127.0.0.1:0", "--turn-udp", "127.0.0.1:0", "--tls-listen", &addr]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("callready: --tls-listen {addr}: cannot listen there")), "{stderr}");
}

#[test]
fn one_nat_probe_address_is_refused_with_the_reason() {
    let (code, stderr) =
        start_with(&["--listen", "127.0.0.1:0", "--turn-udp", "127.0.0.1:0", "--nat-probe-udp", "127.0.0.1:0"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("--nat-probe-udp takes two addresses (or none"), "{stderr}");
}

#[test]
fn a_taken_turn_port_names_its_flag() {
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_with(&["--listen", "127.0.0.1:0", "--turn-udp", &addr]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("callready: --turn-udp {addr}: cannot listen there")), "{stderr}");
}

#[test]
fn an_invalid_profile_stops_the_server_with_its_line_and_field() {
    let profiles = tempfile::tempdir().unwrap();
    std::fs::write(
        profiles.path().join("bad.toml"),
        "id = \"bad\"\nname = \"B\"\ndescription = \"d\"\n[[tcp_ports]]\nport = 70000\npurpose = \"x\"\n",
    )
    .unwrap();
    let (code, stderr) = start_with(&[
        "--listen",
        "127.0.0.1:0",
        "--turn-udp",
        "127.0.0.1:0",
        "--profiles",
        profiles.path().to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("bad.toml:5: tcp_ports[0].port: port 70000 is not between 1 and 65535"), "{stderr}");
}

#[test]
fn profile_check_prints_every_error_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "id = \"p\"\nname = \"P\"\ndescription = \"d\"\nlatency = 3\n").unwrap();
    let check = |file: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_callready")).args(["profile", "check"]).arg(file).output().unwrap()
    };
    let bad = check(&file);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("p.toml:4: unknown field `latency`"), "{stderr}");
    std::fs::write(&file, "id = \"p\"\nname = \"P\"\ndescription = \"d\"\ncodec = \"opus\"\n").unwrap();
    let good = check(&file);
    assert_eq!(good.status.code(), Some(0), "{}", String::from_utf8_lossy(&good.stderr));
    assert!(String::from_utf8_lossy(&good.stdout).contains("profile \"p\" (P) is valid"));
}

/// A key older versions kept beside the database moves to the configuration
/// directory, unchanged: the ids of stored runs stay comparable, and a copy of the
/// database's folder no longer carries the key.
#[test]
fn the_anonymisation_key_moves_away_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let old_key = dir.path().join("callready.db.secret");
    let key = "ab".repeat(32);
    std::fs::write(&old_key, &key).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&old_key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let config_home = dir.path().join("config");
    // The HTTP port is taken: the server stops once the key is read, before serving.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let any = "127.0.0.1:0";
    let output = Command::new(env!("CARGO_BIN_EXE_callready"))
        .args(["--db", db.to_str().unwrap(), "--listen", &taken.local_addr().unwrap().to_string()])
        .args(["--rtc-udp", any, "--turn-udp", any, "--turn-tcp", any, "--turn-tls", any])
        .args(["--profile-ports", "none", "--nat-probe-udp", "127.0.0.1:0,127.0.0.1:0"])
        .env("XDG_CONFIG_HOME", &config_home)
        .env_remove("CALLREADY_SECRET_FILE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--listen"), "it got as far as the port: {stderr}");
    assert!(!old_key.exists(), "no key beside the database");
    let moved = config_home.join("callready").join("anonymisation.key");
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), key, "the same key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&moved).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
