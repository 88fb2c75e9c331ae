//! `cargo xtask <command>`: the project's two set-up commands and their helpers.
//!
//! - `run`: installs what the frontend build needs, builds it (see `frontend`), and
//!   serves CallReady on http://localhost:8080 (SQLite, release build).
//! - `test`: installs browsers, drivers and frontend tools when missing, builds
//!   the frontend, checks formatting and runs every test (unit, API, e2e).
//! - `bench`: prints benchmark figures (TURN relay: ours vs coturn; echo-peer capacity).
//! - `soak`: simulated agents against the release server for minutes while an abusive
//!   client hammers its limits (see `soak`); `test` runs a one-minute soak last, on
//!   the debug build.
//! - `screenshots`: takes docs/agent-page.png and docs/report.png with headless Chromium.
//! - `build-frontend`: only builds `frontend/dist`.
//!
//! Every tool comes from crates.io, Debian, or npm (README, "The two commands");
//! anything already present at the right version is skipped.

mod bench;
mod frontend;
mod postgres;
mod soak;
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};

/// The checkout this command was run in: the nearest folder up from the current one
/// holding `Trunk.toml` (not the compile-time path, which a shared target dir may
/// have baked in from another clone).
fn workspace_root() -> PathBuf {
    let start = std::env::current_dir().expect("current directory");
    start
        .ancestors()
        .find(|dir| dir.join("Trunk.toml").is_file() && dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
        })
}

/// Runs a command in the workspace root, failing with its name when it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    command.current_dir(workspace_root());
    command.env("PATH", tools::search_path());
    let shown = format!("{command:?}");
    eprintln!("xtask: {shown}");
    let status = command.status().with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// The variable that moves every test's storage onto PostgreSQL (the server's
/// `config::TEST_POSTGRES`).
fn callready_postgres_var() -> &'static str {
    "CALLREADY_TEST_POSTGRES"
}

/// `command` changed by `change`, in a chain of builder calls.
trait Tap {
    fn tap(&mut self, change: impl FnOnce(&mut Self)) -> &mut Self;
}

impl Tap for Command {
    fn tap(&mut self, change: impl FnOnce(&mut Self)) -> &mut Self {
        change(self);
        self
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn build_frontend() -> anyhow::Result<()> {
    frontend::build()
}

/// Tests whose figures the machine's load would bend; they run alone, last.
const SERIAL_TESTS: &str =
    "binary(lab) or binary(lab_regions) or test(=linkemu::tests::delays_ping_between_two_namespaces)";

/// What runs a second time with every test's storage on PostgreSQL: the server's
/// tests but those that run the binary on a SQLite file of their own (kill -9
/// durability, start-up checks of the file, SQLite's size bound), and the browser
/// tests that store and read runs and sessions.
const POSTGRES_TESTS: &str = "(package(callready-server) and not binary(durability) and not binary(database_startup) \
     and not binary(storage_bounds)) or (package(callready-e2e) and (binary(agent_flow) or binary(console) \
     or binary(save_retry)))";

/// Network namespaces and root-side links the e2e harness names (`e2e/src/netns.rs`,
/// `e2e/src/lab.rs`, `e2e/src/linkemu.rs`). A test killed by the hang detector runs
/// no destructor: what it built would otherwise stay, with its browser still running.
const TEST_NAMESPACE_PREFIXES: [&str; 4] = ["crb-", "crs-", "crle-a-", "crle-b-"];
const TEST_LINK_PREFIXES: [&str; 2] = ["crh", "crc"];

/// Whether `name` is `prefix` followed by the harness's tag (1–7 hex digits, or a
/// decimal pid), so a bridge named plain `crc` (CodeReady Containers) is never touched.
fn is_harness_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .is_some_and(|tag| (1..=7).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Removes what an earlier, killed test run left behind (root only). Two test runs
/// on one machine at once would remove each other's: CI runs one.
fn sweep_test_networks() {
    let lines = |args: &[&str]| {
        Command::new("ip")
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let quiet = |args: &[&str]| Command::new("ip").args(args).output().map(|o| o.status.success()).unwrap_or(false);
    for ns in lines(&["netns", "list"]).lines().filter_map(|l| l.split_whitespace().next()) {
        if !TEST_NAMESPACE_PREFIXES.iter().any(|p| is_harness_name(ns, p)) {
            continue;
        }
        for pid in lines(&["netns", "pids", ns]).split_whitespace() {
            let _ = Command::new("kill").args(["-KILL", pid]).output();
        }
        if quiet(&["netns", "del", ns]) {
            eprintln!("xtask: removed namespace {ns} left by an earlier test run");
        }
        let _ = std::fs::remove_dir_all(Path::new("/etc/netns").join(ns));
    }
    // `ip -o link` lines read "7: crhab12@if6: <…>".
    for link in lines(&["-o", "link", "show"]).lines().filter_map(|l| l.split(": ").nth(1)) {
        let name = link.split('@').next().unwrap_or_default();
        if TEST_LINK_PREFIXES.iter().any(|p| is_harness_name(name, p)) && quiet(&["link", "del", name]) {
            eprintln!("xtask: removed link {name} left by an earlier test run");
        }
    }
}

fn test() -> anyhow::Result<()> {
    let started = Instant::now();
    tools::ensure_frontend_tools()?;
    tools::ensure_browsers()?;
    tools::ensure_nextest()?;
    build_frontend()?;
    sweep_test_networks();
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--exclude",
        "callready-frontend",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Both builds of the page: the agent's (split at its split points), and support's.
    for features in ["split", "support-pages"] {
        run(cargo().args([
            "clippy",
            "-p",
            "callready-frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ]))?;
    }
    stands_alone()?;
    // The patched crate in vendor/ (not a workspace member) with its own unit tests.
    // Into the workspace's target directory (wherever CARGO_TARGET_DIR puts it),
    // not one of its own inside vendor/.
    let vendored = "vendor/sctp-proto/Cargo.toml";
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    run(cargo().args(["test", "--locked", "--manifest-path", vendored, "--lib", "--target-dir", &target]))?;
    // One PostgreSQL for every pass: the two-node lab shares it, and the second pass
    // below stores everything in it. Removed when the tests end, passed or not.
    let pg = postgres::TestPostgres::start(false)?;
    let nextest = ["nextest", "run", "--workspace", "--exclude", "callready-frontend", "--no-fail-fast"];
    // Without backtraces a failing test's last lines are its assertion's message:
    // CI shows the first and last lines of each failure, and a backtrace (CI sets
    // RUST_BACKTRACE) filled the end of a failed lab scenario's output, hiding which
    // figure was out of bounds. Run nextest directly for backtraces.
    let test_env = |command: &mut Command| {
        command.env(postgres::SERVER_VAR, &pg.url).env("RUST_BACKTRACE", "0");
    };
    run(cargo().args(nextest).args(["-E", &format!("not ({SERIAL_TESTS})")]).tap(test_env))?;
    let before_postgres = started.elapsed();
    run(cargo()
        .args(nextest)
        .args(["-E", &format!("({POSTGRES_TESTS}) and not ({SERIAL_TESTS})")])
        .env(callready_postgres_var(), &pg.url)
        .tap(test_env))?;
    let before_lab = started.elapsed();
    // The truth lab (and the link emulator's own timing test) compare measured figures
    // with imposed ones: one at a time, with nothing else loading the two cores.
    run(cargo().args(nextest).args(["-E", SERIAL_TESTS, "--test-threads", "1"]).tap(test_env))?;
    drop(pg);
    let before_soak = started.elapsed();
    // Correctness under load, never timings: no agent's test fails, the abusive
    // client is held back, memory and descriptors come back.
    soak(&soak::Soak { minutes: 1, agents: 10 }, "dev")?;
    eprintln!(
        "xtask: all tests passed in {:.0?} (PostgreSQL pass {:.0?}, truth lab {:.0?}, soak {:.0?})",
        started.elapsed(),
        before_lab - before_postgres,
        before_soak - before_lab,
        started.elapsed() - before_soak
    );
    Ok(())
}

/// Fails when a tracked file points outside the repository to material users never
/// have (the guide folder beside the project): what users need lives in `docs/`.
fn stands_alone() -> anyhow::Result<()> {
    let outside = [concat!("../", "shared"), concat!("shared", "/guide")];
    let listed = Command::new("git").arg("ls-files").current_dir(workspace_root()).output()?;
    let mut offenders = Vec::new();
    for file in String::from_utf8_lossy(&listed.stdout).lines() {
        let Ok(text) = std::fs::read_to_string(workspace_root().join(file)) else { continue };
        if outside.iter().any(|p| text.contains(p)) {
            offenders.push(file.to_string());
        }
    }
    if !offenders.is_empty() {
        bail!("these files point outside the repository (users do not have it): {}", offenders.join(", "));
    }
    Ok(())
}

fn serve(extra: &[String]) -> anyhow::Result<()> {
    // `cargo xtask run -- --db x` hands us the `--` too: the server's flags follow it.
    let extra = extra.strip_prefix(&["--".to_string()]).unwrap_or(extra);
    tools::ensure_frontend_tools()?;
    build_frontend()?;
    let mut command = cargo();
    command.args(["run", "--release", "-p", "callready-server", "--bin", "callready", "--"]);
    if !extra.iter().any(|a| a.starts_with("--listen")) && std::env::var_os("CALLREADY_LISTEN").is_none() {
        command.args(["--listen", "0.0.0.0:8080"]);
    }
    // A laptop demo: anyone may press "Start a test". Deployments keep it off.
    if !extra.iter().any(|a| a == "--open-sessions") && std::env::var_os("CALLREADY_OPEN_SESSIONS").is_none() {
        command.arg("--open-sessions");
    }
    command.args(extra);
    run(&mut command)
}

fn screenshots() -> anyhow::Result<()> {
    tools::ensure_frontend_tools()?;
    tools::ensure_browsers()?;
    build_frontend()?;
    let docs = workspace_root().join("docs");
    run(cargo().args(["run", "-p", "callready-e2e", "--bin", "screenshots", "--"]).arg(&docs))
}

/// `cargo xtask bench [weight|turn|transfers|echo|saves|regions|rates]`: every figure, or one group.
fn bench(only: Option<&str>) -> anyhow::Result<()> {
    tools::ensure_browsers()?;
    run(cargo().args([
        "build",
        "--release",
        "-p",
        "callready-server",
        "--bin",
        "callready",
        "--example",
        "echo_load",
        "--example",
        "save_load",
    ]))?;
    let target = target_dir();
    let server = target.join("release/callready");
    if only.is_none_or(|o| o == "weight") {
        bench::page_weight(&server)?;
        build_frontend()?;
        bench::time_to_interactive()?;
    }
    if only.is_none_or(|o| o == "turn") {
        bench::turn_relay(&server)?;
    }
    if only.is_none_or(|o| o == "transfers") {
        tools::apt_install(&["nginx-light", "wrk"])?;
        bench::transfers(&server)?;
    }
    if only.is_none_or(|o| o == "echo") {
        bench::echo_peer(&server, &target.join("release/examples/echo_load"))?;
    }
    if only.is_none_or(|o| o == "saves") {
        bench::run_saves(&server, &target.join("release/examples/save_load"))?;
    }
    if only.is_none_or(|o| o == "regions") {
        build_frontend()?;
        bench::region_selection()?;
    }
    if only.is_none_or(|o| o == "rates") {
        build_frontend()?;
        bench::bandwidth_accuracy()?;
    }
    Ok(())
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR`, else the workspace's `target`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// `cargo xtask soak`: the server and the soak client, built with `profile`, then run.
/// The figures an operator reads come from `release`; `test` soaks the `dev` build its
/// tests already compiled, for correctness only: a clean clone's release build of the
/// whole dependency tree took 7 minutes of the test command on two cores.
fn soak(soak: &soak::Soak, profile: &str) -> anyhow::Result<()> {
    run(cargo().args([
        "build",
        "--profile",
        profile,
        "-p",
        "callready-server",
        "--bin",
        "callready",
        "--example",
        "soak",
    ]))?;
    let built = target_dir().join(if profile == "dev" { "debug" } else { profile });
    soak::run(&built.join("callready"), &built.join("examples/soak"), soak)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => serve(&args[1..]),
        Some("test") => test(),
        Some("screenshots") => screenshots(),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        Some("soak") => soak(&soak::Soak::from_args(&args[1..])?, "release"),
        Some("build-frontend") => {
            tools::ensure_frontend_tools()?;
            build_frontend()
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run [server flags…] | test | bench [weight|turn|transfers|echo|saves|regions|rates] | soak [--minutes N] [--runs M] \
                 | screenshots | build-frontend>"
            );
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_harness_name;

    #[test]
    fn sweep_matches_only_the_harness_names() {
        assert!(is_harness_name("crc3fa", "crc"));
        assert!(is_harness_name("crb-1a2b3", "crb-"));
        assert!(is_harness_name("crle-a-123456", "crle-a-"));
        for other in ["crc", "crcbridge", "crc-1", "crc12345678", "eth0"] {
            assert!(!is_harness_name(other, "crc"), "{other}");
        }
    }
}
