//! Whose a log stream is. Several functions may log to one group (`LoggingConfig.LogGroup`),
//! and there Lambda names each stream `YYYY/MM/DD/<function_name>[<version>]<guid>`
//! (Lambda developer guide, "Configuring CloudWatch log groups"); in a function's
//! default group, `/aws/lambda/NAME`, the streams carry no name:
//! `YYYY/MM/DD/[<version>]<guid>`. So a function's own lines are the ones in streams
//! named for it, and, in its own default group, those in unnamed streams. A stream that
//! says neither (an unnamed stream in a custom group, a name Lambda does not write) cannot
//! be told apart: it is nobody's, and the checks say so instead of guessing.

/// What a stream's name says about who wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamName<'a> {
    /// `YYYY/MM/DD/<function>[…]…`: the function's, in any group.
    Named(&'a str),
    /// `YYYY/MM/DD/[…]…`: the function whose default group it is in.
    Unnamed,
    /// Not a name Lambda writes.
    Other,
}

impl<'a> StreamName<'a> {
    pub fn parse(stream: &'a str) -> StreamName<'a> {
        let Some(rest) = date_prefix(stream) else {
            return StreamName::Other;
        };
        let Some(open) = rest.find('[') else {
            return StreamName::Other;
        };
        if !rest[open..].contains(']') {
            return StreamName::Other;
        }
        let function = &rest[..open];
        if function.is_empty() {
            StreamName::Unnamed
        } else if function
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            StreamName::Named(function)
        } else {
            StreamName::Other
        }
    }
}

/// `YYYY/MM/DD/`, and what follows it.
fn date_prefix(stream: &str) -> Option<&str> {
    let bytes = stream.as_bytes();
    let shape = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'/'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'/';
    shape.then(|| &stream[11..])
}

/// Whose a line in `stream` of `group` is, from the point of view of `function`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The function's own.
    Own,
    /// Another function's (named, or the one whose default group it is).
    Other(String),
    /// Cannot be told apart.
    Unknown,
}

/// The function whose default group `group` is, if it is one.
fn default_group_owner(group: &str) -> Option<&str> {
    group
        .strip_prefix("/aws/lambda/")
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

pub fn owner(function: &str, group: &str, stream: &str) -> Owner {
    match StreamName::parse(stream) {
        StreamName::Named(name) if name == function => Owner::Own,
        StreamName::Named(name) => Owner::Other(name.to_string()),
        StreamName::Unnamed | StreamName::Other => match default_group_owner(group) {
            Some(name) if name == function => Owner::Own,
            // In another function's default group, its unnamed streams are its own.
            Some(name) if StreamName::parse(stream) == StreamName::Unnamed => {
                Owner::Other(name.to_string())
            }
            _ => Owner::Unknown,
        },
    }
}

/// What was left out of a function's lines, for the checks to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Lines of other functions sharing the group.
    pub others: usize,
    /// Their names, sorted, each once.
    pub other_functions: Vec<String>,
    /// Lines in streams that name no function (or not as Lambda does).
    pub unknown: usize,
    /// Those streams, sorted, each once.
    pub unknown_streams: Vec<String>,
}

impl LeftOut {
    /// Counts a line that is not `function`'s.
    pub fn add(&mut self, owner: &Owner, stream: &str) {
        match owner {
            Owner::Own => {}
            Owner::Other(name) => {
                self.others += 1;
                if let Err(at) = self.other_functions.binary_search(name) {
                    self.other_functions.insert(at, name.clone());
                }
            }
            Owner::Unknown => {
                self.unknown += 1;
                if let Err(at) = self
                    .unknown_streams
                    .binary_search_by(|s| s.as_str().cmp(stream))
                {
                    self.unknown_streams.insert(at, stream.to_string());
                }
            }
        }
    }

    /// What an operator is told about a shared group: whose lines were left out, and
    /// (the warning) lines that could not be told apart.
    pub fn shared_note(&self, function: &str, group: &str) -> Option<String> {
        (self.others > 0).then(|| {
            format!(
                "log group {group} is shared with {}: only the streams named for {function} \
                 count ({} line(s) of the others left out)",
                self.other_functions.join(", "),
                self.others
            )
        })
    }

    /// The lines that could not be told apart, as a verify check warns about them.
    pub fn unknown_warning(&self, group: &str) -> Option<String> {
        self.unknown_lines(group)
            .map(|text| format!("{text} and were not counted"))
    }

    /// `N line(s) in K stream(s) of GROUP that name no function (e.g. S) cannot be told
    /// apart`, when there are any.
    pub fn unknown_lines(&self, group: &str) -> Option<String> {
        (self.unknown > 0).then(|| {
            let example = self
                .unknown_streams
                .first()
                .map(String::as_str)
                .unwrap_or("?");
            format!(
                "{} line(s) in {} stream(s) of {group} that name no function (e.g. {example}) \
                 cannot be told apart",
                self.unknown,
                self.unknown_streams.len()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_s_stream_names_say_whose_they_are() {
        assert_eq!(
            StreamName::parse("2026/12/01/billing-dev[$LATEST]0a1b2c3d"),
            StreamName::Named("billing-dev")
        );
        assert_eq!(
            StreamName::parse("2026/12/01/billing[7]0a1b"),
            StreamName::Named("billing")
        );
        assert_eq!(
            StreamName::parse("2026/12/01/[$LATEST]0a1b2c3d"),
            StreamName::Unnamed
        );
        assert_eq!(StreamName::parse("s1"), StreamName::Other);
        assert_eq!(StreamName::parse("2026/12/01/app.log"), StreamName::Other);
        assert_eq!(StreamName::parse("2026-12-01/[x]y"), StreamName::Other);
    }

    #[test]
    fn in_a_shared_group_only_named_streams_count_and_unnamed_ones_are_nobody_s() {
        let group = "/shared/compaction";
        assert_eq!(owner("a", group, "2026/12/01/a[$LATEST]f00"), Owner::Own);
        assert_eq!(
            owner("a", group, "2026/12/01/b[$LATEST]f00"),
            Owner::Other("b".into())
        );
        assert_eq!(owner("a", group, "2026/12/01/[$LATEST]f00"), Owner::Unknown);
        assert_eq!(owner("a", group, "s1"), Owner::Unknown);
        // A name that only starts like the function's is another function.
        assert_eq!(
            owner("a", group, "2026/12/01/a-b[$LATEST]f00"),
            Owner::Other("a-b".into())
        );
    }

    #[test]
    fn a_default_group_s_unnamed_streams_are_its_function_s() {
        let own = "/aws/lambda/a";
        assert_eq!(owner("a", own, "2026/12/01/[$LATEST]f00"), Owner::Own);
        assert_eq!(owner("a", own, "anything"), Owner::Own);
        assert_eq!(
            owner("b", own, "2026/12/01/b[$LATEST]f00"),
            Owner::Own,
            "b logging into a's default group names its streams"
        );
        assert_eq!(
            owner("b", own, "2026/12/01/[$LATEST]f00"),
            Owner::Other("a".into())
        );
        assert_eq!(owner("b", own, "anything"), Owner::Unknown);
    }

    #[test]
    fn what_is_left_out_is_told_once_per_function_and_stream() {
        let mut left = LeftOut::default();
        left.add(&Owner::Other("b".into()), "x");
        left.add(&Owner::Other("b".into()), "y");
        left.add(&Owner::Unknown, "s2");
        left.add(&Owner::Unknown, "s1");
        left.add(&Owner::Unknown, "s1");
        left.add(&Owner::Own, "z");
        assert_eq!(left.other_functions, ["b"]);
        assert_eq!(left.unknown_streams, ["s1", "s2"]);
        assert_eq!(
            left.shared_note("a", "/g").unwrap(),
            "log group /g is shared with b: only the streams named for a count (2 line(s) of \
             the others left out)"
        );
        assert_eq!(
            left.unknown_warning("/g").unwrap(),
            "3 line(s) in 2 stream(s) of /g that name no function (e.g. s1) cannot be told \
             apart and were not counted"
        );
        assert_eq!(LeftOut::default().unknown_warning("/g"), None);
    }
}
