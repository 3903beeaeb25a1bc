//! Who reads contributors' phone numbers: only those who keep the list
//! (editors and admins). Proofreaders, reviewers and layout staff read the
//! contributors — names, units, accounts — but never a number.
//!
//! Every answer that carries a [`Contributor`] takes it from
//! [`contributors_for`] (or passes it through [`for_reader`]), so the rule
//! is written once: `list_contributors`, `article_credits` and
//! `confirm_article_credits` alike.

use zonepress_core::{Action, authorize};
use zonepress_store::contributors::Contributor;

use crate::{ApiError, Context, Session};

/// May this session read phone numbers?
pub(crate) fn reads_phones(session: &Session) -> bool {
    authorize(&session.user, Action::ManageContributors).is_ok()
}

/// A contributor as `session` may see it.
pub(crate) fn for_reader(session: &Session, mut c: Contributor) -> Contributor {
    if !reads_phones(session) {
        c.phone.clear();
    }
    c
}

/// Every contributor, as `session` may see them.
pub(crate) fn contributors_for(
    ctx: &Context,
    session: &Session,
) -> Result<Vec<Contributor>, ApiError> {
    let all = ctx.store().list_contributors()?;
    Ok(all.into_iter().map(|c| for_reader(session, c)).collect())
}
