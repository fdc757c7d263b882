//! Which `ccx tail` NAME a line belongs to. Each log group is searched once, whatever
//! number of NAMEs read it; in a group several functions share, a function's NAME shows
//! only the streams named for it (`logs::streams`), a group's NAME every line. A line
//! no NAME takes is left out: another function's, said in a note, or one whose stream
//! names no function, which cannot be told apart and is warned about.

use crate::logs::sources::Source;
use crate::logs::streams::{self, LeftOut, Owner};

/// Where a line of a group goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed {
    /// To the source (NAME) of that index.
    To(usize),
    /// Left out: whose it is (another function, or nobody can tell).
    LeftOut(Owner),
}

/// The groups to search, each once, and the sources that read each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routes {
    /// Every group once, in the order of the first source that reads it.
    pub groups: Vec<String>,
    /// Per group: the readers, a source index with the function whose streams it shows
    /// (None: the whole group).
    readers: Vec<Vec<(usize, Option<String>)>>,
}

impl Routes {
    pub fn new(sources: &[Source]) -> Routes {
        let mut routes = Routes {
            groups: Vec::new(),
            readers: Vec::new(),
        };
        for (i, source) in sources.iter().enumerate() {
            let at = match routes.groups.iter().position(|g| *g == source.group) {
                Some(at) => at,
                None => {
                    routes.groups.push(source.group.clone());
                    routes.readers.push(Vec::new());
                    routes.groups.len() - 1
                }
            };
            routes.readers[at].push((i, source.function().map(str::to_string)));
        }
        routes
    }

    /// Where a line of group `group` (an index into `groups`) in `stream` goes: to the
    /// function whose stream it is, else to a reader of the whole group, else nowhere.
    pub fn route(&self, group: usize, stream: &str) -> Routed {
        let name = &self.groups[group];
        let readers = &self.readers[group];
        let mut whose = None;
        for (source, function) in readers {
            if let Some(function) = function {
                match streams::owner(function, name, stream) {
                    Owner::Own => return Routed::To(*source),
                    owner => {
                        whose.get_or_insert(owner);
                    }
                }
            }
        }
        if let Some((source, _)) = readers.iter().find(|(_, f)| f.is_none()) {
            return Routed::To(*source);
        }
        Routed::LeftOut(whose.unwrap_or(Owner::Unknown))
    }

    /// The first source that reads `group`: the one named when the group is missing.
    pub fn first_source(&self, group: usize) -> usize {
        self.readers[group].first().map_or(0, |(source, _)| *source)
    }
}

/// What a tail left out, per group, and which of it was already told.
#[derive(Debug, Default)]
pub struct LeftOutLines {
    per_group: Vec<LeftOut>,
    /// Lines that could not be told apart, as last warned about, per group.
    warned: Vec<usize>,
}

impl LeftOutLines {
    pub fn new(groups: usize) -> LeftOutLines {
        LeftOutLines {
            per_group: vec![LeftOut::default(); groups],
            warned: vec![0; groups],
        }
    }

    pub fn add(&mut self, group: usize, owner: &Owner, stream: &str) {
        self.per_group[group].add(owner, stream);
    }

    /// The warnings not given yet: a group whose unattributable lines were never warned
    /// about (each group once, so a follow does not repeat itself).
    pub fn new_warnings(&mut self, routes: &Routes) -> Vec<String> {
        let mut warnings = Vec::new();
        for (i, left) in self.per_group.iter().enumerate() {
            if self.warned[i] == 0 && left.unknown > 0 {
                self.warned[i] = left.unknown;
                if let Some(text) = left.unknown_lines(&routes.groups[i]) {
                    warnings.push(format!(
                        "{text} and were not shown (`ccx tail {}` shows every line)",
                        routes.groups[i]
                    ));
                }
            }
        }
        warnings
    }

    /// The end-of-run notes: the other functions' lines left out of each shared group.
    pub fn notes(&self, routes: &Routes) -> Vec<String> {
        self.per_group
            .iter()
            .enumerate()
            .filter(|(_, left)| left.others > 0)
            .map(|(i, left)| {
                format!(
                    "log group {} is shared with {}: {} of their line(s) not shown",
                    routes.groups[i],
                    left.other_functions.join(", "),
                    left.others
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::sources::SourceKind;

    fn function(label: &str, group: &str) -> Source {
        Source {
            label: label.into(),
            group: group.into(),
            kind: SourceKind::Function {
                function: label.into(),
            },
        }
    }

    fn group(name: &str) -> Source {
        Source {
            label: name.into(),
            group: name.into(),
            kind: SourceKind::Group,
        }
    }

    #[test]
    fn two_functions_of_one_group_share_one_search_and_each_gets_its_streams() {
        let routes = Routes::new(&[function("a", "/shared"), function("b", "/shared")]);
        assert_eq!(routes.groups, ["/shared"]);
        assert_eq!(routes.route(0, "2026/12/01/a[$LATEST]f"), Routed::To(0));
        assert_eq!(routes.route(0, "2026/12/01/b[$LATEST]f"), Routed::To(1));
        assert_eq!(
            routes.route(0, "2026/12/01/c[$LATEST]f"),
            Routed::LeftOut(Owner::Other("c".into()))
        );
        assert_eq!(
            routes.route(0, "2026/12/01/[$LATEST]f"),
            Routed::LeftOut(Owner::Unknown)
        );
        assert_eq!(routes.first_source(0), 0);
    }

    #[test]
    fn a_group_named_as_such_takes_every_line_its_functions_do_not() {
        let routes = Routes::new(&[function("a", "/shared"), group("/shared")]);
        assert_eq!(routes.route(0, "2026/12/01/a[$LATEST]f"), Routed::To(0));
        assert_eq!(routes.route(0, "2026/12/01/b[$LATEST]f"), Routed::To(1));
        assert_eq!(routes.route(0, "whatever"), Routed::To(1));
        assert_eq!(routes.first_source(0), 0);
    }

    #[test]
    fn a_function_in_its_default_group_keeps_its_unnamed_streams() {
        let routes = Routes::new(&[function("a", "/aws/lambda/a"), function("b", "/other")]);
        assert_eq!(routes.groups.len(), 2);
        assert_eq!(routes.route(0, "2026/12/01/[$LATEST]f"), Routed::To(0));
        assert_eq!(routes.route(1, "2026/12/01/b[$LATEST]f"), Routed::To(1));
    }

    #[test]
    fn unattributable_lines_are_warned_about_once_per_group() {
        let routes = Routes::new(&[function("a", "/shared")]);
        let mut left = LeftOutLines::new(1);
        assert!(left.new_warnings(&routes).is_empty());
        left.add(0, &Owner::Unknown, "s1");
        left.add(0, &Owner::Other("b".into()), "2026/12/01/b[1]f");
        let warnings = left.new_warnings(&routes);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("1 line(s) in 1 stream(s) of /shared that name no function"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("not shown"), "{warnings:?}");
        left.add(0, &Owner::Unknown, "s2");
        assert!(left.new_warnings(&routes).is_empty());
        assert_eq!(
            left.notes(&routes),
            ["log group /shared is shared with b: 1 of their line(s) not shown"]
        );
    }
}
