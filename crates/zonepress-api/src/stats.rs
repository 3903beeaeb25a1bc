//! Correspondents 通讯员, 稿件统计 and 稿酬: who wrote what was printed, and
//! what each is paid.
//!
//! - Contributors ([`contributors`]): a list kept by editors and admins (a contributor may also
//!   be an account). Bylines are linked to them by name; an editor confirms
//!   or corrects the link of an article (for that byline), and chooses
//!   between namesakes ([`credits`]).
//! - Statistics (this file) for a period of issue dates, per person or per unit: articles
//!   submitted, articles printed (with each co-author's share), characters,
//!   photos and front-page articles printed, and the articles behind each
//!   figure; as .xlsx and CSV. Readable by every staff role.
//! - Payment (see [`payment`]): the dated rules, each contributor's 稿酬 per
//!   issue and period, issued statements kept as issued, .xlsx and a PDF.
//!
//! "Printed" is what the latest print (non-proof) export of an issue placed,
//! at the revision its manifest recorded ([`zonepress_store::stats`]).

mod attribute;
mod formula;
pub mod payment;
mod phones;
mod sheets;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::payment::rules_for;
use zonepress_core::{Action, ArticleStatus, Id, authorize};
use zonepress_store::contributors::ContributorEdit;
use zonepress_store::stats::PeriodFacts;

pub use attribute::credit_source;
use attribute::{Resolver, Who, parts};

use crate::{ApiError, Binary, Context, Session};

mod contributors;
mod credits;

pub use contributors::*;
pub use credits::*;

// ----------------------------------------------------------------- statistics

/// Per person or per unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatsBy {
    #[default]
    Person,
    Unit,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ArticleStatsInput {
    /// First issue date counted (inclusive).
    pub from: NaiveDate,
    /// Last issue date counted (inclusive).
    pub to: NaiveDate,
    #[serde(default)]
    pub by: Option<StatsBy>,
}

/// An issue of the period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatsIssue {
    pub id: Id,
    pub label: String,
    pub date: NaiveDate,
    /// Exported for print (付印): only then does it count as printed.
    pub printed: bool,
    pub exported_at: Option<DateTime<Utc>>,
    /// Articles the print export placed.
    pub articles: u32,
}

/// What a row of the statistics is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Contributor,
    /// A name no contributor has (未登记).
    Unknown,
    /// A name several contributors have, not yet confirmed (同名待确认).
    Ambiguous,
    /// What no byline names (无署名).
    Nobody,
    Unit,
}

/// One person's (or unit's) figures.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatsRow {
    /// `c:12` (a contributor), `n:陈曦` (unregistered), `a:张伟` (namesakes),
    /// `-` (no byline), `u:经济发展局` (a unit): for `stats_articles`.
    pub key: String,
    pub kind: RowKind,
    /// The person's name, or the unit's.
    pub name: String,
    pub unit: String,
    pub contributor_id: Option<Id>,
    /// Articles submitted (投稿) naming them.
    pub submitted: u32,
    /// Articles printed (刊用) naming them.
    pub printed: u32,
    /// Their share of the printed articles, in thousandths (1,500 = 1.5 篇).
    pub printed_share: i64,
    /// Characters printed: their share of each article's characters.
    pub chars: i64,
    /// Photos printed, in thousandths (a photo of two is 500 each).
    pub photos: i64,
    /// Printed articles on page 1 naming them.
    pub front_page: u32,
}

/// The period's totals (each article once).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatsTotals {
    pub submitted: u32,
    pub printed: u32,
    pub chars: i64,
    pub photos: u32,
    pub front_page: u32,
}

/// 稿件统计 of a period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct ArticleStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: StatsBy,
    pub issues: Vec<StatsIssue>,
    /// Most characters printed first.
    pub rows: Vec<StatsRow>,
    pub totals: StatsTotals,
    /// Names not (uniquely) linked to a contributor.
    pub unresolved: u32,
    /// What the reader should know, in Chinese (issues not printed, names to confirm).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct StatsArticlesInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub by: Option<StatsBy>,
    /// The row's `key`.
    pub key: String,
}

/// One article behind a figure.
#[derive(Debug, Clone, Serialize, Deserialize, TS, JsonSchema)]
pub struct StatsArticle {
    pub article_id: Id,
    pub issue_id: Option<Id>,
    /// `2026年第11期` (empty: not assigned to an issue).
    pub issue: String,
    /// Page printed on (printed articles).
    pub page: Option<u8>,
    /// The revision printed.
    pub revision: Option<u32>,
    pub title: String,
    pub byline: String,
    /// Where the article stands now.
    pub status: Option<ArticleStatus>,
    /// Counted as submitted.
    pub submitted: bool,
    /// Counted as printed.
    pub printed: bool,
    pub front_page: bool,
    /// Characters of the printed revision.
    pub chars: u32,
    /// The row's share of the text, in thousandths.
    pub share: i64,
    pub chars_share: i64,
    /// Photos of the article the row is credited on, and its share in thousandths.
    pub photos: u32,
    pub photo_share: i64,
}

const MAX_PERIOD_DAYS: i64 = 3700;

/// Refuse a period that ends before it starts or spans more than ten years.
pub(crate) fn validate_period(from: NaiveDate, to: NaiveDate) -> Result<(), ApiError> {
    if from > to {
        return Err(ApiError::invalid(
            format!("起始日期（{from}）晚于结束日期（{to}）"),
            "period from after to",
        ));
    }
    if (to - from).num_days() > MAX_PERIOD_DAYS {
        return Err(ApiError::invalid(
            "统计期间不能超过10年",
            "period longer than ten years",
        ));
    }
    Ok(())
}

fn local_midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

pub(crate) fn facts(
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PeriodFacts, ApiError> {
    validate_period(from, to)?;
    let end = to.succ_opt().unwrap_or(to);
    Ok(ctx
        .store()
        .period_facts(from, to, (local_midnight(from), local_midnight(end)))?)
}

/// `2026年第11期 总第137期` → `2026年第11期`
fn short_label(label: &str) -> &str {
    label.split(' ').next().unwrap_or(label)
}

struct Group {
    key: String,
    kind: RowKind,
    name: String,
    unit: String,
    contributor_id: Option<Id>,
}

fn group_of(who: &Who, by: StatsBy, contributors: &HashMap<Id, &Contributor>) -> Group {
    let person = match who {
        Who::Contributor(id) => {
            let c = contributors.get(id);
            Group {
                key: who.key(),
                kind: RowKind::Contributor,
                name: c.map(|c| c.name.clone()).unwrap_or_default(),
                unit: c.map(|c| c.unit.clone()).unwrap_or_default(),
                contributor_id: Some(*id),
            }
        }
        Who::Unknown(n) => Group {
            key: who.key(),
            kind: RowKind::Unknown,
            name: n.clone(),
            unit: "（未登记）".into(),
            contributor_id: None,
        },
        Who::Ambiguous(n) => Group {
            key: who.key(),
            kind: RowKind::Ambiguous,
            name: n.clone(),
            unit: "（同名待确认）".into(),
            contributor_id: None,
        },
        Who::Nobody => Group {
            key: who.key(),
            kind: RowKind::Nobody,
            name: "（无署名）".into(),
            unit: String::new(),
            contributor_id: None,
        },
    };
    match (by, person.kind) {
        (StatsBy::Person, _) | (StatsBy::Unit, RowKind::Nobody) => person,
        (StatsBy::Unit, _) => {
            let unit = if person.unit.is_empty() {
                "（未填单位）".to_string()
            } else {
                person.unit
            };
            Group {
                key: format!("u:{unit}"),
                kind: RowKind::Unit,
                name: unit.clone(),
                unit,
                contributor_id: None,
            }
        }
    }
}

#[derive(Default)]
struct Acc {
    submitted: BTreeSet<Id>,
    printed: BTreeSet<(Id, Id)>,
    printed_share: i64,
    chars: i64,
    photos: i64,
    front: BTreeSet<(Id, Id)>,
}

/// The statistics of the facts, and (for `detail`) the articles behind one row.
struct Computed {
    rows: Vec<StatsRow>,
    totals: StatsTotals,
    unresolved: BTreeSet<String>,
    /// The articles behind each row asked for, by row key.
    detail: BTreeMap<String, Vec<StatsArticle>>,
}

/// Which rows' articles to list.
#[derive(Clone, Copy)]
enum Detail<'a> {
    None,
    Row(&'a str),
    All,
}

impl Detail<'_> {
    fn wants(self, key: &str) -> bool {
        match self {
            Detail::None => false,
            Detail::Row(k) => k == key,
            Detail::All => true,
        }
    }
}

fn compute(facts: &PeriodFacts, by: StatsBy, detail: Detail) -> Computed {
    let by_id: HashMap<Id, &Contributor> = facts.contributors.iter().map(|c| (c.id, c)).collect();
    let resolver = Resolver::new(&facts.contributors, &facts.confirmed);
    let issue_of: HashMap<Id, &zonepress_store::stats::PeriodIssue> =
        facts.issues.iter().map(|i| (i.id, i)).collect();
    let mut groups: BTreeMap<String, (Group, Acc)> = BTreeMap::new();
    let mut totals = StatsTotals::default();
    let mut unresolved = BTreeSet::new();
    let mut detail_rows: BTreeMap<String, BTreeMap<(Id, Id), StatsArticle>> = BTreeMap::new();
    let mut note_unresolved = |who: &Who| match who {
        Who::Unknown(n) | Who::Ambiguous(n) => {
            unresolved.insert(n.clone());
        }
        _ => {}
    };

    for p in &facts.printed {
        let Some(issue) = issue_of.get(&p.issue_id) else {
            continue;
        };
        let first = rules_for(&facts.rules, issue.date).and_then(|r| r.first_author_percent);
        let credit = resolver.credits(p.article_id, &p.byline, &p.photo_credits);
        let front = p.page == 1;
        totals.printed += 1;
        totals.chars += i64::from(p.chars);
        totals.photos += p.photo_credits.len() as u32;
        totals.front_page += u32::from(front);
        for part in parts(&credit, p.chars, |n| {
            zonepress_core::payment::shares(first, n)
        }) {
            note_unresolved(&part.who);
            let g = group_of(&part.who, by, &by_id);
            let key = g.key.clone();
            let (_, acc) = groups
                .entry(key.clone())
                .or_insert_with(|| (g, Acc::default()));
            acc.printed.insert((p.issue_id, p.article_id));
            acc.printed_share += part.text_share;
            acc.chars += part.chars;
            acc.photos += part.photo_share;
            if front {
                acc.front.insert((p.issue_id, p.article_id));
            }
            if detail.wants(&key) {
                let d = detail_rows
                    .entry(key.clone())
                    .or_default()
                    .entry((p.issue_id, p.article_id))
                    .or_insert_with(|| StatsArticle {
                        article_id: p.article_id,
                        issue_id: Some(p.issue_id),
                        issue: short_label(&issue.label).to_string(),
                        page: Some(p.page),
                        revision: Some(p.revision),
                        title: p.title.clone(),
                        byline: p.byline.clone(),
                        status: None,
                        submitted: false,
                        printed: true,
                        front_page: front,
                        chars: p.chars,
                        share: 0,
                        chars_share: 0,
                        photos: 0,
                        photo_share: 0,
                    });
                d.share += part.text_share;
                d.chars_share += part.chars;
                d.photos += part.photos;
                d.photo_share += part.photo_share;
            }
        }
    }

    for s in &facts.submitted {
        totals.submitted += 1;
        let credit = resolver.credits(s.article_id, &s.byline, &s.photo_credits);
        let mut whos: Vec<Who> = credit
            .text
            .iter()
            .chain(credit.photos.iter().flatten())
            .map(|p| p.who.clone())
            .collect();
        if whos.is_empty() {
            whos.push(Who::Nobody);
        }
        let mut seen = BTreeSet::new();
        for who in whos {
            note_unresolved(&who);
            let g = group_of(&who, by, &by_id);
            if !seen.insert(g.key.clone()) {
                continue;
            }
            let key = g.key.clone();
            let (_, acc) = groups
                .entry(key.clone())
                .or_insert_with(|| (g, Acc::default()));
            acc.submitted.insert(s.article_id);
            if detail.wants(&key) {
                let issue = s.issue_id.and_then(|i| issue_of.get(&i));
                let rows = detail_rows.entry(key.clone()).or_default();
                // Printed rows of the same article (any issue) are marked submitted too.
                let mut marked = false;
                for ((_, aid), d) in rows.iter_mut() {
                    if *aid == s.article_id {
                        d.submitted = true;
                        d.status = Some(s.status);
                        marked = true;
                    }
                }
                if !marked {
                    rows.insert(
                        (s.issue_id.unwrap_or(0), s.article_id),
                        StatsArticle {
                            article_id: s.article_id,
                            issue_id: s.issue_id,
                            issue: issue
                                .map(|i| short_label(&i.label).to_string())
                                .unwrap_or_default(),
                            page: None,
                            revision: None,
                            title: s.title.clone(),
                            byline: s.byline.clone(),
                            status: Some(s.status),
                            submitted: true,
                            printed: false,
                            front_page: false,
                            chars: s.chars,
                            share: 0,
                            chars_share: 0,
                            photos: 0,
                            photo_share: 0,
                        },
                    );
                }
            }
        }
    }

    let mut rows: Vec<StatsRow> = groups
        .into_values()
        .map(|(g, acc)| StatsRow {
            key: g.key,
            kind: g.kind,
            name: g.name,
            unit: g.unit,
            contributor_id: g.contributor_id,
            submitted: acc.submitted.len() as u32,
            printed: acc.printed.len() as u32,
            printed_share: acc.printed_share,
            chars: acc.chars,
            photos: acc.photos,
            front_page: acc.front.len() as u32,
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.kind == RowKind::Nobody)
            .cmp(&(b.kind == RowKind::Nobody))
            .then(b.chars.cmp(&a.chars))
            .then(b.printed_share.cmp(&a.printed_share))
            .then(b.submitted.cmp(&a.submitted))
            .then(a.name.cmp(&b.name))
    });
    Computed {
        rows,
        totals,
        unresolved,
        detail: detail_rows
            .into_iter()
            .map(|(k, v)| (k, v.into_values().collect()))
            .collect(),
    }
}

fn stats_of(facts: &PeriodFacts, from: NaiveDate, to: NaiveDate, by: StatsBy) -> ArticleStats {
    let c = compute(facts, by, Detail::None);
    let mut per_issue: HashMap<Id, u32> = HashMap::new();
    for p in &facts.printed {
        *per_issue.entry(p.issue_id).or_default() += 1;
    }
    let issues: Vec<StatsIssue> = facts
        .issues
        .iter()
        .map(|i| StatsIssue {
            id: i.id,
            label: i.label.clone(),
            date: i.date,
            printed: i.print_export.is_some(),
            exported_at: i.print_export.map(|e| e.1),
            articles: per_issue.get(&i.id).copied().unwrap_or(0),
        })
        .collect();
    let mut notes = Vec::new();
    if issues.is_empty() {
        notes.push(format!("{from}至{to}之间没有出版的期次。"));
    } else if issues.iter().all(|i| !i.printed) {
        notes.push("所选期间的期次都还没有导出付印稿，刊用数均为0。".to_string());
    }
    for i in issues.iter().filter(|i| !i.printed) {
        if issues.iter().any(|i| i.printed) {
            notes.push(format!(
                "{}尚未导出付印稿，不计入刊用。",
                short_label(&i.label)
            ));
        }
    }
    if !c.unresolved.is_empty() {
        let names: Vec<&str> = c.unresolved.iter().map(String::as_str).take(8).collect();
        notes.push(format!(
            "有{}个署名尚未对应到通讯员（{}{}），请登记或在稿件中确认。",
            c.unresolved.len(),
            names.join("、"),
            if c.unresolved.len() > 8 { "等" } else { "" }
        ));
    }
    ArticleStats {
        from,
        to,
        by,
        issues,
        rows: c.rows,
        totals: c.totals,
        unresolved: c.unresolved.len() as u32,
        notes,
    }
}

/// 稿件统计 of a period, per person or per unit (every staff role).
pub fn article_stats(
    ctx: &Context,
    session: &Session,
    input: ArticleStatsInput,
) -> Result<ArticleStats, ApiError> {
    authorize(&session.user, Action::Read)?;
    let facts = facts(ctx, input.from, input.to)?;
    Ok(stats_of(
        &facts,
        input.from,
        input.to,
        input.by.unwrap_or_default(),
    ))
}

/// The articles behind one row of the statistics.
pub fn stats_articles(
    ctx: &Context,
    session: &Session,
    input: StatsArticlesInput,
) -> Result<Vec<StatsArticle>, ApiError> {
    authorize(&session.user, Action::Read)?;
    let facts = facts(ctx, input.from, input.to)?;
    Ok(compute(
        &facts,
        input.by.unwrap_or_default(),
        Detail::Row(&input.key),
    )
    .detail
    .remove(&input.key)
    .unwrap_or_default())
}

/// A spreadsheet format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    #[default]
    Xlsx,
    Csv,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ExportStatsInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub by: Option<StatsBy>,
    #[serde(default)]
    pub format: Option<SheetFormat>,
}

/// 稿件统计 as an .xlsx workbook (figures, the printed articles per person,
/// notes) or a CSV of the figures.
pub fn export_stats(
    ctx: &Context,
    session: &Session,
    input: ExportStatsInput,
) -> Result<Binary, ApiError> {
    authorize(&session.user, Action::Read)?;
    let facts = facts(ctx, input.from, input.to)?;
    let by = input.by.unwrap_or_default();
    let stats = stats_of(&facts, input.from, input.to, by);
    let name = format!(
        "稿件统计-{}至{}{}",
        input.from.format("%Y%m%d"),
        input.to.format("%Y%m%d"),
        if by == StatsBy::Unit {
            "-按单位"
        } else {
            ""
        }
    );
    match input.format.unwrap_or_default() {
        SheetFormat::Csv => Ok(Binary {
            record_id: None,
            content_type: "text/csv; charset=utf-8".into(),
            file_name: format!("{name}.csv"),
            bytes: sheets::stats_csv(&stats),
        }),
        SheetFormat::Xlsx => {
            let mut all = compute(&facts, by, Detail::All).detail;
            let detail: Vec<(StatsRow, Vec<StatsArticle>)> = stats
                .rows
                .iter()
                .map(|r| (r.clone(), all.remove(&r.key).unwrap_or_default()))
                .collect();
            Ok(Binary {
                record_id: None,
                content_type: sheets::XLSX.into(),
                file_name: format!("{name}.xlsx"),
                bytes: sheets::stats_xlsx(&stats, &detail)?,
            })
        }
    }
}

/// Thousandths as a decimal: `1500` → `1.5`, `333` → `0.333`.
pub fn thousandths(v: i64) -> String {
    let s = format!("{}.{:03}", v / 1000, (v % 1000).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The demo's contributors (the bylines of the demo issue) and payment
/// rules, so that 稿件统计 and 稿酬 have something to show once the issue
/// is exported for print.
pub(crate) fn seed_demo(ctx: &Context, session: &Session) -> Result<(), ApiError> {
    let editor = ctx
        .store()
        .list_users()?
        .into_iter()
        .find(|u| u.username == "editor")
        .map(|u| u.id);
    let people: &[(&str, &str, &str, bool)] = &[
        ("林悦", "本报编辑部", "", false),
        ("王晓静", "本报编辑部", "", false),
        ("何佳宁", "经济发展局", "0571-8690 1201", true),
        ("韩晓东", "经济发展局", "0571-8690 1207", true),
        ("马骁", "建设交通局", "0571-8690 1315", true),
        ("苏晴", "科技创新局", "0571-8690 1422", true),
        ("许嘉禾", "政务服务中心", "0571-8690 1530", true),
        ("罗晨", "社会事业局", "0571-8690 1618", true),
        ("叶帆", "招商局", "0571-8690 1706", true),
        ("沈佳", "党群工作部", "0571-8690 1109", true),
        ("刘畅", "融媒体中心", "0571-8690 1833", true),
    ];
    for (name, unit, phone, paid) in people {
        ctx.store().save_contributor(
            &session.actor(),
            &ContributorEdit {
                id: None,
                name: (*name).into(),
                unit: (*unit).into(),
                phone: (*phone).into(),
                user_id: if *name == "林悦" { editor } else { None },
                paid: *paid,
                active: true,
                note: if *paid {
                    String::new()
                } else {
                    "本报采编人员，不领取稿酬".into()
                },
            },
        )?;
    }
    ctx.store().save_payment_rules(
        &session.actor(),
        &zonepress_core::payment::PaymentRules {
            id: 0,
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            per_thousand: 8000,
            column_rates: vec![zonepress_core::payment::ColumnRate {
                column: "专题报道".into(),
                per_thousand: 12000,
            }],
            kind_rates: vec![],
            per_photo: 5000,
            front_page_bonus: 3000,
            min_per_article: 5000,
            max_per_article: 30000,
            first_author_percent: None,
            note: "2026年起执行".into(),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousandths_read_naturally() {
        assert_eq!(super::thousandths(1500), "1.5");
        assert_eq!(super::thousandths(1000), "1");
        assert_eq!(super::thousandths(333), "0.333");
        assert_eq!(super::thousandths(0), "0");
    }
}
