//! The 三审 review workflow as pure decisions.
//!
//! Each function looks at where an article stands and who asks, and either
//! refuses with a [`CoreError`] or returns a [`Decision`]: the new status and
//! level, the signature to add, whether the live signatures are voided. The
//! store applies a decision inside one transaction and appends the transition
//! to the audit log.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::model::{ArticleStatus, Id, Role, User, UserRef};

/// Most review levels a publication can have (初审, 复审, 终审).
pub const MAX_LEVELS: u8 = 3;

/// A reviewer's signature on one level, bound to the revision it approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Signature {
    pub id: Id,
    pub article_id: Id,
    pub level: u8,
    pub signer: UserRef,
    pub signed_at: DateTime<Utc>,
    pub opinion: String,
    pub revision: u32,
    pub content_hash: String,
    /// Set when a later change voided this signature; it stays on record.
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided, e.g. `第5版修改了内容`.
    pub voided_reason: String,
    /// When the signer's password had been reset by another account (and
    /// not changed by its owner of their own accord since) at signing time:
    /// who reset it and when. Shown as a warning.
    #[serde(default)]
    pub signer_reset: Option<PasswordReset>,
    /// Carried to this revision by a 校改 (a correction applied from a proof
    /// mark, inside the marked span): the signature it continues, on the
    /// revision before. The page's 签版 approves the correction.
    #[serde(default)]
    pub carried: Option<Carried>,
}

/// Where a carried signature comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Carried {
    /// The signature it continues (voided when carried).
    pub signature_id: Id,
    /// That signature's revision.
    pub from_revision: u32,
    /// The proof mark whose correction made the new revision.
    pub mark_id: Option<Id>,
}

/// A password reset by someone other than the account's owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PasswordReset {
    pub by: UserRef,
    pub at: DateTime<Utc>,
}

impl Signature {
    pub fn is_live(&self) -> bool {
        self.voided_at.is_none()
    }
}

/// What happened to an article, as written to the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKind {
    Create,
    Submit,
    Approve,
    Return,
    Withdraw,
    Reopen,
    /// A content change that moved the article (or voided signatures).
    Edit,
    Restore,
    /// 校改: a correction applied from a proof mark inside its span; the
    /// signatures are carried to the new revision.
    Correct,
}

impl TransitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Create => "create",
            TransitionKind::Submit => "submit",
            TransitionKind::Approve => "approve",
            TransitionKind::Return => "return",
            TransitionKind::Withdraw => "withdraw",
            TransitionKind::Reopen => "reopen",
            TransitionKind::Edit => "edit",
            TransitionKind::Restore => "restore",
            TransitionKind::Correct => "correct",
        }
    }

    pub fn parse(s: &str) -> Option<TransitionKind> {
        [
            TransitionKind::Create,
            TransitionKind::Submit,
            TransitionKind::Approve,
            TransitionKind::Return,
            TransitionKind::Withdraw,
            TransitionKind::Reopen,
            TransitionKind::Edit,
            TransitionKind::Restore,
            TransitionKind::Correct,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One row of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct Transition {
    pub id: Id,
    pub article_id: Id,
    pub kind: TransitionKind,
    pub actor: UserRef,
    pub at: DateTime<Utc>,
    pub from_status: Option<ArticleStatus>,
    pub from_level: Option<u8>,
    pub to_status: ArticleStatus,
    pub to_level: Option<u8>,
    pub revision: u32,
    pub content_hash: String,
    pub opinion: String,
}

/// Where an article stands, as the workflow needs to know it.
#[derive(Debug, Clone)]
pub struct ReviewState<'a> {
    pub status: ArticleStatus,
    pub review_level: Option<u8>,
    pub author_id: Id,
    pub revision: u32,
    /// The signatures not voided.
    pub live_signatures: &'a [Signature],
    /// The publication's number of review levels (1–3).
    pub levels: u8,
    /// Every account that wrote any part of the current review round's text:
    /// the author (or importer) and whoever saved or restored a revision
    /// since the article last went back to its author. None of them may sign.
    pub writers: &'a [Id],
}

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub kind: TransitionKind,
    pub to_status: ArticleStatus,
    pub to_level: Option<u8>,
    /// Sign this level at the current revision.
    pub sign_level: Option<u8>,
    /// Void every live signature.
    pub void_signatures: bool,
}

fn check_revision(state: &ReviewState, given: u32) -> Result<(), CoreError> {
    if given != state.revision {
        return Err(CoreError::StaleRevision {
            given,
            current: state.revision,
        });
    }
    Ok(())
}

fn refuse(state: &ReviewState, action: &'static str) -> CoreError {
    CoreError::InvalidTransition {
        status: state.status,
        action,
    }
}

/// 送审: a draft or a returned article goes to 初审.
pub fn submit(state: &ReviewState, revision: u32) -> Result<Decision, CoreError> {
    if !matches!(state.status, ArticleStatus::Draft | ArticleStatus::Returned) {
        return Err(refuse(state, "submit"));
    }
    check_revision(state, revision)?;
    Ok(Decision {
        kind: TransitionKind::Submit,
        to_status: ArticleStatus::InReview,
        to_level: Some(1),
        sign_level: None,
        void_signatures: !state.live_signatures.is_empty(),
    })
}

/// The checks shared by approve and return: the article waits for a level,
/// the reviewer is not its author, may act on that level and has not
/// signed another level of it.
fn check_reviewer(
    state: &ReviewState,
    reviewer: &User,
    revision: u32,
    expected_level: Option<u8>,
) -> Result<u8, CoreError> {
    let level = match (state.status, state.review_level) {
        (ArticleStatus::InReview, Some(level)) => level,
        _ => return Err(refuse(state, "review")),
    };
    check_revision(state, revision)?;
    if let Some(expected) = expected_level
        && expected != level
    {
        return Err(CoreError::LevelMoved {
            expected,
            current: Some(level),
        });
    }
    if !reviewer.has_role(Role::Reviewer) {
        return Err(CoreError::MissingRole {
            action: crate::Action::Review,
            needed: crate::Action::Review.roles(),
        });
    }
    if reviewer.id == state.author_id {
        return Err(CoreError::OwnArticle);
    }
    if state.writers.contains(&reviewer.id) {
        return Err(CoreError::WroteRevision);
    }
    if !reviewer.may_sign_level(level) {
        return Err(CoreError::LevelNotAllowed { level });
    }
    if let Some(sig) = state
        .live_signatures
        .iter()
        .find(|s| s.signer.id == reviewer.id)
    {
        return Err(CoreError::AlreadySigned { level: sig.level });
    }
    Ok(level)
}

/// 签发 at the awaited level: on to the next level, or approved after the last.
/// `expected_level` is the level the reviewer saw; when the article moved on
/// meanwhile (another reviewer signed first) the approval is refused.
pub fn approve(
    state: &ReviewState,
    reviewer: &User,
    revision: u32,
    expected_level: Option<u8>,
) -> Result<Decision, CoreError> {
    let level = check_reviewer(state, reviewer, revision, expected_level)?;
    let last = state.levels.clamp(1, MAX_LEVELS);
    let (to_status, to_level) = if level >= last {
        (ArticleStatus::Approved, None)
    } else {
        (ArticleStatus::InReview, Some(level + 1))
    };
    Ok(Decision {
        kind: TransitionKind::Approve,
        to_status,
        to_level,
        sign_level: Some(level),
        void_signatures: false,
    })
}

/// 退回 with an opinion: back to the author; the round's signatures are voided,
/// so a resubmission is reviewed from 初审 again.
pub fn return_to_author(
    state: &ReviewState,
    reviewer: &User,
    revision: u32,
    expected_level: Option<u8>,
    opinion: &str,
) -> Result<Decision, CoreError> {
    check_reviewer(state, reviewer, revision, expected_level)?;
    if opinion.trim().is_empty() {
        return Err(CoreError::OpinionRequired);
    }
    Ok(Decision {
        kind: TransitionKind::Return,
        to_status: ArticleStatus::Returned,
        to_level: None,
        sign_level: None,
        void_signatures: !state.live_signatures.is_empty(),
    })
}

fn check_author_or_admin(state: &ReviewState, actor: &User) -> Result<(), CoreError> {
    if actor.id == state.author_id || actor.has_role(Role::Admin) {
        Ok(())
    } else {
        Err(CoreError::NotAuthor)
    }
}

/// 撤稿 by the author or an admin, from any state but withdrawn.
pub fn withdraw(state: &ReviewState, actor: &User) -> Result<Decision, CoreError> {
    check_author_or_admin(state, actor)?;
    if state.status == ArticleStatus::Withdrawn {
        return Err(refuse(state, "withdraw"));
    }
    Ok(Decision {
        kind: TransitionKind::Withdraw,
        to_status: ArticleStatus::Withdrawn,
        to_level: None,
        sign_level: None,
        void_signatures: !state.live_signatures.is_empty(),
    })
}

/// Reopen a withdrawn article as a draft.
pub fn reopen(state: &ReviewState, actor: &User) -> Result<Decision, CoreError> {
    check_author_or_admin(state, actor)?;
    if state.status != ArticleStatus::Withdrawn {
        return Err(refuse(state, "reopen"));
    }
    Ok(Decision {
        kind: TransitionKind::Reopen,
        to_status: ArticleStatus::Draft,
        to_level: None,
        sign_level: None,
        void_signatures: false,
    })
}

/// A content change (save or restore). Drafts and returned articles stay as
/// they are. An article in review or approved goes back to 初审 and every
/// live signature is voided. Withdrawn articles must be reopened first.
/// `None` means nothing to record beyond the new revision.
pub fn on_content_change(
    state: &ReviewState,
    kind: TransitionKind,
) -> Result<Option<Decision>, CoreError> {
    match state.status {
        ArticleStatus::Withdrawn => Err(refuse(state, "edit")),
        ArticleStatus::Draft | ArticleStatus::Returned => Ok(None),
        ArticleStatus::InReview | ArticleStatus::Approved => {
            let moves = state.status != ArticleStatus::InReview || state.review_level != Some(1);
            let void = !state.live_signatures.is_empty();
            if !moves && !void {
                return Ok(None);
            }
            Ok(Some(Decision {
                kind,
                to_status: ArticleStatus::InReview,
                to_level: Some(1),
                sign_level: None,
                void_signatures: void,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn user(id: Id, roles: &[Role], levels: &[u8]) -> User {
        User {
            id,
            username: format!("u{id}"),
            display_name: format!("用户{id}"),
            roles: roles.to_vec(),
            review_levels: levels.to_vec(),
            disabled: false,
            must_change_password: false,
        }
    }

    fn sig(level: u8, signer: &User) -> Signature {
        Signature {
            id: level as Id,
            article_id: 1,
            level,
            signer: signer.as_ref(),
            signed_at: Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
            opinion: String::new(),
            revision: 2,
            content_hash: "h".into(),
            voided_at: None,
            voided_reason: String::new(),
            signer_reset: None,
            carried: None,
        }
    }

    fn state(status: ArticleStatus, level: Option<u8>, sigs: &[Signature]) -> ReviewState<'_> {
        ReviewState {
            status,
            review_level: level,
            author_id: 1,
            revision: 2,
            live_signatures: sigs,
            levels: 3,
            writers: &[1],
        }
    }

    #[test]
    fn three_levels_lead_to_approval() {
        let r1 = user(2, &[Role::Reviewer], &[1]);
        let r2 = user(3, &[Role::Reviewer], &[2, 3]);
        let r3 = user(4, &[Role::Reviewer], &[]);
        let d = approve(&state(ArticleStatus::InReview, Some(1), &[]), &r1, 2, None).unwrap();
        assert_eq!(
            (d.to_status, d.to_level, d.sign_level),
            (ArticleStatus::InReview, Some(2), Some(1))
        );
        let s1 = [sig(1, &r1)];
        let d = approve(&state(ArticleStatus::InReview, Some(2), &s1), &r2, 2, None).unwrap();
        assert_eq!(d.to_level, Some(3));
        let s2 = [sig(1, &r1), sig(2, &r2)];
        let d = approve(&state(ArticleStatus::InReview, Some(3), &s2), &r3, 2, None).unwrap();
        assert_eq!((d.to_status, d.to_level), (ArticleStatus::Approved, None));
    }

    #[test]
    fn one_level_publication_approves_at_first_signature() {
        let r = user(2, &[Role::Reviewer], &[]);
        let mut st = state(ArticleStatus::InReview, Some(1), &[]);
        st.levels = 1;
        assert_eq!(
            approve(&st, &r, 2, None).unwrap().to_status,
            ArticleStatus::Approved
        );
    }

    #[test]
    fn separation_of_duties() {
        let author_reviewer = user(1, &[Role::Editor, Role::Reviewer], &[]);
        let r1 = user(2, &[Role::Reviewer], &[]);
        let only_first = user(5, &[Role::Reviewer], &[1]);
        let editor = user(6, &[Role::Editor], &[]);
        let st = state(ArticleStatus::InReview, Some(1), &[]);
        assert_eq!(
            approve(&st, &author_reviewer, 2, None),
            Err(CoreError::OwnArticle)
        );
        let s1 = [sig(1, &r1)];
        let st2 = state(ArticleStatus::InReview, Some(2), &s1);
        assert_eq!(
            approve(&st2, &r1, 2, None),
            Err(CoreError::AlreadySigned { level: 1 })
        );
        assert_eq!(
            return_to_author(&st2, &r1, 2, None, "再改改"),
            Err(CoreError::AlreadySigned { level: 1 })
        );
        assert_eq!(
            approve(&st2, &only_first, 2, None),
            Err(CoreError::LevelNotAllowed { level: 2 })
        );
        assert!(matches!(
            approve(&st, &editor, 2, None),
            Err(CoreError::MissingRole { .. })
        ));
    }

    #[test]
    fn a_level_that_moved_on_is_refused() {
        let r1 = user(2, &[Role::Reviewer], &[]);
        let r2 = user(3, &[Role::Reviewer], &[]);
        let s1 = [sig(1, &r1)];
        let st = state(ArticleStatus::InReview, Some(2), &s1);
        assert_eq!(
            approve(&st, &r2, 2, Some(1)),
            Err(CoreError::LevelMoved {
                expected: 1,
                current: Some(2)
            })
        );
        assert!(approve(&st, &r2, 2, Some(2)).is_ok());
    }

    #[test]
    fn stale_revision_is_refused() {
        let r = user(2, &[Role::Reviewer], &[]);
        let st = state(ArticleStatus::InReview, Some(1), &[]);
        assert_eq!(
            approve(&st, &r, 1, None),
            Err(CoreError::StaleRevision {
                given: 1,
                current: 2
            })
        );
        assert_eq!(
            submit(&state(ArticleStatus::Draft, None, &[]), 3),
            Err(CoreError::StaleRevision {
                given: 3,
                current: 2
            })
        );
    }

    #[test]
    fn return_needs_an_opinion_and_voids_signatures() {
        let r1 = user(2, &[Role::Reviewer], &[]);
        let r2 = user(3, &[Role::Reviewer], &[]);
        let s1 = [sig(1, &r1)];
        let st = state(ArticleStatus::InReview, Some(2), &s1);
        assert_eq!(
            return_to_author(&st, &r2, 2, None, "  "),
            Err(CoreError::OpinionRequired)
        );
        let d = return_to_author(&st, &r2, 2, None, "数据请核实").unwrap();
        assert_eq!(d.to_status, ArticleStatus::Returned);
        assert!(d.void_signatures);
    }

    #[test]
    fn editing_after_signatures_goes_back_to_first_level() {
        let r1 = user(2, &[Role::Reviewer], &[]);
        let s = [sig(1, &r1), sig(2, &r1)];
        let d = on_content_change(
            &state(ArticleStatus::Approved, None, &s),
            TransitionKind::Edit,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (d.to_status, d.to_level, d.void_signatures),
            (ArticleStatus::InReview, Some(1), true)
        );
        assert_eq!(
            on_content_change(
                &state(ArticleStatus::Draft, None, &[]),
                TransitionKind::Edit
            ),
            Ok(None)
        );
        assert_eq!(
            on_content_change(
                &state(ArticleStatus::InReview, Some(1), &[]),
                TransitionKind::Edit
            ),
            Ok(None)
        );
        assert!(
            on_content_change(
                &state(ArticleStatus::Withdrawn, None, &[]),
                TransitionKind::Edit
            )
            .is_err()
        );
    }

    #[test]
    fn withdraw_and_reopen_by_author_or_admin_only() {
        let author = user(1, &[Role::Editor], &[]);
        let other = user(7, &[Role::Editor], &[]);
        let admin = user(8, &[Role::Admin], &[]);
        let st = state(ArticleStatus::Draft, None, &[]);
        assert_eq!(withdraw(&st, &other), Err(CoreError::NotAuthor));
        assert_eq!(
            withdraw(&st, &author).unwrap().to_status,
            ArticleStatus::Withdrawn
        );
        assert!(withdraw(&st, &admin).is_ok());
        let w = state(ArticleStatus::Withdrawn, None, &[]);
        assert!(withdraw(&w, &author).is_err());
        assert_eq!(reopen(&w, &author).unwrap().to_status, ArticleStatus::Draft);
        assert!(reopen(&st, &author).is_err());
    }

    #[test]
    fn approve_is_only_for_articles_in_review() {
        let r = user(2, &[Role::Reviewer], &[]);
        for status in [
            ArticleStatus::Draft,
            ArticleStatus::Approved,
            ArticleStatus::Returned,
            ArticleStatus::Withdrawn,
        ] {
            assert!(matches!(
                approve(&state(status, None, &[]), &r, 2, None),
                Err(CoreError::InvalidTransition { .. })
            ));
        }
    }

    #[test]
    fn nobody_signs_a_round_they_wrote_part_of() {
        let editor_reviewer = user(5, &[Role::Editor, Role::Reviewer], &[]);
        let sigs: [Signature; 0] = [];
        let mut st = state(ArticleStatus::InReview, Some(1), &sigs);
        let writers = [1, 5];
        st.writers = &writers;
        assert_eq!(
            approve(&st, &editor_reviewer, 2, None).unwrap_err(),
            CoreError::WroteRevision
        );
        assert_eq!(
            return_to_author(&st, &editor_reviewer, 2, None, "改").unwrap_err(),
            CoreError::WroteRevision
        );
        let other = user(6, &[Role::Reviewer], &[]);
        assert!(approve(&st, &other, 2, None).is_ok());
    }
}
