//! Reading files a user sends to verify (a PDF, a 数字报 zip) or to press-
//! check (`preflight_pdf`, any PDF) in a child process, so that no such
//! file can take the server down.
//!
//! A PDF parser that recurses on a 60,000-deep array overflows any stack,
//! and a content stream can inflate to gigabytes. So the parsing runs in a
//! copy of the running program started with the hidden first argument
//! [`CHILD_ARG`]: it limits its own address space, CPU time and file sizes
//! (`setrlimit`), parses on a thread with a fixed stack, and writes what it
//! read as JSON on standard output. A crash, a signal, a limit or a child
//! that outlives [`WALL_TIME`] becomes the error `unreadable_file`
//! (文件无法读取); the server lives on.
//!
//! Every binary calls [`main_hook`] first thing in `main` (the `zonepress`
//! command and server, the desktop app that hosts 局域网共享). A process that
//! never called it (the api crate's own tests, a library user) parses in
//! process, on a thread with the same fixed stack.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use zonepress_export::{PdfContents, PressLimits, PressReport};
use zonepress_web::read::EditionContents;

use crate::{ApiError, ErrorCode};

/// The hidden first argument that makes a ZonePress binary a parser child.
pub const CHILD_ARG: &str = "__zonepress-parse-child";

/// Address space of a parser child. The `zonepress` binary maps about
/// 100 MB; reading the demo issue's 4-page A3 PDF peaks near 60 MB more.
pub const CHILD_ADDRESS_SPACE: u64 = 1024 * 1024 * 1024;
/// CPU seconds of a parser child (the demo PDF takes a fraction of one).
pub const CHILD_CPU_SECONDS: u64 = 20;
/// Stack of the parsing thread.
pub const CHILD_STACK: usize = 16 * 1024 * 1024;
/// A child still running after this is killed.
pub const WALL_TIME: Duration = Duration::from_secs(40);
/// Most bytes a child may answer (the text of the pages, as JSON).
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// The program to start as a parser child, once [`main_hook`] ran.
static RUNNER: OnceLock<PathBuf> = OnceLock::new();

/// Call first in every binary's `main`: in a parser child this parses and
/// exits; otherwise it records that this program can be its own parser.
pub fn main_hook() {
    let mut args = std::env::args_os();
    if args.nth(1).as_deref() == Some(OsStr::new(CHILD_ARG)) {
        let job = args
            .next()
            .and_then(|k| Job::from_name(&k.to_string_lossy()));
        std::process::exit(match job {
            Some(job) => child_main(job),
            None => 2,
        });
    }
    // On Linux `/proc/self/exe` still names this program after a package
    // upgrade replaced the file on disk. Elsewhere the program's path: on
    // Windows under Wine a `/proc/self/exe` exists too (drive Z: is the
    // Linux root), and it is Wine's own loader.
    let proc_exe = PathBuf::from("/proc/self/exe");
    let exe = if cfg!(target_os = "linux") && proc_exe.exists() {
        Some(proc_exe)
    } else {
        std::env::current_exe().ok()
    };
    if let Some(exe) = exe {
        let _ = RUNNER.set(exe);
    }
}

/// Whether parsing runs in a child process in this program.
pub fn uses_child() -> bool {
    RUNNER.get().is_some()
}

/// What a child is asked to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Job {
    /// A PDF: each page's text and the manifest attachment.
    Pdf,
    /// A zipped 数字报: what it shows and the digest of its files.
    Edition,
    /// A PDF's press check (印前检查) against these limits.
    Press(PressLimits),
}

impl Job {
    fn name(self) -> String {
        match self {
            Job::Pdf => "pdf".into(),
            Job::Edition => "edition".into(),
            Job::Press(l) => format!("press:{}:{}", l.ink_limit, l.min_ppi),
        }
    }

    fn from_name(name: &str) -> Option<Job> {
        match name {
            "pdf" => Some(Job::Pdf),
            "edition" => Some(Job::Edition),
            _ => {
                let mut parts = name.strip_prefix("press:")?.split(':');
                let ink_limit = parts.next()?.parse().ok()?;
                let min_ppi = parts.next()?.parse().ok()?;
                parts
                    .next()
                    .is_none()
                    .then_some(Job::Press(PressLimits { ink_limit, min_ppi }))
            }
        }
    }

    /// The parsing itself, the same in a child and in process.
    fn run(self, input: &[u8]) -> Outcome {
        match self {
            Job::Pdf if !input.starts_with(b"%PDF-") => Outcome::refused(ApiError::new(
                ErrorCode::UnreadableFile,
                "文件无法读取：它既不是 PDF 文件，也不是数字报压缩包（.zip）",
                "verify: neither a PDF nor a zip",
            )),
            Job::Pdf => match zonepress_export::verify_pdf(input) {
                Ok(c) => Outcome::Pdf(c),
                Err(e) => Outcome::refused(unreadable(format!("verify: {e}"))),
            },
            Job::Press(_) if !input.starts_with(b"%PDF-") => Outcome::refused(ApiError::invalid(
                "这不是 PDF 文件",
                "press check: not a PDF",
            )),
            Job::Press(limits) => match zonepress_export::check_pdf(input, limits) {
                Ok(r) => Outcome::Press(r),
                Err(e) => Outcome::refused(unreadable(format!("press check: {e}"))),
            },
            Job::Edition => match zonepress_web::read::from_zip(input) {
                Ok(site) => Outcome::Edition(Edition {
                    digest: zonepress_web::archive::digest(&site),
                    contents: zonepress_web::read::contents(&site),
                }),
                Err(e) => Outcome::refused(ApiError::from(e)),
            },
        }
    }
}

/// A 数字报 as the child read it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Edition {
    /// [`zonepress_web::archive::digest`] of its files.
    pub digest: String,
    pub contents: EditionContents,
}

/// What a child answers.
#[derive(Debug, Serialize, Deserialize)]
enum Outcome {
    Pdf(PdfContents),
    Edition(Edition),
    Press(PressReport),
    /// The file was read and refused with a clear error (not a PDF, no
    /// manifest inside, not an edition).
    Refused {
        code: ErrorCode,
        message: String,
        log: String,
    },
}

impl Outcome {
    fn refused(e: ApiError) -> Outcome {
        Outcome::Refused {
            code: e.code,
            message: e.message,
            log: e.log,
        }
    }
}

/// The error of a file that could not be read safely.
pub fn unreadable(log: impl Into<String>) -> ApiError {
    ApiError::new(
        ErrorCode::UnreadableFile,
        "文件无法读取：它已损坏、过于复杂，或不是园区编务导出的 PDF 或数字报",
        log,
    )
}

/// Read a PDF to verify.
pub(crate) fn read_pdf(pdf: &[u8]) -> Result<PdfContents, ApiError> {
    match parse(Job::Pdf, pdf)? {
        Outcome::Pdf(c) => Ok(c),
        other => Err(unexpected(other)),
    }
}

/// Read a zipped 数字报 to verify.
pub(crate) fn read_edition(zip: &[u8]) -> Result<Edition, ApiError> {
    match parse(Job::Edition, zip)? {
        Outcome::Edition(e) => Ok(e),
        other => Err(unexpected(other)),
    }
}

/// The press check of a PDF a user sent (`preflight_pdf`).
pub(crate) fn check_press(pdf: &[u8], limits: PressLimits) -> Result<PressReport, ApiError> {
    let said = match parse(Job::Press(limits), pdf) {
        Ok(Outcome::Press(r)) => return Ok(r),
        Ok(other) => unexpected(other),
        Err(e) => e,
    };
    // Any PDF may be press-checked, not only our own exports: say so.
    Err(match said.code {
        ErrorCode::UnreadableFile => ApiError::new(
            ErrorCode::UnreadableFile,
            "文件无法读取：这个 PDF 已损坏或过于复杂，无法做印前检查",
            said.log,
        ),
        _ => said,
    })
}

fn unexpected(outcome: Outcome) -> ApiError {
    match outcome {
        Outcome::Refused { code, message, log } => ApiError::new(code, message, log),
        _ => unreadable("the parser answered another kind of file"),
    }
}

fn parse(job: Job, input: &[u8]) -> Result<Outcome, ApiError> {
    match RUNNER.get() {
        Some(exe) => in_child(exe, job, input),
        None => in_process(job, input),
    }
}

/// Parse on a thread with the child's stack (tests, library users).
fn in_process(job: Job, input: &[u8]) -> Result<Outcome, ApiError> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("zonepress-parse".into())
            .stack_size(CHILD_STACK)
            .spawn_scoped(s, || job.run(input))
            .map_err(ApiError::internal)?
            .join()
            .map_err(|_| unreadable(format!("{} parser panicked", job.name())))
    })
}

/// Start `exe` as a parser child, give it `input`, read its answer.
fn in_child(exe: &std::path::Path, job: Job, input: &[u8]) -> Result<Outcome, ApiError> {
    let started = Instant::now();
    let mut child = Command::new(exe)
        .arg(CHILD_ARG)
        .arg(job.name())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ApiError::internal(format!("start the parser child: {e}")))?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let (status, answer, said) = std::thread::scope(|s| {
        // A child that dies early closes its end: the write fails, which
        // the exit status then explains.
        s.spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(input);
            }
        });
        let answer = s.spawn(move || read_bounded(stdout, MAX_ANSWER));
        let said = s.spawn(move || read_bounded(stderr, 16 * 1024));
        let status = wait_until(&mut child, started + WALL_TIME);
        let answer = answer.join().unwrap_or_default();
        let said = said.join().unwrap_or_default();
        (status, answer, said)
    });
    let said = String::from_utf8_lossy(&said);
    let said = said.trim();
    let ms = started.elapsed().as_millis();
    match status {
        Some(s) if s.success() => serde_json::from_slice(&answer).map_err(|e| {
            unreadable(format!(
                "{} parser answered no outcome ({e}) in {ms} ms",
                job.name()
            ))
        }),
        Some(s) => Err(unreadable(format!(
            "{} parser ended with {} after {ms} ms: {said}",
            job.name(),
            describe(s)
        ))),
        None => Err(unreadable(format!(
            "{} parser killed after {} s",
            job.name(),
            WALL_TIME.as_secs()
        ))),
    }
}

fn read_bounded(from: Option<impl Read>, limit: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(from) = from {
        let mut from = from.take(limit);
        let _ = from.read_to_end(&mut buf);
        // Drain the rest so the child is never blocked writing.
        let _ = std::io::copy(&mut from.into_inner(), &mut std::io::sink());
    }
    buf
}

/// The child's exit status, or `None` once it was killed at `deadline`.
fn wait_until(child: &mut std::process::Child, deadline: Instant) -> Option<ExitStatus> {
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => "SIGABRT",
                9 => "SIGKILL (CPU limit)",
                11 => "SIGSEGV",
                24 => "SIGXCPU (CPU limit)",
                _ => "a signal",
            };
            return format!("signal {signal} ({name})");
        }
    }
    status.to_string()
}

/// The child: limit this process, read the input, parse it on a thread
/// with a fixed stack, answer JSON. Exit codes other than 0 say why.
fn child_main(job: Job) -> i32 {
    if let Err(e) = limit_self() {
        eprintln!("cannot limit the parser process: {e}");
        return 3;
    }
    let mut input = Vec::new();
    if std::io::stdin()
        .lock()
        // The largest file a command hands a child (`preflight_pdf`'s body
        // is the larger one).
        .take(crate::VERIFY_BODY.max(crate::LARGE_BODY) as u64)
        .read_to_end(&mut input)
        .is_err()
    {
        return 4;
    }
    let parsed = std::thread::Builder::new()
        .name("zonepress-parse".into())
        .stack_size(CHILD_STACK)
        .spawn(move || job.run(&input));
    let Ok(outcome) = parsed.map(|t| t.join()) else {
        return 5;
    };
    let Ok(outcome) = outcome else {
        // The panic message is already on standard error.
        return 6;
    };
    let mut out = std::io::stdout().lock();
    if serde_json::to_writer(&mut out, &outcome).is_err() || out.flush().is_err() {
        return 7;
    }
    0
}

#[cfg(unix)]
fn limit_self() -> std::io::Result<()> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let set = |resource, n: u64| {
        setrlimit(
            resource,
            Rlimit {
                current: Some(n),
                maximum: Some(n),
            },
        )
    };
    set(Resource::As, CHILD_ADDRESS_SPACE)?;
    // SIGXCPU at the soft limit; the hard limit one second later kills.
    setrlimit(
        Resource::Cpu,
        Rlimit {
            current: Some(CHILD_CPU_SECONDS),
            maximum: Some(CHILD_CPU_SECONDS + 1),
        },
    )?;
    // No core dumps of user files, and no files written at all.
    set(Resource::Core, 0)?;
    set(Resource::Fsize, 0)?;
    Ok(())
}

#[cfg(not(unix))]
fn limit_self() -> std::io::Result<()> {
    Ok(())
}
