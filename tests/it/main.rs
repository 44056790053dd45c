//! The integration tests, as one test binary: each module was a file of its own under
//! `tests/`, and one binary links the library once instead of fifteen times, which makes
//! `cargo test` and every mutant of `cargo mutants` (`.cargo/mutants.toml`) faster to build.

mod atomic_props;
#[cfg(feature = "datasets")]
mod baiyun_data;
#[cfg(feature = "datasets")]
mod card_figures;
mod conventions;
#[cfg(feature = "datasets")]
mod datasets_validate;
#[cfg(feature = "datasets")]
mod embedded_roundtrip;
mod errors;
mod fidelity_rules;
mod file_keys;
mod file_keys_hostile;
mod hierarchy;
mod hostile_input;
mod interchange;
mod interchange_props;
mod item_keys;
mod keys;
mod large_tables;
#[cfg(feature = "datasets")]
mod national;
mod org_merge;
mod org_periods;
mod orgs;
mod policy;
mod proptest_ops;
#[cfg(feature = "datasets")]
mod report_card;
mod rollup;
mod rollup_props;
mod serde_roundtrip;
mod spreadsheets;
mod stock_dates;
mod support;
#[cfg(feature = "svg")]
mod svg;
mod time;
mod time_files;
mod validate_props;
mod validate_rules;
mod vocabulary;
