//! The press: 印刷设置 (the print shop's output condition: CMYK profile,
//! paper, ink limit, lowest image resolution, bleed, masthead colour), the
//! profiles imported from shops' `.icc` files, the options of the final
//! print export (PDF/X-4 by default), and the press check of any PDF
//! (`zonepress preflight --press FILE.pdf`).

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::press::{Paper, PrintSettings};
use zonepress_core::{Action, authorize};
use zonepress_export::{OutputProfile, PressLimits};

use crate::events::{Change, EventKind};
use crate::layout::{ExportOptions, StoreAssets, exporter};
use crate::{ApiError, Context, Empty, Session};
pub use zonepress_export::PressReport;
pub use zonepress_export::Severity;

/// An output profile as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ProfileInfo {
    /// `builtin:coated` …, or the SHA-256 of an imported file.
    pub key: String,
    /// 涂布纸 FOGRA39L（…）, or the file name it was imported from.
    pub name: String,
    /// The profile's own description.
    pub description: String,
    /// Made by ZonePress from public characterization data.
    pub builtin: bool,
    /// The printing condition in the PDF/X output intent (`FOGRA39`,
    /// `Custom`).
    pub condition_id: String,
    /// Who imported it and when (imported ones).
    #[serde(default)]
    pub imported: Option<String>,
}

fn info_of(p: &OutputProfile, imported: Option<String>) -> ProfileInfo {
    ProfileInfo {
        key: p.key.clone(),
        name: p.name.clone(),
        description: p.description.clone(),
        builtin: p.key.starts_with("builtin:"),
        condition_id: p.condition_id.clone(),
        imported,
    }
}

/// 印刷设置 with the profiles to choose from.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct PrintSettingsView {
    pub settings: PrintSettings,
    /// The profile in use (the paper's built-in one when none is chosen).
    pub profile: ProfileInfo,
    /// Every profile available: the built-in ones, then the imported ones.
    pub profiles: Vec<ProfileInfo>,
    /// What each paper starts with: its ink limit and lowest resolution.
    pub papers: Vec<PaperDefaults>,
    /// The masthead colour as the press will print it, on the screen
    /// (`#d12124`: the CMYK through the profile).
    pub masthead_screen: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaperDefaults {
    pub paper: Paper,
    pub label: String,
    pub ink_limit: u16,
    pub min_ppi: u16,
    pub profile: String,
}

fn view(ctx: &Context, settings: PrintSettings) -> Result<PrintSettingsView, ApiError> {
    let exporter = exporter(ctx)?;
    let assets = StoreAssets(ctx.store());
    let mut profiles = vec![];
    for key in OutputProfile::builtin_keys() {
        profiles.push(info_of(&*exporter.output_profile(key, &assets)?, None));
    }
    for stored in ctx.store().print_profiles()? {
        let imported = format!(
            "{} 于 {} 导入",
            stored.imported_by,
            stored
                .imported_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
        );
        profiles.push(ProfileInfo {
            key: stored.key,
            name: stored.file_name,
            description: stored.description,
            builtin: false,
            condition_id: "Custom".into(),
            imported: Some(imported),
        });
    }
    let key = settings.profile_key().to_string();
    let profile = profiles
        .iter()
        .find(|p| p.key == key)
        .cloned()
        .ok_or_else(|| {
            ApiError::invalid(
                "印刷设置中选用的色彩配置文件已不在工作区中，请重新选择",
                format!("print profile {key} missing"),
            )
        })?;
    let m = settings.masthead;
    let mut rgb = [255u8; 3];
    if let Ok(colour) = exporter.output_profile(&key, &assets)?.colour() {
        let to = |v: u8| (u16::from(v.min(100)) * 255 / 100) as u8;
        colour.screen(&[to(m.c), to(m.m), to(m.y), to(m.k)], &mut rgb);
    }
    Ok(PrintSettingsView {
        masthead_screen: format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]),
        settings,
        profile,
        profiles,
        papers: Paper::ALL
            .iter()
            .map(|&p| PaperDefaults {
                paper: p,
                label: p.label_zh().into(),
                ink_limit: p.default_ink_limit(),
                min_ppi: p.default_min_ppi(),
                profile: p.builtin_profile().into(),
            })
            .collect(),
    })
}

/// 印刷设置 (everyone signed in reads it: the output condition is shown
/// wherever the print PDF is made).
pub fn get_print_settings(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<PrintSettingsView, ApiError> {
    authorize(&session.user, Action::Read)?;
    view(ctx, ctx.store().print_settings()?)
}

/// Change 印刷设置 (admin).
pub fn update_print_settings(
    ctx: &Context,
    session: &Session,
    mut input: PrintSettings,
) -> Result<PrintSettingsView, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    input.profile = input.profile.trim().to_string();
    input.masthead_spot = input.masthead_spot.trim().to_string();
    input.bleed_mm = (input.bleed_mm * 10.0).round() / 10.0;
    input.validate()?;
    // The profile must exist (the view refuses an unknown one).
    let checked = view(ctx, input.clone())?;
    let saved = ctx
        .store()
        .set_print_settings(&session.actor(), &checked.settings)?;
    ctx.publish(Change::new(EventKind::Publication, "print", 1).by(&session.user));
    view(ctx, saved)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportProfileInput {
    /// The file's name (`印厂-胶版纸.icc`), shown as the profile's name.
    pub file_name: String,
    /// The `.icc` file, base64.
    pub data_base64: String,
}

/// Import a print shop's CMYK output profile into the workspace (admin).
/// It is checked (a CMYK output profile that converts both ways) and kept
/// with its bytes; choosing it is a separate `update_print_settings`.
pub fn import_print_profile(
    ctx: &Context,
    session: &Session,
    input: ImportProfileInput,
) -> Result<ProfileInfo, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.data_base64.trim())
        .map_err(|e| ApiError::invalid("文件内容编码不正确", format!("bad base64: {e}")))?;
    let name: String = input
        .file_name
        .trim()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    if name.is_empty() {
        return Err(ApiError::invalid("请给出文件名", "empty file name"));
    }
    // A file that is not a usable CMYK output profile is the user's input,
    // refused with the reason (too large, not ICC, cut short, not CMYK, not
    // an output profile, no conversion tables).
    let profile = OutputProfile::from_icc(bytes, &name).map_err(|e| {
        ApiError::invalid(
            format!("无法导入“{name}”：{}", e.message_zh()),
            format!("import_print_profile {name:?}: {e}"),
        )
    })?;
    let stored = ctx.store().add_print_profile(
        &session.actor(),
        &profile.key,
        &name,
        &profile.description,
        profile.icc(),
    )?;
    ctx.publish(Change::new(EventKind::Publication, "print_profile", 1).by(&session.user));
    Ok(info_of(&profile, Some(stored.imported_by)))
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileKeyInput {
    pub key: String,
}

/// Remove an imported profile that is not in use (admin).
pub fn delete_print_profile(
    ctx: &Context,
    session: &Session,
    input: ProfileKeyInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    if input.key.starts_with("builtin:") {
        return Err(ApiError::invalid(
            "内置的色彩配置文件不能删除",
            "cannot delete a built-in profile",
        ));
    }
    if ctx.store().print_settings()?.profile_key() == input.key {
        return Err(ApiError::invalid(
            "这个色彩配置文件正在使用，请先在印刷设置中改选别的",
            "profile in use",
        ));
    }
    ctx.store()
        .delete_print_profile(&session.actor(), &input.key)?;
    ctx.publish(Change::new(EventKind::Publication, "print_profile", 1).by(&session.user));
    Ok(Empty {})
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PressPreflightInput {
    /// The PDF, base64.
    pub pdf_base64: String,
}

/// 印前检查 of any PDF (an advertisement, a page supplied by a company, or
/// an export) against 印刷设置's ink limit and lowest resolution. Any role
/// may send a PDF, so it is read as `verify_export` reads one: in a parser
/// child limited in memory, CPU time and stack ([`crate::sandbox`]); a file
/// that breaks a limit is `unreadable_file` and the server lives on.
pub fn preflight_pdf(
    ctx: &Context,
    session: &Session,
    input: PressPreflightInput,
) -> Result<PressReport, ApiError> {
    authorize(&session.user, Action::Read)?;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(input.pdf_base64.trim())
        .map_err(|e| ApiError::invalid("PDF 文件内容编码不正确", format!("bad base64: {e}")))?;
    if !pdf.starts_with(b"%PDF-") {
        return Err(ApiError::invalid("这不是 PDF 文件", "not a PDF"));
    }
    let s = ctx.store().print_settings()?;
    crate::sandbox::check_press(
        &pdf,
        PressLimits {
            ink_limit: s.ink_limit,
            min_ppi: s.min_ppi,
        },
    )
}

/// How a print export is written, its options settled: PDF/X-4 unless it
/// is a 校样 or PDF/A was asked for; bleed with the PDF/X; the manifest
/// embedded unless PDF/X-4 (which allows no attachment) or asked not to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportForm {
    pub pdf_x: bool,
    pub pdf_a: bool,
    pub bleed: bool,
    pub embed_manifest: bool,
}

/// Settle an export's options (refusing the combinations that cannot be).
pub fn export_form(options: &ExportOptions) -> Result<ExportForm, ApiError> {
    let proof_copy = options.proof_copy.unwrap_or(false);
    let pdf_a = options.pdf_a.unwrap_or(false);
    let pdf_x = options.pdf_x.unwrap_or(!proof_copy && !pdf_a);
    if pdf_x && pdf_a {
        return Err(ApiError::invalid(
            "PDF/X-4（付印）和 PDF/A（存档）只能选一种",
            "pdf_x and pdf_a both asked",
        ));
    }
    if pdf_x && proof_copy {
        return Err(ApiError::invalid(
            "校样按屏幕颜色输出，不能导出为 PDF/X-4（付印稿）",
            "pdf_x with proof",
        ));
    }
    if pdf_x && options.embed_manifest == Some(true) {
        return Err(ApiError::invalid(
            "PDF/X-4 不允许附件：导出清单写在 PDF 旁边",
            "pdf_x with embed_manifest",
        ));
    }
    Ok(ExportForm {
        pdf_x,
        pdf_a,
        bleed: options.bleed.unwrap_or(pdf_x),
        embed_manifest: !pdf_x && options.embed_manifest.unwrap_or(true),
    })
}

/// Where the exporter keeps photos converted to CMYK.
pub(crate) fn press_cache(ctx: &Context) -> std::path::PathBuf {
    ctx.dir().join("cache").join("press")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_export_is_pdf_x_and_a_proof_is_not() {
        let final_ = export_form(&ExportOptions::default()).unwrap();
        assert_eq!(
            final_,
            ExportForm {
                pdf_x: true,
                pdf_a: false,
                bleed: true,
                embed_manifest: false
            }
        );
        let proof = export_form(&ExportOptions {
            proof_copy: Some(true),
            ..Default::default()
        })
        .unwrap();
        assert!(!proof.pdf_x && proof.embed_manifest && !proof.bleed);
        let archive = export_form(&ExportOptions {
            pdf_a: Some(true),
            ..Default::default()
        })
        .unwrap();
        assert!(!archive.pdf_x && archive.pdf_a && archive.embed_manifest);
        assert!(
            export_form(&ExportOptions {
                pdf_a: Some(true),
                pdf_x: Some(true),
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            export_form(&ExportOptions {
                proof_copy: Some(true),
                pdf_x: Some(true),
                ..Default::default()
            })
            .is_err()
        );
        assert!(
            export_form(&ExportOptions {
                embed_manifest: Some(true),
                ..Default::default()
            })
            .is_err()
        );
    }
}
