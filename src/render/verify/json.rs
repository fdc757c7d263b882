//! A verify check as JSON: `{"id", "title", "status", "summary", "details", "not_run"}`,
//! the fields and their order as they always were; `summary` and `details` are its
//! finding in words (`words.rs`), the same words the checklist shows.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::features::verify::report::Check;

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Check", 6)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("status", &self.status)?;
        s.serialize_field("summary", &super::words::summary(&self.finding))?;
        s.serialize_field("details", &super::words::details(&self.finding))?;
        s.serialize_field("not_run", &self.not_run)?;
        s.end()
    }
}
