//! Starting the real binary on a port that is taken: one line on stderr naming the
//! flag and the address, exit status 1, no panic and no backtrace.

use std::process::Command;

fn start_with(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let any = "127.0.0.1:0";
    let output = Command::new(env!("CARGO_BIN_EXE_callready"))
        .args(["--db", db.to_str().unwrap(), "--rtc-udp", any, "--turn-tcp", any, "--turn-tls", any])
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
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
fn a_taken_turn_port_names_its_flag() {
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = start_with(&["--listen", "127.0.0.1:0", "--turn-udp", &addr]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&format!("callready: --turn-udp {addr}: cannot listen there")), "{stderr}");
}
