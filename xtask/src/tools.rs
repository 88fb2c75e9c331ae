//! Installs what a fresh Debian 12 machine lacks, skipping what is present at the
//! right version: apt packages, the wasm32 target, Trunk, wasm-bindgen-cli,
//! wasm-split-cli (crate `wasm_split_cli_support`), geckodriver (crates.io) and wasm-opt (npm `binaryen`; Debian's v108 breaks the
//! wasm). Versions are the ones known to work offline (README, "The two commands").

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
/// Splits the agent's wasm at its split points (the crate `leptos` uses for `#[lazy]`).
const WASM_SPLIT_VERSION: &str = "0.2.4";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/root"))
}

/// Folder for npm-installed tools, shared by every clone on this machine.
fn tools_dir() -> PathBuf {
    home().join(".cache/callready/tools")
}

/// PATH with the npm tools and cargo's bin folder first.
pub fn search_path() -> std::ffi::OsString {
    let mut dirs = vec![tools_dir().join("node_modules/.bin"), home().join(".cargo/bin")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries are valid")
}

/// Output of `program args…`, or `None` when it cannot run.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).env("PATH", search_path()).output().ok()?;
    out.status
        .success()
        .then(|| format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn apt_missing(packages: &[&str]) -> Vec<String> {
    packages
        .iter()
        .filter(|p| {
            !output_of("dpkg-query", &["-W", "-f=${Status}", p]).is_some_and(|s| s.contains("install ok installed"))
        })
        .map(|p| p.to_string())
        .collect()
}

pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let missing = apt_missing(packages);
    if missing.is_empty() {
        return Ok(());
    }
    let as_root = output_of("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    let apt = |args: &[&str]| {
        let mut c = if as_root { Command::new("apt-get") } else { Command::new("sudo") };
        if !as_root {
            c.arg("apt-get");
        }
        c.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        c
    };
    crate::run(&mut apt(&["update", "-q"]))?;
    let mut install = apt(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(&missing);
    crate::run(&mut install)
}

fn cargo_install(krate: &str, version: Option<&str>, locked: bool) -> anyhow::Result<()> {
    let mut c = Command::new("cargo");
    c.args(["install", krate]);
    if let Some(v) = version {
        c.args(["--version", v]);
    }
    if locked {
        c.arg("--locked");
    }
    crate::run(&mut c)
}

/// The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(crate::workspace_root().join("Cargo.lock")).context("read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

pub fn ensure_frontend_tools() -> anyhow::Result<()> {
    let installed_targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !installed_targets.lines().any(|l| l.trim() == WASM_TARGET) {
        crate::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    if !output_of("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK_VERSION)) {
        // Trunk 0.22 needs a newer rustc than this machine's.
        cargo_install("trunk", Some(TRUNK_VERSION), true)?;
    }
    let bindgen = locked_wasm_bindgen_version()?;
    if !output_of("wasm-bindgen", &["--version"]).is_some_and(|v| v.split_whitespace().any(|w| w == bindgen)) {
        // Not --locked: its lockfile pins a webpki-roots release the registry lacks.
        cargo_install("wasm-bindgen-cli", Some(&bindgen), false)?;
    }
    let split_line = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    if !output_of("cargo", &["install", "--list"]).is_some_and(|list| list.lines().any(|l| l.starts_with(&split_line)))
    {
        crate::run(Command::new("cargo").args([
            "install",
            "wasm_split_cli_support",
            "--version",
            WASM_SPLIT_VERSION,
            "--locked",
            "--features",
            "build-binary",
        ]))?;
    }
    let wasm_opt = tools_dir().join("node_modules/.bin/wasm-opt");
    let wasm_opt_ok = output_of(wasm_opt.to_str().unwrap_or_default(), &["--version"])
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")));
    if !wasm_opt_ok {
        if output_of("npm", &["--version"]).is_none() {
            apt_install(&["nodejs", "npm"])?;
        }
        std::fs::create_dir_all(tools_dir())?;
        let package_json = tools_dir().join("package.json");
        if !package_json.exists() {
            std::fs::write(&package_json, "{\"private\": true}\n")?;
        }
        crate::run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(tools_dir())
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
        )?;
    }
    Ok(())
}

pub fn ensure_browsers() -> anyhow::Result<()> {
    apt_install(&[
        "chromium",
        "chromium-driver",
        "firefox-esr",
        "tinyproxy",
        "coturn",
        "nftables",
        "iproute2",
        "libnss3-tools",
        // A real TLS-inspecting proxy (SSL-Bump) for the TLS inspection test.
        "squid-openssl",
        // pdftotext reads the PDF report in the API tests.
        "poppler-utils",
        "curl",
    ])?;
    if output_of("geckodriver", &["--version"]).is_none() {
        cargo_install("geckodriver", None, true)?;
    }
    Ok(())
}

/// cargo-nextest runs the tests; machines of this kind ship it, others get it here.
pub fn ensure_nextest() -> anyhow::Result<()> {
    if output_of("cargo", &["nextest", "--version"]).is_none() {
        cargo_install("cargo-nextest", None, true)?;
    }
    Ok(())
}
