//! The committed completions and man page match what the binary generates.

use crate::common;

fn generated(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = common::ccx_in(dir.path()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ccx {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn committed_completions_and_man_page_are_current() {
    let files = [
        (vec!["completions", "bash"], "completions/ccx.bash"),
        (vec!["completions", "zsh"], "completions/_ccx"),
        (vec!["completions", "fish"], "completions/ccx.fish"),
        (vec!["completions", "powershell"], "completions/_ccx.ps1"),
        (vec!["completions", "elvish"], "completions/ccx.elv"),
        (vec!["man"], "completions/ccx.1"),
    ];
    let mut stale = Vec::new();
    for (args, path) in files {
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if committed != generated(&args) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run scripts/generate-completions and commit the result"
    );
}

#[test]
fn bash_completion_offers_the_subcommands() {
    let bash = generated(&["completions", "bash"]);
    for sub in ["verify", "mappings", "rollback", "tail"] {
        assert!(bash.contains(sub), "{sub} missing from the bash completion");
    }
}
