//! Proofreading 校对: checking text and articles against the rules, the
//! roster and the word list; ignoring findings with a reason; the error rate
//! (差错率) of an issue; the three proofreading passes; the list editors.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zonepress_core::{Action, Article, ArticleContent, Block, Id, UserRef, authorize};
use zonepress_proof::{CheckContext, Checker, Finding, RosterEntry, Severity, WordKind, WordRule};
use zonepress_store::articles::ArticleFilter;
use zonepress_store::proof::{ProofPass, RosterRow, WordRow};

use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, ErrorCode, Session};

type ListsVersion = (i64, i64, i64, i64);

/// The lists' version and whether the publication is a 内部资料 (whose
/// word-list entries apply only then).
type CheckerKey = (ListsVersion, bool);

/// The checker built from the workspace's roster and word list, rebuilt
/// only when either changes (or the publication's kind does).
#[derive(Default)]
pub struct CheckerCache(Mutex<Option<(CheckerKey, Arc<Checker>)>>);

impl std::fmt::Debug for CheckerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckerCache")
    }
}

fn word_kind(kind: &str) -> WordKind {
    match kind {
        "deprecated" => WordKind::Deprecated,
        "internal" => WordKind::Internal,
        _ => WordKind::Confusable,
    }
}

fn kind_str(kind: WordKind) -> &'static str {
    match kind {
        WordKind::Confusable => "confusable",
        WordKind::Deprecated => "deprecated",
        WordKind::Internal => "internal",
    }
}

fn is_internal(p: &zonepress_core::Publication) -> bool {
    p.kind == zonepress_core::press::PublicationKind::Internal
}

/// The workspace's checker.
pub fn checker(ctx: &Context) -> Result<Arc<Checker>, ApiError> {
    let version = ctx.store().proof_lists_version()?;
    let internal = is_internal(&ctx.store().publication()?);
    cached_checker(ctx, (version, internal), || {
        Ok((ctx.store().roster()?, ctx.store().word_rules()?))
    })
}

/// The checker for the lists of a snapshot.
pub(crate) fn checker_from(
    ctx: &Context,
    snap: &zonepress_store::snapshot::IssueSnapshot,
) -> Result<Arc<Checker>, ApiError> {
    let key = (snap.lists_version, is_internal(&snap.publication));
    cached_checker(ctx, key, || Ok((snap.roster.clone(), snap.words.clone())))
}

fn cached_checker(
    ctx: &Context,
    version: CheckerKey,
    lists: impl FnOnce() -> Result<(Vec<RosterRow>, Vec<WordRow>), ApiError>,
) -> Result<Arc<Checker>, ApiError> {
    let mut cache = ctx
        .checker_cache()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some((v, c)) = cache.as_ref()
        && *v == version
    {
        return Ok(Arc::clone(c));
    }
    let (roster, words) = lists()?;
    let roster: Vec<RosterEntry> = roster
        .into_iter()
        .map(|r| RosterEntry {
            name: r.name,
            title: r.title,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
        })
        .collect();
    // 内部资料 wording is checked only for a publication printed as one.
    let internal = version.1;
    let words: Vec<WordRule> = words
        .into_iter()
        .filter(|w| internal || word_kind(&w.kind) != WordKind::Internal)
        .map(|w| WordRule {
            wrong: w.wrong,
            right: w.right,
            kind: word_kind(&w.kind),
            note: w.note,
            certain: w.certain,
            exceptions: w.exceptions,
        })
        .collect();
    let built = Arc::new(Checker::new(&roster, &words));
    *cache = Some((version, Arc::clone(&built)));
    Ok(built)
}

/// Put the starter word list into a workspace that never had one; a
/// workspace seeded before the 内部资料 entries existed gets those once
/// (an admin who deletes them later switches the rule off for good).
pub fn seed_word_list(ctx: &Context) -> Result<(), ApiError> {
    let seeded = ctx.store().setting("word_list_seeded")?.is_some();
    let internal_seeded = ctx.store().setting("word_list_internal_seeded")?.is_some();
    if seeded && internal_seeded {
        return Ok(());
    }
    let rows: Vec<WordRow> = zonepress_proof::starter_word_list()
        .into_iter()
        .filter(|w| !seeded || w.kind == WordKind::Internal)
        .map(|w| WordRow {
            id: 0,
            wrong: w.wrong,
            right: w.right,
            kind: kind_str(w.kind).into(),
            note: w.note,
            certain: w.certain,
            exceptions: w.exceptions,
        })
        .collect();
    ctx.store()
        .add_word_rules(&zonepress_store::audit::Actor::system(), &rows)?;
    ctx.store().set_setting("word_list_seeded", "1")?;
    ctx.store().set_setting("word_list_internal_seeded", "1")?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CheckTextInput {
    pub text: String,
    /// Dates are checked against this issue's period.
    #[serde(default)]
    pub issue_id: Option<Id>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct CheckTextOutput {
    pub findings: Vec<Finding>,
    /// Characters checked (whitespace excluded).
    pub chars: u32,
    /// Error-severity findings per 10,000 characters.
    pub error_rate: f64,
}

/// Which part of an article a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingField {
    Kicker,
    Title,
    Subtitle,
    Body,
}

/// A finding placed in the article: the field, the body block, the range
/// inside that text, and whether it was ignored.
#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct ArticleFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub field: FindingField,
    /// Index of the body block (for `body`).
    pub block: Option<u32>,
    /// Character range inside the field or block text.
    pub local_start: u32,
    pub local_end: u32,
    /// The flagged text.
    pub passage: String,
    /// Stable identity of the finding, for ignoring it.
    pub key: String,
    /// Left as it is, with the reason (the finding no longer counts).
    pub ignored: Option<Ignored>,
    /// An editor proposed leaving this error; it still counts until a
    /// proofreader confirms.
    #[serde(default)]
    pub proposed: Option<Ignored>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct Ignored {
    /// The ignore's id (for confirming or rejecting a proposal).
    #[serde(default)]
    pub id: Id,
    pub reason: String,
    pub by: UserRef,
    pub at: DateTime<Utc>,
    /// The proofreader or admin who confirmed an editor's proposal.
    #[serde(default)]
    pub confirmed_by: Option<UserRef>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct ArticleCheck {
    pub article_id: Id,
    pub revision: u32,
    pub findings: Vec<ArticleFinding>,
    pub chars: u32,
    /// Open (not ignored) findings by severity.
    pub errors: u32,
    pub warnings: u32,
    pub error_rate: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IgnoreFindingInput {
    pub article_id: Id,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ReviewIgnoreInput {
    /// The proposal (`ArticleFinding::proposed.id`).
    pub id: Id,
    /// Leave the error as it is (`true`) or keep it open (`false`).
    pub accept: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ProposalsInput {
    #[serde(default)]
    pub issue_id: Option<Id>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnignoreFindingInput {
    pub article_id: Id,
    pub key: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueIdInput {
    pub issue_id: Id,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct ArticleProofRow {
    pub id: Id,
    pub title: String,
    pub chars: u32,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
pub struct IssueProofReport {
    pub issue_id: Id,
    pub articles: Vec<ArticleProofRow>,
    pub chars: u32,
    pub errors: u32,
    /// 差错率: open errors per 10,000 characters.
    pub error_rate: f64,
    pub passes: Vec<ProofPass>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RecordPassInput {
    pub issue_id: Id,
    /// 1 = 一校, 2 = 二校, 3 = 三校.
    pub pass: u8,
    #[serde(default)]
    pub errors_found: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct RosterInput {
    /// Absent or 0 adds an entry.
    #[serde(default)]
    pub id: Option<Id>,
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct WordInput {
    /// Absent or 0 adds an entry.
    #[serde(default)]
    pub id: Option<Id>,
    pub wrong: String,
    pub right: String,
    /// `confusable` (易错词) or `deprecated` (不规范用语).
    pub kind: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub certain: Option<bool>,
    #[serde(default)]
    pub exceptions: Option<Vec<String>>,
}

fn count_chars(s: &str) -> u32 {
    zonepress_core::text::count_chars(s)
}

fn rate(errors: u32, chars: u32) -> f64 {
    if chars == 0 {
        0.0
    } else {
        errors as f64 * 10_000.0 / chars as f64
    }
}

/// Text sent from a browser may carry anything; the checker sees clean text.
const MAX_CHECK_CHARS: usize = 2_000_000;

fn issue_date(ctx: &Context, issue_id: Option<Id>) -> Result<Option<NaiveDate>, ApiError> {
    Ok(match issue_id {
        Some(id) => Some(ctx.store().issue(id)?.date),
        None => None,
    })
}

pub fn check_text(
    ctx: &Context,
    session: &Session,
    input: CheckTextInput,
) -> Result<Vec<Finding>, ApiError> {
    authorize(&session.user, Action::Read)?;
    if input.text.chars().count() > MAX_CHECK_CHARS {
        return Err(ApiError::invalid(
            format!("待检查的文字过长（最多{}万字）", MAX_CHECK_CHARS / 10_000),
            "text too long to check",
        ));
    }
    let date = issue_date(ctx, input.issue_id)?;
    Ok(checker(ctx)?.check(&input.text, &CheckContext { issue_date: date }))
}

/// Check plain text (also used by the CLI).
pub fn check_plain(checker: &Checker, text: &str, date: Option<NaiveDate>) -> CheckTextOutput {
    let findings = checker.check(text, &CheckContext { issue_date: date });
    let chars = count_chars(text);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count() as u32;
    CheckTextOutput {
        error_rate: rate(errors, chars),
        findings,
        chars,
    }
}

/// The segments of an article that are checked, in reading order.
fn segments(content: &ArticleContent) -> Vec<(FindingField, Option<u32>, &str)> {
    let mut out = vec![
        (FindingField::Kicker, None, content.kicker.as_str()),
        (FindingField::Title, None, content.title.as_str()),
        (FindingField::Subtitle, None, content.subtitle.as_str()),
    ];
    for (i, b) in content.body.iter().enumerate() {
        let text = match b {
            Block::Image { caption, .. } => caption.as_str(),
            other => other.text(),
        };
        out.push((FindingField::Body, Some(i as u32), text));
    }
    out
}

fn finding_key(f: &Finding, chars: &[char]) -> String {
    let at = |i: usize| chars.get(i).copied();
    let before: String = (f.start.saturating_sub(6)..f.start)
        .filter_map(at)
        .collect();
    let passage: String = (f.start..f.end).filter_map(at).collect();
    let after: String = (f.end..f.end + 6).filter_map(at).collect();
    let digest = Sha256::digest(format!("{}\u{1}{before}\u{1}{passage}\u{1}{after}", f.rule));
    hex::encode(&digest[..10])
}

/// Who may leave an error-severity finding (proofreaders and admins), by
/// account id: an ignore of an error counts only when one of them made or
/// confirmed it.
pub(crate) fn error_ignorers(users: &[zonepress_core::User]) -> std::collections::HashSet<Id> {
    users
        .iter()
        .filter(|u| authorize(u, Action::IgnoreError).is_ok())
        .map(|u| u.id)
        .collect()
}

/// Check an article's headline and body; findings are placed in their
/// field or block and carry whether they were ignored.
pub fn check_content(ctx: &Context, article: &Article) -> Result<ArticleCheck, ApiError> {
    let date = issue_date(ctx, article.issue_id)?;
    let ignores = ctx.store().ignores(article.id)?;
    let ignorers = error_ignorers(&ctx.store().list_users()?);
    Ok(check_with(
        &*checker(ctx)?,
        article,
        date,
        &ignores,
        &ignorers,
    ))
}

/// The same, from data already read (one snapshot for preflight).
pub(crate) fn check_with(
    checker: &Checker,
    article: &Article,
    date: Option<NaiveDate>,
    ignores: &[zonepress_store::proof::IgnoreRow],
    error_ignorers: &std::collections::HashSet<Id>,
) -> ArticleCheck {
    let segs = segments(&article.content);
    let mut text = String::new();
    let mut starts = Vec::with_capacity(segs.len());
    let mut pos = 0usize;
    for (i, (_, _, s)) in segs.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            pos += 1;
        }
        starts.push(pos);
        text.push_str(s);
        pos += s.chars().count();
    }
    let chars: Vec<char> = text.chars().collect();
    let raw = checker.check(&text, &CheckContext { issue_date: date });
    let mut findings = Vec::with_capacity(raw.len());
    for f in raw {
        // The segment the finding starts in.
        let seg = starts.partition_point(|s| *s <= f.start).saturating_sub(1);
        let (field, block, s) = segs[seg];
        let seg_len = s.chars().count();
        let local_start = f.start - starts[seg];
        let local_end = (f.end - starts[seg]).min(seg_len).max(local_start);
        let key = finding_key(&f, &chars);
        let row = ignores.iter().find(|i| i.key == key);
        let as_ignored = |i: &zonepress_store::proof::IgnoreRow| Ignored {
            id: i.id,
            reason: i.reason.clone(),
            by: i.user.clone(),
            at: i.created_at,
            confirmed_by: i.decided_by.clone(),
        };
        // An error counts as left only when a proofreader or admin left it
        // or confirmed an editor's proposal.
        let effective = row.is_some_and(|i| {
            i.state == "ignored"
                && (f.severity != Severity::Error
                    || i.decided_by.is_some()
                    || error_ignorers.contains(&i.user.id))
        });
        let ignored = row.filter(|_| effective).map(as_ignored);
        let proposed = row.filter(|_| !effective).map(as_ignored);
        findings.push(ArticleFinding {
            passage: chars[f.start.min(chars.len())..f.end.min(chars.len())]
                .iter()
                .collect(),
            finding: f,
            field,
            block,
            local_start: local_start as u32,
            local_end: local_end as u32,
            key,
            ignored,
            proposed,
        });
    }
    let open = |sev: Severity| {
        findings
            .iter()
            .filter(|f| f.ignored.is_none() && f.finding.severity == sev)
            .count() as u32
    };
    let errors = open(Severity::Error);
    let warnings = open(Severity::Warning);
    let n = count_chars(&text);
    ArticleCheck {
        article_id: article.id,
        revision: article.revision,
        chars: n,
        errors,
        warnings,
        error_rate: rate(errors, n),
        findings,
    }
}

pub fn check_article(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<ArticleCheck, ApiError> {
    crate::articles::authorize_on(ctx, session, Action::Read, input.id)?;
    let article = ctx.store().article(input.id)?;
    check_content(ctx, &article)
}

/// Leave a finding as it is, with a reason. Warnings: editors,
/// proofreaders and admins. Errors: proofreaders and admins; an editor's
/// ignore of an error is a proposal that a proofreader confirms or rejects.
pub fn ignore_finding(
    ctx: &Context,
    session: &Session,
    input: IgnoreFindingInput,
) -> Result<ArticleCheck, ApiError> {
    authorize(&session.user, Action::Proofread)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::invalid(
            "忽略校对提示时请写明理由",
            "ignoring a finding needs a reason",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::invalid(
            "理由过长（最多500字）",
            "reason too long",
        ));
    }
    let article = ctx.store().article(input.article_id)?;
    let check = check_content(ctx, &article)?;
    let finding = check
        .findings
        .iter()
        .find(|f| f.key == input.key)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Conflict,
                "这条校对提示已不存在（稿件可能已修改），请刷新后再看",
                format!("finding {} not found", input.key),
            )
        })?;
    let severity = finding.finding.severity;
    let confirmed =
        severity != Severity::Error || authorize(&session.user, Action::IgnoreError).is_ok();
    ctx.store().ignore_finding(
        &session.actor(),
        &zonepress_store::proof::NewIgnore {
            article_id: article.id,
            key: &input.key,
            rule: &finding.finding.rule,
            passage: &finding.passage,
            reason,
            severity: severity_str(severity),
            confirmed,
        },
    )?;
    publish_proof(
        ctx,
        session,
        if confirmed { "ignore" } else { "propose" },
        &article,
    );
    check_content(ctx, &article)
}

fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn publish_proof(ctx: &Context, session: &Session, action: &'static str, a: &Article) {
    ctx.publish(
        Change::new(EventKind::Proof, action, a.id)
            .issue(a.issue_id)
            .by(&session.user),
    );
}

/// Confirm or reject an editor's proposal to leave an error (proofreader, admin).
pub fn review_ignore(
    ctx: &Context,
    session: &Session,
    input: ReviewIgnoreInput,
) -> Result<ArticleCheck, ApiError> {
    authorize(&session.user, Action::IgnoreError)?;
    let note = input.note.unwrap_or_default();
    if note.chars().count() > 500 {
        return Err(ApiError::invalid("说明过长（最多500字）", "note too long"));
    }
    let row = ctx
        .store()
        .decide_ignore(&session.actor(), input.id, input.accept, note.trim())?;
    let article = ctx.store().article(row.article_id)?;
    publish_proof(
        ctx,
        session,
        if input.accept { "confirm" } else { "reject" },
        &article,
    );
    check_content(ctx, &article)
}

/// Proposals to leave an error that wait for a proofreader.
pub fn list_ignore_proposals(
    ctx: &Context,
    session: &Session,
    input: ProposalsInput,
) -> Result<Vec<zonepress_store::proof::IgnoreRow>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().ignore_proposals(input.issue_id)?)
}

pub fn unignore_finding(
    ctx: &Context,
    session: &Session,
    input: UnignoreFindingInput,
) -> Result<ArticleCheck, ApiError> {
    authorize(&session.user, Action::Proofread)?;
    let article = ctx.store().article(input.article_id)?;
    let existing = ctx
        .store()
        .ignores(article.id)?
        .into_iter()
        .find(|i| i.key == input.key);
    // Taking back a confirmed ignore of an error needs the same right as making it.
    if existing
        .as_ref()
        .is_some_and(|i| i.severity == "error" && i.user.id != session.user.id)
    {
        authorize(&session.user, Action::IgnoreError)?;
    }
    ctx.store()
        .unignore_finding(&session.actor(), article.id, &input.key)?;
    publish_proof(ctx, session, "unignore", &article);
    check_content(ctx, &article)
}

/// Per-article open findings and the 差错率 of an issue.
pub fn issue_report(ctx: &Context, issue_id: Id) -> Result<IssueProofReport, ApiError> {
    ctx.store().issue(issue_id)?;
    let mut rows = Vec::new();
    let (mut chars, mut errors) = (0, 0);
    for summary in ctx.store().list_articles(&ArticleFilter {
        issue_id: Some(issue_id),
        ..Default::default()
    })? {
        if summary.status == zonepress_core::ArticleStatus::Withdrawn {
            continue;
        }
        let article = ctx.store().article(summary.id)?;
        let check = check_content(ctx, &article)?;
        chars += check.chars;
        errors += check.errors;
        rows.push(ArticleProofRow {
            id: article.id,
            title: article.content.title.clone(),
            chars: check.chars,
            errors: check.errors,
            warnings: check.warnings,
        });
    }
    Ok(IssueProofReport {
        issue_id,
        articles: rows,
        chars,
        errors,
        error_rate: rate(errors, chars),
        passes: ctx.store().proof_passes(issue_id)?,
    })
}

pub fn issue_proof_report(
    ctx: &Context,
    session: &Session,
    input: IssueIdInput,
) -> Result<IssueProofReport, ApiError> {
    authorize(&session.user, Action::Read)?;
    issue_report(ctx, input.issue_id)
}

pub fn record_proof_pass(
    ctx: &Context,
    session: &Session,
    input: RecordPassInput,
) -> Result<Vec<ProofPass>, ApiError> {
    authorize(&session.user, Action::RecordProofPass)?;
    if !(1..=3).contains(&input.pass) {
        return Err(ApiError::invalid(
            "校次只能是1（一校）、2（二校）或3（三校）",
            "pass out of range",
        ));
    }
    let note = input.note.unwrap_or_default();
    if note.chars().count() > 1000 {
        return Err(ApiError::invalid("备注过长（最多1000字）", "note too long"));
    }
    let passes = ctx.store().record_proof_pass(
        &session.actor(),
        input.issue_id,
        input.pass,
        input.errors_found.unwrap_or(0),
        note.trim(),
    )?;
    ctx.publish(
        Change::new(EventKind::Proof, "pass", input.issue_id)
            .by(&session.user)
            .issue(Some(input.issue_id)),
    );
    Ok(passes)
}

pub fn list_roster(ctx: &Context, session: &Session, _: Empty) -> Result<Vec<RosterRow>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().roster()?)
}

fn validate_line(label: &str, s: &str, max: usize, required: bool) -> Result<String, ApiError> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(ApiError::invalid(
            format!("{label}不能为空"),
            format!("{label} empty"),
        ));
    }
    if t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            format!("{label}过长或含有控制字符（最多{max}字）"),
            format!("{label} too long"),
        ));
    }
    Ok(t.to_string())
}

pub fn save_roster_entry(
    ctx: &Context,
    session: &Session,
    input: RosterInput,
) -> Result<RosterRow, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    if let (Some(a), Some(b)) = (input.valid_from, input.valid_to)
        && a > b
    {
        return Err(ApiError::invalid(
            "任职起始日期晚于结束日期",
            "valid_from after valid_to",
        ));
    }
    let row = ctx.store().save_roster(
        &session.actor(),
        &RosterRow {
            id: input.id.unwrap_or(0),
            name: validate_line("姓名", &input.name, 20, true)?,
            title: validate_line("职务", &input.title, 80, true)?,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
            note: validate_line("备注", input.note.as_deref().unwrap_or(""), 200, false)?,
        },
    )?;
    ctx.publish(Change::new(EventKind::Proof, "roster", row.id).by(&session.user));
    Ok(row)
}

pub fn delete_roster_entry(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    ctx.store().delete_roster(&session.actor(), input.id)?;
    ctx.publish(Change::new(EventKind::Proof, "roster", input.id).by(&session.user));
    Ok(Empty {})
}

pub fn list_word_rules(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Vec<WordRow>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().word_rules()?)
}

pub fn save_word_rule(
    ctx: &Context,
    session: &Session,
    input: WordInput,
) -> Result<WordRow, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    if !["confusable", "deprecated", "internal"].contains(&input.kind.as_str()) {
        return Err(ApiError::invalid(
            "类型只能是“易错词”（confusable）、“不规范用语”（deprecated）或“内部资料用语”（internal）",
            "unknown word kind",
        ));
    }
    let wrong = validate_line("错误写法", &input.wrong, 30, true)?;
    let right = validate_line("正确写法", &input.right, 30, true)?;
    if wrong == right {
        return Err(ApiError::invalid(
            "错误写法与正确写法相同",
            "wrong == right",
        ));
    }
    let row = ctx.store().save_word_rule(
        &session.actor(),
        &WordRow {
            id: input.id.unwrap_or(0),
            wrong,
            right,
            kind: input.kind,
            note: validate_line("说明", input.note.as_deref().unwrap_or(""), 200, false)?,
            certain: input.certain.unwrap_or(true),
            exceptions: input
                .exceptions
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
        },
    )?;
    ctx.publish(Change::new(EventKind::Proof, "words", row.id).by(&session.user));
    Ok(row)
}

pub fn delete_word_rule(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    ctx.store().delete_word_rule(&session.actor(), input.id)?;
    ctx.publish(Change::new(EventKind::Proof, "words", input.id).by(&session.user));
    Ok(Empty {})
}
