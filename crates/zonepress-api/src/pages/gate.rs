//! The gate of every final output: the print PDF and the 数字报 go out only
//! under a live 付印 at the very layout they print, every page signed as it
//! prints (else `not_signed_off`, naming the pages). The manifest lists each
//! page's 签版 and the 付印; `verify` checks them again later: a 签版 or 付印
//! voided after the export, or a page that differs from what was signed,
//! fails it, naming the page. A 校样 passes freely and says so.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::Id;
use zonepress_export::IssueDoc;
use zonepress_store::snapshot::IssueSnapshot;

use super::{hashes, live_order, page_states, void_stale};
use crate::layout::Manifest;
use crate::{ApiError, Context, ErrorCode, Session};

/// A page's 签版 as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestSignoff {
    pub signoff_id: Id,
    pub page: u8,
    pub page_hash: String,
    pub signer: String,
    pub signed_at: chrono::DateTime<chrono::Utc>,
}

/// The 付印 as the manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ManifestPrintOrder {
    pub print_order_id: Id,
    pub ordered_by: String,
    pub ordered_at: chrono::DateTime<chrono::Utc>,
    pub layout_hash: String,
}

/// Refuse a final output of `doc` unless a live 付印 binds its layout and
/// every page is signed as it prints; fill `manifest` with them. Stale
/// sign-offs met here are voided (and recorded) first.
pub(crate) fn require_print_order(
    ctx: &Context,
    session: &Session,
    snap: &IssueSnapshot,
    doc: &IssueDoc,
    manifest: &mut Manifest,
) -> Result<(), ApiError> {
    let (pages, layout_hash) = hashes(ctx, doc)?;
    let issue_id = snap.issue.id;
    let stale = snap.signoffs.iter().any(|s| {
        s.voided_at.is_none()
            && pages.get(usize::from(s.page).wrapping_sub(1)) != Some(&s.page_hash)
    }) || snap
        .print_order
        .as_ref()
        .is_some_and(|o| o.layout_hash != layout_hash);
    if stale {
        void_stale(ctx, session, issue_id, &pages, &layout_hash, "")?;
    }
    let states = page_states(snap, &pages, &Default::default());
    let unsigned: Vec<u8> = states
        .iter()
        .filter(|p| p.signoff.is_none())
        .map(|p| p.page)
        .collect();
    let order = live_order(snap, &layout_hash);
    if !unsigned.is_empty() || order.is_none() {
        let names: Vec<String> = unsigned.iter().map(|p| format!("第{p}版")).collect();
        let message = if unsigned.is_empty() {
            "各版均已签版，但本期尚未付印（或付印后版面有变动），不能导出付印稿；可导出校样"
                .to_string()
        } else {
            format!(
                "{}尚未签版（或签版已失效），本期未付印，不能导出付印稿；可导出校样",
                names.join("、")
            )
        };
        return Err(ApiError::new(
            ErrorCode::NotSignedOff,
            message,
            format!(
                "issue {issue_id}: pages {unsigned:?} not signed off, print order: {}",
                order.is_some()
            ),
        )
        .with_detail(serde_json::json!({
            "unsigned_pages": unsigned,
            "print_order": order.is_some(),
        })));
    }
    let order = order.expect("checked above");
    manifest.layout_hash = Some(layout_hash);
    manifest.page_signoffs = states
        .into_iter()
        .filter_map(|p| p.signoff)
        .map(|s| ManifestSignoff {
            signoff_id: s.id,
            page: s.page,
            page_hash: s.page_hash,
            signer: s.signer.display_name,
            signed_at: s.signed_at,
        })
        .collect();
    manifest.print_order = Some(ManifestPrintOrder {
        print_order_id: order.id,
        ordered_by: order.by.display_name,
        ordered_at: order.at,
        layout_hash: order.layout_hash,
    });
    Ok(())
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y年%-m月%-d日 %H:%M")
        .to_string()
}

/// What is wrong with the 签版 and 付印 a final export's manifest names:
/// voided since, unknown to the workspace, not what the export recorded, or
/// bound to pages other than those the export typeset (`doc_json`, the
/// recorded document). Nothing for a 校样.
pub(crate) fn signoff_problems(
    ctx: &Context,
    claimed: &Manifest,
    recorded: Option<&Manifest>,
    doc_json: Option<&str>,
) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    if claimed.proof_copy {
        return Ok(out);
    }
    if let Some(r) = recorded {
        let ids = |m: &Manifest| {
            (
                m.print_order.as_ref().map(|o| o.print_order_id),
                m.page_signoffs
                    .iter()
                    .map(|s| (s.signoff_id, s.page, s.page_hash.clone()))
                    .collect::<Vec<_>>(),
            )
        };
        if ids(claimed) != ids(r) {
            out.push("导出清单中的签版或付印与导出记录不一致".into());
        }
    }
    let Some(order) = &claimed.print_order else {
        return Ok(out);
    };
    let exported: Option<Vec<String>> = match doc_json.filter(|d| !d.is_empty()) {
        Some(d) => match serde_json::from_str::<IssueDoc>(d) {
            Ok(doc) => Some(hashes(ctx, &doc)?.0),
            Err(e) => {
                tracing::warn!("recorded document unreadable: {e}");
                None
            }
        },
        None => None,
    };
    let mut pages: Vec<&ManifestSignoff> = claimed.page_signoffs.iter().collect();
    pages.sort_by_key(|s| s.page);
    for s in pages {
        let p = s.page;
        match ctx.store().page_signoff(s.signoff_id)? {
            None => out.push(format!("第{p}版的签版在本工作区中没有记录")),
            Some(live) if live.page != p || live.page_hash != s.page_hash => {
                out.push(format!("第{p}版的签版与工作区的记录不一致"))
            }
            Some(live) => {
                if let Some(at) = live.voided_at {
                    out.push(format!(
                        "第{p}版的签版（{}，{}）已于{}失效：{}",
                        live.signer.display_name,
                        when(live.signed_at),
                        when(at),
                        live.voided_reason
                    ));
                }
            }
        }
        if let Some(hashes) = &exported
            && hashes.get(usize::from(p).wrapping_sub(1)) != Some(&s.page_hash)
        {
            out.push(format!("第{p}版与签版时的版面不一致"));
        }
    }
    if let Some(hashes) = &exported {
        for (i, _) in hashes.iter().enumerate() {
            let p = i + 1;
            if !claimed
                .page_signoffs
                .iter()
                .any(|s| usize::from(s.page) == p)
            {
                out.push(format!("第{p}版没有签版"));
            }
        }
    }
    match ctx.store().print_order(order.print_order_id)? {
        None => out.push("付印在本工作区中没有记录".into()),
        Some(o) => {
            if o.layout_hash != order.layout_hash {
                out.push("付印与工作区的记录不一致".into());
            } else if let Some(at) = o.voided_at {
                out.push(format!(
                    "付印（{}，{}）已于{}失效：{}",
                    o.by.display_name,
                    when(o.at),
                    when(at),
                    o.voided_reason
                ));
            }
        }
    }
    Ok(out)
}

/// What preflight says of 签版 and 付印: a warning while a page is unsigned
/// (or its 签版 voided) or 付印 is not ordered at this layout — the print
/// PDF and the 数字报 wait for both.
pub(crate) fn preflight_items(
    ctx: &Context,
    snap: &IssueSnapshot,
    doc: &IssueDoc,
) -> Result<Vec<zonepress_export::PreflightItem>, ApiError> {
    let (pages, layout_hash) = hashes(ctx, doc)?;
    let unsigned: Vec<String> = page_states(snap, &pages, &Default::default())
        .iter()
        .filter(|p| p.signoff.is_none())
        .map(|p| format!("第{}版", p.page))
        .collect();
    let item = |zh: String, en: &str| {
        zonepress_export::PreflightItem::new(
            zonepress_export::Severity::Warning,
            "not_signed_off",
            None,
            None,
            zh,
            en.to_string(),
        )
    };
    Ok(if !unsigned.is_empty() {
        vec![item(
            format!(
                "{}尚未签版（或签版已失效）：各版签版并付印后才能导出付印稿",
                unsigned.join("、")
            ),
            "pages not signed off",
        )]
    } else if live_order(snap, &layout_hash).is_none() {
        vec![item(
            "各版均已签版，尚未付印：付印后才能导出付印稿".into(),
            "print not ordered",
        )]
    } else {
        vec![]
    })
}

/// What a verify says of a proof: that it is one, never a print copy.
pub(crate) fn proof_note(manifest: &Manifest) -> Option<String> {
    manifest.proof_copy.then(|| {
        let label = manifest.proof_round.map_or_else(
            || "校样".to_string(),
            zonepress_core::pages::proof_copy_label,
        );
        format!("这是{label}，不是付印稿：只核对文字，不核对签发和签版")
    })
}
