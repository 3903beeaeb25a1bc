//! 稿酬: each contributor's payment per issue and per period, computed from
//! what was printed (the exported revision, never drafts) under the rules in
//! force on each issue's date; statements issued and kept as issued (the
//! rules applied and every line), as .xlsx and as a PDF with signature lines.
//!
//! Amounts are seen by admins and reviewers ([`Action::ViewPayments`]);
//! only admins set rules and issue or void statements.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::credits::allocate;
use zonepress_core::payment::{PaymentRules, rules_for, yuan};
use zonepress_core::{Action, ArticleKind, Id, authorize};
use zonepress_store::payments::NewStatement;
use zonepress_store::stats::PeriodFacts;

use super::attribute::{Resolver, Who, to_u64};
use super::{facts, short_label, validate_text};
use crate::articles::IdInput;
use crate::events::{Change, EventKind};
use crate::{ApiError, Binary, Context, Empty, ErrorCode, Session};
pub use zonepress_store::payments::StatementRecord;

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct PaymentStatementInput {
    /// First issue date paid (inclusive).
    pub from: NaiveDate,
    /// Last issue date paid (inclusive).
    pub to: NaiveDate,
}

/// An issue of the statement's period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatementIssue {
    pub id: Id,
    pub label: String,
    pub date: NaiveDate,
    /// Exported for print: only then is anything paid for it.
    pub printed: bool,
    /// The rules applied (their id and starting date).
    pub rules_id: Option<Id>,
    pub rules_from: Option<NaiveDate>,
    pub total_fen: i64,
}

/// One contributor's payment for one issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssueAmount {
    pub issue_id: Id,
    pub total_fen: i64,
}

/// One person on the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentPerson {
    /// As in the statistics: `c:12`, `n:陈曦`, `a:张伟`.
    pub key: String,
    pub contributor_id: Option<Id>,
    pub name: String,
    pub unit: String,
    /// 领取稿酬: staff who are not paid per article are listed, not paid.
    pub paid: bool,
    /// Printed articles they are credited on.
    pub articles: u32,
    /// Their characters.
    pub chars: i64,
    /// Photos, in thousandths.
    pub photos: i64,
    pub front_page: u32,
    pub text_fen: i64,
    pub photo_fen: i64,
    /// What they are paid (0 when not `paid`).
    pub total_fen: i64,
    /// What their credits earn, paid or not.
    pub earned_fen: i64,
    pub per_issue: Vec<IssueAmount>,
}

/// One person's part of one printed article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentLine {
    pub key: String,
    pub name: String,
    pub issue_id: Id,
    /// `2026年第11期`
    pub issue: String,
    pub article_id: Id,
    pub page: u8,
    pub revision: u32,
    pub title: String,
    pub column: String,
    /// Characters of the article printed.
    pub article_chars: u32,
    /// Their share of the text, in thousandths.
    pub share: i64,
    pub chars: i64,
    /// 分 per thousand characters applied.
    pub rate: i64,
    pub front_page: bool,
    pub text_fen: i64,
    /// Photos they are credited on, and their share in thousandths.
    pub photos: u32,
    pub photo_share: i64,
    pub photo_fen: i64,
    pub total_fen: i64,
    pub paid: bool,
}

/// 稿酬发放表: computed now (a draft) or as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentStatement {
    pub publication: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub computed_at: DateTime<Utc>,
    pub issues: Vec<StatementIssue>,
    /// Every rule set applied, as it was.
    pub rules: Vec<PaymentRules>,
    /// By unit, then name.
    pub people: Vec<PaymentPerson>,
    /// By issue, page, article.
    pub lines: Vec<PaymentLine>,
    /// What is paid.
    pub total_fen: i64,
    /// What is not (staff not paid per article, articles no byline names).
    pub unpaid_fen: i64,
    /// What stops the statement from being issued, in Chinese.
    pub problems: Vec<String>,
    /// What the reader should know, in Chinese.
    pub notes: Vec<String>,
    /// No problems and something to pay: it may be issued.
    pub ready: bool,
}

#[derive(Default)]
struct PersonAcc {
    articles: std::collections::BTreeSet<(Id, Id)>,
    chars: i64,
    photos: i64,
    front: std::collections::BTreeSet<(Id, Id)>,
    text_fen: i64,
    photo_fen: i64,
    per_issue: BTreeMap<Id, i64>,
}

fn statement_of(
    facts: &PeriodFacts,
    publication: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> PaymentStatement {
    let resolver = Resolver::new(&facts.contributors, &facts.confirmed);
    let by_id: std::collections::HashMap<Id, &zonepress_store::contributors::Contributor> =
        facts.contributors.iter().map(|c| (c.id, c)).collect();
    let mut problems: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut issues: Vec<StatementIssue> = Vec::new();
    let mut used_rules: BTreeMap<Id, PaymentRules> = BTreeMap::new();
    for i in &facts.issues {
        let rules = rules_for(&facts.rules, i.date);
        let printed = i.print_export.is_some();
        if printed && rules.is_none() {
            problems.push(match facts.rules.iter().map(|r| r.valid_from).min() {
                Some(first) => format!(
                    "{}（{}出版）早于最早的稿酬标准（自{first}起执行），无法计算稿酬。",
                    short_label(&i.label),
                    i.date
                ),
                None => "还没有设置稿酬标准，请管理员先在“稿酬标准”中设置。".to_string(),
            });
        }
        if !printed {
            notes.push(format!(
                "{}尚未导出付印稿，本表不含该期。",
                short_label(&i.label)
            ));
        }
        if let (true, Some(r)) = (printed, rules) {
            used_rules.insert(r.id, r.clone());
        }
        issues.push(StatementIssue {
            id: i.id,
            label: i.label.clone(),
            date: i.date,
            printed,
            rules_id: rules.filter(|_| printed).map(|r| r.id),
            rules_from: rules.filter(|_| printed).map(|r| r.valid_from),
            total_fen: 0,
        });
    }
    if facts.issues.is_empty() {
        problems.push(format!("{from}至{to}之间没有出版的期次。"));
    } else if issues.iter().all(|i| !i.printed) {
        problems.push("所选期间没有已导出付印稿的期次，没有可发放的稿酬。".to_string());
    }

    let mut people: BTreeMap<Who, PersonAcc> = BTreeMap::new();
    let mut lines: Vec<PaymentLine> = Vec::new();
    let mut unpaid_nobody = 0i64;
    let mut unresolved: BTreeMap<String, (bool, Vec<String>)> = BTreeMap::new();
    let name_of = |who: &Who| match who {
        Who::Contributor(id) => by_id.get(id).map(|c| c.name.clone()).unwrap_or_default(),
        Who::Unknown(n) | Who::Ambiguous(n) => n.clone(),
        Who::Nobody => "（无署名）".into(),
    };
    let paid_of = |who: &Who| match who {
        Who::Contributor(id) => by_id.get(id).is_some_and(|c| c.paid),
        _ => false,
    };
    for p in &facts.printed {
        let Some(issue) = facts.issues.iter().find(|i| i.id == p.issue_id) else {
            continue;
        };
        let Some(rules) = rules_for(&facts.rules, issue.date) else {
            continue;
        };
        let credit = resolver.credits(p.article_id, &p.byline, &p.photo_credits);
        let front = p.page == 1;
        let weights = rules.shares(credit.text.len());
        // 图片新闻 are paid per photo; their caption earns no 文字稿酬.
        let text_fee = if credit.text.is_empty() || p.kind == ArticleKind::Photo {
            0
        } else {
            rules.text_fee(p.chars, &p.column, p.kind, front)
        };
        let rate = rules.rate_for(&p.column, p.kind);
        let fee_parts = allocate(text_fee, &to_u64(&weights));
        let char_parts = allocate(i64::from(p.chars), &to_u64(&weights));
        // One line per person of this article.
        let mut per_article: Vec<PaymentLine> = Vec::new();
        let line_of = |per_article: &mut Vec<PaymentLine>, who: &Who| -> usize {
            if let Some(i) = per_article.iter().position(|l| l.key == who.key()) {
                return i;
            }
            per_article.push(PaymentLine {
                key: who.key(),
                name: name_of(who),
                issue_id: p.issue_id,
                issue: short_label(&issue.label).to_string(),
                article_id: p.article_id,
                page: p.page,
                revision: p.revision,
                title: p.title.clone(),
                column: p.column.clone(),
                article_chars: p.chars,
                share: 0,
                chars: 0,
                rate,
                front_page: front,
                text_fen: 0,
                photos: 0,
                photo_share: 0,
                photo_fen: 0,
                total_fen: 0,
                paid: paid_of(who),
            });
            per_article.len() - 1
        };
        for (((person, w), fee), chars) in credit
            .text
            .iter()
            .zip(&weights)
            .zip(&fee_parts)
            .zip(&char_parts)
        {
            let i = line_of(&mut per_article, &person.who);
            per_article[i].share += w;
            per_article[i].chars += chars;
            per_article[i].text_fen += fee;
        }
        for photo in &credit.photos {
            if photo.is_empty() {
                unpaid_nobody += rules.per_photo;
                continue;
            }
            let split = allocate(rules.per_photo, &vec![1; photo.len()]);
            let shares = allocate(1000, &vec![1; photo.len()]);
            for ((person, fee), share) in photo.iter().zip(split).zip(shares) {
                let i = line_of(&mut per_article, &person.who);
                per_article[i].photos += 1;
                per_article[i].photo_share += share;
                per_article[i].photo_fen += fee;
            }
        }
        if credit.text.is_empty() && p.chars > 0 {
            notes.push(format!(
                "《{}》（{}第{}版）没有署名，不计文字稿酬。",
                p.title,
                short_label(&issue.label),
                p.page
            ));
        }
        for mut line in per_article {
            line.total_fen = line.text_fen + line.photo_fen;
            let who = credit
                .text
                .iter()
                .chain(credit.photos.iter().flatten())
                .map(|x| &x.who)
                .find(|w| w.key() == line.key)
                .cloned()
                .unwrap_or(Who::Nobody);
            if let Who::Unknown(n) | Who::Ambiguous(n) = &who {
                unresolved
                    .entry(n.clone())
                    .or_insert_with(|| (matches!(who, Who::Ambiguous(_)), vec![]))
                    .1
                    .push(format!("{}第{}版《{}》", line.issue, line.page, line.title));
            }
            let acc = people.entry(who).or_default();
            acc.articles.insert((p.issue_id, p.article_id));
            acc.chars += line.chars;
            acc.photos += line.photo_share;
            if front {
                acc.front.insert((p.issue_id, p.article_id));
            }
            acc.text_fen += line.text_fen;
            acc.photo_fen += line.photo_fen;
            *acc.per_issue.entry(p.issue_id).or_default() += line.total_fen;
            lines.push(line);
        }
    }
    for (name, (ambiguous, places)) in &unresolved {
        let more = if places.len() > 2 {
            format!("等{}篇", places.len())
        } else {
            String::new()
        };
        let at = places
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join("、");
        problems.push(if *ambiguous {
            format!("“{name}”有多位同名通讯员，请在稿件中确认是哪一位：{at}{more}。")
        } else {
            format!("“{name}”尚未登记为通讯员，请登记或在稿件中确认：{at}{more}。")
        });
    }

    let mut out_people: Vec<PaymentPerson> = people
        .into_iter()
        .filter(|(who, _)| *who != Who::Nobody)
        .map(|(who, acc)| {
            let c = match &who {
                Who::Contributor(id) => by_id.get(id).copied(),
                _ => None,
            };
            let paid = paid_of(&who);
            let earned = acc.text_fen + acc.photo_fen;
            PaymentPerson {
                key: who.key(),
                contributor_id: c.map(|c| c.id),
                name: name_of(&who),
                unit: c.map(|c| c.unit.clone()).unwrap_or_default(),
                paid,
                articles: acc.articles.len() as u32,
                chars: acc.chars,
                photos: acc.photos,
                front_page: acc.front.len() as u32,
                text_fen: acc.text_fen,
                photo_fen: acc.photo_fen,
                total_fen: if paid { earned } else { 0 },
                earned_fen: earned,
                per_issue: acc
                    .per_issue
                    .into_iter()
                    .map(|(issue_id, total_fen)| IssueAmount {
                        issue_id,
                        total_fen: if paid { total_fen } else { 0 },
                    })
                    .collect(),
            }
        })
        .collect();
    out_people.sort_by(|a, b| {
        b.paid
            .cmp(&a.paid)
            .then(a.unit.cmp(&b.unit))
            .then(a.name.cmp(&b.name))
            .then(a.key.cmp(&b.key))
    });
    for issue in &mut issues {
        issue.total_fen = out_people
            .iter()
            .flat_map(|p| &p.per_issue)
            .filter(|a| a.issue_id == issue.id)
            .map(|a| a.total_fen)
            .sum();
    }
    let total_fen: i64 = out_people.iter().map(|p| p.total_fen).sum();
    let unpaid_staff: Vec<&PaymentPerson> = out_people
        .iter()
        .filter(|p| !p.paid && p.contributor_id.is_some() && p.earned_fen > 0)
        .collect();
    if !unpaid_staff.is_empty() {
        notes.push(format!(
            "{}不领取稿酬，其份额{}元未计入合计。",
            unpaid_staff
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            yuan(unpaid_staff.iter().map(|p| p.earned_fen).sum())
        ));
    }
    let unpaid_fen = out_people
        .iter()
        .filter(|p| !p.paid)
        .map(|p| p.earned_fen)
        .sum::<i64>()
        + unpaid_nobody;
    lines.sort_by_key(|l| {
        (
            facts
                .issues
                .iter()
                .position(|i| i.id == l.issue_id)
                .unwrap_or(usize::MAX),
            l.page,
            l.article_id,
        )
    });
    let ready = problems.is_empty() && !lines.is_empty();
    PaymentStatement {
        publication: publication.to_string(),
        from,
        to,
        computed_at: Utc::now(),
        issues,
        rules: used_rules.into_values().collect(),
        people: out_people,
        lines,
        total_fen,
        unpaid_fen,
        problems,
        notes,
        ready,
    }
}

/// The 稿酬 of a period as it would be issued now (a draft; admins and reviewers).
pub fn payment_statement(
    ctx: &Context,
    session: &Session,
    input: PaymentStatementInput,
) -> Result<PaymentStatement, ApiError> {
    authorize(&session.user, Action::ViewPayments)?;
    let facts = facts(ctx, input.from, input.to)?;
    let publication = ctx.store().publication()?.name;
    Ok(statement_of(&facts, &publication, input.from, input.to))
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct IssueStatementInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The total the admin saw: refused with `conflict` when it changed since.
    #[serde(default)]
    pub expected_total_fen: Option<i64>,
}

/// Issue the statement of a period (admin): stored as computed, with the
/// rules applied, on the audit log. Refused while names wait for
/// confirmation, when nothing was printed, or when an issue is already paid.
pub fn issue_payment_statement(
    ctx: &Context,
    session: &Session,
    input: IssueStatementInput,
) -> Result<StatementRecord, ApiError> {
    authorize(&session.user, Action::ManagePayments)?;
    let facts = facts(ctx, input.from, input.to)?;
    let publication = ctx.store().publication()?.name;
    let statement = statement_of(&facts, &publication, input.from, input.to);
    if let Some(first) = statement.problems.first() {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            format!("不能发放：{first}"),
            "statement has problems",
        )
        .with_detail(serde_json::json!({ "problems": statement.problems })));
    }
    if !statement.ready {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            "不能发放：所选期间没有可发放的稿酬。",
            "nothing to pay",
        ));
    }
    if let Some(expected) = input.expected_total_fen
        && expected != statement.total_fen
    {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "稿酬合计已变为{}元（您看到的是{}元），请刷新核对后再发放",
                yuan(statement.total_fen),
                yuan(expected)
            ),
            "statement total changed",
        ));
    }
    let json = serde_json::to_string(&statement).map_err(ApiError::internal)?;
    let issues: Vec<(Id, String)> = statement
        .issues
        .iter()
        .filter(|i| i.printed)
        .map(|i| (i.id, short_label(&i.label).to_string()))
        .collect();
    let record = ctx.store().issue_statement(
        &session.actor(),
        &NewStatement {
            period_from: input.from,
            period_to: input.to,
            total_fen: statement.total_fen,
            statement_json: &json,
            issues: &issues,
        },
    )?;
    ctx.publish(Change::new(EventKind::Payment, "issue", record.id).by(&session.user));
    Ok(record)
}

/// Issued statements, newest first.
pub fn list_payment_statements(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Vec<StatementRecord>, ApiError> {
    authorize(&session.user, Action::ViewPayments)?;
    Ok(ctx.store().statements()?)
}

/// An issued statement with everything it says, as issued.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct IssuedStatement {
    pub record: StatementRecord,
    pub statement: PaymentStatement,
}

fn issued(ctx: &Context, id: Id) -> Result<IssuedStatement, ApiError> {
    let (record, json) = ctx.store().statement(id)?;
    let statement = serde_json::from_str(&json).map_err(ApiError::internal)?;
    Ok(IssuedStatement { record, statement })
}

pub fn get_payment_statement(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<IssuedStatement, ApiError> {
    authorize(&session.user, Action::ViewPayments)?;
    issued(ctx, input.id)
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct VoidStatementInput {
    pub id: Id,
    /// Why (required).
    pub reason: String,
}

/// Void an issued statement (admin); it is kept, marked void, and its issues may be paid again.
pub fn void_payment_statement(
    ctx: &Context,
    session: &Session,
    input: VoidStatementInput,
) -> Result<StatementRecord, ApiError> {
    authorize(&session.user, Action::ManagePayments)?;
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::invalid("作废须填写理由", "void reason required"));
    }
    validate_text("作废理由", reason, 200)?;
    let record = ctx
        .store()
        .void_statement(&session.actor(), input.id, reason)?;
    ctx.publish(Change::new(EventKind::Payment, "void", record.id).by(&session.user));
    Ok(record)
}

/// PDF or spreadsheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    #[default]
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportStatementInput {
    /// An issued statement …
    #[serde(default)]
    pub id: Option<Id>,
    /// … or the draft of a period.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub format: Option<StatementFormat>,
}

/// The 稿酬发放表 as .xlsx or as a PDF with signature lines (a draft is marked 草表).
pub fn export_payment_statement(
    ctx: &Context,
    session: &Session,
    input: ExportStatementInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::ViewPayments)?;
    let (statement, record) = match (input.id, input.from, input.to) {
        (Some(id), _, _) => {
            let i = issued(ctx, id)?;
            (i.statement, Some(i.record))
        }
        (None, Some(from), Some(to)) => {
            let facts = facts(ctx, from, to)?;
            let publication = ctx.store().publication()?.name;
            (statement_of(&facts, &publication, from, to), None)
        }
        _ => {
            return Err(ApiError::invalid(
                "请指定已发放的稿酬表，或起止日期",
                "export_payment_statement needs id or from and to",
            ));
        }
    };
    let base = match &record {
        Some(r) => format!(
            "稿酬发放表-第{}号-{}至{}",
            r.id,
            statement.from.format("%Y%m%d"),
            statement.to.format("%Y%m%d")
        ),
        None => format!(
            "稿酬发放表-草表-{}至{}",
            statement.from.format("%Y%m%d"),
            statement.to.format("%Y%m%d")
        ),
    };
    match input.format.unwrap_or_default() {
        StatementFormat::Xlsx => Ok(Binary {
            record_id: None,
            content_type: super::sheets::XLSX.into(),
            file_name: format!("{base}.xlsx"),
            bytes: super::sheets::statement_xlsx(&statement, record.as_ref())?,
        }),
        StatementFormat::Pdf => {
            let sheet = super::sheets::statement_sheet(&statement, record.as_ref());
            let pdf = crate::layout::exporter(ctx)?.statement_pdf(&sheet)?;
            Ok(Binary {
                record_id: None,
                content_type: "application/pdf".into(),
                file_name: format!("{base}.pdf"),
                bytes: pdf,
            })
        }
    }
}

/// The payment rules, oldest first (admins and reviewers).
pub fn list_payment_rules(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Vec<PaymentRules>, ApiError> {
    authorize(&session.user, Action::ViewPayments)?;
    Ok(ctx.store().payment_rules()?)
}

/// Add (`id` 0) or change a rule set (admin). Issued statements keep the rules they applied.
pub fn save_payment_rules(
    ctx: &Context,
    session: &Session,
    mut input: PaymentRules,
) -> Result<PaymentRules, ApiError> {
    authorize(&session.user, Action::ManagePayments)?;
    validate_text("说明", &input.note, 500)?;
    for c in &mut input.column_rates {
        c.column = c.column.trim().to_string();
        validate_text("栏目", &c.column, 20)?;
    }
    if input.column_rates.len() > 100 {
        return Err(ApiError::invalid(
            "栏目标准过多（最多100条）",
            "too many column rates",
        ));
    }
    let saved = ctx.store().save_payment_rules(&session.actor(), &input)?;
    ctx.publish(Change::new(EventKind::Payment, "rules", saved.id).by(&session.user));
    Ok(saved)
}

/// Remove a rule set (admin).
pub fn delete_payment_rules(
    ctx: &Context,
    session: &Session,
    input: IdInput,
) -> Result<Empty, ApiError> {
    authorize(&session.user, Action::ManagePayments)?;
    ctx.store()
        .delete_payment_rules(&session.actor(), input.id)?;
    ctx.publish(Change::new(EventKind::Payment, "rules", input.id).by(&session.user));
    Ok(Empty {})
}
