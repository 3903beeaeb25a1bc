//! Builds the default CMYK output profiles from public characterization
//! data, so that no profile made by someone else is committed or shipped:
//! ArgyllCMS `colprof` (Debian `argyll`) makes an ICC output profile from
//! the measurement sets in Debian `icc-profiles-free` (FOGRA39L for coated
//! paper, FOGRA29L for uncoated paper, CGATS TR 002 for newsprint). The
//! profiles land in `OUT_DIR` and are compiled into the binary, each also
//! zlib-compressed for the PDF's output intent.
//!
//! `colprof` at medium quality with gamut mapping from sRGB takes about a
//! minute of CPU per profile, once per target directory. A folder of
//! profiles made earlier (`ZONEPRESS_ICC_DIR`, holding `coated.icc`,
//! `uncoated.icc` and `newsprint.icc` from this script) skips that.

use std::path::{Path, PathBuf};
use std::process::Command;

/// (file name, characterization data, total ink limit %, black limit %, description)
const PROFILES: [(&str, &str, u32, u32, &str); 3] = [
    (
        "coated",
        "FOGRA39L",
        300,
        95,
        "ZonePress Coated FOGRA39L (colprof from FOGRA39L data, TAC 300%)",
    ),
    (
        "uncoated",
        "FOGRA29L",
        260,
        95,
        "ZonePress Uncoated FOGRA29L (colprof from FOGRA29L data, TAC 260%)",
    ),
    (
        "newsprint",
        "TR002",
        220,
        90,
        "ZonePress Newsprint CGATS TR 002 (colprof from TR002 data, TAC 220%)",
    ),
];

const DATA_DIR: &str = "/usr/share/color/icc";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ZONEPRESS_ICC_DIR");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let prebuilt = std::env::var_os("ZONEPRESS_ICC_DIR").map(PathBuf::from);
    let threads: Vec<_> = PROFILES
        .iter()
        .map(|&(name, data, tac, black, desc)| {
            let out = out.clone();
            let prebuilt = prebuilt.clone();
            std::thread::spawn(move || {
                let icc = out.join(format!("{name}.icc"));
                match &prebuilt {
                    Some(dir) => {
                        let from = dir.join(format!("{name}.icc"));
                        println!("cargo:rerun-if-changed={}", from.display());
                        std::fs::copy(&from, &icc).unwrap_or_else(|e| {
                            panic!("ZONEPRESS_ICC_DIR: cannot copy {}: {e}", from.display())
                        });
                    }
                    None if !fresh(&icc, data) => build(&out, name, data, tac, black, desc),
                    None => {}
                }
                let mut bytes = std::fs::read(&icc).expect("profile written");
                if set_date(&mut bytes) {
                    std::fs::write(&icc, &bytes).expect("write dated profile");
                }
                let packed = miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 9);
                std::fs::write(out.join(format!("{name}.icc.zlib")), packed)
                    .expect("write packed profile");
            })
        })
        .collect();
    for t in threads {
        if let Err(e) = t.join() {
            std::panic::resume_unwind(e);
        }
    }
}

/// The date every built-in profile carries in its ICC header (bytes 24–35,
/// year to second, big-endian): `colprof` writes the time it ran there, so
/// two builds of one commit (Linux, Windows, arm64; today's and tomorrow's)
/// made different profiles, and different bytes in every PDF/X-4 export's
/// output intent. The profiles are ICC v2 without a profile ID, so nothing
/// else depends on these bytes.
const PROFILE_DATE: [u16; 6] = [2026, 1, 1, 0, 0, 0];

/// Put [`PROFILE_DATE`] into a profile's header; whether it changed.
fn set_date(icc: &mut [u8]) -> bool {
    let date: Vec<u8> = PROFILE_DATE.iter().flat_map(|v| v.to_be_bytes()).collect();
    let Some(field) = icc.get_mut(24..36) else {
        return false;
    };
    if field == date.as_slice() {
        return false;
    }
    field.copy_from_slice(&date);
    true
}

/// A profile built before from the same data (the script itself changing
/// reruns it and removes nothing, so compare the stamp).
fn fresh(icc: &Path, data: &str) -> bool {
    let stamp = icc.with_extension("stamp");
    let want = stamp_of(data);
    icc.is_file() && std::fs::read_to_string(stamp).is_ok_and(|s| s == want)
}

fn stamp_of(data: &str) -> String {
    let ti3 = Path::new(DATA_DIR).join(format!("{data}.ti3"));
    let len = std::fs::metadata(&ti3).map(|m| m.len()).unwrap_or(0);
    format!("{data} {len} {:?}", PROFILES)
}

fn build(out: &Path, name: &str, data: &str, tac: u32, black: u32, desc: &str) {
    let ti3 = Path::new(DATA_DIR).join(format!("{data}.ti3"));
    println!("cargo:rerun-if-changed={}", ti3.display());
    if !ti3.is_file() {
        panic!(
            "{} is missing: install the Debian packages icc-profiles-free and argyll \
             (scripts/deps.sh does), or point ZONEPRESS_ICC_DIR at profiles built before",
            ti3.display()
        );
    }
    let srgb = Path::new(DATA_DIR).join("sRGB.icc");
    let work = out.join(format!("colprof-{name}"));
    std::fs::create_dir_all(&work).expect("work dir");
    std::fs::copy(&ti3, work.join(format!("{name}.ti3"))).expect("copy characterization data");
    let mut cmd = Command::new("colprof");
    cmd.current_dir(&work)
        .args(["-qm", "-kr", "-nc"])
        .arg(format!("-l{tac}"))
        .arg(format!("-L{black}"));
    if srgb.is_file() {
        // Perceptual tables gamut-mapped from sRGB (photos arrive in sRGB).
        cmd.arg("-S").arg(&srgb).args(["-cmt", "-dpp"]);
    }
    cmd.args(["-D", desc])
        .args([
            "-C",
            "No copyright: made by ZonePress with ArgyllCMS colprof from public characterization data",
        ])
        .arg(name);
    let status = cmd.status().unwrap_or_else(|e| {
        panic!(
            "colprof could not run ({e}): install the Debian packages argyll and \
             icc-profiles-free (scripts/deps.sh does), or point ZONEPRESS_ICC_DIR at profiles built before"
        )
    });
    assert!(status.success(), "colprof failed for {name} ({status})");
    std::fs::copy(
        work.join(format!("{name}.icc")),
        out.join(format!("{name}.icc")),
    )
    .expect("copy profile");
    std::fs::write(out.join(format!("{name}.stamp")), stamp_of(data)).expect("stamp");
    let _ = std::fs::remove_dir_all(&work);
}
