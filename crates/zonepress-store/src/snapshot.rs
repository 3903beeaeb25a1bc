//! One consistent read of everything an issue's preflight and export need:
//! the publication, the issue, its page plan, every placed article with its
//! live signatures and ignored findings, the proofreading passes, the
//! accounts and the proofreading lists. Read in one transaction, so a save
//! committed meanwhile is either wholly in it or not at all.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension};
use zonepress_core::layout::IssuePlan;
use zonepress_core::workflow::Signature;
use zonepress_core::{Article, Id, Issue, Publication, User};

use crate::proof::{IgnoreRow, ProofPass, RosterRow, WordRow};
use crate::{Result, Store};

/// An issue as it stood at one instant.
#[derive(Debug, Clone)]
pub struct IssueSnapshot {
    pub publication: Publication,
    pub issue: Issue,
    /// The stored page plan (`None` when none was saved yet).
    pub plan: Option<IssuePlan>,
    /// Every placed article, by id.
    pub articles: BTreeMap<Id, Article>,
    /// Live signatures of each placed article.
    pub signatures: HashMap<Id, Vec<Signature>>,
    /// Ignored (and proposed) findings of each placed article.
    pub ignores: HashMap<Id, Vec<IgnoreRow>>,
    pub passes: Vec<ProofPass>,
    pub users: Vec<User>,
    pub roster: Vec<RosterRow>,
    pub words: Vec<WordRow>,
    /// Changes when the roster or word list changes (the checker cache key).
    pub lists_version: (i64, i64, i64, i64),
    /// The audit log's newest entry, for the manifest of an export.
    pub audit_head: Option<crate::audit::AuditHead>,
    /// Every page sign-off of the issue (live and voided), by page.
    pub signoffs: Vec<crate::pages::PageSignoff>,
    /// The live 付印, if any.
    pub print_order: Option<crate::pages::PrintOrder>,
    /// 印刷设置: the output condition the print PDF is made for.
    pub print: zonepress_core::press::PrintSettings,
    /// 预留版位 still without their article on a page.
    pub slots: Vec<zonepress_core::topics::ReservedSlot>,
}

fn plan(conn: &Connection, issue_id: Id) -> Result<Option<IssuePlan>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT plan_json FROM page_plans WHERE issue_id = ?1",
            [issue_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}

impl Store {
    /// Read an issue for preflight and export in one transaction.
    pub fn issue_snapshot(&self, issue_id: Id) -> Result<IssueSnapshot> {
        self.snapshot(|c| {
            let issue = crate::issues::load_issue(c, issue_id)?;
            let plan = plan(c, issue_id)?;
            let pages = plan
                .as_ref()
                .map_or(issue.page_count, |p| p.pages.len() as u8);
            let placed: Vec<Id> = plan.iter().flat_map(|p| p.placed_ids()).collect();
            let slots = crate::topics::reserved_slots_in(c, issue_id, &placed, pages)?;
            let mut articles = BTreeMap::new();
            let mut signatures = HashMap::new();
            let mut ignores = HashMap::new();
            for id in plan.iter().flat_map(|p| p.placed_ids()) {
                articles.insert(id, crate::articles::load_article(c, id)?);
                signatures.insert(id, crate::review::live_signatures(c, id)?);
                ignores.insert(id, crate::proof::ignores_in(c, id)?);
            }
            Ok(IssueSnapshot {
                publication: crate::users::publication_in(c)?,
                issue,
                plan,
                articles,
                signatures,
                ignores,
                passes: crate::proof::passes_in(c, issue_id)?,
                users: crate::users::users_in(c)?,
                roster: crate::proof::roster_in(c)?,
                words: crate::proof::words_in(c)?,
                lists_version: crate::proof::lists_version_in(c)?,
                audit_head: crate::audit::head_in(c)?,
                signoffs: crate::pages::signoffs_in(c, issue_id)?,
                print_order: crate::pages::live_order_in(c, issue_id)?,
                print: crate::press::settings_in(c)?,
                slots,
            })
        })
    }
}
