//! `cargo xtask import mesh` reproduces the committed `openapi/mesh.yaml` from Mesh's published
//! document and `openapi/mesh.overlay.yaml`: byte for byte, so `codegen --check` passes right
//! after an import, and every hand-made difference from Mesh's document is in the overlay.
//!
//! Mesh's document is never committed; the test reads the file `MESH_DOCUMENT` names (CI names
//! the copy it lays beside the repository, so there the test cannot pass without running), or
//! else the maintainers' copy at `../shared/reference/`, and says it is skipped without one.

use std::path::{Path, PathBuf};

fn document() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("MESH_DOCUMENT") {
        let named = PathBuf::from(named);
        assert!(
            named.exists(),
            "MESH_DOCUMENT names {}, which does not exist",
            named.display()
        );
        return Some(named);
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/mesh-integration-api.swagger.json");
    beside.exists().then_some(beside)
}

#[test]
#[allow(clippy::print_stderr)]
fn import_reproduces_the_committed_spec() {
    let Some(document) = document() else {
        eprintln!("skipped: Mesh's document is not beside the repository (set MESH_DOCUMENT)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let imported = xtask::import::import(&root, "mesh", &document).expect("the import succeeds");
    assert!(!imported.old_text.is_empty(), "openapi/mesh.yaml is read");
    if imported.new_text != imported.old_text {
        let diff = similar::TextDiff::from_lines(&imported.old_text, &imported.new_text);
        panic!(
            "the import does not reproduce openapi/mesh.yaml:\n{}",
            diff.unified_diff().header("openapi/mesh.yaml", "imported")
        );
    }
}
