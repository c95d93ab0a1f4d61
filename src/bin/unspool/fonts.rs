//! Finding the PDF's fonts on this machine, without a manual step where possible.
//!
//! The writer is made for the fonts `tools/fonts.sh` builds (Literata, Noto Hebrew and Arabic,
//! Twemoji, a CJK subset, Noto Devanagari, Bengali, Tamil and Thai). They are looked for, in order, in `--fonts DIR`, `$UNSPOOL_FONTS`,
//! `<exe>/../share/unspool/fonts`, and this crate's own `target/fonts` and `dist/chrome/fonts`
//! (so a binary installed with `cargo install --path .` from a built clone finds them). Files
//! missing there are taken from the system's fonts (Noto, DejaVu, Liberation under
//! `/usr/share/fonts` and the like), with a warning saying what looks different.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unspool::model::Thread;
use unspool::pdf::fonts::{
    ARABIC_BOLD, ARABIC_REGULAR, BASE_FONT_FILES, BENGALI, CJK, DEVANAGARI, EMOJI, HEBREW_BOLD,
    HEBREW_REGULAR, TAMIL, TEXT_BOLD, TEXT_ITALIC, TEXT_REGULAR, THAI,
};
use unspool::pdf::{font_files, FontSet};

/// How to get the fonts, said whenever none can be found.
pub const FIX: &str = "run ./build.sh (or tools/fonts.sh) in an Unspool checkout, or pass \
--fonts DIR (or set UNSPOOL_FONTS) with the fonts from dist/chrome/fonts/";

/// The fonts for one thread, and what fell back.
pub struct Found {
    /// The font files, by the names the writer knows.
    pub set: FontSet,
    /// Where the fonts came from, for the user.
    pub source: String,
    /// What the system fonts could not stand in for exactly.
    pub warnings: Vec<String>,
}

/// Where the fonts may be, and where the system keeps its fonts.
pub struct Search {
    /// `--fonts DIR`.
    pub flag: Option<PathBuf>,
    /// `$UNSPOOL_FONTS`.
    pub env: Option<PathBuf>,
    /// The system's font directories.
    pub system_dirs: Vec<PathBuf>,
}

impl Search {
    /// The usual places, from the command line and the environment.
    pub fn new(flag: Option<PathBuf>) -> Search {
        let mut system_dirs: Vec<PathBuf> = vec![
            "/usr/share/fonts".into(),
            "/usr/local/share/fonts".into(),
            "/Library/Fonts".into(),
            "/System/Library/Fonts".into(),
        ];
        if let Some(home) = std::env::var_os("HOME") {
            let home = PathBuf::from(home);
            system_dirs.push(home.join(".local/share/fonts"));
            system_dirs.push(home.join(".fonts"));
        }
        Search {
            flag,
            env: std::env::var_os("UNSPOOL_FONTS")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            system_dirs,
        }
    }

    /// The fonts to write `thread` with.
    pub fn find(&self, thread: &Thread) -> Result<Found, String> {
        let (dir, mut source) = self.unspool_dir()?;
        let mut set = FontSet::new();
        let mut body: Option<Vec<u8>> = None;
        let mut missing: Vec<&str> = Vec::new();
        for name in font_files(thread, &Default::default()) {
            match dir.as_ref().and_then(|d| std::fs::read(d.join(name)).ok()) {
                Some(bytes) => {
                    if name == TEXT_REGULAR {
                        body = Some(bytes.clone());
                    }
                    set.insert(name, bytes);
                }
                None => missing.push(name),
            }
        }
        let mut warnings = Vec::new();
        if missing.is_empty() {
            return Ok(Found {
                set,
                source,
                warnings,
            });
        }
        let system = SystemFonts::scan(&self.system_dirs);
        let mut family = None;
        if body.is_none() {
            let found = system
                .text_family()
                .and_then(|f| Some((std::fs::read(&f.regular).ok()?, f)));
            let Some((bytes, f)) = found else {
                return Err(format!(
                    "no fonts found: neither Unspool's fonts nor a system font (Noto, DejaVu or \
                     Liberation) for the text; {FIX}"
                ));
            };
            source = format!("the system's fonts ({})", f.name);
            warnings.push(format!(
                "Unspool's own fonts were not found, so the PDF is set in {} from the system; \
                 {FIX}",
                f.name
            ));
            body = Some(bytes);
            family = Some(f);
        }
        fill(
            &mut set,
            &missing,
            &system,
            family.as_ref(),
            body.as_deref().unwrap_or_default(),
            &shown(thread),
            &mut warnings,
        );
        Ok(Found {
            set,
            source,
            warnings,
        })
    }

    /// The first directory with Unspool's text font, and how to name it. An explicit one
    /// (`--fonts`, `$UNSPOOL_FONTS`) without it is an error.
    fn unspool_dir(&self) -> Result<(Option<PathBuf>, String), String> {
        for (dir, what) in [(&self.flag, "--fonts"), (&self.env, "UNSPOOL_FONTS")] {
            if let Some(dir) = dir {
                if dir.join(TEXT_REGULAR).is_file() {
                    return Ok((Some(dir.clone()), dir.display().to_string()));
                }
                return Err(format!(
                    "{what} {} holds no {TEXT_REGULAR}: pass the directory tools/fonts.sh \
                     writes (target/fonts/ or dist/chrome/fonts/ in an Unspool checkout)",
                    dir.display()
                ));
            }
        }
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(bin) = std::env::current_exe().ok().and_then(|e| {
            e.canonicalize()
                .ok()
                .and_then(|c| c.parent().map(Path::to_path_buf))
        }) {
            candidates.push(bin.join("../share/unspool/fonts"));
        }
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        candidates.push(crate_dir.join("target/fonts"));
        candidates.push(crate_dir.join("dist/chrome/fonts"));
        Ok(candidates
            .into_iter()
            .find(|d| d.join(TEXT_REGULAR).is_file())
            .map_or((None, String::new()), |d| {
                let shown = d.canonicalize().unwrap_or_else(|_| d.clone());
                (Some(d), shown.display().to_string())
            }))
    }
}

/// A family of system fonts for the text.
struct Family {
    name: &'static str,
    regular: PathBuf,
    bold: Option<PathBuf>,
    italic: Option<PathBuf>,
}

/// Font files under the system's font directories, by file name.
struct SystemFonts {
    by_name: HashMap<String, PathBuf>,
}

impl SystemFonts {
    fn scan(dirs: &[PathBuf]) -> SystemFonts {
        let mut by_name = HashMap::new();
        let mut stack: Vec<(PathBuf, usize)> = dirs.iter().map(|d| (d.clone(), 0)).collect();
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() && depth < 6 {
                    stack.push((path, depth + 1));
                } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    by_name.entry(name.to_owned()).or_insert(path);
                }
            }
        }
        SystemFonts { by_name }
    }

    fn first(&self, names: &[&str]) -> Option<PathBuf> {
        names.iter().find_map(|n| self.by_name.get(*n).cloned())
    }

    /// The first text family installed, serif first (the extension's PDF is set in a serif).
    fn text_family(&self) -> Option<Family> {
        const FAMILIES: [(&str, [&str; 3]); 6] = [
            (
                "Noto Serif",
                [
                    "NotoSerif-Regular.ttf",
                    "NotoSerif-Bold.ttf",
                    "NotoSerif-Italic.ttf",
                ],
            ),
            (
                "DejaVu Serif",
                [
                    "DejaVuSerif.ttf",
                    "DejaVuSerif-Bold.ttf",
                    "DejaVuSerif-Italic.ttf",
                ],
            ),
            (
                "Liberation Serif",
                [
                    "LiberationSerif-Regular.ttf",
                    "LiberationSerif-Bold.ttf",
                    "LiberationSerif-Italic.ttf",
                ],
            ),
            (
                "Noto Sans",
                [
                    "NotoSans-Regular.ttf",
                    "NotoSans-Bold.ttf",
                    "NotoSans-Italic.ttf",
                ],
            ),
            (
                "DejaVu Sans",
                [
                    "DejaVuSans.ttf",
                    "DejaVuSans-Bold.ttf",
                    "DejaVuSans-Oblique.ttf",
                ],
            ),
            (
                "Liberation Sans",
                [
                    "LiberationSans-Regular.ttf",
                    "LiberationSans-Bold.ttf",
                    "LiberationSans-Italic.ttf",
                ],
            ),
        ];
        FAMILIES.iter().find_map(|(name, [r, b, i])| {
            Some(Family {
                name,
                regular: self.first(&[r])?,
                bold: self.first(&[b]),
                italic: self.first(&[i]),
            })
        })
    }
}

/// The system fonts that stand in for a script's font file, best first, and the script's name
/// for the warning when none is there.
const SYSTEM_STAND_INS: [(&str, &[&str], &str); 9] = [
    (
        HEBREW_REGULAR,
        &["NotoSerifHebrew-Regular.ttf", "NotoSansHebrew-Regular.ttf"],
        "Hebrew",
    ),
    (
        HEBREW_BOLD,
        &["NotoSerifHebrew-Bold.ttf", "NotoSansHebrew-Bold.ttf"],
        "Hebrew",
    ),
    (
        ARABIC_REGULAR,
        &["NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"],
        "Arabic",
    ),
    (
        ARABIC_BOLD,
        &["NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"],
        "Arabic",
    ),
    (
        CJK,
        &[
            "NotoSansCJKjp-Common.otf",
            "NotoSansCJK-Regular.ttc",
            "NotoSansCJKjp-Regular.otf",
            "NotoSerifCJK-Regular.ttc",
            "DroidSansFallbackFull.ttf",
        ],
        "Chinese, Japanese and Korean",
    ),
    (
        DEVANAGARI,
        &[
            "NotoSerifDevanagari-Regular.ttf",
            "NotoSansDevanagari-Regular.ttf",
        ],
        "Devanagari",
    ),
    (
        BENGALI,
        &[
            "NotoSerifBengali-Regular.ttf",
            "NotoSansBengali-Regular.ttf",
        ],
        "Bengali",
    ),
    (
        TAMIL,
        &["NotoSerifTamil-Regular.ttf", "NotoSansTamil-Regular.ttf"],
        "Tamil",
    ),
    (
        THAI,
        &["NotoSerifThai-Regular.ttf", "NotoSansThai-Regular.ttf"],
        "Thai",
    ),
];

/// Fills the `missing` files of `set` from the system, noting what looks different; `body` is
/// the text font's bytes, which stand in for what the system lacks.
fn fill(
    set: &mut FontSet,
    missing: &[&str],
    system: &SystemFonts,
    family: Option<&Family>,
    body: &[u8],
    text: &str,
    warnings: &mut Vec<String>,
) {
    let mut stand_ins: Vec<&str> = Vec::new();
    for &name in missing {
        let (path, what) = match name {
            TEXT_REGULAR => (family.map(|f| f.regular.clone()), None),
            TEXT_BOLD => (family.and_then(|f| f.bold.clone()), None),
            TEXT_ITALIC => (family.and_then(|f| f.italic.clone()), None),
            // Colour emoji need a COLR font like Twemoji; without one, emoji are drawn by the
            // text font where it has them (in black) and are missing otherwise.
            EMOJI => (None, Some("colour emoji")),
            _ => match SYSTEM_STAND_INS.iter().find(|(file, _, _)| *file == name) {
                Some((_, candidates, script)) => (system.first(candidates), Some(*script)),
                None => (None, None),
            },
        };
        match path.and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => set.insert(name, bytes),
            None => {
                // The writer needs every base file: the text font stands in.
                if BASE_FONT_FILES.contains(&name) && !body.is_empty() {
                    set.insert(name, body.to_vec());
                }
                let used = |script: &str| match script {
                    "Hebrew" => text.chars().any(|c| matches!(c, '\u{0590}'..='\u{05FF}')),
                    "Arabic" => text
                        .chars()
                        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')),
                    "colour emoji" => text
                        .chars()
                        .any(|c| matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..)),
                    _ => true,
                };
                if let Some(what) = what.filter(|w| !stand_ins.contains(w) && used(w)) {
                    stand_ins.push(what);
                }
            }
        }
    }
    if !stand_ins.is_empty() {
        // After the warning about system fonts, the fix is said once.
        let fix = if family.is_some() {
            String::new()
        } else {
            format!("; {FIX}")
        };
        warnings.push(format!(
            "no font for {} found: that text prints in the text font where it has the \
             characters, and as empty boxes where it has not{fix}",
            stand_ins.join(", ")
        ));
    }
}

/// Every string of the thread, for telling which scripts it uses.
fn shown(thread: &Thread) -> String {
    serde_json::to_string(thread).unwrap_or_default()
}
