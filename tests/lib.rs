//! Cross-provider tests of the paylinks workspace, run through `paylinks-core`'s trait against
//! the sandbox; they live in `tests/tests/`.
