//! `erwiz`: checks ExpressRoute design files from the command line.
//!
//! ```text
//! erwiz check FILE [--format text|json] [--parameters FILE]
//!                                         validate a design (FILE may be - for stdin); an ARM
//!                                         template (with its parameters file) or az
//!                                         express-route JSON is imported first
//! erwiz rules [--markdown]                list every rule
//! erwiz export --format FORMAT FILE [--parameters FILE]
//!                                         write the design as code or router configuration
//! ```
//!
//! Exit status: 0 no error-severity finding, 1 errors found, 2 the input could not be read or
//! parsed, or bad usage. All logic lives in the library (`domain::io`, `domain::rules`); this
//! file only parses arguments, reads the file and prints.

use erwiz::domain::export::{self, Format as ExportFormat};
use erwiz::domain::import::{self, Imported, SourceFormat};
use erwiz::domain::io::{self, InputError, MAX_INPUT_BYTES};
use erwiz::domain::rules::{self, docs};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage:
  erwiz check FILE [--format text|json] [--parameters FILE]
                                          validate an ExpressRoute design (FILE may be - for stdin);
                                          ARM templates and az express-route show JSON are imported;
                                          --parameters: the template's parameters file
  erwiz rules [--markdown]                list every rule (as Markdown: docs/rules.md)
  erwiz export --format FORMAT FILE [--parameters FILE]
                                          write the design as arm, bicep, terraform, azcli,
                                          powershell, iosxe or junos (to stdout)
  erwiz --help | --version

Exit status of check: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input or bad usage.
Exit status of export: 0 written, 2 unreadable input or bad usage.";

/// Output format of `check`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// A parsed command line.
enum Command {
    Check {
        file: String,
        parameters: Option<String>,
        format: Format,
    },
    Rules {
        markdown: bool,
    },
    Export {
        file: String,
        parameters: Option<String>,
        format: ExportFormat,
    },
    Help,
    Version,
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter().map(String::as_str);
    match it.next() {
        None => Err("no command given".into()),
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("check") => {
            let Some(a) = file_args("check", it)? else {
                return Ok(Command::Help);
            };
            let format = match a.format {
                None | Some("text") => Format::Text,
                Some("json") => Format::Json,
                Some(other) => return Err(format!("unknown format '{other}': use text or json")),
            };
            Ok(Command::Check {
                file: a.file,
                parameters: a.parameters,
                format,
            })
        }
        Some("rules") => {
            let mut markdown = false;
            for a in it {
                match a {
                    "--markdown" => markdown = true,
                    "-h" | "--help" => return Ok(Command::Help),
                    other => return Err(format!("unexpected argument '{other}' for rules")),
                }
            }
            Ok(Command::Rules { markdown })
        }
        Some("export") => {
            let Some(a) = file_args("export", it)? else {
                return Ok(Command::Help);
            };
            let v = a
                .format
                .ok_or_else(|| format!("export needs --format {}", export_ids()))?;
            let format = ExportFormat::from_id(v)
                .ok_or_else(|| format!("unknown export format '{v}': use {}", export_ids()))?;
            Ok(Command::Export {
                file: a.file,
                parameters: a.parameters,
                format,
            })
        }
        Some(other) => Err(format!("unknown command '{other}'")),
    }
}

/// What `check` and `export` are given: one FILE, `--format VALUE`, `--parameters FILE`.
struct FileArgs<'a> {
    file: String,
    format: Option<&'a str>,
    parameters: Option<String>,
}

/// Reads the arguments of `check` or `export` (`cmd`); `None` when help was asked for.
fn file_args<'a>(
    cmd: &str,
    mut it: impl Iterator<Item = &'a str>,
) -> Result<Option<FileArgs<'a>>, String> {
    let (mut file, mut format, mut parameters) = (None, None, None);
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (a, None),
        };
        let slot = match name {
            "-h" | "--help" => return Ok(None),
            "--format" => &mut format,
            "--parameters" | "-p" => &mut parameters,
            _ if a.starts_with('-') && a != "-" => return Err(format!("unknown option '{a}'")),
            _ if file.is_some() => {
                return Err(format!("unexpected argument '{a}': {cmd} takes one file"))
            }
            _ => {
                file = Some(a.to_string());
                continue;
            }
        };
        if slot.is_some() {
            return Err(format!("{name} given twice"));
        }
        *slot = Some(
            inline
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))?,
        );
    }
    Ok(Some(FileArgs {
        file: file
            .ok_or_else(|| format!("{cmd} needs a FILE (or - for stdin)"))?
            .to_string(),
        format,
        parameters: parameters.map(str::to_string),
    }))
}

/// Why `check` could not get a design.
enum ReadError {
    Io(std::io::Error),
    IsDirectory,
    Input(InputError),
}

/// Reads at most `MAX_INPUT_BYTES + 1` bytes; a file whose length already exceeds the limit is
/// refused without being read.
fn read_input(file: &str) -> Result<Vec<u8>, ReadError> {
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let mut buf = Vec::new();
    if file == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .map_err(ReadError::Io)?;
    } else {
        let f = std::fs::File::open(file).map_err(ReadError::Io)?;
        let meta = f.metadata().map_err(ReadError::Io)?;
        if meta.is_dir() {
            return Err(ReadError::IsDirectory);
        }
        if meta.len() > MAX_INPUT_BYTES as u64 {
            return Err(ReadError::Input(InputError::TooLarge {
                bytes: Some(meta.len()),
            }));
        }
        f.take(limit).read_to_end(&mut buf).map_err(ReadError::Io)?;
    }
    if buf.len() > MAX_INPUT_BYTES {
        return Err(ReadError::Input(InputError::TooLarge { bytes: None }));
    }
    Ok(buf)
}

/// Writes to stdout; a closed pipe (`erwiz rules | head`) is not an error worth reporting.
fn emit(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write the output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Writes one message to stderr; unlike `eprintln!`, never panics if stderr is gone.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// The export format names, for messages.
fn export_ids() -> String {
    ExportFormat::ALL.map(ExportFormat::id).join(", ")
}

/// Reads and parses a design file (or an ARM template, or `az` JSON, converted); the error is
/// the one-line message for stderr.
fn load(file: &str, parameters: Option<&str>) -> Result<Imported, String> {
    // A file's name for messages, and its bytes or the one-line reason they can't be read.
    let shown = |file: &str| io::one_line(if file == "-" { "<stdin>" } else { file });
    let read = |file: &str| {
        read_input(file).map_err(|e| {
            let why = match e {
                ReadError::Io(e) => format!("cannot read the file: {e}"),
                ReadError::IsDirectory => "is a directory, not a design file".into(),
                ReadError::Input(e) => e.to_string(),
            };
            format!("{}: {why}", shown(file))
        })
    };
    if parameters == Some("-") && file == "-" {
        return Err("the template and its parameters can't both come from stdin".into());
    }
    let bytes = read(file)?;
    let imported = import::import_bytes(&bytes).map_err(|e| format!("{}: {e}", shown(file)))?;
    let Some(p) = parameters else {
        return Ok(imported);
    };
    if imported.format != SourceFormat::ArmTemplate {
        return Err(format!(
            "--parameters is for ARM templates; {} reads as {}",
            shown(file),
            imported.format.label()
        ));
    }
    let pbytes = read(p)?;
    let text = |b: &'_ [u8], f: &str| {
        io::text_of_bytes(b)
            .map(str::to_string)
            .map_err(|e| format!("{}: {e}", shown(f)))
    };
    import::import_arm(&text(&bytes, file)?, Some(&text(&pbytes, p)?))
        .map_err(|e| format!("{}: {e}", shown(file)))
}

fn check(file: &str, parameters: Option<&str>, format: Format) -> Result<ExitCode, String> {
    let imported = load(file, parameters)?;
    let mut findings = imported.findings;
    findings.extend(if imported.format == SourceFormat::Design {
        rules::validate(&imported.design)
    } else {
        rules::validate_imported(&imported.design)
    });
    match format {
        Format::Text => emit(&io::report_text(&findings))?,
        Format::Json => emit(&(io::report_json(&findings) + "\n"))?,
    }
    let (errors, _, _) = erwiz::domain::finding::counts(&findings);
    Ok(ExitCode::from(u8::from(errors > 0)))
}

fn run(args: &[String]) -> ExitCode {
    let command = match parse_args(args) {
        Ok(c) => c,
        Err(why) => {
            say(&format!("erwiz: {}\n\n{USAGE}", io::one_line(&why)));
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => emit(&format!(
            "erwiz {}: check Azure ExpressRoute designs.\n\n{USAGE}\n",
            env!("CARGO_PKG_VERSION")
        ))
        .map(|()| ExitCode::SUCCESS),
        Command::Version => {
            emit(&format!("erwiz {}\n", env!("CARGO_PKG_VERSION"))).map(|()| ExitCode::SUCCESS)
        }
        Command::Rules { markdown } => {
            let text = if markdown {
                docs::markdown()
            } else {
                docs::text()
            };
            emit(&text).map(|()| ExitCode::SUCCESS)
        }
        Command::Check {
            file,
            parameters,
            format,
        } => check(&file, parameters.as_deref(), format),
        Command::Export {
            file,
            parameters,
            format,
        } => load(&file, parameters.as_deref())
            .and_then(|i| {
                if !i.findings.is_empty() {
                    say(&format!(
                        "erwiz: read as {}: {} import finding(s); see erwiz check",
                        i.format.label(),
                        i.findings.len()
                    ));
                }
                emit(&export::export(&i.design, format))
            })
            .map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|why| {
        say(&format!("erwiz: {}", io::one_line(&why)));
        ExitCode::from(2)
    })
}

/// With `ERWIZ_REPORT_PEAK_MEMORY=1`, prints the process's peak resident memory (VmHWM) to
/// stderr, as the last line (Linux only; used by the memory test).
fn report_peak_memory() {
    if std::env::var_os("ERWIZ_REPORT_PEAK_MEMORY").is_none_or(|v| v != "1") {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    match status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
        Some(v) => say(&format!("erwiz: peak memory (VmHWM): {}", v.trim())),
        None => say("erwiz: peak memory (VmHWM): unavailable"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = run(&args);
    report_peak_memory();
    code
}
