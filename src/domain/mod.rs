//! Pure types and rules of the analyst's work: what is tracked, statuses, dates, deadlines.
//! Nothing here knows about SQL or terminals.

pub mod calendar;
pub mod dates;
pub mod deadline;
pub mod fields;
pub mod filter;
pub mod history;
pub mod ids;
pub mod item;
pub mod letter_text;
pub mod rules;
pub mod sanitize;
pub mod settings;
pub mod timeline;
pub mod vocab;
