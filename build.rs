//! Links the `kt` binary with packed relative relocations (`-z pack-relative-relocs`, DT_RELR)
//! where the C library it runs on supports them.
//!
//! Why: kt is position-independent (ASLR for its own code, which a network-facing broker
//! keeps), and a PIE carries ~65,000 relative relocations. As plain RELA entries they are
//! 1.5 MB the loader reads at every start and keeps resident: about 2 MiB of a ZooKeeper
//! server's 10 MiB idle RSS (issue 16's goal is 8). DT_RELR encodes the same relocations in
//! ~20 KB. glibc reads it from 2.36 on; an older one refuses to run such a binary
//! ("version `GLIBC_ABI_DT_RELR' not found"), so the flag is given only when a probe built
//! here finds glibc 2.36 or later. The glibc is checked rather than the probe's own link:
//! a linker that does not know the flag (GNU ld before 2.38) only warns, while rustc's own
//! (LLD) knows it. Cross builds (musl, another target) are left as they are.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    println!("cargo:rerun-if-env-changed=KT_NO_RELR");
    let target = env::var("TARGET").unwrap_or_default();
    let host = env::var("HOST").unwrap_or_default();
    // A linker of its own (`linker =` in a cargo config) may link against another C library
    // than the probe's: left alone, as cross builds are.
    if target != host
        || !target.ends_with("-linux-gnu")
        || env::var_os("KT_NO_RELR").is_some()
        || env::var_os("RUSTC_LINKER").is_some()
    {
        return;
    }
    if probe_runs() {
        println!("cargo:rustc-link-arg-bin=kt=-Wl,-z,pack-relative-relocs");
        // For tests/it/binary_layout.rs: the binary must then carry DT_RELR.
        println!("cargo:rustc-env=KT_RELR=1");
    } else {
        println!(
            "cargo:warning=kt is linked without packed relocations (this C library or linker \
             cannot run them): ~2 MiB more resident memory, nothing else changes"
        );
    }
}

/// True if a C program linked with `-z pack-relative-relocs` links, runs, and finds glibc
/// 2.36 or later.
fn probe_runs() -> bool {
    let Some(out) = env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let source = out.join("relr_probe.c");
    let binary = out.join("relr_probe");
    if std::fs::write(&source, PROBE).is_err() {
        return false;
    }
    let cc = env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let linked = Command::new(cc)
        .args(["-fPIE", "-pie", "-Wl,-z,pack-relative-relocs", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .is_ok_and(|o| o.status.success());
    linked && Command::new(&binary).status().is_ok_and(|s| s.success())
}

/// Exits 0 on glibc 2.36 or later, the first to read DT_RELR.
const PROBE: &str = r#"#include <gnu/libc-version.h>
#include <stdio.h>
int main(void) {
    int major = 0, minor = 0;
    if (sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2) return 1;
    return (major > 2 || (major == 2 && minor >= 36)) ? 0 : 1;
}
"#;
