//! `unspool`: the same core as the extension, for saved pages on the command line.
//!
//! ```text
//! unspool PAGE.html [PAGE.html…] [-o OUT.md|OUT.json|OUT.pdf|DIR/] [--url URL] [--format md|json|pdf]
//! ```
//! Without `-o` the thread is printed as Markdown. The page's URL comes from `--url`, or from
//! what the browser wrote into the saved file (Chrome's "saved from url" mark, SingleFile's
//! header, or the page's canonical link).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unspool::model::Thread;
use unspool::thread::Collector;

const USAGE: &str = "usage: unspool PAGE.html [PAGE.html…] [-o OUT.md|OUT.json|OUT.pdf|DIR/] [--url URL] [--format md|json|pdf]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Pdf,
}

impl Format {
    fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }
}

struct Args {
    inputs: Vec<PathBuf>,
    output: Option<PathBuf>,
    url: Option<String>,
    format: Option<Format>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: Vec::new(),
        output: None,
        url: None,
        format: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "-o" | "--output" => args.output = Some(it.next().ok_or("-o needs a path")?.into()),
            "--url" => args.url = Some(it.next().ok_or("--url needs a URL")?),
            "--format" => {
                let f = it.next().ok_or("--format needs md, json or pdf")?;
                args.format = Some(
                    Format::parse(&f)
                        .ok_or(format!("unknown format {f:?}: use md, json or pdf"))?,
                );
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            _ => args.inputs.push(arg.into()),
        }
    }
    if args.inputs.is_empty() {
        return Err("no input page".into());
    }
    Ok(args)
}

/// The URL a saved page came from, as the browser or a saver recorded it.
fn saved_url(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(200_000)).unwrap_or(html);
    let after = |marker: &str| -> Option<String> {
        let rest = &head[head.find(marker)? + marker.len()..];
        let url: String = rest
            .trim_start()
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>'))
            .collect();
        url.starts_with("http").then_some(url)
    };
    // Chrome: <!-- saved from url=(0046)https://x.com/… -->
    if let Some(rest) = head.find("saved from url=(").map(|i| &head[i + 16..]) {
        if let Some(close) = rest.find(')') {
            let url: String = rest[close + 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '-')
                .collect();
            if url.starts_with("http") {
                return Some(url);
            }
        }
    }
    after("Page saved with SingleFile \n url:")
        .or_else(|| after("url: "))
        .or_else(|| after("rel=\"canonical\" href=\""))
        .or_else(|| after("property=\"og:url\" content=\""))
}

fn render(thread: &Thread, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Markdown => Ok(unspool::markdown::render(thread).into_bytes()),
        Format::Json => serde_json::to_vec_pretty(thread).map_err(|e| e.to_string()),
        Format::Pdf => pdf(thread),
    }
}

fn pdf(_thread: &Thread) -> Result<Vec<u8>, String> {
    Err("PDF output is not in this build yet".into())
}

fn convert(input: &Path, url: Option<&str>) -> Result<Thread, String> {
    let bytes = std::fs::read(input).map_err(|e| format!("can't read it: {e}"))?;
    let html = String::from_utf8_lossy(&bytes);
    let url = match url {
        Some(u) => u.to_owned(),
        None => saved_url(&html).ok_or("can't tell which page this was saved from; pass --url")?,
    };
    let mut collector = Collector::new(&url).map_err(|e| e.to_string())?;
    let progress = collector.add_html(&html).map_err(|e| e.to_string())?;
    Ok(progress.thread)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("unspool: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let many = args.inputs.len() > 1;
    let out_is_dir = args
        .output
        .as_ref()
        .is_some_and(|o| many || o.is_dir() || o.to_string_lossy().ends_with('/'));
    let format = args
        .format
        .or_else(|| {
            (!out_is_dir)
                .then(|| {
                    args.output
                        .as_ref()?
                        .extension()?
                        .to_str()
                        .and_then(Format::parse)
                })
                .flatten()
        })
        .unwrap_or(Format::Markdown);
    if let (Some(out), false, None) = (&args.output, out_is_dir, args.format) {
        if out
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
            .is_none()
        {
            eprintln!(
                "unspool: unknown output format for {}: use .md, .json or .pdf",
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    if out_is_dir {
        if let Some(dir) = &args.output {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("unspool: can't create {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let mut failed = 0;
    for input in &args.inputs {
        let result = convert(input, args.url.as_deref()).and_then(|thread| {
            let bytes = render(&thread, format)?;
            let target = match &args.output {
                None => None,
                Some(dir) if out_is_dir => {
                    let stem = input
                        .file_stem()
                        .map_or("thread".into(), |s| s.to_string_lossy());
                    Some(dir.join(format!("{stem}.{}", format.extension())))
                }
                Some(file) => Some(file.clone()),
            };
            match target {
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| e.to_string())?;
                    Ok(format!("{} posts", thread.posts.len()))
                }
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .map_err(|e| format!("can't write {}: {e}", path.display()))?;
                    Ok(format!("{} posts → {}", thread.posts.len(), path.display()))
                }
            }
        });
        match result {
            Ok(summary) => eprintln!("{}: {summary}", input.display()),
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", input.display());
            }
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_saved_url() {
        assert_eq!(
            saved_url(
                "<!DOCTYPE html>\n<!-- saved from url=(0040)https://x.com/a/status/1 -->\n<html>"
            )
            .as_deref(),
            Some("https://x.com/a/status/1")
        );
        assert_eq!(
            saved_url("<link rel=\"canonical\" href=\"https://bsky.app/profile/a/post/b\">")
                .as_deref(),
            Some("https://bsky.app/profile/a/post/b")
        );
        assert_eq!(saved_url("<html></html>"), None);
    }
}
