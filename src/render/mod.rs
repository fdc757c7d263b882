//! Turning command reports into tables and text. Commands build data; this renders it.

pub mod destination;
pub mod dlq;
pub mod drift;
pub mod functions;
pub mod guard;
pub mod guard_live;
pub mod map;
pub mod mappings;
pub mod queues;
pub mod switch;
pub mod tail;
pub mod tail_invocations;
pub mod tail_list;
pub mod targets;
pub mod time;
pub mod verify;
pub mod words;

/// A function in a table. Piped (no width), one `FUNCTION` cell `name (key)`, as ccx
/// has always printed it for the scripts that read it; fitted to a width, the key
/// (`FUNCTION`) and the real name (`NAME`) in columns of their own, so that the name can
/// be shortened or moved under its row while the key stays whole.
pub(crate) struct FunctionColumns {
    pub fitted: bool,
}

impl FunctionColumns {
    pub fn of(width: Option<usize>) -> FunctionColumns {
        FunctionColumns {
            fitted: width.is_some(),
        }
    }

    pub fn headers(&self) -> &'static [&'static str] {
        if self.fitted {
            &["FUNCTION", "NAME"]
        } else {
            &["FUNCTION"]
        }
    }

    pub fn cells(&self, name: &str, key: Option<&str>) -> Vec<String> {
        match (self.fitted, key) {
            (true, _) => vec![crate::ui::table::or_dash(key), name.to_string()],
            (false, Some(key)) => vec![format!("{name} ({key})")],
            (false, None) => vec![name.to_string()],
        }
    }
}

#[cfg(test)]
mod at_widths;
#[cfg(test)]
mod tests;
