//! An error with its causes as one line, as `ccx: error:` prints it: for a report that
//! holds it beside other results (a target's, a stack's, an IaC read's).

pub fn one_line(err: &anyhow::Error) -> String {
    format!("{err:#}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_and_line_breaks_make_one_line() {
        let err = anyhow::anyhow!("no such stack\n  named dev").context("planning dev");
        assert_eq!(one_line(&err), "planning dev: no such stack named dev");
    }
}
