//! `cargo xtask semver`: `cargo-semver-checks` holds generated crates' public API against their
//! previous one, as a check on [`crate::spec_diff`]'s verdict.
//!
//! - `cargo xtask semver <provider> [--baseline-rev REV]` checks the provider's crate as it is
//!   in the working tree (after `import` and `codegen`) against the crate at `REV` (`HEAD` by
//!   default).
//! - `cargo xtask semver --fixtures` generates a crate from each spec_diff fixture's two specs
//!   (`xtask/tests/fixtures/spec_diff/`), runs `cargo-semver-checks` on the pair, and fails
//!   unless it finds a breaking change exactly where `spec-diff` says "breaking".
//!
//! Every crate here is 0.x, where a breaking change needs a new minor version: the check asks
//! whether the new API would be allowed in a patch release (`--release-type patch`), which
//! additive changes are, under Cargo's rules for 0.x versions. `cargo-semver-checks` is not a
//! workspace dependency: `cargo install cargo-semver-checks --locked` (about 12 minutes on two
//! cores).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::codegen::{self, names::snake};
use crate::overlay::Overlay;
use crate::spec_diff::{self, Kind};

/// The folder of the spec_diff fixtures under the workspace root.
pub const FIXTURES: &str = "xtask/tests/fixtures/spec_diff";

/// The names of the spec_diff fixtures: each `<name>.overlay.yaml` beside `base.yaml`.
pub fn fixture_names(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join(FIXTURES);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".overlay.yaml").map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The fixture `name`'s two specs: `base.yaml`, and `base.yaml` with `<name>.overlay.yaml`
/// applied.
pub fn fixture(root: &Path, name: &str) -> Result<(Value, Value), String> {
    let dir = root.join(FIXTURES);
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{FIXTURES}/{file}: {e}"))
    };
    let old = codegen::parse_spec("base.yaml", &read("base.yaml")?).map_err(|e| e.to_string())?;
    let mut new = old.clone();
    Overlay::parse(&read(&format!("{name}.overlay.yaml"))?)
        .and_then(|overlay| overlay.apply(&mut new))
        .map_err(|e| format!("{FIXTURES}/{name}.overlay.yaml: {e}"))?;
    Ok((old, new))
}

/// A generator config for `spec`: every operation, named after its operationId.
fn config_for(spec: &Value) -> String {
    let mut config = String::from("spec = \"spec.yaml\"\ncrate = \"fixture\"\n\n[operations]\n");
    let ids = spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId")?.as_str());
    for id in ids {
        config.push_str(&format!("{id} = \"{}\"\n", snake(id)));
    }
    config
}

/// Writes a crate at `dir` whose library is the code generated from `spec`.
fn write_crate(root: &Path, dir: &Path, spec: &Value) -> Result<(), String> {
    let spec_text = yaml_serde::to_string(spec).map_err(|e| e.to_string())?;
    let code = codegen::generate("fixture.codegen.toml", &config_for(spec), &spec_text)
        .map_err(|e| e.to_string())?;
    let write = |relative: &str, text: &str| {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    write("Cargo.toml", &codegen::fixture_manifest("fixture", root))?;
    write(
        "src/lib.rs",
        "//! A spec_diff fixture's generated code.\n\npub mod generated;\n",
    )?;
    write("src/generated.rs", &code)?;
    // The workspace's lock file pins the versions the clients build with.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| format!("Cargo.lock: {e}"))
}

/// What `cargo-semver-checks` said: whether it found a change a patch release may not make, and
/// its output.
pub struct Verdict {
    /// A breaking change was found.
    pub breaking: bool,
    /// Its report (stderr then stdout).
    pub output: String,
}

fn semver_checks(args: &[&str], target: &Path) -> Result<Verdict, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("semver-checks")
        .args(args)
        .args(["--release-type", "patch"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("running cargo semver-checks: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    match output.status.code() {
        Some(0) => Ok(Verdict {
            breaking: false,
            output: text,
        }),
        // Violations found (it exits with 100 then); any other failure is a failure to run.
        Some(_) if text.contains("semver requires new major version") => Ok(Verdict {
            breaking: true,
            output: text,
        }),
        _ => Err(format!(
            "cargo semver-checks failed to run (is it installed? `cargo install cargo-semver-checks --locked`):\n{text}"
        )),
    }
}

/// Checks `krate` (a directory under `crates/`) in the working tree against itself at `rev`.
pub fn check_crate(root: &Path, krate: &str, rev: &str) -> Result<Verdict, String> {
    let manifest = root.join("crates").join(krate).join("Cargo.toml");
    let manifest = manifest.display().to_string();
    semver_checks(
        &[
            "check-release",
            "--manifest-path",
            &manifest,
            "--baseline-rev",
            rev,
        ],
        &crate::target_dir(root).join("semver-checks"),
    )
}

/// One fixture's two verdicts.
pub struct Agreement {
    /// The fixture.
    pub name: String,
    /// What `spec-diff` said.
    pub spec_diff: Option<Kind>,
    /// `spec-diff`'s breaking changes are all type changes, which `cargo-semver-checks` does not
    /// compare (cargo-semver-checks issues #148 and #149): its silence there is no disagreement.
    pub type_only: bool,
    /// What `cargo-semver-checks` said.
    pub semver_checks: Verdict,
}

impl Agreement {
    /// Whether both found a breaking change or neither did; where `spec-diff`'s breaking changes
    /// are all type changes, `cargo-semver-checks` cannot tell, and either answer is no
    /// disagreement.
    pub fn agrees(&self) -> bool {
        self.type_only || (self.spec_diff == Some(Kind::Breaking)) == self.semver_checks.breaking
    }
}

/// Runs `cargo-semver-checks` on each spec_diff fixture's pair of generated crates, under
/// `semver-fixtures/` of the target directory.
pub fn check_fixtures(root: &Path) -> Result<Vec<Agreement>, String> {
    let base = crate::target_dir(root).join("semver-fixtures");
    let target: PathBuf = base.join("target");
    let mut out = Vec::new();
    for name in fixture_names(root)? {
        let (old, new) = fixture(root, &name)?;
        let (old_dir, new_dir) = (base.join(&name).join("old"), base.join(&name).join("new"));
        write_crate(root, &old_dir, &old)?;
        write_crate(root, &new_dir, &new)?;
        let manifest = new_dir.join("Cargo.toml").display().to_string();
        let baseline = old_dir.display().to_string();
        let verdict = semver_checks(
            &[
                "check-release",
                "--manifest-path",
                &manifest,
                "--baseline-root",
                &baseline,
            ],
            &target,
        )?;
        let diff = spec_diff::diff(&old, &new);
        out.push(Agreement {
            spec_diff: diff.verdict(),
            type_only: diff.breaking_by_type_only(),
            name,
            semver_checks: verdict,
        });
    }
    Ok(out)
}
