//! The checked-in completions/ and man/ must be what the current clap definitions generate;
//! `scripts/gen-docs.sh` rewrites them.

use crate::common;

use std::path::Path;

const HINT: &str = "stale: run scripts/gen-docs.sh and commit the result";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn completions_are_fresh() {
    for (shell, file) in [
        ("bash", "kt.bash"),
        ("zsh", "_kt"),
        ("fish", "kt.fish"),
        ("elvish", "kt.elv"),
        ("powershell", "_kt.ps1"),
    ] {
        let (out, err, code) = common::run_kt(["completions", shell], "");
        assert_eq!(code, 0, "kt completions {shell}: {err}");
        let checked_in = std::fs::read_to_string(root().join("completions").join(file))
            .unwrap_or_else(|e| panic!("completions/{file}: {e}; {HINT}"));
        assert!(out == checked_in, "completions/{file} is {HINT}");
    }
}

#[test]
fn man_pages_are_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = common::run_kt(["man".as_ref(), dir.path().as_os_str()], "");
    assert_eq!(code, 0, "kt man: {err}");
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let generated = names(dir.path());
    assert!(generated.contains(&"kt.1".to_string()));
    assert!(generated.contains(&"kt-topics.1".to_string()));
    assert_eq!(generated, names(&root().join("man")), "man/ is {HINT}");
    for name in generated {
        let fresh = std::fs::read(dir.path().join(&name)).unwrap();
        let checked_in = std::fs::read(root().join("man").join(&name)).unwrap();
        assert!(fresh == checked_in, "man/{name} is {HINT}");
    }
}
