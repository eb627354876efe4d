//! How the `kt` binary is linked (build.rs): the packed relocations that keep an idle
//! `kt zookeeper-start` within issue 16's 8 MiB are there wherever glibc can read them.

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
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn the_binary_packs_its_relocations_where_glibc_reads_them() {
    if option_env!("KT_NO_RELR").is_some() {
        return; // built without them on purpose
    }
    let Some(version) = glibc_version() else {
        eprintln!("skipped: getconf does not name a glibc");
        return;
    };
    let Ok(out) = Command::new("readelf")
        .args(["--dynamic", env!("CARGO_BIN_EXE_kt")])
        .output()
    else {
        eprintln!("skipped: no readelf (binutils)");
        return;
    };
    let dynamic = String::from_utf8_lossy(&out.stdout);
    let packed = dynamic.contains("(RELR)");
    if version >= (2, 36) {
        assert!(
            packed,
            "glibc {version:?} reads DT_RELR, but kt has none:\n{dynamic}"
        );
        // What was packed is gone from the plain table: a few hundred entries at most are left
        // (the ones that are not relative: symbols of the C library).
        let left: usize = dynamic
            .lines()
            .find(|l| l.contains("(RELASZ)"))
            .and_then(|l| l.split_whitespace().nth(2)?.parse().ok())
            .expect("a RELASZ entry");
        assert!(left < 64 * 1024, "{left} bytes of RELA relocations left");
    } else {
        assert!(
            !packed,
            "glibc {version:?} cannot run a binary with DT_RELR"
        );
    }
}
