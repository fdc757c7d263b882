//! Terminal machinery every command shares and no judgement knows about: the printer
//! and output selection (`output`), styles, tables, the live screen, prompts, signals. Features
//! and renderers use it; nothing below the features imports it.

pub mod live;
pub mod output;
pub mod prompt;
pub mod signals;
pub mod style;
pub mod table;
