//! How the `kt` binary is linked (build.rs): the packed relocations that keep an idle
//! `kt zookeeper-start` within issue 16's 8 MiB are there whenever build.rs asked for them.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::process::Command;

/// glibc's version as (major, minor), from `getconf GNU_LIBC_VERSION` ("glibc 2.36").
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (major, minor) = text.trim().strip_prefix("glibc ")?.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[test]
fn the_binary_packs_its_relocations_when_build_rs_asked_for_them() {
    let Ok(out) = Command::new("readelf")
        .args(["--dynamic", env!("CARGO_BIN_EXE_kt")])
        .output()
    else {
        eprintln!("skipped: no readelf (binutils)");
        return;
    };
    let dynamic = String::from_utf8_lossy(&out.stdout);
    let packed = dynamic.contains("(RELR)");
    // Set by build.rs when its probe found a glibc that reads DT_RELR (2.36 or later).
    if option_env!("KT_RELR").is_none() {
        assert!(!packed, "build.rs did not ask for DT_RELR, yet kt has it");
        if glibc_version().is_some_and(|v| v >= (2, 36)) && option_env!("KT_NO_RELR").is_none() {
            eprintln!("note: glibc reads DT_RELR here, but build.rs's probe did not run (see its cargo warning)");
        }
        return;
    }
    assert!(
        packed,
        "build.rs asked for DT_RELR, but kt has none:\n{dynamic}"
    );
    // What was packed is gone from the plain table: a few hundred entries at most are left
    // (the ones that are not relative: symbols of the C library).
    let left: usize = dynamic
        .lines()
        .find(|l| l.contains("(RELASZ)"))
        .and_then(|l| l.split_whitespace().nth(2)?.parse().ok())
        .expect("a RELASZ entry");
    assert!(left < 64 * 1024, "{left} bytes of RELA relocations left");
}
