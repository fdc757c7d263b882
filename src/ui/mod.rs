//! Terminal machinery every command shares and no judgement knows about: the printer
//! and output selection (`output`), styles, how wide output may be (`width`), styled
//! text cut by what shows (`styled`), prose wrapped between words (`wrap`), tables
//! that fit, the live screen, the progress line of long writes (`progress`), prompts,
//! signals. Features and renderers use it; nothing
//! below the features imports it.

pub mod live;
pub mod output;
pub mod progress;
pub mod prompt;
pub mod signals;
pub mod style;
pub mod styled;
pub mod table;
pub mod width;
pub mod wrap;
