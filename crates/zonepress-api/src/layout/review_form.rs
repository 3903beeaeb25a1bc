//! The 审稿单 (review form) of an article as a PDF.

use zonepress_core::{Action, authorize};
use zonepress_export::ReviewForm;

use super::exporter;
use crate::articles::IdInput;
use crate::{ApiError, Binary, Context, Session};

pub fn export_review_form(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let a = ctx.store().article(input.id)?;
    let publication = ctx.store().publication()?;
    let issue_label = match a.issue_id {
        Some(id) => Some(ctx.store().issue(id)?.label()),
        None => None,
    };
    let form = ReviewForm {
        publication_name: publication.name,
        issue_label,
        article_id: a.id,
        kicker: a.content.kicker.clone(),
        title: a.content.title.clone(),
        subtitle: a.content.subtitle.clone(),
        author: a.author.display_name.clone(),
        byline: a.content.byline.clone(),
        length: a.length,
        revision: a.revision,
        content_hash: a.content_hash.clone(),
        levels: publication.review_levels,
        signatures: ctx.store().history(a.id)?.signatures,
        status_zh: a.status.label_zh(a.review_level),
        generated_at: chrono::Local::now()
            .format("%Y年%-m月%-d日 %H:%M")
            .to_string(),
    };
    let pdf = exporter(ctx)?.review_form_pdf(&form)?;
    Ok(Binary {
        record_id: None,
        content_type: "application/pdf".into(),
        file_name: format!("审稿单-{}.pdf", a.id),
        bytes: pdf,
    })
}
