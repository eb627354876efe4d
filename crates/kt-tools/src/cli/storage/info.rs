//! `kt storage info`: what each of a node's directories holds, in StorageTool's layout
//! (`Found log directory:`, `Found metadata: {...}`, `Found problem:`), exit 1 when there
//! is a problem.

use std::fmt::Write as _;
use std::path::PathBuf;

use kt_storage::{MetaProperties, META_PROPERTIES};

use super::InfoArgs;

/// Prints the report and returns the exit code.
pub fn run(args: &InfoArgs) -> anyhow::Result<i32> {
    let config = super::load_config(&args.config)?;
    let kraft_mode = config.kraft.is_some();
    let directories = match &config.kraft {
        Some(kraft) => kt_storage::kraft::node_directories(
            &config.log_dirs,
            &kraft.metadata_dir(&config.log_dirs),
        ),
        None => kt_storage::kraft::node_directories(&config.log_dirs, &config.log_dirs[0]),
    };
    let (text, code) = report(&directories, kraft_mode);
    print!("{text}");
    Ok(code)
}

/// The report for `directories` (sorted, each once) and its exit code.
fn report(directories: &[PathBuf], kraft_mode: bool) -> (String, i32) {
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let mut first: Option<MetaProperties> = None;
    for dir in directories {
        if !dir.is_dir() {
            problems.push(if dir.exists() {
                format!("{} is not a directory", dir.display())
            } else {
                format!("{} does not exist", dir.display())
            });
            continue;
        }
        found.push(dir.display().to_string());
        match MetaProperties::read(dir) {
            Ok(None) => problems.push(format!("{} is not formatted.", dir.display())),
            Ok(Some(meta)) => match &first {
                None => first = Some(meta),
                Some(prev) if prev.cluster_id != meta.cluster_id => {
                    problems.push("Mismatched cluster IDs between storage directories.".into())
                }
                Some(prev) if prev.broker_id != meta.broker_id => {
                    problems.push("Mismatched node IDs between storage directories.".into())
                }
                Some(_) => {}
            },
            Err(e) => problems.push(format!(
                "Error loading {}: {e}",
                dir.join(META_PROPERTIES).display()
            )),
        }
    }
    if let Some(prev) = &first {
        if kraft_mode && !prev.is_kraft() {
            problems.push(
                "The kafka configuration file appears to be for a cluster in KRaft mode, but the \
                 directories are formatted for legacy mode."
                    .into(),
            );
        } else if !kraft_mode && prev.is_kraft() {
            problems.push(
                "The kafka configuration file appears to be for a legacy cluster, but the \
                 directories are formatted for a cluster in KRaft mode."
                    .into(),
            );
        }
    }
    let mut out = String::new();
    if directories.is_empty() {
        out.push_str("No directories specified.\n");
        return (out, 0);
    }
    if !found.is_empty() {
        out.push_str(if found.len() == 1 {
            "Found log directory:\n"
        } else {
            "Found log directories:\n"
        });
        for d in &found {
            let _ = writeln!(out, "  {d}");
        }
        out.push('\n');
    }
    if let Some(prev) = &first {
        let entries: Vec<String> = prev
            .entries()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let _ = writeln!(out, "Found metadata: {{{}}}", entries.join(", "));
        out.push('\n');
    }
    if problems.is_empty() {
        return (out, 0);
    }
    out.push_str(if problems.len() == 1 {
        "Found problem:\n"
    } else {
        "Found problems:\n"
    });
    for p in &problems {
        let _ = writeln!(out, "  {p}");
    }
    out.push('\n');
    (out, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unformatted_and_missing_dirs_are_problems() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        let (text, code) = report(&[a.clone(), b.clone()], true);
        assert_eq!(code, 1);
        assert_eq!(
            text,
            format!(
                "Found log directory:\n  {a}\n\nFound problems:\n  {a} is not formatted.\n  {b} \
                 does not exist\n\n",
                a = a.display(),
                b = b.display()
            )
        );
    }
}
