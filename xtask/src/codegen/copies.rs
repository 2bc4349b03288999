//! The sandbox's copies of the specs: `openapi/<spec>` → `crates/paylinks-sandbox/openapi/<spec>`.
//!
//! The sandbox embeds the specs with `include_str!`, and a published crate can only embed files
//! inside itself, so it keeps byte-for-byte copies that codegen writes and `--check` verifies
//! (stripe-mock keeps its embedded copy of Stripe's spec the same way). A JSON spec has no room
//! for a header, so the copies carry none; the sandbox's README says what they are.

use std::path::Path;

use super::{Error, Report};

/// The crate that embeds the copies. Its absence (a tree without the sandbox) means no copies.
pub(super) const SANDBOX: &str = "crates/paylinks-sandbox";

/// Writes, or in `check` mode verifies, the sandbox's copy of each spec in `specs` (file names
/// inside `openapi/`). A copy of a spec no config names (`.json`, `.yaml` or `.yml`) is stale:
/// a run deletes it, so a renamed or removed spec leaves nothing behind in the package.
pub(super) fn sync(
    root: &Path,
    specs: &[String],
    check: bool,
    report: &mut Report,
) -> Result<(), Error> {
    if !root.join(SANDBOX).is_dir() {
        return Ok(());
    }
    let dir = root.join(SANDBOX).join("openapi");
    for spec in specs {
        let source = root.join("openapi").join(spec);
        let wanted = std::fs::read(&source).map_err(|source_err| Error::Io {
            path: source.clone(),
            source: source_err,
        })?;
        let target = dir.join(spec);
        let relative = format!("{SANDBOX}/openapi/{spec}");
        let current = std::fs::read(&target).ok();
        if current.as_deref() == Some(wanted.as_slice()) {
            report.lines.push(format!("up to date: {relative}"));
        } else if check {
            report.stale += 1;
            let state = if current.is_some() {
                "differs"
            } else {
                "missing"
            };
            report.lines.push(format!(
                "stale: {relative} (copy of openapi/{spec}, {state}); run `cargo xtask codegen`"
            ));
            // Show what a run would undo: an edit made to the copy instead of the spec.
            if let Some(current) = current {
                let current = String::from_utf8_lossy(&current);
                let wanted = String::from_utf8_lossy(&wanted);
                let diff = similar::TextDiff::from_lines(&*current, &*wanted);
                report.lines.push(
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&relative, &format!("openapi/{spec}"))
                        .to_string(),
                );
            }
        } else {
            let parent = target.parent().unwrap_or(&dir);
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_owned(),
                source,
            })?;
            std::fs::write(&target, &wanted).map_err(|source| Error::Io {
                path: target.clone(),
                source,
            })?;
            report.lines.push(format!("wrote: {relative}"));
        }
    }
    for orphan in orphans(&dir, specs)? {
        let relative = format!("{SANDBOX}/openapi/{orphan}");
        if check {
            report.stale += 1;
            report.lines.push(format!(
                "stale: {relative} (no openapi/*.codegen.toml names openapi/{orphan}); run `cargo xtask codegen`"
            ));
        } else {
            let path = dir.join(&orphan);
            std::fs::remove_file(&path).map_err(|source| Error::Io { path, source })?;
            report.lines.push(format!("deleted: {relative}"));
        }
    }
    Ok(())
}

/// The spec-like files in `dir` that are not copies of `specs`, sorted.
fn orphans(dir: &Path, specs: &[String]) -> Result<Vec<String>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut orphans: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| [".json", ".yaml", ".yml"].iter().any(|e| name.ends_with(e)))
        .filter(|name| !specs.contains(name))
        .collect();
    orphans.sort();
    Ok(orphans)
}
