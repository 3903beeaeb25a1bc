//! Who may do what. Every api command names its [`Action`] and calls
//! [`authorize`] before touching anything; the UI only hides what this refuses.

use crate::error::CoreError;
use crate::model::{Id, Role, User};

/// Everything a signed-in account can ask for, grouped by the roles it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read issues, articles, revisions, history and comments.
    Read,
    /// Create or change an issue's number, date and page count.
    ManageIssues,
    /// Create an article, save it, restore a revision, submit it for review.
    WriteArticle,
    /// Import correspondents' files as drafts.
    ImportArticles,
    /// Approve (签发) or return (退回) at a review level.
    Review,
    /// Comment on a passage.
    Comment,
    /// Ignore a proofreading warning with a reason, or propose ignoring an error.
    Proofread,
    /// Ignore an error-severity finding, or confirm or reject a proposal to.
    IgnoreError,
    /// Record 一校/二校/三校 of an issue.
    RecordProofPass,
    /// Page plan, page previews, preflight.
    Layout,
    /// Export the print PDF.
    Export,
    /// Check a PDF or 数字报 against the workspace (`verify_export`): those
    /// who export, and the reviewers who answer for what was printed.
    VerifyExport,
    /// Accounts and roles.
    ManageUsers,
    /// Publication settings, roster and word lists.
    ManageSettings,
    /// Back up and restore the workspace.
    Backup,
    /// Turn 局域网共享 (serving the desktop's workspace to the office) on or off.
    ShareWorkspace,
    /// Keep the list of contributors 通讯员 and confirm who a byline names.
    ManageContributors,
    /// See 稿酬 amounts and export payment statements.
    ViewPayments,
    /// Set the payment rules, issue and void payment statements.
    ManagePayments,
    /// Freeze the layout as a 校样 round (一校/二校/三校).
    StartProofRound,
    /// Close a 校样 round once every mark on it is resolved.
    CloseProofRound,
    /// Place proof marks on a 校样's pages.
    MarkProof,
    /// Apply or reject proof marks (layout staff: marks on the layout only).
    ResolveProofMark,
    /// 报题: propose a topic; see one's own topics and notifications.
    ProposeTopic,
    /// Create and import one's own articles (editors and 通讯员).
    WriteOwnArticle,
    /// 选题会 and 派稿: decide on topics, assign them, link articles, see every topic.
    PlanTopics,
}

impl Action {
    pub const ALL: [Action; 26] = [
        Action::Read,
        Action::ManageIssues,
        Action::WriteArticle,
        Action::ImportArticles,
        Action::Review,
        Action::Comment,
        Action::Proofread,
        Action::IgnoreError,
        Action::RecordProofPass,
        Action::Layout,
        Action::Export,
        Action::VerifyExport,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::Backup,
        Action::ShareWorkspace,
        Action::ManageContributors,
        Action::ViewPayments,
        Action::ManagePayments,
        Action::StartProofRound,
        Action::CloseProofRound,
        Action::MarkProof,
        Action::ResolveProofMark,
        Action::ProposeTopic,
        Action::WriteOwnArticle,
        Action::PlanTopics,
    ];

    /// The roles of which an account needs at least one.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::Read => &[Editor, Reviewer, Proofreader, Layout, Admin],
            Action::ManageIssues => &[Editor, Layout, Admin],
            Action::WriteArticle | Action::ImportArticles => &[Editor],
            Action::Review => &[Reviewer],
            Action::Comment => &[Editor, Reviewer, Proofreader, Layout],
            Action::Proofread => &[Proofreader, Editor, Admin],
            Action::IgnoreError => &[Proofreader, Admin],
            Action::RecordProofPass => &[Proofreader],
            Action::Layout => &[Layout, Proofreader, Admin],
            Action::Export => &[Layout],
            Action::VerifyExport => &[Layout, Admin, Reviewer],
            Action::ManageUsers
            | Action::ManageSettings
            | Action::Backup
            | Action::ShareWorkspace => &[Admin],
            Action::ManageContributors => &[Editor, Admin],
            // 审核 (the office's heads who sign 初审 to 终审) approve the
            // payment sheet; editors may be correspondents paid on it.
            Action::ViewPayments => &[Reviewer, Admin],
            Action::ManagePayments => &[Admin],
            Action::StartProofRound => &[Layout],
            Action::CloseProofRound => &[Layout, Proofreader],
            Action::MarkProof => &[Proofreader, Editor, Reviewer],
            Action::ResolveProofMark => &[Editor, Layout],
            Action::ProposeTopic => &[Editor, Reviewer, Proofreader, Layout, Admin, Correspondent],
            Action::WriteOwnArticle => &[Editor, Correspondent],
            Action::PlanTopics => &[Editor, Admin],
        }
    }
}

/// Refuse unless the account holds a role the action needs.
pub fn authorize(user: &User, action: Action) -> Result<(), CoreError> {
    let needed = action.roles();
    if !user.disabled && needed.iter().any(|r| user.has_role(*r)) {
        Ok(())
    } else {
        Err(CoreError::MissingRole { action, needed })
    }
}

/// Actions a 通讯员 may take on an article of their own (and only theirs).
const OWN_ARTICLE_ACTIONS: &[Action] = &[Action::Read, Action::WriteArticle];

/// Refuse unless the account holds a role the action needs, or it is a
/// 通讯员 reading or writing an article they wrote (`author_id`).
pub fn authorize_article(user: &User, action: Action, author_id: Id) -> Result<(), CoreError> {
    match authorize(user, action) {
        Ok(()) => Ok(()),
        Err(e) => {
            if !user.disabled
                && user.has_role(Role::Correspondent)
                && user.id == author_id
                && OWN_ARTICLE_ACTIONS.contains(&action)
            {
                Ok(())
            } else {
                Err(e)
            }
        }
    }
}

/// Whether the account sees everything a 通讯员 may not (staff roles).
pub fn is_staff(user: &User) -> bool {
    user.roles.iter().any(|r| *r != Role::Correspondent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: &[Role]) -> User {
        User {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            roles: roles.to_vec(),
            review_levels: vec![],
            disabled: false,
            must_change_password: false,
        }
    }

    #[test]
    fn each_action_is_allowed_exactly_for_its_roles() {
        for action in Action::ALL {
            for role in Role::ALL {
                let allowed = authorize(&user(&[role]), action).is_ok();
                assert_eq!(
                    allowed,
                    action.roles().contains(&role),
                    "{action:?} for {role:?}"
                );
            }
        }
    }

    #[test]
    fn no_roles_no_access_and_disabled_accounts_are_refused() {
        assert!(authorize(&user(&[]), Action::Read).is_err());
        let mut u = user(&[Role::Admin]);
        u.disabled = true;
        assert!(authorize(&u, Action::Read).is_err());
    }

    #[test]
    fn a_correspondent_reads_and_writes_only_their_own_articles() {
        let mut c = user(&[Role::Correspondent]);
        c.id = 7;
        assert!(authorize_article(&c, Action::Read, 7).is_ok());
        assert!(authorize_article(&c, Action::WriteArticle, 7).is_ok());
        assert!(authorize_article(&c, Action::Read, 8).is_err());
        assert!(authorize_article(&c, Action::Review, 7).is_err());
        assert!(authorize(&c, Action::Read).is_err());
        c.disabled = true;
        assert!(authorize_article(&c, Action::Read, 7).is_err());
        assert!(!is_staff(&user(&[Role::Correspondent])));
        assert!(is_staff(&user(&[Role::Correspondent, Role::Editor])));
    }

    #[test]
    fn several_roles_combine() {
        let u = user(&[Role::Editor, Role::Layout]);
        assert!(authorize(&u, Action::WriteArticle).is_ok());
        assert!(authorize(&u, Action::Export).is_ok());
        assert!(authorize(&u, Action::Review).is_err());
    }
}
