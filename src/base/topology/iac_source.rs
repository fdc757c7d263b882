//! Where the IaC's records are read from: `--iac KIND:REF`, or `[iac]`'s `kind` with
//! `stack` or `file`. Checked here, before any AWS call.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{IacKind, IacSpec};

/// One IaC source, checked: a kind and what of it to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IacSource {
    pub kind: IacKind,
    #[serde(flatten)]
    pub reference: IacReference,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IacReference {
    /// A Pulumi stack (read with `pulumi stack export`) or a CloudFormation stack.
    Stack(String),
    /// A state document on disk.
    File(PathBuf),
}

impl fmt::Display for IacSource {
    /// `pulumi stack dev`, `terraform file infra/terraform.tfstate`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reference {
            IacReference::Stack(stack) => write!(f, "{} stack {stack}", self.kind.as_str()),
            IacReference::File(path) => write!(f, "{} file {}", self.kind.as_str(), path.display()),
        }
    }
}

const KINDS: &str = "pulumi, terraform, opentofu or cloudformation";

/// `--iac KIND:REF`: REF is a stack name or a file. For Pulumi, a REF that names an
/// existing file or looks like a path (`/`, `.json`) is an export file, anything else a
/// stack; Terraform and OpenTofu always read a file; CloudFormation a stack.
pub fn parse_flag(text: &str) -> Result<IacSource, String> {
    let Some((kind, reference)) = text.split_once(':') else {
        return Err(format!(
            "--iac `{text}`: expected KIND:REF, e.g. `pulumi:dev`, `terraform:terraform.tfstate`, \
             `cloudformation:my-stack` (KIND: {KINDS})"
        ));
    };
    let kind = IacKind::parse(kind.trim())
        .ok_or_else(|| format!("--iac `{text}`: unknown IaC kind `{kind}` (expected {KINDS})"))?;
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(format!(
            "--iac `{text}`: nothing after `{}:`: give a stack name or a state file",
            kind.as_str()
        ));
    }
    let reference = match kind {
        IacKind::Terraform | IacKind::Opentofu => IacReference::File(PathBuf::from(reference)),
        IacKind::Cloudformation => IacReference::Stack(reference.to_string()),
        IacKind::Pulumi if looks_like_file(reference) => {
            IacReference::File(PathBuf::from(reference))
        }
        IacKind::Pulumi => IacReference::Stack(reference.to_string()),
    };
    checked(IacSource { kind, reference }).map_err(|why| format!("--iac `{text}`: {why}"))
}

/// `[iac]` of the topology: `None` when it names no kind.
pub fn from_spec(spec: &IacSpec) -> Result<Option<IacSource>, String> {
    let Some(kind) = spec.kind else {
        if spec.stack.is_some() || spec.file.is_some() {
            return Err(format!(
                "[iac]: `stack` or `file` given without `kind` ({KINDS})"
            ));
        }
        return Ok(None);
    };
    let reference = match (&spec.stack, &spec.file) {
        (Some(_), Some(_)) => {
            return Err("[iac]: give `stack` or `file`, not both".to_string());
        }
        (Some(stack), None) => IacReference::Stack(stack.clone()),
        (None, Some(file)) => IacReference::File(file.clone()),
        (None, None) => {
            return Err(format!(
                "[iac]: kind `{}` needs `stack` or `file`",
                kind.as_str()
            ));
        }
    };
    checked(IacSource { kind, reference })
        .map(Some)
        .map_err(|why| format!("[iac]: {why}"))
}

fn looks_like_file(reference: &str) -> bool {
    reference.contains('/') || reference.ends_with(".json") || Path::new(reference).is_file()
}

/// A kind and a reference that go together.
fn checked(source: IacSource) -> Result<IacSource, String> {
    match (&source.kind, &source.reference) {
        (IacKind::Terraform | IacKind::Opentofu, IacReference::Stack(_)) => Err(format!(
            "{} is read from a state file (`terraform show -json` output or a v4 state file): give `file`",
            source.kind.as_str()
        )),
        (IacKind::Cloudformation, IacReference::File(_)) => Err(
            "CloudFormation is read from the stack itself, through the API: give `stack`".into(),
        ),
        (_, IacReference::Stack(stack)) if stack.trim().is_empty() => {
            Err("the stack name is empty".into())
        }
        (_, IacReference::File(path)) if path.as_os_str().is_empty() => {
            Err("the file name is empty".into())
        }
        _ => Ok(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_names_a_kind_and_a_stack_or_file() {
        let p = parse_flag("pulumi:dev").unwrap();
        assert_eq!(p.reference, IacReference::Stack("dev".into()));
        assert_eq!(p.to_string(), "pulumi stack dev");
        let f = parse_flag("pulumi:exports/dev.json").unwrap();
        assert_eq!(f.reference, IacReference::File("exports/dev.json".into()));
        let t = parse_flag("terraform:terraform.tfstate").unwrap();
        assert_eq!(t.kind, IacKind::Terraform);
        assert_eq!(t.to_string(), "terraform file terraform.tfstate");
        let c = parse_flag("cloudformation:chromadb-dev").unwrap();
        assert_eq!(c.reference, IacReference::Stack("chromadb-dev".into()));
    }

    #[test]
    fn a_bad_flag_says_what_to_write() {
        assert!(parse_flag("dev").unwrap_err().contains("expected KIND:REF"));
        assert!(
            parse_flag("chef:x")
                .unwrap_err()
                .contains("unknown IaC kind `chef`")
        );
        assert!(parse_flag("pulumi:").unwrap_err().contains("nothing after"));
    }

    #[test]
    fn the_config_needs_a_kind_and_one_reference() {
        let mut spec = IacSpec::default();
        assert_eq!(from_spec(&spec), Ok(None));
        spec.file = Some("state.json".into());
        assert!(from_spec(&spec).unwrap_err().contains("without `kind`"));
        spec.kind = Some(IacKind::Terraform);
        assert_eq!(
            from_spec(&spec).unwrap().unwrap().reference,
            IacReference::File("state.json".into())
        );
        spec.stack = Some("dev".into());
        assert!(from_spec(&spec).unwrap_err().contains("not both"));
        spec.file = None;
        assert!(from_spec(&spec).unwrap_err().contains("give `file`"));
        spec.kind = Some(IacKind::Cloudformation);
        assert!(from_spec(&spec).unwrap().is_some());
    }
}
