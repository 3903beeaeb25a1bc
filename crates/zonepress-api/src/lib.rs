//! ZonePress commands, written once for every transport.
//!
//! Each operation is one plain function `fn(&Context, &Session, Input) ->
//! Result<Output, ApiError>` in a module named after what it works on. The
//! [`commands!`] table below lists them all; from it come [`call`] (the one
//! entry point the Tauri command and the HTTP route both wrap, by name),
//! [`invoke`] with one marker type per command in [`cmd`] (the typed door of
//! the command line and the desktop shell; the same gate and log), the
//! OpenAPI document and the generated TypeScript types, so the desktop app,
//! the server and the UI cannot drift apart.
//!
//! Every command checks the caller's roles through `zonepress-core` before it
//! touches the store. This crate never opens sockets or windows.

pub mod admin;
pub mod articles;
pub mod auth;
pub mod demo;
mod error;
pub mod events;
pub mod files;
mod hashing;
pub mod idle;
pub mod import;
pub mod issues;
pub mod layout;
mod lockholder;
pub mod notify;
pub mod openapi;
pub mod pages;
pub mod presence;
pub mod press;
pub mod privileged;
pub mod proof;
pub mod review;
pub mod sandbox;
pub mod search;
pub mod serving;
pub mod stats;
pub mod suggest;
pub mod topics;
pub mod typescript;
pub mod web;
pub mod workspace;

use serde::Serialize;
use serde::de::DeserializeOwned;
use zonepress_core::User;

pub use error::{ApiError, ErrorCode};
pub use workspace::{Context, WorkspaceLock};

/// Who is calling: the account behind a valid session token, and from where.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub token_hash: String,
    /// The client's address (`127.0.0.2`) or `本机` for the desktop app and the CLI.
    pub client: String,
    pub via: Via,
    /// The password was set by an admin: only `change_password` and `logout`
    /// are allowed until the owner chooses a new one.
    pub must_change_password: bool,
    /// When the session was last used (for the idle timeout); `None` for
    /// the command line and the program itself, which have no session row.
    pub last_seen_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The transport a request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The desktop app on its own workspace (Tauri IPC).
    Desktop,
    /// `POST /api/<command>` from a browser or a connected desktop app.
    Http,
    /// The `zonepress` command line.
    Cli,
    /// The program itself (creating the demo workspace).
    System,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Desktop => "desktop",
            Via::Http => "http",
            Via::Cli => "cli",
            Via::System => "system",
        }
    }
}

/// Where a request comes from, as the transport knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// An IP address, or `本机`.
    pub client: String,
    pub via: Via,
    /// The client sent the request on its own (a refresh after a change
    /// event, a poll), not for something its user did: it does not count
    /// as using the session (see [`idle`]).
    pub background: bool,
}

impl Caller {
    /// The desktop app on this machine.
    pub fn local() -> Caller {
        Caller {
            client: LOCAL_CLIENT.into(),
            via: Via::Desktop,
            background: false,
        }
    }

    /// A request over HTTP from `addr`.
    pub fn http(addr: std::net::IpAddr) -> Caller {
        Caller {
            client: addr.to_canonical().to_string(),
            via: Via::Http,
            background: false,
        }
    }

    /// The command line on this machine.
    pub fn cli() -> Caller {
        Caller {
            client: LOCAL_CLIENT.into(),
            via: Via::Cli,
            background: false,
        }
    }

    /// The same caller, for a request its client sent on its own.
    pub fn in_background(self, background: bool) -> Caller {
        Caller { background, ..self }
    }
}

/// The client name of calls made on the machine itself.
pub const LOCAL_CLIENT: &str = "本机";

/// Commands a session whose password must change may still call.
const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] = &["change_password", "logout"];

/// What a command answers.
#[derive(Debug)]
pub enum Reply {
    Json(serde_json::Value),
    Binary(Binary),
}

/// A file answer (PDF, PNG): sent as raw bytes with its content type.
#[derive(Debug, Clone)]
pub struct Binary {
    pub content_type: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The id under which the command recorded what it made (an export's
    /// `export_uid`), so the caller fetches what belongs to this very file
    /// (its manifest) by id, not as "the latest". Over HTTP the header
    /// `X-ZonePress-Record`.
    pub record_id: Option<String>,
}

/// In TypeScript a file answer is a `Blob`.
impl ts_rs::TS for Binary {
    type WithoutGenerics = Binary;
    type OptionInnerType = Binary;

    fn name(_: &ts_rs::Config) -> String {
        "Blob".into()
    }

    fn inline(_: &ts_rs::Config) -> String {
        "Blob".into()
    }
}

/// In OpenAPI a file answer is a binary string.
impl schemars::JsonSchema for Binary {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Binary".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "binary" })
    }
}

/// Input of commands that take none.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, ts_rs::TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields)]
pub struct Empty {}

/// A command's description, for the OpenAPI document and the docs.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// Callable without a session (only `login`).
    pub public: bool,
    /// Answers with bytes (`application/pdf`, `image/png`) instead of JSON.
    pub binary: bool,
}

/// The largest request body a command accepts: imports carry whole files,
/// everything else is small. Transports refuse larger bodies (`too_large`)
/// without reading them.
pub fn max_body(command: &str) -> usize {
    match command {
        "preview_import" | "import_articles" => LARGE_BODY,
        "verify_export" => VERIFY_BODY,
        "import_print_profile" | "preflight_pdf" => LARGE_BODY,
        _ => SMALL_BODY,
    }
}

/// Commands that typeset, render or read whole files: the transports run
/// few of them at once per account (a preview takes a second of CPU and
/// tens of MB; a light command, milliseconds).
pub fn is_heavy(command: &str) -> bool {
    matches!(
        command,
        "preview_page"
            | "preflight_issue"
            | "export_issue"
            | "export_review_form"
            | "verify_export"
            | "export_web"
            | "wechat_issue_html"
            | "export_payment_statement"
            | "preflight_pdf"
    )
}

/// The version of the command set: a client of another version is told so
/// before it signs in (`/api/health`).
pub const API_VERSION: u32 = 2;

/// Body limit of the import commands (files as base64).
pub const LARGE_BODY: usize = 64 * 1024 * 1024;
/// Body limit of `verify_export` (the file as base64). The demo issue's
/// 4-page A3 print PDF is 1.5 MB and its 数字报 zip 6 MB; a bulletin
/// with many photos stays well under 24 MB of file.
pub const VERIFY_BODY: usize = 32 * 1024 * 1024;
/// Body limit of every other command.
pub const SMALL_BODY: usize = 1024 * 1024;

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body = if body.iter().all(|b| b.is_ascii_whitespace()) {
        b"{}".as_slice()
    } else {
        body
    };
    Ok(serde_json::from_slice(body)?)
}

fn json<T: Serialize>(out: T) -> Result<Reply, ApiError> {
    serde_json::to_value(out)
        .map(Reply::Json)
        .map_err(ApiError::internal)
}

macro_rules! commands {
    ($( $(#[doc = $doc:literal])* $kind:ident $auth:ident $name:ident = $path:path ; $input:ty => $output:ty ; )*) => {
        /// Every command, in the order of the table.
        pub const COMMANDS: &[CommandInfo] = &[
            $( CommandInfo {
                name: stringify!($name),
                summary: concat!($($doc),*),
                public: commands!(@public $auth),
                binary: commands!(@binary $kind),
            }, )*
        ];

        /// One marker type per command of the table, named as the command,
        /// for the typed door [`invoke`]: `invoke::<cmd::list_issues>(…)`.
        pub mod cmd {
            $( $(#[doc = $doc])*
            #[allow(non_camel_case_types)]
            #[derive(Debug, Clone, Copy)]
            pub struct $name; )*
        }

        $( impl Command for cmd::$name {
            const NAME: &'static str = stringify!($name);
            type Input = $input;
            type Output = $output;

            fn run(ctx: &Context, caller: &Caller, session: Option<Session>, input: $input) -> Result<$output, ApiError> {
                commands!(@run $auth ctx caller session $path, input)
            }
        } )*

        fn dispatch(ctx: &Context, caller: &Caller, auth: Auth, command: &str, body: &[u8]) -> Result<Reply, ApiError> {
            match command {
                $( stringify!($name) => {
                    let input: $input = parse(body)?;
                    let session = commands!(@session $auth ctx caller auth);
                    let out = <cmd::$name as Command>::run(ctx, caller, session, input)?;
                    commands!(@reply $kind out)
                } )*
                other => Err(ApiError::new(
                    ErrorCode::UnknownCommand,
                    format!("未知的操作：{}", other.chars().take(64).collect::<String>()),
                    format!("unknown command {other:?}"),
                )),
            }
        }

        /// Visit every input and output type (for schemas and TypeScript).
        pub fn visit_command_types(v: &mut impl typescript::Visitor) {
            $( v.visit::<$input>(stringify!($name), true);
               v.visit::<$output>(stringify!($name), false); )*
        }
    };
    (@public public) => { true };
    (@public user) => { false };
    (@binary json) => { false };
    (@binary binary) => { true };
    (@session public $ctx:ident $caller:ident $auth:ident) => { None };
    (@session user $ctx:ident $caller:ident $auth:ident) => {
        Some(match $auth {
            Auth::Token(token) => authenticate($ctx, $caller, token)?,
            Auth::Session(session) => session,
        })
    };
    (@run public $ctx:ident $caller:ident $session:ident $path:path, $input:ident) => {{
        let _ = $session;
        $path($ctx, $caller, $input)
    }};
    (@run user $ctx:ident $caller:ident $session:ident $path:path, $input:ident) => {{
        let session = gate($ctx, $caller, $session, Self::NAME)?;
        let out = $path($ctx, &session, $input);
        if let Err(e) = &out {
            privileged::note_refusal($ctx, &session, Self::NAME, e);
        }
        out
    }};
    (@reply json $out:ident) => { json($out) };
    (@reply binary $out:ident) => { Ok(Reply::Binary($out)) };
}

/// A command of the table as a type: its name, its input and its output.
/// The table makes one per command (in [`cmd`]); [`invoke`] runs it
/// through the same gate and log as a call by name.
pub trait Command {
    /// The command's name in the table (and in `POST /api/<name>`).
    const NAME: &'static str;
    type Input;
    type Output;

    /// The command behind the gate: for a command that needs a session,
    /// the idle timeout and the password-change gate, then the command,
    /// and a refused privileged command noted. Transports call [`invoke`].
    #[doc(hidden)]
    fn run(
        ctx: &Context,
        caller: &Caller,
        session: Option<Session>,
        input: Self::Input,
    ) -> Result<Self::Output, ApiError>;
}

/// What every command that needs a session passes first: a session, its
/// use noted for the idle timeout, and (with a password an admin set) only
/// `change_password` and `logout`.
fn gate(
    ctx: &Context,
    caller: &Caller,
    session: Option<Session>,
    command: &str,
) -> Result<Session, ApiError> {
    let session = session.ok_or_else(ApiError::unauthorized)?;
    idle::note_use(ctx, caller, &session, command)?;
    if session.must_change_password && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&command) {
        return Err(ApiError::new(
            ErrorCode::PasswordChangeRequired,
            "请先修改密码：此账号的密码由管理员设置，首次登录须设置新密码",
            format!(
                "{} must change the password before {}",
                session.user.username, command
            ),
        ));
    }
    Ok(session)
}

commands! {
    /// Sign in with a username and password; answers a session token.
    json public login = auth::login; auth::LoginInput => auth::LoginOutput;
    /// End the current session.
    json user logout = auth::logout; Empty => Empty;
    /// The signed-in account and the publication settings.
    json user whoami = auth::whoami; Empty => auth::WhoAmI;
    /// Change one's own password; the account's other sessions end.
    json user change_password = auth::change_password; auth::ChangePasswordInput => auth::PasswordChanged;
    /// All accounts (admin).
    json user list_users = auth::list_users; Empty => Vec<auth::User>;
    /// Create an account (admin).
    json user create_user = auth::create_user; auth::CreateUserInput => auth::User;
    /// Change an account's name, roles, review levels, password or disable it (admin).
    json user update_user = auth::update_user; auth::UpdateUserInput => auth::User;
    /// Sign out every session of one's own account, this one included.
    json user logout_all = auth::logout_all; Empty => auth::SignedOut;
    /// Sign an account out everywhere (admin).
    json user sign_out_user = auth::sign_out_user; auth::UserIdInput => auth::SignedOut;
    /// The publication settings.
    json user get_publication = issues::get_publication; Empty => zonepress_core::Publication;
    /// Change the publication settings (admin).
    json user update_publication = issues::update_publication; zonepress_core::Publication => zonepress_core::Publication;

    /// Issues of the bulletin, newest first.
    json user list_issues = issues::list_issues; Empty => Vec<issues::Issue>;
    /// Create an issue (期).
    json user create_issue = issues::create_issue; issues::CreateIssueInput => issues::Issue;
    /// Change an issue's date, status, page count or size.
    json user update_issue = issues::update_issue; issues::UpdateIssueInput => issues::Issue;

    /// Articles, most recently updated first; filter by issue, status or author.
    json user list_articles = articles::list_articles; articles::ListArticlesInput => Vec<articles::ArticleSummary>;
    /// Create a draft.
    json user create_article = articles::create_article; articles::CreateArticleInput => articles::Article;
    /// One article with its body.
    json user get_article = articles::get_article; articles::IdInput => articles::Article;
    /// Save a new revision based on `base_revision` (refused with `conflict` when stale).
    json user save_article = articles::save_article; articles::SaveArticleInput => articles::Article;
    /// 优先级 头条 / 重点 / 一般 of an article; not content, signatures stay (editors, admins).
    json user set_article_priority = articles::set_article_priority; articles::SetPriorityInput => articles::Article;
    /// An article's revisions, oldest first.
    json user list_revisions = articles::list_revisions; articles::IdInput => Vec<zonepress_core::RevisionSummary>;
    /// One revision with its content.
    json user get_revision = articles::get_revision; articles::RevisionInput => zonepress_core::Revision;
    /// Character-level comparison of two revisions.
    json user diff_revisions = articles::diff_revisions; articles::DiffInput => zonepress_core::diff::TextDiffResult;
    /// Make an earlier revision current again (as a new revision).
    json user restore_revision = articles::restore_revision; articles::RestoreInput => articles::Article;
    /// Character-level comparison of a stored revision with unsaved text (conflicts).
    json user diff_unsaved = articles::diff_unsaved; articles::DiffUnsavedInput => zonepress_core::diff::TextDiffResult;
    /// Say the caller has an article open (repeat as a heartbeat); answers who else has.
    json user open_article = presence::open_article; presence::OpenArticleInput => presence::ArticlePresence;
    /// Say the caller closed an article.
    json user close_article = presence::close_article; articles::IdInput => Empty;
    /// Who has an article open.
    json user get_presence = presence::get_presence; articles::IdInput => presence::ArticlePresence;

    /// 送审: send a draft or returned article to 初审.
    json user submit_article = review::submit_article; review::RevisionRef => articles::Article;
    /// 签发 at the awaited level, bound to the revision read.
    json user approve_article = review::approve_article; review::ReviewInput => articles::Article;
    /// 退回 to the author with a required opinion.
    json user return_article = review::return_article; review::ReviewInput => articles::Article;
    /// 撤稿 (author or admin).
    json user withdraw_article = review::withdraw_article; review::WithdrawInput => articles::Article;
    /// Reopen a withdrawn article as a draft (author or admin).
    json user reopen_article = review::reopen_article; articles::IdInput => articles::Article;
    /// What waits for the caller: articles to review, own articles returned.
    json user list_inbox = review::list_inbox; Empty => review::Inbox;
    /// Every signature (live and voided) and every transition of an article.
    json user get_history = review::get_history; articles::IdInput => review::History;
    /// Everything a reviewer needs: the text, the diff since the last review, comments, signatures.
    json user get_review = review::get_review; articles::IdInput => review::ReviewView;
    /// Comment on a passage of a revision (or reply to a comment).
    json user add_comment = review::add_comment; review::AddCommentInput => review::Comment;
    /// Mark a comment resolved (or open again).
    json user resolve_comment = review::resolve_comment; review::ResolveCommentInput => review::Comment;
    /// An article's comments with replies, oldest first.
    json user list_comments = review::list_comments; articles::IdInput => Vec<review::Comment>;

    /// 稿库检索: every article of every issue by its current text, newest first or by relevance, with filters.
    json user search_articles = search::search_articles; search::SearchArticlesInput => search::SearchResults;
    /// The 栏目 in use and the authors, for the search filters.
    json user search_options = search::search_options; Empty => search::SearchOptions;

    /// Proofread any text (dates against an issue's period when given).
    json user check_text = proof::check_text; proof::CheckTextInput => Vec<proof::Finding>;
    /// Proofread an article: findings placed in their field and block.
    json user check_article = proof::check_article; articles::IdInput => proof::ArticleCheck;
    /// Leave a finding as it is, with a recorded reason.
    json user ignore_finding = proof::ignore_finding; proof::IgnoreFindingInput => proof::ArticleCheck;
    /// Take back an ignore.
    json user unignore_finding = proof::unignore_finding; proof::UnignoreFindingInput => proof::ArticleCheck;
    /// Confirm or reject an editor's proposal to leave an error (proofreader, admin).
    json user review_ignore = proof::review_ignore; proof::ReviewIgnoreInput => proof::ArticleCheck;
    /// Proposals to leave an error that wait for a proofreader.
    json user list_ignore_proposals = proof::list_ignore_proposals; proof::ProposalsInput => Vec<proof::IgnoreRow>;
    /// Open findings per article and the 差错率 (errors per 10,000 characters) of an issue.
    json user issue_proof_report = proof::issue_proof_report; proof::IssueIdInput => proof::IssueProofReport;
    /// Record 一校/二校/三校 of an issue (proofreader).
    json user record_proof_pass = proof::record_proof_pass; proof::RecordPassInput => Vec<proof::ProofPass>;
    /// The roster of officials.
    json user list_roster = proof::list_roster; Empty => Vec<proof::RosterRow>;
    /// Add or change a roster entry (admin).
    json user save_roster_entry = proof::save_roster_entry; proof::RosterInput => proof::RosterRow;
    /// 排序: the ranked roster entries in their new order, highest first; the others lose their rank (admin).
    json user reorder_roster = proof::reorder_roster; proof::ReorderRosterInput => Vec<proof::RosterRow>;
    /// Remove a roster entry (admin).
    json user delete_roster_entry = proof::delete_roster_entry; articles::IdInput => Empty;
    /// The confusable and deprecated word list.
    json user list_word_rules = proof::list_word_rules; Empty => Vec<proof::WordRow>;
    /// Add or change a word rule (admin).
    json user save_word_rule = proof::save_word_rule; proof::WordInput => proof::WordRow;
    /// Remove a word rule (admin).
    json user delete_word_rule = proof::delete_word_rule; articles::IdInput => Empty;

    /// How one uploaded file (.docx, .txt, .md) would become an article.
    json user preview_import = import::preview_import; import::PreviewImportInput => Vec<zonepress_import::ProposedArticle>;
    /// Import files as drafts; each file succeeds or fails on its own.
    json user import_articles = import::import_articles; import::ImportArticlesInput => Vec<import::ImportResult>;
    /// Clean text pasted from a PDF (join broken lines, drop page numbers).
    json user clean_pdf_text = import::clean_pdf_text; import::CleanPdfTextInput => zonepress_import::CleanedText;

    /// The page plan of an issue with the measured fit of each page.
    json user get_issue_plan = layout::get_issue_plan; proof::IssueIdInput => layout::IssueLayout;
    /// Store the page plan (pages, templates, placed articles and their settings).
    json user plan_issue = layout::plan_issue; zonepress_core::layout::IssuePlan => layout::IssueLayout;
    /// 排版建议: up to 5 complete page plans that fit, with the parts of each score; each one `plan_issue` accepts as it is (layout staff).
    json user suggest_layout = suggest::suggest_layout; suggest::SuggestLayoutInput => suggest::SuggestLayout;
    /// PNG preview of one page.
    binary user preview_page = layout::preview_page; layout::PreviewPageInput => Binary;
    /// 印前检查: overflow, approvals, proofreading, fonts, images, empty slots.
    json user preflight_issue = layout::preflight_issue; proof::IssueIdInput => layout::Preflight;
    /// The print PDF (or a 校样 proof) with its manifest embedded.
    binary user export_issue = layout::export_issue; layout::ExportIssueInput => Binary;
    /// Every export of an issue, newest first.
    json user list_exports = layout::list_exports; proof::IssueIdInput => Vec<layout::ExportRecord>;
    /// The manifest of an export of an issue: the one `export_issue` or `export_web` answered the id of, or the latest.
    json user get_export_manifest = layout::last_manifest; layout::ManifestInput => layout::Manifest;
    /// The 审稿单 (review form) of an article as a PDF.
    binary user export_review_form = layout::export_review_form; articles::IdInput => Binary;
    /// An image stored in the workspace.
    binary user get_asset = layout::get_asset; layout::AssetInput => Binary;
    /// Check a PDF (or a 数字报 zip) against the workspace: its recorded export, manifest, text and signatures.
    json user verify_export = layout::verify_export; layout::VerifyInput => layout::VerifyReport;
    /// 数字报: the issue's digital edition (page images with article regions, article pages, manifest) as a .zip.
    binary user export_web = web::export_web; web::ExportWebInput => Binary;
    /// A signed article as WeChat (公众号) HTML with inline styles only.
    json user wechat_html = web::wechat_html; articles::IdInput => web::WechatHtml;
    /// Every placed article of an issue, all signed, as one WeChat (公众号) post.
    json user wechat_issue_html = web::wechat_issue_html; proof::IssueIdInput => web::WechatHtml;

    /// The audit log 审计日志, filtered (admin).
    json user list_audit = admin::list_audit; admin::ListAuditInput => admin::AuditPage;
    /// Check the audit log's hash chain (admin).
    json user verify_audit = admin::verify_audit; Empty => admin::ChainReport;
    /// A consistent copy of the workspace database (admin).
    binary user backup_workspace = admin::backup_workspace; Empty => Binary;
    /// How the workspace is served on the network and whether it may be (admin).
    json user server_info = admin::server_info; Empty => admin::ServerInfo;
    /// Whether the caller may turn 局域网共享 on or off (admin).
    json user check_sharing = admin::check_sharing; Empty => Empty;
    /// 局域网共享 turned on or off in the desktop app, recorded with the admin as the actor (admin).
    json user record_sharing = admin::record_sharing; admin::SharingChange => Empty;

    /// Contributors 通讯员 (phone numbers for editors and admins only).
    json user list_contributors = stats::list_contributors; Empty => Vec<stats::Contributor>;
    /// Add or change a contributor (editors, admins).
    json user save_contributor = stats::save_contributor; stats::SaveContributorInput => stats::Contributor;
    /// Who an article's byline and photo credits (or a typed byline) name, as contributors.
    json user article_credits = stats::article_credits; stats::ArticleCreditsInput => stats::ArticleCredits;
    /// Confirm or correct who an article's byline names (editors, admins).
    json user confirm_article_credits = stats::confirm_article_credits; stats::ConfirmCreditsInput => stats::ArticleCredits;
    /// 稿件统计 of a period per person or unit: submitted, printed, characters, photos, front page.
    json user article_stats = stats::article_stats; stats::ArticleStatsInput => stats::ArticleStats;
    /// The articles behind one row of the statistics.
    json user stats_articles = stats::stats_articles; stats::StatsArticlesInput => Vec<stats::StatsArticle>;
    /// 稿件统计 as .xlsx or CSV.
    binary user export_stats = stats::export_stats; stats::ExportStatsInput => Binary;
    /// The 稿酬 of a period as it would be issued now (admins, reviewers).
    json user payment_statement = stats::payment::payment_statement; stats::payment::PaymentStatementInput => stats::payment::PaymentStatement;
    /// Issue the 稿酬发放表 of a period, kept as issued (admin).
    json user issue_payment_statement = stats::payment::issue_payment_statement; stats::payment::IssueStatementInput => stats::payment::StatementRecord;
    /// Issued payment statements, newest first (admins, reviewers).
    json user list_payment_statements = stats::payment::list_payment_statements; Empty => Vec<stats::payment::StatementRecord>;
    /// One issued payment statement, as issued (admins, reviewers).
    json user get_payment_statement = stats::payment::get_payment_statement; articles::IdInput => stats::payment::IssuedStatement;
    /// Void an issued payment statement with a reason (admin).
    json user void_payment_statement = stats::payment::void_payment_statement; stats::payment::VoidStatementInput => stats::payment::StatementRecord;
    /// The 稿酬发放表 (issued or draft) as .xlsx or PDF (admins, reviewers).
    binary user export_payment_statement = stats::payment::export_payment_statement; stats::payment::ExportStatementInput => Binary;
    /// The dated payment rules (admins, reviewers).
    json user list_payment_rules = stats::payment::list_payment_rules; Empty => Vec<zonepress_core::payment::PaymentRules>;
    /// Add or change payment rules (admin).
    json user save_payment_rules = stats::payment::save_payment_rules; zonepress_core::payment::PaymentRules => zonepress_core::payment::PaymentRules;
    /// Remove payment rules (admin).
    json user delete_payment_rules = stats::payment::delete_payment_rules; articles::IdInput => Empty;

    /// 校样: freeze the issue's layout as its next round — 一校样/二校样/三校样: the PDF with the round's watermark, the hash of every page and the layout, the box of every printed character (layout staff).
    json user start_proof_round = pages::rounds::start_proof_round; proof::IssueIdInput => pages::ProofRound;
    /// The 校样 rounds of an issue, first first, with their marks counted and 差错率.
    json user list_proof_rounds = pages::rounds::list_proof_rounds; proof::IssueIdInput => Vec<pages::ProofRound>;
    /// A round's PDF exactly as it was frozen (with its watermark).
    binary user proof_round_pdf = pages::rounds::proof_round_pdf; pages::rounds::RoundIdInput => Binary;
    /// PNG of one page of a round: the page proofreaders mark.
    binary user proof_round_page = pages::rounds::proof_round_page; pages::rounds::RoundPageInput => Binary;
    /// Close a round once every mark on it is applied or rejected; its 差错率 goes on the 三校 record (layout staff, proofreaders).
    json user close_proof_round = pages::rounds::close_proof_round; pages::rounds::RoundIdInput => pages::ProofRound;
    /// The proof mark kinds of GB/T 14706 with their Chinese names, symbols and what applying them takes.
    json user proof_mark_kinds = pages::marks::proof_mark_kinds; Empty => Vec<pages::marks::MarkKindInfo>;
    /// Place a proof mark by page coordinates (mm from the trimmed page's top-left; a click, a drag, or a box): answers the article, revision, characters (`start`/`end` in the review text) and `quote` under it, or `article_id: null` on the template or empty space (proofreaders, editors, reviewers).
    json user add_proof_mark = pages::marks::add_proof_mark; pages::marks::AddMarkInput => pages::ProofMark;
    /// Proof marks of a round, an article or an issue, oldest first, with their state.
    json user list_proof_marks = pages::marks::list_proof_marks; pages::marks::ListMarksInput => Vec<pages::ProofMark>;
    /// End a mark as applied (done by hand or on the layout) or rejected with a reason (editors; layout staff for marks on the layout).
    json user resolve_proof_mark = pages::marks::resolve_proof_mark; pages::marks::ResolveMarkInput => pages::ProofMark;
    /// 校改: the server makes the marked change inside the marked span as a new revision that keeps the article's 三审 signatures (editors).
    json user apply_proof_mark = pages::marks::apply_proof_mark; pages::marks::ApplyMarkInput => pages::marks::AppliedMark;
    /// A round's pages with its marks drawn in the round's colour (一校 red, 二校 blue, 三校 green), numbered, and a legend of who marked what, as a PDF.
    binary user proof_marks_pdf = pages::rounds::proof_marks_pdf; pages::rounds::MarksPdfInput => Binary;
    /// The pages of an issue with their hashes and 签版 (未签/已签/已失效), the rounds, the 付印 and what still stands before it.
    json user get_issue_pages = pages::signoff::get_issue_pages; proof::IssueIdInput => pages::IssuePages;
    /// 签版: sign one page exactly as it prints now (`page_hash`; a page changed since is refused with `conflict`) (the publication's page signers).
    json user sign_page = pages::signoff::sign_page; pages::signoff::SignPageInput => pages::PageSignoff;
    /// Every 校改 on the issue's pages since their articles were signed, with its diff (the 签版 screen).
    json user page_corrections = pages::signoff::page_corrections; pages::signoff::PageCorrectionsInput => Vec<pages::signoff::PageCorrection>;
    /// 付印: order printing at the layout as it is now — all proof rounds closed, no mark open, every page signed (the page signers).
    json user order_print = pages::signoff::order_print; proof::IssueIdInput => pages::PrintOrder;
    /// 印刷设置: the output condition (CMYK profile, paper, ink limit, lowest image resolution, bleed) and the masthead colour, with the profiles to choose from.
    json user get_print_settings = press::get_print_settings; Empty => press::PrintSettingsView;
    /// Change 印刷设置 (admin).
    json user update_print_settings = press::update_print_settings; zonepress_core::press::PrintSettings => press::PrintSettingsView;
    /// Import a print shop's CMYK output profile (.icc) into the workspace (admin).
    json user import_print_profile = press::import_print_profile; press::ImportProfileInput => press::ProfileInfo;
    /// Remove an imported output profile that is not in use (admin).
    json user delete_print_profile = press::delete_print_profile; press::ProfileKeyInput => Empty;
    /// 印前检查 of any PDF against 印刷设置: RGB/Lab objects, image resolution, ink limit, fine multi-ink text and rules, fonts.
    json user preflight_pdf = press::preflight_pdf; press::PressPreflightInput => press::PressReport;

    /// 报题: propose a topic (anyone signed in, 通讯员 included).
    json user propose_topic = topics::propose_topic; topics::ProposeTopicInput => topics::Topic;
    /// 选题会: accept, decline (with a reason) or hold a topic (editors, admins).
    json user decide_topic = topics::decide_topic; topics::DecideTopicInput => topics::Topic;
    /// One topic, and (for editors) who was notified about it and whether they read it.
    json user get_topic = topics::get_topic; topics::TopicIdInput => topics::TopicDetail;
    /// Topics by page and priority, filtered by issue, state or assignee (a 通讯员: their own).
    json user list_topics = topics::list_topics; topics::ListTopicsInput => Vec<topics::Topic>;
    /// 派稿: give an accepted topic to a writer or 通讯员 with a deadline 截稿, or reassign it (editors, admins).
    json user assign_topic = topics::assign_topic; topics::AssignTopicInput => topics::Topic;
    /// 开始写稿: a draft from the topic, linked to it (the assignee or an editor).
    json user start_topic_article = topics::start_topic_article; topics::TopicRefInput => topics::StartedArticle;
    /// Link an existing article to a topic (editors, admins).
    json user link_topic_article = topics::link_topic_article; topics::LinkTopicArticleInput => topics::Topic;
    /// 取消选题 with an optional reason; its reserved page is let go (editors, admins).
    json user cancel_topic = topics::cancel_topic; topics::CancelTopicInput => topics::Topic;
    /// 预留版位: hold a page of the topic's issue for it, or let it go (layout staff, editors, admins).
    json user reserve_topic_slot = topics::slots::reserve_topic_slot; topics::slots::ReserveSlotInput => topics::Topic;
    /// 我的稿件: one's own articles with their outcome (已采用 with issue and page, 未采用, 退回 with the opinion) and one's own 稿件统计.
    json user list_my_pieces = topics::pieces::list_my_pieces; Empty => topics::pieces::MyPieces;
    /// 开通通讯员账号: an account with the 通讯员 role linked to a contributor record, in one step (admin).
    json user create_correspondent = topics::correspondents::create_correspondent; topics::correspondents::CreateCorrespondentInput => topics::correspondents::CorrespondentAccount;
    /// One's own notifications, newest first, with the unread count.
    json user list_notifications = notify::list_notifications; notify::ListNotificationsInput => notify::NotificationPage;
    /// Mark one's own notifications read (those named, or all).
    json user mark_notifications_read = notify::mark_notifications_read; notify::MarkReadInput => notify::MarkedRead;
    /// How many days before a 截稿 reminders go out (default 2).
    json user get_reminder_settings = notify::reminders::get_reminder_settings; Empty => notify::reminders::ReminderSettings;
    /// Change how many days before a 截稿 reminders go out (admin).
    json user update_reminder_settings = notify::reminders::update_reminder_settings; notify::reminders::ReminderSettings => notify::reminders::ReminderSettings;
}

/// How a command's caller is identified.
enum Auth<'a> {
    /// A session token still to check.
    Token(Option<&'a str>),
    /// A session the transport already checked (before reading the body).
    Session(Session),
}

/// The account behind a session token, or `unauthorized`. Transports that
/// must check the token before reading a request body call this first,
/// then [`call_session`].
pub fn authenticate(
    ctx: &Context,
    caller: &Caller,
    token: Option<&str>,
) -> Result<Session, ApiError> {
    ctx.authenticate_from(caller, token)
}

/// Run `command` on this machine (the desktop app, tests) as the holder of
/// `token`. See [`call_from`].
pub fn call(
    ctx: &Context,
    command: &str,
    token: Option<&str>,
    body: &[u8],
) -> Result<Reply, ApiError> {
    call_from(ctx, &Caller::local(), command, token, body)
}

/// The one entry point of every transport: run `command` with a JSON `body`
/// as the holder of `token`, called from `caller`. Errors are logged in
/// English here, once.
pub fn call_from(
    ctx: &Context,
    caller: &Caller,
    command: &str,
    token: Option<&str>,
    body: &[u8],
) -> Result<Reply, ApiError> {
    run(ctx, caller, Auth::Token(token), command, body)
}

/// Run `command` for a session the transport has already checked with
/// [`authenticate`].
pub fn call_session(
    ctx: &Context,
    caller: &Caller,
    session: Session,
    command: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    run(ctx, caller, Auth::Session(session), command, body)
}

fn run(
    ctx: &Context,
    caller: &Caller,
    auth: Auth,
    command: &str,
    body: &[u8],
) -> Result<Reply, ApiError> {
    logged(command, || dispatch(ctx, caller, auth, command, body))
}

/// The typed door: run command `C` as `session`, called from `caller`,
/// through the same gate and log as [`call_session`] — what the command
/// line and the desktop shell use instead of a name and JSON:
///
/// ```ignore
/// let issues = invoke::<cmd::list_issues>(&ctx, &Caller::cli(), &session, Empty {})?;
/// ```
pub fn invoke<C: Command>(
    ctx: &Context,
    caller: &Caller,
    session: &Session,
    input: C::Input,
) -> Result<C::Output, ApiError> {
    logged(C::NAME, || {
        C::run(ctx, caller, Some(session.clone()), input)
    })
}

/// The per-command log: errors in English, once, whichever door the
/// command came through.
fn logged<T>(command: &str, f: impl FnOnce() -> Result<T, ApiError>) -> Result<T, ApiError> {
    let started = std::time::Instant::now();
    let out = f();
    match &out {
        Ok(_) => tracing::debug!(command, ms = started.elapsed().as_millis() as u64, "ok"),
        Err(e) if e.code == ErrorCode::Internal || e.code == ErrorCode::Corrupt => {
            tracing::error!(command, code = ?e.code, "{}", e.log)
        }
        Err(e) => tracing::info!(command, code = ?e.code, "{}", e.log),
    }
    out
}

/// The command line's session: the enabled account `username`, or (none
/// named) this machine's local admin.
pub fn cli_session(ctx: &Context, username: Option<&str>) -> Result<Session, ApiError> {
    let Some(name) = username else {
        return Ok(Session::local_admin());
    };
    match ctx.store().user_auth(name.trim())? {
        Some(a) if !a.user.disabled => Ok(Session::cli(a.user)),
        Some(_) => Err(ApiError::new(
            ErrorCode::Forbidden,
            format!("账号“{name}”已停用"),
            format!("--as {name}: disabled"),
        )),
        None => Err(ApiError::invalid(
            format!("没有账号“{name}”"),
            format!("--as {name}: no such account"),
        )),
    }
}

/// Look up a command by name.
pub fn command_info(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.name == name)
}
