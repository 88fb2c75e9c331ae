//! Builds `frontend/dist`: the agent's app (`/`, `/t/`, `/embed/t/`) and support's
//! app (`/support/`), two builds of the `frontend` crate.
//!
//! Support's app is a plain Trunk build. The agent's app is split in two wasm files
//! at the split points of `frontend/src/run.rs`: what the page shows before Start,
//! loaded with it, and the probes, the verdict rules and the result's view, which
//! the page fetches next, while it loads its session. Trunk cannot split (it runs wasm-bindgen on the linked
//! file), so for the agent's app Trunk only hashes the stylesheet and the icon into
//! `frontend/dist/index.html` (its template, `frontend/agent/index.html`, sits in a
//! folder without a `Cargo.toml`, so Trunk builds no wasm for it), and this module
//! builds the wasm:
//!
//! 1. `cargo rustc --features split`, the linker keeping its relocations (only for
//!    this crate's link: its dependencies stay shared with support's build, and
//!    wasm-opt could not read support's wasm with them);
//! 2. `wasm-split-cli` cuts it into the main module, one module per split point and
//!    `__wasm_split.js`, which fetches and links those on the first call;
//! 3. `wasm-bindgen --target web` on the main module (keeping the linker's exports
//!    the split modules import), then `wasm-opt -Oz` on every module;
//! 4. all of it goes into `frontend/dist/pkg-<hash>/` (the server caches assets as
//!    immutable, and these files keep their names inside the folder), and the page
//!    gets the loader.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};

use crate::{cargo, run, workspace_root};

const CRATE_NAME: &str = "callready-frontend";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
/// Where the loader goes in `frontend/agent/index.html` (Trunk leaves comments in place).
const LOADER_MARK: &str = "<!-- the agent's wasm loader: cargo xtask build-frontend -->";

pub fn build() -> anyhow::Result<()> {
    let started = Instant::now();
    let root = workspace_root();
    // Trunk empties frontend/dist first, so the agent's page goes first.
    run(Command::new("trunk").args(["build", "--release=true", "--offline=true"]))?;
    let pkg = agent_wasm(&root)?;
    run(Command::new("trunk").args([
        "build",
        "--release=true",
        "--offline=true",
        "--dist",
        "frontend/dist/support",
        "--public-url",
        "/support/",
        "frontend/support.html",
    ]))?;
    for dir in [pkg, root.join("frontend/dist/support")] {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "wasm") {
                eprintln!(
                    "xtask: frontend built in {:.0?}: {} is {} KiB",
                    started.elapsed(),
                    path.display(),
                    std::fs::metadata(&path)?.len() / 1024
                );
            }
        }
    }
    Ok(())
}

/// Cargo's target folder, as cargo itself resolves it (`CARGO_TARGET_DIR`,
/// `CARGO_BUILD_TARGET_DIR`, `build.target-dir`): reading a stale wasm from another
/// folder would ship it without a word.
fn target_dir() -> anyhow::Result<PathBuf> {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(workspace_root())
        .output()
        .context("cargo metadata")?;
    let json = String::from_utf8_lossy(&out.stdout);
    let key = "\"target_directory\":\"";
    let start = json.find(key).context("cargo metadata names no target_directory")? + key.len();
    let end = json[start..].find('"').context("cargo metadata: unterminated target_directory")? + start;
    Ok(PathBuf::from(json[start..end].replace("\\\\", "\\")))
}

/// Builds, splits, binds and optimises the agent's wasm into `frontend/dist/pkg-<hash>`
/// and puts its loader into `frontend/dist/index.html`; answers the folder.
fn agent_wasm(root: &Path) -> anyhow::Result<PathBuf> {
    run(cargo().args([
        "rustc",
        "--package",
        CRATE_NAME,
        "--bin",
        CRATE_NAME,
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
        "--features",
        "split",
        "--",
        "-Clink-arg=--emit-relocs",
    ]))?;
    let target = target_dir()?;
    let linked = target.join(WASM_TARGET).join(PROFILE).join(format!("{CRATE_NAME}.wasm"));
    let work = target.join("agent-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    run(Command::new("wasm-split-cli").arg(&linked).arg(&work).args(["--out-name", CRATE_NAME]))?;
    let bound = work.join("bound");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript", "--out-dir"])
        .arg(&bound)
        .arg(work.join(format!("{CRATE_NAME}.wasm"))))?;

    // Every file of the folder, optimised, with its name in the folder.
    let ready = work.join("ready");
    std::fs::create_dir_all(&ready)?;
    let mut names = Vec::new();
    let mut place = |from: PathBuf, name: String| -> anyhow::Result<()> {
        if name.ends_with(".wasm") {
            run(Command::new("wasm-opt").arg("-Oz").arg(&from).arg("-o").arg(ready.join(&name)))?;
        } else {
            std::fs::copy(&from, ready.join(&name)).with_context(|| format!("copy {}", from.display()))?;
        }
        names.push(name);
        Ok(())
    };
    place(bound.join(format!("{CRATE_NAME}.js")), format!("{CRATE_NAME}.js"))?;
    place(bound.join(format!("{CRATE_NAME}_bg.wasm")), format!("{CRATE_NAME}_bg.wasm"))?;
    place(work.join("__wasm_split.js"), "__wasm_split.js".into())?;
    // Every module the splitter wrote beside the main one: `split_<name>.wasm` per
    // split point, `chunk_<n>.wasm` for code two split points share.
    let mut chunks: Vec<String> = std::fs::read_dir(&work)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".wasm") && *name != format!("{CRATE_NAME}.wasm"))
        .collect();
    chunks.sort();
    if !chunks.iter().any(|name| name.starts_with("split_")) {
        bail!("wasm-split-cli made no split module: are the split points built (feature `split`)?");
    }
    for chunk in chunks {
        place(work.join(&chunk), chunk)?;
    }
    names.sort();

    let mut hash = Fnv::new();
    for name in &names {
        hash.add(name.as_bytes());
        hash.add(&std::fs::read(ready.join(name))?);
    }
    let folder = format!("pkg-{:016x}", hash.0);
    let dist = root.join("frontend/dist");
    let pkg = dist.join(&folder);
    std::fs::create_dir_all(&pkg)?;
    for name in &names {
        std::fs::copy(ready.join(name), pkg.join(name))?;
    }

    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).context("read frontend/dist/index.html (Trunk's)")?;
    if !index.contains(LOADER_MARK) {
        bail!("frontend/agent/index.html lacks the loader's place: {LOADER_MARK}");
    }
    std::fs::write(&index_path, index.replace(LOADER_MARK, &loader(&folder)))?;
    Ok(pkg)
}

/// The page's loader: the main module and what it imports are fetched at once; the
/// split modules only when `__wasm_split.js` is asked for them.
fn loader(folder: &str) -> String {
    let js = format!("/{folder}/{CRATE_NAME}.js");
    let wasm = format!("/{folder}/{CRATE_NAME}_bg.wasm");
    let mut html = String::new();
    let _ = write!(html, "<link rel=\"modulepreload\" href=\"{js}\">");
    let _ = write!(html, "<link rel=\"modulepreload\" href=\"/{folder}/__wasm_split.js\">");
    let _ = write!(html, "<link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>");
    let _ = write!(
        html,
        "<script type=\"module\">import init from \"{js}\";\ninit({{ module_or_path: \"{wasm}\" }});</script>"
    );
    html
}

/// FNV-1a, 64 bits: names the folder after its files' contents.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
