//! Where the system's fonts are, for the [font index](crate::fontindex).
//!
//! - **Linux** (and other Unix): the folders fontconfig names, read the way
//!   fontdb (and so Typst) reads them, so the fonts of the Debian packages
//!   `fonts-noto-cjk` and `fonts-lxgw-wenkai` are found where they install.
//! - **Windows**: only the `fonts` folder beside the program
//!   (`zonepress.exe`, `zonepress-desktop.exe`). The installer and the
//!   portable .zip put the fonts the templates need there (Noto Serif CJK SC,
//!   Noto Sans CJK SC, LXGW WenKai: the same files as Debian's packages,
//!   under the SIL Open Font License). The fonts installed on the PC are not
//!   read, so a Windows PC prints exactly what Linux prints, whatever fonts
//!   it has or lacks.
//!
//! Either way a workspace's own `fonts/` folder comes first (the caller's
//! extra folders).

use std::path::PathBuf;

#[cfg(not(windows))]
pub(crate) use unix::{config_stamps, system_roots};
#[cfg(windows)]
pub(crate) use windows::{config_stamps, system_roots};

/// The folder beside the program that holds its own fonts on Windows.
pub const PROGRAM_FONTS: &str = "fonts";

/// What a user is told when a family the templates need is not found:
/// on Linux the Debian package to install, on Windows that the program's
/// own fonts folder is incomplete.
pub(crate) fn missing_font_zh(family: &str, package: &str) -> String {
    if cfg!(windows) {
        format!(
            "缺少字体 {family}：程序旁的 {PROGRAM_FONTS} 文件夹中没有它。请重新安装园区编务\
             （便携版请把整个文件夹一起复制，不要删去 {PROGRAM_FONTS}）"
        )
    } else {
        format!("缺少字体 {family}，请安装 {package}")
    }
}

#[cfg(windows)]
mod windows {
    use super::*;
    use crate::fontindex::mtime_of;

    /// `<the program's folder>\fonts`, when the program's path is known.
    fn program_fonts() -> Option<PathBuf> {
        let exe = std::env::current_exe().ok()?;
        Some(exe.parent()?.join(PROGRAM_FONTS))
    }

    /// The program's fonts folder with its modification time: a program
    /// moved elsewhere (a portable copy unpacked again) or fonts added or
    /// replaced look the folders up again.
    pub(crate) fn config_stamps() -> Vec<(PathBuf, Option<u128>)> {
        program_fonts()
            .into_iter()
            .map(|p| {
                let t = std::fs::metadata(&p).ok().and_then(|m| mtime_of(&m));
                (p, t)
            })
            .collect()
    }

    /// Only the program's own fonts folder.
    pub(crate) fn system_roots() -> Vec<PathBuf> {
        program_fonts().into_iter().collect()
    }
}

#[cfg(not(windows))]
mod unix {
    use std::path::Path;

    use super::*;
    use crate::fontindex::mtime_of;

    fn home() -> Option<PathBuf> {
        std::env::var_os("HOME").map(PathBuf::from)
    }

    fn xdg_config_home() -> Option<PathBuf> {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home().map(|h| h.join(".config")))
    }

    /// The fontconfig files and folders whose change may change the font
    /// folders, with their modification times.
    pub(crate) fn config_stamps() -> Vec<(PathBuf, Option<u128>)> {
        let mut paths = vec![];
        if let Some(file) = std::env::var_os("FONTCONFIG_FILE") {
            paths.push(PathBuf::from(file));
        }
        if let Some(xdg) = xdg_config_home() {
            paths.push(xdg.join("fontconfig"));
            paths.push(xdg.join("fontconfig/fonts.conf"));
            paths.push(xdg.join("fontconfig/conf.d"));
        }
        for p in [
            "/etc/fonts/fonts.conf",
            "/etc/fonts/local.conf",
            "/etc/fonts/conf.d",
        ] {
            paths.push(PathBuf::from(p));
        }
        // HOME decides where `~` folders are.
        let home_stamp = home().map(|h| h.join(".fonts"));
        paths.extend(home_stamp);
        paths
            .into_iter()
            .map(|p| {
                let t = std::fs::metadata(&p).ok().and_then(|m| mtime_of(&m));
                (p, t)
            })
            .collect()
    }

    /// The font folders fontconfig names, read the way fontdb (and so Typst)
    /// reads them; the usual folders when fontconfig names none.
    pub(crate) fn system_roots() -> Vec<PathBuf> {
        let mut config = fontconfig_parser::FontConfig::default();
        if let Some(file) = std::env::var_os("FONTCONFIG_FILE") {
            let _ = config.merge_config(Path::new(&file));
        } else {
            let read_global = match xdg_config_home() {
                Some(p) => config
                    .merge_config(&p.join("fontconfig/fonts.conf"))
                    .is_err(),
                None => true,
            };
            if read_global {
                let _ = config.merge_config(Path::new("/etc/fonts/local.conf"));
            }
            let _ = config.merge_config(Path::new("/etc/fonts/fonts.conf"));
        }
        let home = home();
        let mut roots: Vec<PathBuf> = config
            .dirs
            .into_iter()
            .filter_map(|d| {
                if let Ok(rest) = d.path.strip_prefix("~") {
                    home.as_ref().map(|h| h.join(rest))
                } else {
                    Some(d.path)
                }
            })
            .collect();
        if roots.is_empty() {
            roots.push("/usr/share/fonts/".into());
            roots.push("/usr/local/share/fonts/".into());
            if let Some(h) = &home {
                roots.push(h.join(".fonts"));
                roots.push(h.join(".local/share/fonts"));
            }
        }
        roots
    }
}
