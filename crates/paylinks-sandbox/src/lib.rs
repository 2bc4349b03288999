//! A local simulator of the five payment-link APIs, driven by `openapi/`. Not built yet: this
//! crate holds its place in the workspace layout.
