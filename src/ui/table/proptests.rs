//! Any table at any width from 40 columns: no line wider than the width, every name and
//! UUID whole or shortened around `…` (never split across lines), every word of prose
//! whole, every key, state and count whole.

use proptest::collection::vec;
use proptest::prelude::*;

use super::*;

/// What a generated column holds.
#[derive(Debug, Clone, Copy)]
enum Holds {
    Key,
    Count,
    Uuid,
    Name,
    Prose,
}

fn holds() -> impl Strategy<Value = Holds> {
    prop_oneof![
        Just(Holds::Count),
        Just(Holds::Uuid),
        Just(Holds::Name),
        Just(Holds::Prose),
    ]
}

fn cell(holds: Holds) -> BoxedStrategy<String> {
    match holds {
        Holds::Key => "[a-z]{3,8}(-[a-z]{3,8})?".boxed(),
        Holds::Count => prop_oneof![
            "[0-9]{1,4}",
            Just("-".to_string()),
            "(Enabled|Disabled|no data)"
        ]
        .boxed(),
        Holds::Uuid => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".boxed(),
        Holds::Name => "[a-z]{4,12}(-[a-z0-9]{3,12}){1,5}".boxed(),
        Holds::Prose => vec("[a-z,:()]{1,14}", 1..14)
            .prop_map(|words| words.join(" "))
            .boxed(),
    }
}

fn table() -> impl Strategy<Value = (Vec<Holds>, Vec<Vec<String>>, bool)> {
    (vec(holds(), 1..8), 1usize..5, any::<bool>()).prop_flat_map(|(rest, rows, declared)| {
        let mut columns = vec![Holds::Key];
        columns.extend(rest);
        let row: Vec<BoxedStrategy<String>> = columns.iter().map(|&h| cell(h)).collect();
        (Just(columns), vec(row, rows), Just(declared))
    })
}

/// `token` is `whole`, or `whole` shortened in the middle around `…`.
fn is_whole_or_shortened(token: &str, whole: &str) -> bool {
    token == whole
        || token.split_once('…').is_some_and(|(head, tail)| {
            !head.is_empty() && whole.starts_with(head) && whole.ends_with(tail)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn tables_fit_without_splitting_a_name((columns, rows, declared) in table(), width in 40usize..200) {
        let headers: Vec<String> = (0..columns.len()).map(|c| format!("COL{c}")).collect();
        let mut t = new(&headers);
        if declared {
            for (c, holds) in columns.iter().enumerate() {
                let kind = match holds {
                    Holds::Key | Holds::Count => Kind::Fixed,
                    Holds::Uuid => Kind::Whole,
                    Holds::Name => Kind::Name,
                    Holds::Prose => Kind::Prose,
                };
                t.kind(&headers[c], kind);
            }
        }
        t.add_rows(rows.clone());
        // What the terminal shows: the bold header's escapes take no column.
        let out = styled::plain(&render(&t, Some(width)));
        let tokens: Vec<&str> = out.split_whitespace().collect();
        for line in out.lines() {
            prop_assert!(line.chars().count() <= width, "{:?} wider than {}:\n{}", line, width, out);
        }
        for row in &rows {
            for (c, value) in row.iter().enumerate() {
                match columns[c] {
                    Holds::Key | Holds::Count => {
                        for word in value.split(' ') {
                            prop_assert!(tokens.contains(&word), "{:?} not whole:\n{}", word, out);
                        }
                    }
                    Holds::Uuid | Holds::Name => prop_assert!(
                        tokens.iter().any(|t| is_whole_or_shortened(t, value)),
                        "{:?} split:\n{}", value, out
                    ),
                    Holds::Prose => {
                        for word in value.split(' ') {
                            prop_assert!(
                                tokens.iter().any(|t| is_whole_or_shortened(t, word)),
                                "{:?} split:\n{}", word, out
                            );
                        }
                    }
                }
            }
        }
    }
}
