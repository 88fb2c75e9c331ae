//! The frontend is embedded from `frontend/dist` (built by Trunk). Make sure the
//! folder exists so the server compiles before the first frontend build; the page
//! then answers 503 "frontend not built" until `cargo xtask run` builds it.

fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist");
    if !dist.exists() {
        std::fs::create_dir_all(&dist).expect("create frontend/dist");
    }
    println!("cargo:rerun-if-changed=../frontend/dist");
}
