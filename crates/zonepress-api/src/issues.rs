//! The publication settings and the issues 期 of the bulletin.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zonepress_core::{Action, CoreError, Field, Id, IssueStatus, PageSize, Publication, authorize};
use zonepress_store::issues::{IssueUpdate, NewIssue};

use crate::events::{Change, EventKind};
use crate::{ApiError, Context, Empty, Session};
pub use zonepress_core::Issue;

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CreateIssueInput {
    pub year: i32,
    /// 第N期 within the year.
    pub number: u32,
    /// 总第N期; the next free number when absent.
    #[serde(default)]
    pub serial: Option<u32>,
    pub date: NaiveDate,
    /// 版数; 4 when absent.
    #[serde(default)]
    pub page_count: Option<u8>,
    /// The publication's size when absent.
    #[serde(default)]
    pub page_size: Option<PageSize>,
    #[serde(default)]
    pub columns: Option<u8>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS, JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct UpdateIssueInput {
    pub id: Id,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<IssueStatus>,
    #[serde(default)]
    pub page_count: Option<u8>,
    #[serde(default)]
    pub page_size: Option<PageSize>,
    #[serde(default)]
    pub columns: Option<u8>,
    /// 印刷日期, printed in the colophon.
    #[serde(default)]
    pub print_date: Option<NaiveDate>,
    /// Clear the 印刷日期 (not known yet after all).
    #[serde(default)]
    pub clear_print_date: Option<bool>,
}

fn validate_page_count(n: u8) -> Result<(), ApiError> {
    if !(1..=zonepress_core::layout::MAX_PAGES as u8).contains(&n) {
        return Err(ApiError::invalid(
            format!("版数应在1到{}之间", zonepress_core::layout::MAX_PAGES),
            format!("page count {n} out of range"),
        ));
    }
    Ok(())
}

fn validate_columns(n: u8) -> Result<(), ApiError> {
    if !(1..=6).contains(&n) {
        return Err(ApiError::invalid(
            "栏数应在1到6之间",
            format!("columns {n} out of range"),
        ));
    }
    Ok(())
}

pub fn get_publication(
    ctx: &Context,
    session: &Session,
    _: Empty,
) -> Result<Publication, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().publication()?)
}

/// The publication's name (刊名), for clients that have not signed in yet
/// (`/api/health`).
pub fn publication_name(ctx: &Context) -> Result<String, ApiError> {
    Ok(ctx.store().publication()?.name)
}

/// Check and store publication settings as `session` (whose rights the
/// caller checked; `init` and the demo use this directly).
pub fn set_publication(
    ctx: &Context,
    session: &Session,
    p: Publication,
) -> Result<Publication, ApiError> {
    for (field, value, max) in [
        (Field::PublicationName, &p.name, 40),
        (Field::Publisher, &p.publisher, 80),
        (Field::PermitNumber, &p.permit_number, 60),
    ] {
        if value.chars().count() > max || value.chars().any(char::is_control) {
            return Err(CoreError::TooLong {
                field,
                max,
                actual: value.chars().count(),
            }
            .into());
        }
    }
    // 出版形式 (which of them a kind requires is preflight's business).
    for (label, value, max) in [
        ("国内统一连续出版物号", &p.cn_number, 40),
        ("邮发代号", &p.postal_code, 20),
        ("编印单位", &p.editor_unit, 80),
        ("发送对象", &p.audience, 80),
        ("印刷单位", &p.printer, 80),
    ] {
        if value.chars().count() > max || value.chars().any(char::is_control) {
            return Err(ApiError::invalid(
                format!("{label}不能超过{max}个字，也不能含控制字符"),
                format!("publication field {label} too long or with control characters"),
            ));
        }
    }
    if p.print_run > 10_000_000 {
        return Err(ApiError::invalid(
            "印数应在1000万份以内",
            format!("print run {} too large", p.print_run),
        ));
    }
    if p.name.trim().is_empty() {
        return Err(CoreError::Empty {
            field: Field::PublicationName,
        }
        .into());
    }
    validate_columns(p.columns)?;
    if !(1..=3).contains(&p.review_levels) {
        return Err(ApiError::invalid(
            "审核级数应为1至3级",
            format!("review levels {} out of range", p.review_levels),
        ));
    }
    if !(1..=zonepress_core::pages::MAX_PROOF_ROUNDS).contains(&p.proof_rounds) {
        return Err(ApiError::invalid(
            "校样次数应为1至3次",
            format!("proof rounds {} out of range", p.proof_rounds),
        ));
    }
    if p.page_signers.len() > 50 {
        return Err(ApiError::invalid("签版人最多50位", "too many page signers"));
    }
    for id in &p.page_signers {
        match ctx.store().user(*id) {
            Ok(u) if !u.disabled => {}
            _ => {
                return Err(ApiError::invalid(
                    format!("签版人（账号{id}）不存在或已停用"),
                    format!("page signer {id} is no enabled account"),
                ));
            }
        }
    }
    if !(5..=720).contains(&p.session_idle_minutes) {
        return Err(ApiError::invalid(
            "空闲自动退出时间应在5至720分钟之间",
            format!("idle minutes {} out of range", p.session_idle_minutes),
        ));
    }
    let out = ctx.store().set_publication(&session.actor(), &p)?;
    ctx.set_idle_minutes(out.session_idle_minutes);
    ctx.publish(Change::new(EventKind::Publication, "update", 1).by(&session.user));
    Ok(out)
}

pub fn update_publication(
    ctx: &Context,
    session: &Session,
    input: Publication,
) -> Result<Publication, ApiError> {
    authorize(&session.user, Action::ManageSettings)?;
    let out = set_publication(ctx, session, input)?;
    crate::pages::after_change_everywhere(ctx, session, "刊物设置修改")?;
    Ok(out)
}

pub fn list_issues(ctx: &Context, session: &Session, _: Empty) -> Result<Vec<Issue>, ApiError> {
    authorize(&session.user, Action::Read)?;
    Ok(ctx.store().list_issues()?)
}

/// Create an issue as `session` (whose rights the caller checked; the demo
/// uses this directly).
pub fn add_issue(
    ctx: &Context,
    session: &Session,
    input: CreateIssueInput,
) -> Result<Issue, ApiError> {
    if !(2000..=2100).contains(&input.year) || input.number == 0 || input.number > 366 {
        return Err(ApiError::invalid(
            "期号不正确：年份应在2000至2100之间，期数应大于0",
            format!("invalid issue {}/{}", input.year, input.number),
        ));
    }
    if input.date.year() < input.year - 1 || input.date.year() > input.year + 1 {
        return Err(ApiError::invalid(
            "出版日期与期号年份不符",
            "issue date far from its year",
        ));
    }
    let publication = ctx.store().publication()?;
    let page_count = input.page_count.unwrap_or(4);
    validate_page_count(page_count)?;
    let page_size = input.page_size.unwrap_or(publication.page_size);
    let columns = input.columns.unwrap_or(if input.page_size.is_some() {
        page_size.default_columns()
    } else {
        publication.columns
    });
    validate_columns(columns)?;
    let serial = match input.serial {
        Some(0) => {
            return Err(ApiError::invalid("总期号应大于0", "serial number 0"));
        }
        Some(s) => s,
        None => ctx.store().next_serial()?,
    };
    let issue = ctx.store().create_issue(
        &session.actor(),
        &NewIssue {
            year: input.year,
            number: input.number,
            serial,
            date: input.date,
            page_count,
            page_size,
            columns,
        },
    )?;
    ctx.publish(Change::new(EventKind::Issue, "create", issue.id).by(&session.user));
    Ok(issue)
}

pub fn create_issue(
    ctx: &Context,
    session: &Session,
    input: CreateIssueInput,
) -> Result<Issue, ApiError> {
    authorize(&session.user, Action::ManageIssues)?;
    add_issue(ctx, session, input)
}

pub fn update_issue(
    ctx: &Context,
    session: &Session,
    input: UpdateIssueInput,
) -> Result<Issue, ApiError> {
    authorize(&session.user, Action::ManageIssues)?;
    if let Some(n) = input.page_count {
        validate_page_count(n)?;
    }
    if let Some(c) = input.columns {
        validate_columns(c)?;
    }
    let print_date = if input.clear_print_date == Some(true) {
        Some(None)
    } else {
        input.print_date.map(Some)
    };
    let issue = ctx.store().update_issue(
        &session.actor(),
        input.id,
        &IssueUpdate {
            date: input.date,
            status: input.status,
            page_count: input.page_count,
            page_size: input.page_size,
            columns: input.columns,
            print_date,
        },
    )?;
    ctx.publish(Change::new(EventKind::Issue, "update", issue.id).by(&session.user));
    crate::pages::after_change(ctx, session, Some(issue.id), "期次信息修改")?;
    Ok(issue)
}
