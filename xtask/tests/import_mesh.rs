//! `cargo xtask import mesh` reproduces the committed `openapi/mesh.yaml` from Mesh's published
//! document and `openapi/mesh.overlay.yaml`: byte for byte, so `codegen --check` passes right
//! after an import, and every hand-made difference from Mesh's document is in the overlay.
//!
//! Mesh's document is never committed; the test reads the maintainers' copy beside the
//! repository (`../shared/reference/`, where CI lays it) or the file `MESH_DOCUMENT` names.

use std::path::{Path, PathBuf};

fn document() -> Option<PathBuf> {
    let path = std::env::var_os("MESH_DOCUMENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/reference/mesh-integration-api.swagger.json")
        });
    path.exists().then_some(path)
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
