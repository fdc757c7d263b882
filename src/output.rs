//! Where output goes: data to stdout (table or JSON), progress, notes and warnings to
//! stderr. Colour goes through anstream, which strips it when it is not wanted.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::{ColorChoice, OutputFormat};

#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: u8,
}

impl Printer {
    pub fn new(format: OutputFormat, color: ColorChoice, quiet: bool, verbose: u8) -> Printer {
        let choice = match color {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
        Printer {
            format,
            quiet,
            verbose,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Pretty JSON of `value` on stdout, never coloured.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
        out.flush()
    }

    /// One compact JSON object per line (for streams of events).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = io::stdout().lock();
        serde_json::to_writer(&mut out, value)?;
        writeln!(out)
    }

    /// Text on stdout; ANSI styling is kept or stripped as the colour choice says.
    pub fn text(&self, text: &str) -> io::Result<()> {
        let mut out = anstream::stdout().lock();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// A note for the operator on stderr; hidden by `--quiet`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(anstream::stderr(), "{text}");
        }
    }

    /// Detail shown only with `-v`.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 {
            let _ = writeln!(
                anstream::stderr(),
                "{}",
                crate::render::style::dim(&format!("ccx: {text}"))
            );
        }
    }

    /// A warning on stderr; shown even with `--quiet`.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(
            anstream::stderr(),
            "{} {text}",
            crate::render::style::warn("warning:")
        );
    }
}
