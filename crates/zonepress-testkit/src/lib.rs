//! What the tests of several ZonePress crates build alike. A dev-dependency
//! only: no shipped crate depends on it, and it depends on nothing.

pub mod handpdf;
