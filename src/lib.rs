//! oversight: a tracker for police-oversight analysts: inspection recommendations, letters
//! awaiting reply and oversight-board actions, with their deadlines.
//!
//! - [`domain`]: pure types and rules (statuses, fields, dates, deadlines). No SQL, no terminal.
//! - [`store`]: the SQLite database; all SQL lives there.
//! - [`cli`]: the command line and its output formats.
//! - [`demo`]: the sample database.
//! - [`import`]: letters read from text stored as letters, asks and reports.
//! - [`files`]: new files (exports, backups) written whole or not at all.
//! - [`json_layout`]: serde_json's pretty layout written a piece at a time (lists, exports).

pub mod cli;
pub mod demo;
pub mod domain;
pub mod files;
pub mod import;
pub mod json_layout;
pub mod store;
pub mod tui;
