// Generated from the Rust types by zonepress-api (typescript.rs). Do not edit.
// Regenerate: ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-api --test typescript

export type AddCommentInput = { 
/**
 * The article.
 */
id: number, 
/**
 * The revision whose review text the range points into.
 */
revision: number, 
/**
 * Character range in the review text (`ReviewView::review_text`); for a
 * reply, the parent's range is used.
 */
start?: number, end?: number, body: string, parent_id?: number, };

export type AddMarkInput = { round_id: number, 
/**
 * 1-based page (版).
 */
page: number, 
/**
 * The point clicked (or where a drag began), in millimetres from the
 * top-left corner of the trimmed page.
 */
x_mm: number, y_mm: number, 
/**
 * Where a drag ended: the characters from the first point to this one
 * (in reading order), or, when they are no text, the box between.
 */
x2_mm?: number, y2_mm?: number, kind: MarkKind, 
/**
 * The new text: required for 改正 (`correct`) and 增补 (`insert`).
 */
replacement?: string, 
/**
 * What to do, in words: required for 其他 (`other`).
 */
note?: string, };

export type Allowed = { approve: boolean, return_: boolean, 
/**
 * Why review is not possible, in Chinese (empty when it is).
 */
review_refusal: string, submit: boolean, withdraw: boolean, reopen: boolean, edit: boolean, };

export type ApiError = { code: ErrorCode, 
/**
 * For the user, in Chinese.
 */
message: string, 
/**
 * Structured detail where it helps the client (e.g. the current revision
 * on a conflict, seconds to wait when rate limited).
 */
detail?: unknown, };

export type AppliedMark = { mark: ProofMark, 
/**
 * The article at its new revision.
 */
article: Article, 
/**
 * Signatures carried to the new revision (its 三审 stays).
 */
signatures_kept: number, };

export type ApplyMarkInput = { id: number, 
/**
 * The article's revision the editor sees (a stale one is refused with
 * `conflict`).
 */
base_revision: number, 
/**
 * The marked characters as they should read: optional for 改正, 删除,
 * 增补, 另起段, 接排 and 对调 of two characters (the server derives it
 * from the mark), required for a longer 对调 and for 其他. A `\n`
 * splits a paragraph.
 */
text?: string, };

export type Article = { id: number, issue_id: number | null, target_length: number | null, 
/**
 * Characters of the body, counted the Chinese way (whitespace excluded).
 */
length: number, status: ArticleStatus, 
/**
 * The level awaited while `status` is `in_review`.
 */
review_level: number | null, 
/**
 * Current revision number (1 for a new article).
 */
revision: number, 
/**
 * SHA-256 (hex) of the canonical content of the current revision.
 */
content_hash: string, author: UserRef, created_at: string, updated_at: string, updated_by: UserRef, 
/**
 * 待定标题: the title is a stand-in an import gave because the file had
 * none it could recognise. Cleared when the title is changed or confirmed.
 */
title_pending: boolean, 
/**
 * 优先级 头条 / 重点 / 一般 (the words of a topic's priority): how the
 * 排版建议 orders stories. Not content: changing it keeps signatures.
 */
priority: TopicPriority, kind: ArticleKind, 
/**
 * 引题
 */
kicker: string, 
/**
 * 主题
 */
title: string, 
/**
 * 副题
 */
subtitle: string, 
/**
 * 作者 line, e.g. `记者 王晓静 通讯员 刘畅`.
 */
byline: string, 
/**
 * 栏目, e.g. 工作动态.
 */
column: string, body: Array<Block>, };

export type ArticleCheck = { article_id: number, revision: number, findings: Array<ArticleFinding>, chars: number, 
/**
 * Open (not ignored) findings by severity.
 */
errors: number, warnings: number, error_rate: number, };

export type ArticleContent = { kind: ArticleKind, 
/**
 * 引题
 */
kicker: string, 
/**
 * 主题
 */
title: string, 
/**
 * 副题
 */
subtitle: string, 
/**
 * 作者 line, e.g. `记者 王晓静 通讯员 刘畅`.
 */
byline: string, 
/**
 * 栏目, e.g. 工作动态.
 */
column: string, body: Array<Block>, };

export type ArticleCredits = { article_id: number | null, 
/**
 * The byline and photo credits (what a confirmation is for).
 */
source: string, 
/**
 * An editor confirmed these for this very byline.
 */
confirmed: boolean, confirmed_by: string | null, confirmed_at: string | null, people: Array<NamedPerson>, };

export type ArticleCreditsInput = { 
/**
 * An article: who its current byline and photo credits name.
 */
id?: number, 
/**
 * Or a byline as typed (not yet saved).
 */
byline?: string, };

export type ArticleFinding = { field: FindingField, 
/**
 * Index of the body block (for `body`).
 */
block: number | null, 
/**
 * Character range inside the field or block text.
 */
local_start: number, local_end: number, 
/**
 * The flagged text.
 */
passage: string, 
/**
 * Stable identity of the finding, for ignoring it.
 */
key: string, 
/**
 * Left as it is, with the reason (the finding no longer counts).
 */
ignored: Ignored | null, 
/**
 * An editor proposed leaving this error; it still counts until a
 * proofreader confirms.
 */
proposed: Ignored | null, 
/**
 * Stable rule id, e.g. `punct.halfwidth`; see [`crate::rule`].
 */
rule: string, 
/**
 * The rule named in plain Chinese, e.g. 中文语境中的半角标点.
 */
rule_name_zh: string, severity: Severity, 
/**
 * Offset of the first character, counted in Unicode scalar values
 * (`text.chars()`), not bytes and not UTF-16 units.
 */
start: number, 
/**
 * Offset one past the last character (exclusive).
 */
end: number, 
/**
 * What is wrong and what to do, in Chinese.
 */
message_zh: string, 
/**
 * The same in English.
 */
message_en: string, 
/**
 * Text that replaces `start..end`; present only when the fix is certain.
 */
replacement: string | null, };

export type ArticleKind = "news" | "briefs" | "photo";

export type ArticlePresence = { article_id: number, present: Array<Present>, 
/**
 * Seconds between heartbeats the client should keep.
 */
heartbeat_secs: number, };

export type ArticleProofRow = { id: number, title: string, chars: number, errors: number, warnings: number, };

export type ArticleStats = { from: string, to: string, by: StatsBy, issues: Array<StatsIssue>, 
/**
 * Most characters printed first.
 */
rows: Array<StatsRow>, totals: StatsTotals, 
/**
 * Names not (uniquely) linked to a contributor.
 */
unresolved: number, 
/**
 * What the reader should know, in Chinese (issues not printed, names to confirm).
 */
notes: Array<string>, };

export type ArticleStatsInput = { 
/**
 * First issue date counted (inclusive).
 */
from: string, 
/**
 * Last issue date counted (inclusive).
 */
to: string, by?: StatsBy, };

export type ArticleStatus = "draft" | "in_review" | "approved" | "returned" | "withdrawn";

export type ArticleSummary = { id: number, issue_id: number | null, kind: ArticleKind, kicker: string, title: string, byline: string, column: string, target_length: number | null, length: number, status: ArticleStatus, review_level: number | null, revision: number, content_hash: string, author: UserRef, updated_at: string, updated_by: UserRef, 
/**
 * Who has it open for editing right now (filled by the server).
 */
editing: Array<UserRef>, 
/**
 * 待定标题 (see [`Article::title_pending`]).
 */
title_pending: boolean, 
/**
 * 优先级 (see [`Article::priority`]).
 */
priority: TopicPriority, };

export type AssetInput = { 
/**
 * SHA-256 of the image.
 */
id: string, };

export type AssignTopicInput = { topic_id: number, 
/**
 * The assignee's username (a staff writer or a 通讯员).
 */
assignee: string, 
/**
 * 截稿: a date (`2026-12-10`, the end of that day) or a date-time
 * (`2026-12-10T18:00`), Beijing time.
 */
due: string, };

export type AuditEntry = { id: number, at: string, actor_id: number | null, actor: string, client: string, via: string, action: string, target_kind: string, target_id: number | null, detail: unknown, hash: string, };

export type AuditHead = { entry: number, hash: string, };

export type AuditPage = { total: number, entries: Array<AuditEntry>, };

export type Block = { "type": "paragraph", text: string, } | { "type": "subhead", text: string, } | { "type": "brief", text: string, } | { "type": "image", 
/**
 * SHA-256 of the image bytes, as stored in the asset table.
 */
asset_id: string, caption: string, credit: string, };

export type CancelTopicInput = { id: number, reason?: string, };

export type Carried = { 
/**
 * The signature it continues (voided when carried).
 */
signature_id: number, 
/**
 * That signature's revision.
 */
from_revision: number, 
/**
 * The proof mark whose correction made the new revision.
 */
mark_id: number | null, };

export type ChainReport = { ok: boolean, entries: number, 
/**
 * The first entry whose hash does not follow from its content and its
 * predecessor (or that is missing from the sequence).
 */
first_broken: number | null, reason: string | null, 
/**
 * The entry from which on every hash is keyed (HMAC-SHA256 under the
 * key kept outside the database); the entries before it (made by
 * older versions) are plain SHA-256, anchored by it.
 */
keyed_since: number | null, };

export type ChangePasswordInput = { old_password: string, new_password: string, };

export type CheckTextInput = { text: string, 
/**
 * Dates are checked against this issue's period.
 */
issue_id?: number, };

export type CleanPdfTextInput = { text: string, };

export type CleanedText = { 
/**
 * One paragraph per line, lines separated by `\n`.
 */
text: string, 
/**
 * Line breaks removed inside paragraphs.
 */
joined_lines: number, removed_page_numbers: number, removed_running_heads: number, };

export type Cmyk = { c: number, m: number, y: number, k: number, };

export type ColumnRate = { 
/**
 * The 栏目 as written on the article (e.g. 工作动态).
 */
column: string, 
/**
 * 分 per thousand characters.
 */
per_thousand: number, };

export type Comment = { id: number, article_id: number, 
/**
 * The revision whose text the range points into.
 */
revision: number, parent_id: number | null, 
/**
 * Character range in the revision's review text (see `text::to_plain_lines`).
 */
start: number, end: number, 
/**
 * The commented passage as it read in that revision.
 */
quote: string, body: string, author: UserRef, created_at: string, resolved_at: string | null, resolved_by: UserRef | null, };

export type ConfirmCreditsInput = { id: number, 
/**
 * The `source` the editor saw (refused with `conflict` when the byline changed since).
 */
source: string, 
/**
 * Every person to count, in byline order; `contributor_id` absent: nobody to count.
 */
people: Array<CreditRow>, };

export type Contributor = { id: number, 
/**
 * 姓名, as bylines write it.
 */
name: string, 
/**
 * 单位 (e.g. 经济发展局, 青禾社区, 本报).
 */
unit: string, 
/**
 * 电话.
 */
phone: string, 
/**
 * The account this contributor also is, if any.
 */
user: UserRef | null, 
/**
 * 领取稿酬: false for staff who are not paid per article.
 */
paid: boolean, 
/**
 * No longer writing: kept for the record, not matched to new bylines.
 */
active: boolean, note: string, updated_at: string, };

export type CorrespondentAccount = { user: User, contributor: Contributor, };

export type CreateArticleInput = { 
/**
 * The issue it is planned for; absent = not yet assigned (稿库).
 */
issue_id?: number, kind?: ArticleKind, kicker?: string, title: string, subtitle?: string, byline?: string, column?: string, body?: Array<Block>, target_length?: number, };

export type CreateCorrespondentInput = { username: string, display_name: string, 
/**
 * The first password; the owner changes it at the first sign-in.
 */
password: string, 
/**
 * The contributor record to link; absent: one is made.
 */
contributor_id?: number, 
/**
 * 单位 of a new contributor record.
 */
unit?: string, phone?: string, };

export type CreateIssueInput = { year: number, 
/**
 * 第N期 within the year.
 */
number: number, 
/**
 * 总第N期; the next free number when absent.
 */
serial?: number, date: string, 
/**
 * 版数; 4 when absent.
 */
page_count?: number, 
/**
 * The publication's size when absent.
 */
page_size?: PageSize, columns?: number, };

export type CreateUserInput = { username: string, display_name: string, password: string, roles: Array<Role>, 
/**
 * Review levels this account may sign; empty = any.
 */
review_levels?: Array<number>, };

export type CreditPart = "text" | "photo";

export type CreditRow = { part: CreditPart, name: string, role: string, contributor_id: number | null, };

export type DecideTopicInput = { id: number, decision: TopicDecision, reason?: string, };

export type Delivery = { id: number, recipient: UserRef, kind: string, title: string, created_at: string, read_at: string | null, };

export type DiffInput = { id: number, 
/**
 * The older revision.
 */
from: number, 
/**
 * The newer revision.
 */
to: number, };

export type DiffOp = "equal" | "insert" | "delete";

export type DiffSpan = { op: DiffOp, text: string, };

export type DiffUnsavedInput = { id: number, 
/**
 * The stored revision to compare with (usually the latest).
 */
number: number, 
/**
 * The unsaved text; absent fields are taken from that revision.
 */
kind?: ArticleKind, kicker?: string, title?: string, subtitle?: string, byline?: string, column?: string, body?: Array<Block>, };

export type Empty = Record<symbol, never>;

export type ErrorCode = "unauthorized" | "forbidden" | "not_found" | "conflict" | "invalid_input" | "invalid_state" | "rate_limited" | "password_change_required" | "too_large" | "unsupported_media_type" | "misdirected_request" | "unknown_command" | "workspace_locked" | "corrupt" | "export_failed" | "busy" | "internal" | "request_timeout" | "network" | "untrusted_certificate" | "unreadable_file" | "too_many" | "not_signed_off";

export type Event = { 
/**
 * Increasing number within one run of the server.
 */
seq: number, kind: EventKind, 
/**
 * What happened, e.g. `save`, `approve`, `open`.
 */
action: string, id: number, issue_id: number | null, revision: number | null, status: ArticleStatus | null, review_level: number | null, 
/**
 * The account that acted.
 */
by: number | null, by_name: string | null, at: string, };

export type EventKind = "article" | "review" | "comment" | "plan" | "issue" | "proof" | "user" | "publication" | "presence" | "export" | "session" | "contributor" | "payment" | "page" | "topic" | "notification" | "resync";

export type ExportIssueInput = { issue_id: number, options?: ExportOptions, };

export type ExportOptions = { 
/**
 * 3 mm bleed with crop marks.
 */
bleed?: boolean, 
/**
 * 校样: allowed despite preflight errors; every page carries a 校样
 * watermark. `proof`, its name until 0.4, is still accepted.
 */
proof_copy?: boolean, 
/**
 * PDF/A: PDF/A-3b while the manifest is embedded, PDF/A-2b when it is not
 * (PDF/A-2 allows no attachment but PDF/A files).
 */
pdf_a?: boolean, 
/**
 * Embed the manifest in the PDF (default, but for PDF/X-4). Without it
 * the manifest only goes beside the PDF, and `zonepress verify` reads it
 * from there.
 */
embed_manifest?: boolean, 
/**
 * PDF/X-4 in CMYK for the print shop (default of the final print
 * export; not for a 校样 or with PDF/A). See [`crate::press::export_form`].
 */
pdf_x?: boolean, };

export type ExportRecord = { id: number, issue_id: number, user: UserRef, at: string, 
/**
 * A 校样 (a copy with the watermark) rather than the print PDF. Kept in
 * the column `proof` of `exports`.
 */
proof_copy: boolean, pdf_sha256: string, pages: number, };

export type ExportStatementInput = { 
/**
 * An issued statement …
 */
id?: number, 
/**
 * … or the draft of a period.
 */
from?: string, to?: string, format?: StatementFormat, };

export type ExportStatsInput = { from: string, to: string, by?: StatsBy, format?: SheetFormat, };

export type ExportWebInput = { issue_id: number, 
/**
 * 校样: a preview allowed before the issue is print-ready (unsigned
 * articles included), marked 校样 on every page and never for
 * publication.
 */
proof_copy?: boolean, };

export type Finding = { 
/**
 * Stable rule id, e.g. `punct.halfwidth`; see [`crate::rule`].
 */
rule: string, 
/**
 * The rule named in plain Chinese, e.g. 中文语境中的半角标点.
 */
rule_name_zh: string, severity: Severity, 
/**
 * Offset of the first character, counted in Unicode scalar values
 * (`text.chars()`), not bytes and not UTF-16 units.
 */
start: number, 
/**
 * Offset one past the last character (exclusive).
 */
end: number, 
/**
 * What is wrong and what to do, in Chinese.
 */
message_zh: string, 
/**
 * The same in English.
 */
message_en: string, 
/**
 * Text that replaces `start..end`; present only when the fix is certain.
 */
replacement: string | null, };

export type FindingField = "kicker" | "title" | "subtitle" | "body";

export type FixField = "kicker" | "title" | "subtitle" | "byline" | { "body": number } | { "caption": number };

export type History = { signatures: Array<Signature>, transitions: Array<Transition>, };

export type IdInput = { id: number, };

export type IgnoreFindingInput = { article_id: number, key: string, reason: string, };

export type IgnoreRow = { id: number, article_id: number, key: string, rule: string, passage: string, reason: string, user: UserRef, created_at: string, 
/**
 * `error`, `warning` or `info` as the finding was when ignored (empty
 * for ignores recorded before severities were kept).
 */
severity: string, 
/**
 * `ignored` or `proposed`.
 */
state: string, 
/**
 * The proofreader or admin who confirmed a proposal.
 */
decided_by: UserRef | null, decided_at: string | null, };

export type Ignored = { 
/**
 * The ignore's id (for confirming or rejecting a proposal).
 */
id: number, reason: string, by: UserRef, at: string, 
/**
 * The proofreader or admin who confirmed an editor's proposal.
 */
confirmed_by: UserRef | null, };

export type ImportArticlesInput = { issue_id?: number, items: Array<ImportItem>, };

export type ImportItem = { file_name: string, data_base64: string, 
/**
 * The article as the editor adjusted it in the preview; absent takes
 * the proposal as it is.
 */
content?: ArticleContent, 
/**
 * Indices of the proposal's suggested fixes to apply (when `content` is absent).
 */
fixes?: Array<number>, };

export type ImportNote = { 
/**
 * Stable identifier, e.g. `table_flattened` (see [`crate::notes`]).
 */
code: string, message_zh: string, message_en: string, };

export type ImportProfileInput = { 
/**
 * The file's name (`印厂-胶版纸.icc`), shown as the profile's name.
 */
file_name: string, 
/**
 * The `.icc` file, base64.
 */
data_base64: string, };

export type ImportResult = { file_name: string, article_id: number | null, title: string | null, error: ApiError | null, 
/**
 * What the editor should check in the imported draft (also in its history).
 */
warnings: Array<ImportNote>, 
/**
 * The title is a stand-in: the draft is marked 待定标题.
 */
title_pending: boolean, };

export type ImportedImage = { 
/**
 * SHA-256 (lower-case hex) of `bytes`.
 */
asset_id: string, 
/**
 * The name of the picture inside the document, e.g. `image1.png`.
 */
file_name: string, 
/**
 * `image/png`, `image/jpeg`, `image/gif`, `image/bmp` or `image/webp`.
 */
mime: string, 
/**
 * Pixel size read from the image header.
 */
width: number, height: number, };

export type Inbox = { 
/**
 * Articles awaiting a level this account may sign (待我审核).
 */
to_review: Array<ArticleSummary>, 
/**
 * This account's articles that were returned (退回给我).
 */
returned: Array<ArticleSummary>, };

export type Issue = { id: number, year: number, 
/**
 * Number within the year (第N期).
 */
number: number, 
/**
 * Running number since the first issue (总第N期).
 */
serial: number, 
/**
 * Publication date.
 */
date: string, status: IssueStatus, page_count: number, page_size: PageSize, columns: number, article_count: number, 
/**
 * 印刷日期, printed in the colophon (none until it is known).
 */
print_date: string | null, };

export type IssueAmount = { issue_id: number, total_fen: number, };

export type IssueIdInput = { issue_id: number, };

export type IssueLayout = { plan: IssuePlan, 
/**
 * Overflow / underfill of each page, measured from the layout.
 */
fit: Array<PageFit>, 
/**
 * The issue's articles that are not placed (withdrawn ones left out).
 */
unplaced: Array<ArticleSummary>, 
/**
 * Every article of the issue by id, for showing the placed ones.
 */
articles: Array<ArticleSummary>, 
/**
 * Hash of everything the pages print (what 付印 binds).
 */
layout_hash: string, 
/**
 * Per page: the hash of what it prints (`sign_page` takes it back) and
 * its 签版 (未签 / 已签 / 已失效).
 */
pages: Array<PageState>, 
/**
 * The live 付印 at this layout.
 */
print_order: PrintOrder | null, 
/**
 * 预留版位 still without their article on a page.
 */
slots: Array<ReservedSlot>, };

export type IssuePages = { issue_id: number, 
/**
 * Hash of everything the pages print now (what 付印 binds).
 */
layout_hash: string, pages: Array<PageState>, 
/**
 * The live 付印 at this layout.
 */
print_order: PrintOrder | null, 
/**
 * The issue's 校样 rounds, first first.
 */
rounds: Array<ProofRound>, 
/**
 * The publication's number of rounds (1–3).
 */
proof_rounds: number, 
/**
 * The caller may sign pages and order printing.
 */
may_sign: boolean, 
/**
 * Why 付印 cannot be ordered yet (empty when it can), in Chinese.
 */
blockers: Array<string>, };

export type IssuePlan = { issue_id: number, page_size: PageSize, columns: number, pages: Array<PagePlan>, };

export type IssueProofReport = { issue_id: number, articles: Array<ArticleProofRow>, chars: number, errors: number, 
/**
 * 差错率: open errors per 10,000 characters.
 */
error_rate: number, passes: Array<ProofPass>, };

export type IssueStatementInput = { from: string, to: string, 
/**
 * The total the admin saw: refused with `conflict` when it changed since.
 */
expected_total_fen?: number, };

export type IssueStatus = "planning" | "layout" | "printed";

export type IssuedStatement = { record: StatementRecord, statement: PaymentStatement, };

export type Keep = { article_id: number, 
/**
 * 1-based page number.
 */
page: number, 
/**
 * 1-based place on the page (1 = first); absent: anywhere on the page.
 */
position?: number, };

export type KindRate = { kind: ArticleKind, 
/**
 * 分 per thousand characters.
 */
per_thousand: number, };

export type LeftOut = { article_id: number, title: string, reason_zh: string, };

export type LinkTopicArticleInput = { topic_id: number, article_id: number, };

export type ListArticlesInput = { issue_id?: number, status?: ArticleStatus, 
/**
 * Only the caller's own articles.
 */
mine?: boolean, };

export type ListAuditInput = { 
/**
 * From this day (inclusive, local date) …
 */
since?: string, 
/**
 * … to this day (inclusive).
 */
until?: string, actor_id?: number, 
/**
 * An action (`login.fail`) or a group ending in a dot (`login.`).
 */
action?: string, target_kind?: string, target_id?: number, 
/**
 * At most 1,000 (default 100).
 */
limit?: number, offset?: number, 
/**
 * Oldest first (default newest first).
 */
oldest_first?: boolean, };

export type ListMarksInput = { round_id?: number, article_id?: number, issue_id?: number, };

export type ListNotificationsInput = { 
/**
 * How many, newest first (default 50, at most 200).
 */
limit?: number, 
/**
 * Only those older than this id (the next page).
 */
before?: number, };

export type ListTopicsInput = { issue_id?: number, state?: TopicState, 
/**
 * The assignee's username.
 */
assignee?: string, };

export type LoginInput = { username: string, password: string, };

export type LoginOutput = { token: string, user: User, expires_at: string, 
/**
 * The password was set by an admin: call `change_password` before
 * anything else (every other command answers `password_change_required`).
 */
must_change_password: boolean, 
/**
 * Minutes without use after which the session ends.
 */
idle_minutes: number, };

export type Manifest = { generator: string, 
/**
 * This export's own id, recorded in the workspace with the PDF's hash.
 */
export_uid: string, exported_at: string, exported_by: string, publication: string, issue_id: number, issue: string, issue_date: string, 
/**
 * A 校样 rather than the print copy (`proof` in manifests written
 * before 0.4, still read).
 */
proof_copy: boolean, pages: number, articles: Array<ManifestArticle>, 
/**
 * The audit log's newest entry when the export was made: a log cut
 * back or rewritten after it shows when this PDF is verified (absent
 * from manifests written before it was added).
 */
audit_head: AuditHead | null, 
/**
 * The 校样 round this proof was frozen as (一校样 = 1).
 */
proof_round: number | null, 
/**
 * The hash of everything the pages print (what 付印 binds).
 */
layout_hash: string | null, 
/**
 * Every page's 签版 the final export was made on.
 */
page_signoffs: Array<ManifestSignoff>, 
/**
 * The 付印 the final export was made under.
 */
print_order: ManifestPrintOrder | null, };

export type ManifestArticle = { article_id: number, page: number, title: string, revision: number, content_hash: string, status: ArticleStatus, signatures: Array<ManifestSignature>, };

export type ManifestInput = { issue_id: number, 
/**
 * The export's own id; without it, the issue's latest export.
 */
export_uid?: string, };

export type ManifestPrintOrder = { print_order_id: number, ordered_by: string, ordered_at: string, layout_hash: string, };

export type ManifestSignature = { level: number, level_name: string, signer: string, signed_at: string, revision: number, content_hash: string, };

export type ManifestSignoff = { signoff_id: number, page: number, page_hash: string, signer: string, signed_at: string, };

export type MarkKind = "correct" | "delete" | "insert" | "transpose" | "new_paragraph" | "run_on" | "move" | "align" | "add_space" | "reduce_space" | "keep" | "other";

export type MarkKindInfo = { id: MarkKind, name_zh: string, symbol: string, 
/**
 * Changes the text (else the layout, or nothing).
 */
changes_text: boolean, 
/**
 * Done by layout staff on the page.
 */
layout: boolean, 
/**
 * Applied with one click (`apply_proof_mark` without `text`).
 */
one_click: boolean, needs_replacement: boolean, needs_note: boolean, };

export type MarkReadInput = { 
/**
 * The notifications to mark; absent: all of one's own.
 */
ids?: Array<number>, };

export type MarkState = "open" | "applied" | "rejected";

export type MarkedRead = { marked: number, unread: number, };

export type MarksPdfInput = { round_id: number, };

export type MyPieces = { pieces: Array<Piece>, 
/**
 * 稿件统计 of one's own: pieces, submitted, used, characters used.
 */
total: number, submitted: number, used: number, used_chars: number, };

export type NameState = "linked" | "ambiguous" | "unknown" | "excluded";

export type NamedPerson = { part: CreditPart, name: string, role: string, 
/**
 * The unit written beside the name in the byline.
 */
unit_hint: string, state: NameState, contributor: Contributor | null, 
/**
 * Contributors of this name.
 */
candidates: Array<Contributor>, };

export type NetworkInfo = { 
/**
 * Served to the LAN (not only to this machine).
 */
sharing: boolean, 
/**
 * Addresses colleagues can use, e.g. `https://192.168.1.20:8470/`.
 */
addresses: Array<string>, 
/**
 * SHA-256 fingerprint of the TLS certificate, when served over HTTPS.
 */
tls_fingerprint: string | null, };

export type Notification = { id: number, 
/**
 * `assigned`, `reassigned`, `unassigned`, `decided`, `cancelled`,
 * `due_soon`, `overdue`; `returned`, `signed` (one's article), `marked` (a
 * 校样 mark on it), `voided` (a page one signed).
 */
kind: string, topic_id: number | null, article_id: number | null, title: string, body: string, sender: UserRef | null, created_at: string, read_at: string | null, };

export type NotificationPage = { items: Array<Notification>, unread: number, total: number, };

export type OpenArticleInput = { id: number, 
/**
 * `edit` (default) or `view`.
 */
mode?: OpenMode, };

export type OpenMode = "edit" | "view";

export type PageCorrection = { page: number, article_id: number, title: string, mark_id: number, 
/**
 * 一校 / 二校 / 三校.
 */
round_name: string, kind: MarkKind, kind_name: string, 
/**
 * The revision before and the revision the 校改 made.
 */
from_revision: number, revision: number, 
/**
 * Who marked it and who applied it.
 */
marked_by: UserRef, applied_by: UserRef | null, applied_at: string | null, 
/**
 * Character-level difference of the two revisions.
 */
diff: TextDiffResult, };

export type PageCorrectionsInput = { issue_id: number, 
/**
 * One page only.
 */
page?: number, };

export type PageFit = { page: number, 
/**
 * Characters to cut so that everything fits (0 when it fits).
 */
overflow_chars: number, 
/**
 * Characters that would fill the blank space left (0 when full).
 */
underfill_chars: number, 
/**
 * `第2版超出约180字`, `第3版尚空约260字`, `第1版已排满`.
 */
message_zh: string, };

export type PagePlan = { 
/**
 * 1-based page number (第N版).
 */
number: number, template: PageTemplate, 
/**
 * Optional page name printed in the running header, e.g. 综合新闻.
 */
name: string, placements: Array<Placement>, };

export type PageSignoff = { id: number, issue_id: number, page: number, 
/**
 * The page as it was signed (see `get_issue_plan`).
 */
page_hash: string, signer: UserRef, signed_at: string, voided_at: string | null, 
/**
 * Why it was voided, e.g. `第2版内容有变动：稿件《…》第5稿`.
 */
voided_reason: string, };

export type PageSize = "A3" | "A4";

export type PageState = { page: number, 
/**
 * Hash of everything the page prints now (`sign_page` takes it back).
 */
page_hash: string, state: SignState, 
/**
 * The live 签版 (state `signed`).
 */
signoff: PageSignoff | null, 
/**
 * The newest voided 签版 (who signed, when and why it was voided).
 */
last_voided: PageSignoff | null, 
/**
 * Proof marks on this page still open (a page with open marks cannot
 * be signed).
 */
open_marks: number, };

export type PageTemplate = "front" | "inner" | "photo";

export type Paper = "coated" | "uncoated" | "newsprint";

export type PaperDefaults = { paper: Paper, label: string, ink_limit: number, min_ppi: number, profile: string, };

export type PasswordChanged = { 
/**
 * The account's other sessions (other devices, other browser tabs)
 * that were signed out; this one stays signed in.
 */
other_sessions_ended: number, };

export type PasswordReset = { by: UserRef, at: string, };

export type PaymentLine = { key: string, name: string, issue_id: number, 
/**
 * `2026年第11期`
 */
issue: string, article_id: number, page: number, revision: number, title: string, column: string, 
/**
 * Characters of the article printed.
 */
article_chars: number, 
/**
 * Their share of the text, in thousandths.
 */
share: number, chars: number, 
/**
 * 分 per thousand characters applied.
 */
rate: number, front_page: boolean, text_fen: number, 
/**
 * Photos they are credited on, and their share in thousandths.
 */
photos: number, photo_share: number, photo_fen: number, total_fen: number, paid: boolean, };

export type PaymentPerson = { 
/**
 * As in the statistics: `c:12`, `n:陈曦`, `a:张伟`.
 */
key: string, contributor_id: number | null, name: string, unit: string, 
/**
 * 领取稿酬: staff who are not paid per article are listed, not paid.
 */
paid: boolean, 
/**
 * Printed articles they are credited on.
 */
articles: number, 
/**
 * Their characters.
 */
chars: number, 
/**
 * Photos, in thousandths.
 */
photos: number, front_page: number, text_fen: number, photo_fen: number, 
/**
 * What they are paid (0 when not `paid`).
 */
total_fen: number, 
/**
 * What their credits earn, paid or not.
 */
earned_fen: number, per_issue: Array<IssueAmount>, };

export type PaymentRules = { 
/**
 * 0 for rules not yet stored.
 */
id: number, 
/**
 * Issues dated on or after this day are paid by these rules.
 */
valid_from: string, 
/**
 * 分 per thousand characters when no 栏目 or kind rate applies.
 */
per_thousand: number, 
/**
 * Rates by 栏目; they come before the kind rates.
 */
column_rates: Array<ColumnRate>, kind_rates: Array<KindRate>, 
/**
 * 分 per printed photo.
 */
per_photo: number, 
/**
 * 分 added to the 文字稿酬 of an article printed on page 1.
 */
front_page_bonus: number, 
/**
 * 分: the least 文字稿酬 of an article (0: none).
 */
min_per_article: number, 
/**
 * 分: the most 文字稿酬 of an article (0: no limit).
 */
max_per_article: number, 
/**
 * Co-authors: the first-named author's percentage (the others share the
 * rest equally); `None` shares equally.
 */
first_author_percent: number | null, note: string, };

export type PaymentStatement = { publication: string, from: string, to: string, computed_at: string, issues: Array<StatementIssue>, 
/**
 * Every rule set applied, as it was.
 */
rules: Array<PaymentRules>, 
/**
 * By unit, then name.
 */
people: Array<PaymentPerson>, 
/**
 * By issue, page, article.
 */
lines: Array<PaymentLine>, 
/**
 * What is paid.
 */
total_fen: number, 
/**
 * What is not (staff not paid per article, articles no byline names).
 */
unpaid_fen: number, 
/**
 * What stops the statement from being issued, in Chinese.
 */
problems: Array<string>, 
/**
 * What the reader should know, in Chinese.
 */
notes: Array<string>, 
/**
 * No problems and something to pay: it may be issued.
 */
ready: boolean, };

export type PaymentStatementInput = { 
/**
 * First issue date paid (inclusive).
 */
from: string, 
/**
 * Last issue date paid (inclusive).
 */
to: string, };

export type Piece = { article_id: number, title: string, length: number, status: ArticleStatus, outcome: PieceOutcome, issue_id: number | null, 
/**
 * `2026年第11期（总第137期）`.
 */
issue_label: string | null, 
/**
 * 第N版 when used.
 */
page: number | null, 
/**
 * The opinion of the last 退回.
 */
opinion: string, topic_id: number | null, };

export type PieceOutcome = "draft" | "in_review" | "returned" | "approved" | "used" | "not_used";

export type Placement = { article_id: number, 
/**
 * Columns the headline spans; `None` spans the article's whole width.
 */
headline_span: number | null, 
/**
 * Columns the body is set in; `None` uses the page's columns.
 */
body_columns: number | null, 
/**
 * Width of the article's photos in columns; `None` uses the body width.
 */
image_columns: number | null, 
/**
 * Body type size as a percentage of the normal size (85–115).
 */
type_scale: number, };

export type Preflight = { issue_id: number, items: Array<PreflightItem>, errors: number, warnings: number, 
/**
 * No errors: the print PDF may be exported.
 */
ready: boolean, fit: Array<PageFit>, };

export type PreflightItem = { severity: Severity, 
/**
 * Stable code, e.g. `overflow`, `underfill`, `image_resolution`.
 */
code: string, page: number | null, article_id: number | null, 
/**
 * The object on the page the finding is about (`图片（2400×1600 像素）`,
 * `文字“青禾开发区报”`), for the press checks.
 */
object: string | null, message_zh: string, message_en: string, };

export type Present = { user: UserRef, mode: OpenMode, since: string, 
/**
 * True for the caller's own session.
 */
you: boolean, };

export type PressFinding = { severity: Severity, code: string, 
/**
 * 1-based; none for the document as a whole.
 */
page: number | null, 
/**
 * The object, in Chinese: `图像 Im1（2400×1600 像素）`.
 */
object: string, message_zh: string, message_en: string, };

export type PressLimits = { 
/**
 * Total ink limit in percent.
 */
ink_limit: number, 
/**
 * The lowest image resolution at placed size.
 */
min_ppi: number, };

export type PressPreflightInput = { 
/**
 * The PDF, base64.
 */
pdf_base64: string, };

export type PressReport = { pages: number, 
/**
 * `GTS_PDFXVersion` of the file, if it claims one.
 */
pdfx_version: string | null, 
/**
 * The `GTS_PDFX` output intent's condition, if there is one.
 */
output_condition: string | null, limits: PressLimits, findings: Array<PressFinding>, errors: number, warnings: number, };

export type PreviewImportInput = { 
/**
 * The bare file name as uploaded (e.g. `稿件.docx`).
 */
file_name: string, 
/**
 * The file's bytes, base64.
 */
data_base64: string, };

export type PreviewPageInput = { issue_id: number, 
/**
 * 1-based page number.
 */
page: number, 
/**
 * Pixels per point, 0.1 to [`MAX_PREVIEW_SCALE`] (default 1.0; A3 is
 * 842 × 1191 points).
 */
scale?: number, };

export type PrintOrder = { id: number, issue_id: number, layout_hash: string, 
/**
 * The page sign-offs it was given on.
 */
signoffs: Array<number>, by: UserRef, at: string, voided_at: string | null, voided_reason: string, };

export type PrintSettings = { paper: Paper, 
/**
 * The CMYK output profile: `builtin:coated` (…`uncoated`,
 * `…newsprint`), or the SHA-256 of a profile imported into the
 * workspace. Empty: the built-in profile of the paper.
 */
profile: string, 
/**
 * Total ink limit in percent.
 */
ink_limit: number, 
/**
 * The lowest image resolution at placed size, in ppi.
 */
min_ppi: number, 
/**
 * Bleed around the trim, in millimetres.
 */
bleed_mm: number, 
/**
 * The masthead red (刊名 and the rules under it).
 */
masthead: Cmyk, 
/**
 * Print the masthead red as this spot colour (专色, e.g.
 * `PANTONE 186 C`) with `masthead` as its CMYK stand-in; empty: CMYK.
 */
masthead_spot: string, };

export type PrintSettingsView = { settings: PrintSettings, 
/**
 * The profile in use (the paper's built-in one when none is chosen).
 */
profile: ProfileInfo, 
/**
 * Every profile available: the built-in ones, then the imported ones.
 */
profiles: Array<ProfileInfo>, 
/**
 * What each paper starts with: its ink limit and lowest resolution.
 */
papers: Array<PaperDefaults>, 
/**
 * The masthead colour as the press will print it, on the screen
 * (`#d12124`: the CMYK through the profile).
 */
masthead_screen: string, };

export type ProfileInfo = { 
/**
 * `builtin:coated` …, or the SHA-256 of an imported file.
 */
key: string, 
/**
 * 涂布纸 FOGRA39L（…）, or the file name it was imported from.
 */
name: string, 
/**
 * The profile's own description.
 */
description: string, 
/**
 * Made by ZonePress from public characterization data.
 */
builtin: boolean, 
/**
 * The printing condition in the PDF/X output intent (`FOGRA39`,
 * `Custom`).
 */
condition_id: string, 
/**
 * Who imported it and when (imported ones).
 */
imported: string | null, };

export type ProfileKeyInput = { key: string, };

export type ProofMark = { id: number, round_id: number, round: number, issue_id: number, 
/**
 * 1-based page (版).
 */
page: number, 
/**
 * The point clicked, or the corner a drag began at (mm from the
 * top-left corner of the trimmed page).
 */
x_mm: number, y_mm: number, 
/**
 * The other corner of a drag (equal to the point for a click).
 */
x2_mm: number, y2_mm: number, 
/**
 * The article under the mark; `null` on the template (masthead, folio)
 * or empty space.
 */
article_id: number | null, 
/**
 * The article's revision on the round's pages.
 */
revision: number | null, 
/**
 * Characters `start..end` of that revision's text (the counting of
 * comments: the review text); `null` for a box around no text.
 */
start: number | null, end: number | null, 
/**
 * Exactly the text covered (empty for a box around no text).
 */
quote: string, kind: MarkKind, 
/**
 * 改正 / 删除 … (GB/T 14706).
 */
kind_name: string, symbol: string, 
/**
 * The new text (改正, 增补).
 */
replacement: string, note: string, by: UserRef, at: string, state: MarkState, resolved_by: UserRef | null, resolved_at: string | null, 
/**
 * Why it was rejected (or how it was done by hand).
 */
reason: string, 
/**
 * The revision its 校改 made, when the server applied it.
 */
applied_revision: number | null, };

export type ProofPass = { id: number, issue_id: number, pass: number, user: UserRef, at: string, errors_found: number, note: string, 
/**
 * The 校样 round that recorded this pass when it closed: its marks and
 * the 差错率 they make (absent for a pass typed in by hand).
 */
round: RoundFigures | null, };

export type ProofRound = { id: number, issue_id: number, 
/**
 * 1 = 一校, 2 = 二校, 3 = 三校.
 */
round: number, 
/**
 * 一校 / 二校 / 三校.
 */
round_name: string, 
/**
 * The hash of everything the pages printed when the round froze them.
 */
layout_hash: string, pages: Array<RoundPage>, 
/**
 * SHA-256 of the round's PDF (recorded as an export: `verify` knows it).
 */
pdf_sha256: string, started_by: UserRef, started_at: string, closed_by: UserRef | null, closed_at: string | null, marks: number, open_marks: number, 
/**
 * Characters of article text on the round's pages.
 */
chars: number, 
/**
 * 差错率: marks per 10,000 characters of the pages.
 */
error_rate: number, };

export type ProposalsInput = { issue_id?: number, };

export type ProposeTopicInput = { issue_id?: number, title: string, 
/**
 * 内容要点.
 */
points?: string, 
/**
 * `news` 消息, `feature` 通讯, `photo` 图片, `briefs` 要闻快览 item, or any short word.
 */
kind?: string, expected_chars?: number, expected_photos?: number, priority?: TopicPriority, 
/**
 * 线索来源与联系人.
 */
sources?: string, 
/**
 * 预留版位: the page of the issue kept for it.
 */
page?: number, };

export type ProposedArticle = { 
/**
 * The uploaded file's name, as given.
 */
file_name: string, content: ArticleContent, 
/**
 * Every image an image block of `content.body` refers to, each once.
 */
images: Array<ImportedImage>, warnings: Array<ImportNote>, fixes: Array<SuggestedFix>, };

export type Publication = { 
/**
 * 刊名, e.g. 开发区新闻.
 */
name: string, 
/**
 * 主办单位.
 */
publisher: string, 
/**
 * 准印证号.
 */
permit_number: string, page_size: PageSize, columns: number, 
/**
 * Number of review levels (1–3).
 */
review_levels: number, 
/**
 * Minutes without use after which a session ends (5–720, default 30).
 */
session_idle_minutes: number, 
/**
 * 校样 rounds an issue goes through before 付印 (1–3, default 3).
 */
proof_rounds: number, 
/**
 * The accounts that sign pages (签版) and order printing (付印); empty:
 * the accounts that may sign at the last review level.
 */
page_signers: Array<number>, 
/**
 * 出版形式: 内部资料 or 公开出版.
 */
kind: PublicationKind, 
/**
 * 国内统一连续出版物号 (`CN 32-1234/D`), for 公开出版.
 */
cn_number: string, 
/**
 * 邮发代号, for 公开出版 when it has one.
 */
postal_code: string, 
/**
 * 编印单位.
 */
editor_unit: string, 
/**
 * 发送对象.
 */
audience: string, 
/**
 * 印刷单位.
 */
printer: string, 
/**
 * 印数 (copies a run; 0: not set).
 */
print_run: number, };

export type PublicationKind = "internal" | "public";

export type RecordPassInput = { issue_id: number, 
/**
 * 1 = 一校, 2 = 二校, 3 = 三校.
 */
pass: number, errors_found?: number, note?: string, };

export type ReminderSettings = { 
/**
 * Days before a 截稿 its assignee is reminded (0–30; default 2).
 */
reminder_days: number, };

export type ReorderRosterInput = { 
/**
 * Roster entry ids, highest rank first; every other entry loses its rank.
 */
ids: Array<number>, };

export type ReserveSlotInput = { topic_id: number, 
/**
 * 第N版 of the topic's issue to hold for it; absent or null lets the
 * slot go.
 */
page?: number, };

export type ReservedSlot = { 
/**
 * 第N版.
 */
page: number, topic_id: number, title: string, 
/**
 * Who writes it (the assignee's name); empty when not yet assigned.
 */
owner: string, 
/**
 * 截稿 as written, when assigned.
 */
due: string | null, expected_chars: number | null, expected_photos: number | null, priority: TopicPriority, 
/**
 * The topic's article when it exists but is not on any page.
 */
article_id: number | null, };

export type Resolution = "applied" | "rejected";

export type ResolveCommentInput = { comment_id: number, 
/**
 * `false` opens a resolved comment again (default `true`).
 */
resolved?: boolean, };

export type ResolveMarkInput = { id: number, resolution: Resolution, 
/**
 * Why it is rejected (required then), or how it was done.
 */
reason?: string, };

export type RestoreInput = { id: number, 
/**
 * The revision whose content becomes current again.
 */
number: number, 
/**
 * The revision the user was looking at (refused with `conflict` when stale).
 */
base_revision: number, };

export type ReviewIgnoreInput = { 
/**
 * The proposal (`ArticleFinding::proposed.id`).
 */
id: number, 
/**
 * Leave the error as it is (`true`) or keep it open (`false`).
 */
accept: boolean, note?: string, };

export type ReviewInput = { id: number, 
/**
 * The revision the reviewer read; refused with `conflict` when the article changed.
 */
revision: number, 
/**
 * The level the reviewer acts on; refused with `conflict` when another
 * reviewer completed it first. Recommended for every client.
 */
level?: number, 
/**
 * Required to return; optional to approve.
 */
opinion?: string, };

export type ReviewView = { article: Article, 
/**
 * The text comments point into: the headline fields and blocks as lines.
 */
review_text: string, 
/**
 * The revision of the last approve or return, if any.
 */
last_reviewed_revision: number | null, 
/**
 * What changed since then (absent before the first review or when unchanged).
 */
diff_since_last_review: TextDiffResult | null, live_signatures: Array<Signature>, comments: Array<Comment>, 
/**
 * The publication's number of review levels.
 */
levels: number, allowed: Allowed, };

export type Revision = { article_id: number, number: number, content_hash: string, length: number, author: UserRef, created_at: string, 
/**
 * Why this revision exists when it is not an ordinary save, e.g. `恢复自第3稿`.
 */
note: string, content: ArticleContent, };

export type RevisionInput = { id: number, number: number, };

export type RevisionRef = { id: number, revision: number, };

export type RevisionSummary = { number: number, content_hash: string, length: number, author: UserRef, created_at: string, note: string, };

export type Role = "editor" | "reviewer" | "proofreader" | "layout" | "admin" | "correspondent";

export type RosterInput = { 
/**
 * Absent or 0 adds an entry.
 */
id?: number, name: string, title: string, valid_from?: string, valid_to?: string, note?: string, 
/**
 * 排序 (lower is higher); absent: no rank.
 */
rank?: number, };

export type RosterRow = { id: number, name: string, title: string, valid_from: string | null, valid_to: string | null, note: string, 
/**
 * 排序: lower is higher; `None` takes no part in the rank rules (the
 * order of names, the order of stories).
 */
rank: number | null, };

export type RoundFigures = { round_id: number, marks: number, 
/**
 * Characters of article text printed on the round's pages.
 */
chars: number, 
/**
 * 差错率: marks per 10,000 characters.
 */
error_rate: number, };

export type RoundIdInput = { 
/**
 * The round's id.
 */
id: number, };

export type RoundPage = { page: number, page_hash: string, };

export type RoundPageInput = { 
/**
 * The round's id.
 */
id: number, 
/**
 * 1-based page number.
 */
page: number, 
/**
 * Pixels per point (default 1.0; A3 is 842 × 1191 points).
 */
scale?: number, };

export type RowKind = "contributor" | "unknown" | "ambiguous" | "nobody" | "unit";

export type SaveArticleInput = { id: number, 
/**
 * The revision the edit was based on.
 */
base_revision: number, kind?: ArticleKind, kicker?: string, title?: string, subtitle?: string, byline?: string, column?: string, body?: Array<Block>, 
/**
 * 0 removes the target.
 */
target_length?: number, issue_id?: number, 
/**
 * The editor checked the stand-in title of a 待定标题 article and keeps
 * it: the mark ends (a changed title ends it anyway).
 */
confirm_title?: boolean, };

export type SaveContributorInput = { 
/**
 * Absent: a new contributor. Present: fields left out keep their value.
 */
id?: number, name: string, unit?: string, phone?: string, 
/**
 * The account this contributor also is; 0 removes the link.
 */
user_id?: number, 
/**
 * 领取稿酬 (default yes).
 */
paid?: boolean, 
/**
 * Still writing (default yes).
 */
active?: boolean, note?: string, };

export type ScorePart = { 
/**
 * `empty`, `rank`, `priority`, `moves`, `scale`, `left_out`.
 */
key: string, 
/**
 * 版面空白, 领导排序, 优先级, 改动, 字号, 未排入.
 */
label_zh: string, 
/**
 * What it is, in Chinese: `第1版0.8%，第2版2.1%`, `与领导排序一致` …
 */
detail_zh: string, 
/**
 * The measure behind it (the largest empty share of a page in %,
 * inversions, articles moved or rescaled or left out).
 */
value: number, 
/**
 * Points it adds to the score.
 */
penalty: number, };

export type SearchArticlesInput = { 
/**
 * Words that must all occur (in the headline, byline, 栏目, body or a
 * caption); `"…"` or `“…”` keeps a phrase together. Nothing is search
 * syntax. May be empty when a filter is given.
 */
query: string, issue_id?: number, 
/**
 * The author's account: username or name as shown.
 */
author?: string, 
/**
 * 栏目, exactly.
 */
column?: string, 
/**
 * Without a status, withdrawn (撤稿) articles are left out.
 */
status?: ArticleStatus, 
/**
 * Filed on or after this day: the issue's date, or for an article in
 * no issue the day it was written.
 */
from?: string, 
/**
 * Filed on or before this day.
 */
to?: string, 
/**
 * Placed on a page of its issue (true) or not (false).
 */
placed?: boolean, 
/**
 * `newest` (default) or `relevance`.
 */
order?: SearchOrder, 
/**
 * At most 100 (default 20).
 */
limit?: number, offset?: number, };

export type SearchHit = { article_id: number, issue_id: number | null, 
/**
 * `2026年第11期`
 */
issue: string | null, kicker: string, title: string, subtitle: string, byline: string, column: string, 
/**
 * A passage around the first match with every match marked `«…»`
 * (the headline when only the headline matches; the opening of the
 * body for a search by filters alone).
 */
snippet: string, 
/**
 * The field the snippet comes from: `kicker`, `title`, `subtitle`,
 * `byline`, `column`, `body` or `caption`.
 */
snippet_field: string, 
/**
 * The body block the snippet comes from (0-based), to scroll to.
 */
snippet_block: number | null, 
/**
 * 版 in the issue's page plan, when placed.
 */
page: number | null, status: ArticleStatus, review_level: number | null, author: UserRef, 
/**
 * The date the article is filed under (the issue's date, else the day
 * it was written).
 */
date: string, updated_at: string, };

export type SearchOptions = { 
/**
 * Every 栏目 in use.
 */
columns: Array<string>, 
/**
 * Everyone who wrote an article.
 */
authors: Array<UserRef>, };

export type SearchOrder = "newest" | "relevance";

export type SearchResults = { 
/**
 * Articles matching; a lower bound when `total_exact` is false.
 */
total: number, 
/**
 * False when there are more matches than were counted (200; 1,000 by
 * relevance; or what could be read in time): "more than `total`".
 */
total_exact: boolean, hits: Array<SearchHit>, 
/**
 * The terms searched for, folded (lower case, half-width): what the
 * editor highlights.
 */
terms: Array<string>, 
/**
 * Why nothing was searched (an empty query, only punctuation, too
 * long), or that the results may be incomplete.
 */
notice: string | null, };

export type ServerInfo = { version: string, network: NetworkInfo, 
/**
 * Accounts that keep the workspace from being shared on the LAN.
 */
unsafe_accounts: Array<UnsafeAccount>, 
/**
 * This workspace holds the demo content.
 */
demo: boolean, };

export type SetPriorityInput = { id: number, 
/**
 * 头条 `headline`, 重点 `major` or 一般 `normal`.
 */
priority: TopicPriority, };

export type Severity = "error" | "warning" | "info";

export type SharingChange = { on: boolean, 
/**
 * The addresses colleagues use (on).
 */
addresses: Array<string>, 
/**
 * Served over HTTPS (on).
 */
https?: boolean, };

export type SheetFormat = "xlsx" | "csv";

export type SignPageInput = { issue_id: number, 
/**
 * 1-based page (版).
 */
page: number, 
/**
 * The page's hash as the signer saw it (`get_issue_plan` /
 * `get_issue_pages`); a page changed since is refused with `conflict`.
 */
page_hash: string, };

export type SignState = "unsigned" | "signed" | "voided";

export type Signature = { id: number, article_id: number, level: number, signer: UserRef, signed_at: string, opinion: string, revision: number, content_hash: string, 
/**
 * Set when a later change voided this signature; it stays on record.
 */
voided_at: string | null, 
/**
 * Why it was voided, e.g. `第5版修改了内容`.
 */
voided_reason: string, 
/**
 * When the signer's password had been reset by another account (and
 * not changed by its owner of their own accord since) at signing time:
 * who reset it and when. Shown as a warning.
 */
signer_reset: PasswordReset | null, 
/**
 * Carried to this revision by a 校改 (a correction applied from a proof
 * mark, inside the marked span): the signature it continues, on the
 * revision before. The page's 签版 approves the correction.
 */
carried: Carried | null, };

export type SignedOut = { sessions: number, };

export type StartedArticle = { topic: Topic, article: Article, };

export type StatementFormat = "xlsx" | "pdf";

export type StatementIssue = { id: number, label: string, date: string, 
/**
 * Exported for print: only then is anything paid for it.
 */
printed: boolean, 
/**
 * The rules applied (their id and starting date).
 */
rules_id: number | null, rules_from: string | null, total_fen: number, };

export type StatementRecord = { id: number, period_from: string, period_to: string, issued_at: string, issued_by: string, total_fen: number, 
/**
 * SHA-256 of the statement as issued.
 */
sha256: string, 
/**
 * The issues it pays.
 */
issue_ids: Array<number>, voided_at: string | null, voided_by: string | null, void_reason: string, };

export type StatsArticle = { article_id: number, issue_id: number | null, 
/**
 * `2026年第11期` (empty: not assigned to an issue).
 */
issue: string, 
/**
 * Page printed on (printed articles).
 */
page: number | null, 
/**
 * The revision printed.
 */
revision: number | null, title: string, byline: string, 
/**
 * Where the article stands now.
 */
status: ArticleStatus | null, 
/**
 * Counted as submitted.
 */
submitted: boolean, 
/**
 * Counted as printed.
 */
printed: boolean, front_page: boolean, 
/**
 * Characters of the printed revision.
 */
chars: number, 
/**
 * The row's share of the text, in thousandths.
 */
share: number, chars_share: number, 
/**
 * Photos of the article the row is credited on, and its share in thousandths.
 */
photos: number, photo_share: number, };

export type StatsArticlesInput = { from: string, to: string, by?: StatsBy, 
/**
 * The row's `key`.
 */
key: string, };

export type StatsBy = "person" | "unit";

export type StatsIssue = { id: number, label: string, date: string, 
/**
 * Exported for print (付印): only then does it count as printed.
 */
printed: boolean, exported_at: string | null, 
/**
 * Articles the print export placed.
 */
articles: number, };

export type StatsRow = { 
/**
 * `c:12` (a contributor), `n:陈曦` (unregistered), `a:张伟` (namesakes),
 * `-` (no byline), `u:经济发展局` (a unit): for `stats_articles`.
 */
key: string, kind: RowKind, 
/**
 * The person's name, or the unit's.
 */
name: string, unit: string, contributor_id: number | null, 
/**
 * Articles submitted (投稿) naming them.
 */
submitted: number, 
/**
 * Articles printed (刊用) naming them.
 */
printed: number, 
/**
 * Their share of the printed articles, in thousandths (1,500 = 1.5 篇).
 */
printed_share: number, 
/**
 * Characters printed: their share of each article's characters.
 */
chars: number, 
/**
 * Photos printed, in thousandths (a photo of two is 500 each).
 */
photos: number, 
/**
 * Printed articles on page 1 naming them.
 */
front_page: number, };

export type StatsTotals = { submitted: number, printed: number, chars: number, photos: number, front_page: number, };

export type SuggestLayout = { suggestions: Array<Suggestion>, 
/**
 * Plans scored by the search.
 */
searched: number, 
/**
 * Milliseconds for the whole answer.
 */
took_ms: number, 
/**
 * Milliseconds until the first suggestion was ready.
 */
first_ms: number, };

export type SuggestLayoutInput = { issue_id: number, 
/**
 * Plan only these pages (1-based); absent: every page.
 */
pages?: Array<number>, 
/**
 * Placements the user has fixed; never moved.
 */
keep?: Array<Keep>, };

export type SuggestedFix = { field: FixField, start: number, end: number, original: string, replacement: string, 
/**
 * The checker's `punct.halfwidth`, `punct.dash`, `punct.ellipsis`, or
 * `import.stray_space`.
 */
rule: string, 
/**
 * The rule's name as the 校对 panel shows it (半角标点…).
 */
rule_name_zh: string, message_zh: string, };

export type Suggestion = { 
/**
 * A complete plan `plan_issue` accepts as it is.
 */
plan: IssuePlan, 
/**
 * Penalty points, lower is better (the sum of `parts`).
 */
score: number, parts: Array<ScorePart>, 
/**
 * Every page's fit, as typeset.
 */
fit: Array<PageFit>, left_out: Array<LeftOut>, };

export type TextDiffResult = { spans: Array<DiffSpan>, 
/**
 * Characters inserted and deleted (whitespace included).
 */
inserted: number, deleted: number, };

export type Topic = { id: number, issue_id: number | null, title: string, 
/**
 * 内容要点.
 */
points: string, 
/**
 * 消息, 通讯, 图片, 要闻快览 …
 */
kind: string, expected_chars: number | null, expected_photos: number | null, priority: TopicPriority, 
/**
 * 线索来源与联系人.
 */
sources: string, 
/**
 * What the topic shows: its own state, or its article's progress.
 */
state: TopicState, 
/**
 * The reason of the last decision (不采用, 待定).
 */
reason: string, 
/**
 * The page (版) reserved for it in the issue, if any.
 */
page: number | null, proposed_by: UserRef, proposed_at: string, decided_by: UserRef | null, decided_at: string | null, assignee: UserRef | null, assigned_by: UserRef | null, assigned_at: string | null, 
/**
 * 截稿 as given (a date or a date-time).
 */
due: string | null, 
/**
 * 截稿 as an instant.
 */
due_at: string | null, article_id: number | null, article_status: ArticleStatus | null, updated_at: string, };

export type TopicDecision = "accepted" | "declined" | "held";

export type TopicDetail = { topic: Topic, deliveries: Array<Delivery>, };

export type TopicIdInput = { id: number, };

export type TopicPriority = "headline" | "major" | "normal";

export type TopicRefInput = { topic_id: number, };

export type TopicState = "proposed" | "accepted" | "declined" | "held" | "assigned" | "in_progress" | "submitted" | "done" | "cancelled";

export type Transition = { id: number, article_id: number, kind: TransitionKind, actor: UserRef, at: string, from_status: ArticleStatus | null, from_level: number | null, to_status: ArticleStatus, to_level: number | null, revision: number, content_hash: string, opinion: string, };

export type TransitionKind = "create" | "submit" | "approve" | "return" | "withdraw" | "reopen" | "edit" | "restore" | "correct";

export type UnignoreFindingInput = { article_id: number, key: string, };

export type UnsafeAccount = { username: string, display_name: string, 
/**
 * `demo` (the demo password), `admin` (set by an admin, never changed
 * by its owner).
 */
reason: string, };

export type UpdateIssueInput = { id: number, date?: string, status?: IssueStatus, page_count?: number, page_size?: PageSize, columns?: number, 
/**
 * 印刷日期, printed in the colophon.
 */
print_date?: string, 
/**
 * Clear the 印刷日期 (not known yet after all).
 */
clear_print_date?: boolean, };

export type UpdateUserInput = { id: number, display_name?: string, roles?: Array<Role>, review_levels?: Array<number>, disabled?: boolean, 
/**
 * A new password set by the admin; the owner must change it at the
 * next sign-in.
 */
password?: string, };

export type User = { id: number, username: string, display_name: string, roles: Array<Role>, 
/**
 * Review levels (1 = 初审, 2 = 复审, 3 = 终审) this account may sign.
 * Empty means any level.
 */
review_levels: Array<number>, disabled: boolean, 
/**
 * The password was set by an admin: the owner must choose a new one at
 * the next sign-in.
 */
must_change_password: boolean, };

export type UserIdInput = { id: number, };

export type UserRef = { id: number, username: string, display_name: string, };

export type VerifiedArticle = { article_id: number, page: number, title: string, revision: number, 
/**
 * The printed text equals the approved revision.
 */
ok: boolean, problems: Array<string>, };

export type VerifyInput = { 
/**
 * The PDF, base64 (or a 数字报 edition as a .zip, which carries its
 * manifest inside).
 */
pdf_base64: string, 
/**
 * The manifest written beside the PDF, for a PDF without one inside.
 */
manifest_json?: string, };

export type VerifyReport = { issue: string, 
/**
 * A 校样 (`proof` before 0.4).
 */
proof_copy: boolean, articles: Array<VerifiedArticle>, 
/**
 * The PDF is byte for byte an export this workspace recorded.
 */
hash_matches: boolean, 
/**
 * The recorded export the PDF claims to be (found by its hash or by the
 * manifest's export id).
 */
export: ExportRecord | null, 
/**
 * Problems of the PDF as a whole (record, manifest, pages, 签版 and
 * 付印), in Chinese.
 */
problems: Array<string>, ok: boolean, 
/**
 * The 校样 round a proof was frozen as (一校样 = 1).
 */
proof_round: number | null, 
/**
 * What the check is, in Chinese (e.g. that a 校样 is no print copy).
 */
notes: Array<string>, };

export type VoidStatementInput = { id: number, 
/**
 * Why (required).
 */
reason: string, };

export type WechatArticle = { id: number, title: string, revision: number, content_hash: string, };

export type WechatHtml = { 
/**
 * The title to give the post (the article's 主题, or the issue's name).
 */
title: string, 
/**
 * What goes on the clipboard: sections with inline styles only.
 */
html: string, 
/**
 * The same as a whole .html file.
 */
document: string, file_name: string, 
/**
 * The articles it holds, with the revision each was signed at.
 */
articles: Array<WechatArticle>, };

export type WhoAmI = { user: User, publication: Publication, };

export type WithdrawInput = { id: number, reason?: string, };

export type WordInput = { 
/**
 * Absent or 0 adds an entry.
 */
id?: number, wrong: string, right: string, 
/**
 * `confusable` (易错词) or `deprecated` (不规范用语).
 */
kind: string, note?: string, certain?: boolean, exceptions?: Array<string>, };

export type WordRow = { id: number, wrong: string, right: string, 
/**
 * `confusable`, `deprecated` or `internal` (内部资料 only).
 */
kind: string, note: string, 
/**
 * The replacement is certain (offered as a one-click fix).
 */
certain: boolean, 
/**
 * Text around `wrong` that is fine.
 */
exceptions: Array<string>, };

/** Every command: its input and output types. */
export interface Commands {
  add_comment: { input: AddCommentInput; output: Comment };
  add_proof_mark: { input: AddMarkInput; output: ProofMark };
  apply_proof_mark: { input: ApplyMarkInput; output: AppliedMark };
  approve_article: { input: ReviewInput; output: Article };
  article_credits: { input: ArticleCreditsInput; output: ArticleCredits };
  article_stats: { input: ArticleStatsInput; output: ArticleStats };
  assign_topic: { input: AssignTopicInput; output: Topic };
  backup_workspace: { input: Empty; output: Blob };
  cancel_topic: { input: CancelTopicInput; output: Topic };
  change_password: { input: ChangePasswordInput; output: PasswordChanged };
  check_article: { input: IdInput; output: ArticleCheck };
  check_sharing: { input: Empty; output: Empty };
  check_text: { input: CheckTextInput; output: Array<Finding> };
  clean_pdf_text: { input: CleanPdfTextInput; output: CleanedText };
  close_article: { input: IdInput; output: Empty };
  close_proof_round: { input: RoundIdInput; output: ProofRound };
  confirm_article_credits: { input: ConfirmCreditsInput; output: ArticleCredits };
  create_article: { input: CreateArticleInput; output: Article };
  create_correspondent: { input: CreateCorrespondentInput; output: CorrespondentAccount };
  create_issue: { input: CreateIssueInput; output: Issue };
  create_user: { input: CreateUserInput; output: User };
  decide_topic: { input: DecideTopicInput; output: Topic };
  delete_payment_rules: { input: IdInput; output: Empty };
  delete_print_profile: { input: ProfileKeyInput; output: Empty };
  delete_roster_entry: { input: IdInput; output: Empty };
  delete_word_rule: { input: IdInput; output: Empty };
  diff_revisions: { input: DiffInput; output: TextDiffResult };
  diff_unsaved: { input: DiffUnsavedInput; output: TextDiffResult };
  export_issue: { input: ExportIssueInput; output: Blob };
  export_payment_statement: { input: ExportStatementInput; output: Blob };
  export_review_form: { input: IdInput; output: Blob };
  export_stats: { input: ExportStatsInput; output: Blob };
  export_web: { input: ExportWebInput; output: Blob };
  get_article: { input: IdInput; output: Article };
  get_asset: { input: AssetInput; output: Blob };
  get_export_manifest: { input: ManifestInput; output: Manifest };
  get_history: { input: IdInput; output: History };
  get_issue_pages: { input: IssueIdInput; output: IssuePages };
  get_issue_plan: { input: IssueIdInput; output: IssueLayout };
  get_payment_statement: { input: IdInput; output: IssuedStatement };
  get_presence: { input: IdInput; output: ArticlePresence };
  get_print_settings: { input: Empty; output: PrintSettingsView };
  get_publication: { input: Empty; output: Publication };
  get_reminder_settings: { input: Empty; output: ReminderSettings };
  get_review: { input: IdInput; output: ReviewView };
  get_revision: { input: RevisionInput; output: Revision };
  get_topic: { input: TopicIdInput; output: TopicDetail };
  ignore_finding: { input: IgnoreFindingInput; output: ArticleCheck };
  import_articles: { input: ImportArticlesInput; output: Array<ImportResult> };
  import_print_profile: { input: ImportProfileInput; output: ProfileInfo };
  issue_payment_statement: { input: IssueStatementInput; output: StatementRecord };
  issue_proof_report: { input: IssueIdInput; output: IssueProofReport };
  link_topic_article: { input: LinkTopicArticleInput; output: Topic };
  list_articles: { input: ListArticlesInput; output: Array<ArticleSummary> };
  list_audit: { input: ListAuditInput; output: AuditPage };
  list_comments: { input: IdInput; output: Array<Comment> };
  list_contributors: { input: Empty; output: Array<Contributor> };
  list_exports: { input: IssueIdInput; output: Array<ExportRecord> };
  list_ignore_proposals: { input: ProposalsInput; output: Array<IgnoreRow> };
  list_inbox: { input: Empty; output: Inbox };
  list_issues: { input: Empty; output: Array<Issue> };
  list_my_pieces: { input: Empty; output: MyPieces };
  list_notifications: { input: ListNotificationsInput; output: NotificationPage };
  list_payment_rules: { input: Empty; output: Array<PaymentRules> };
  list_payment_statements: { input: Empty; output: Array<StatementRecord> };
  list_proof_marks: { input: ListMarksInput; output: Array<ProofMark> };
  list_proof_rounds: { input: IssueIdInput; output: Array<ProofRound> };
  list_revisions: { input: IdInput; output: Array<RevisionSummary> };
  list_roster: { input: Empty; output: Array<RosterRow> };
  list_topics: { input: ListTopicsInput; output: Array<Topic> };
  list_users: { input: Empty; output: Array<User> };
  list_word_rules: { input: Empty; output: Array<WordRow> };
  login: { input: LoginInput; output: LoginOutput };
  logout: { input: Empty; output: Empty };
  logout_all: { input: Empty; output: SignedOut };
  mark_notifications_read: { input: MarkReadInput; output: MarkedRead };
  open_article: { input: OpenArticleInput; output: ArticlePresence };
  order_print: { input: IssueIdInput; output: PrintOrder };
  page_corrections: { input: PageCorrectionsInput; output: Array<PageCorrection> };
  payment_statement: { input: PaymentStatementInput; output: PaymentStatement };
  plan_issue: { input: IssuePlan; output: IssueLayout };
  preflight_issue: { input: IssueIdInput; output: Preflight };
  preflight_pdf: { input: PressPreflightInput; output: PressReport };
  preview_import: { input: PreviewImportInput; output: Array<ProposedArticle> };
  preview_page: { input: PreviewPageInput; output: Blob };
  proof_mark_kinds: { input: Empty; output: Array<MarkKindInfo> };
  proof_marks_pdf: { input: MarksPdfInput; output: Blob };
  proof_round_page: { input: RoundPageInput; output: Blob };
  proof_round_pdf: { input: RoundIdInput; output: Blob };
  propose_topic: { input: ProposeTopicInput; output: Topic };
  record_proof_pass: { input: RecordPassInput; output: Array<ProofPass> };
  record_sharing: { input: SharingChange; output: Empty };
  reopen_article: { input: IdInput; output: Article };
  reorder_roster: { input: ReorderRosterInput; output: Array<RosterRow> };
  reserve_topic_slot: { input: ReserveSlotInput; output: Topic };
  resolve_comment: { input: ResolveCommentInput; output: Comment };
  resolve_proof_mark: { input: ResolveMarkInput; output: ProofMark };
  restore_revision: { input: RestoreInput; output: Article };
  return_article: { input: ReviewInput; output: Article };
  review_ignore: { input: ReviewIgnoreInput; output: ArticleCheck };
  save_article: { input: SaveArticleInput; output: Article };
  save_contributor: { input: SaveContributorInput; output: Contributor };
  save_payment_rules: { input: PaymentRules; output: PaymentRules };
  save_roster_entry: { input: RosterInput; output: RosterRow };
  save_word_rule: { input: WordInput; output: WordRow };
  search_articles: { input: SearchArticlesInput; output: SearchResults };
  search_options: { input: Empty; output: SearchOptions };
  server_info: { input: Empty; output: ServerInfo };
  set_article_priority: { input: SetPriorityInput; output: Article };
  sign_out_user: { input: UserIdInput; output: SignedOut };
  sign_page: { input: SignPageInput; output: PageSignoff };
  start_proof_round: { input: IssueIdInput; output: ProofRound };
  start_topic_article: { input: TopicRefInput; output: StartedArticle };
  stats_articles: { input: StatsArticlesInput; output: Array<StatsArticle> };
  submit_article: { input: RevisionRef; output: Article };
  suggest_layout: { input: SuggestLayoutInput; output: SuggestLayout };
  unignore_finding: { input: UnignoreFindingInput; output: ArticleCheck };
  update_issue: { input: UpdateIssueInput; output: Issue };
  update_print_settings: { input: PrintSettings; output: PrintSettingsView };
  update_publication: { input: Publication; output: Publication };
  update_reminder_settings: { input: ReminderSettings; output: ReminderSettings };
  update_user: { input: UpdateUserInput; output: User };
  verify_audit: { input: Empty; output: ChainReport };
  verify_export: { input: VerifyInput; output: VerifyReport };
  void_payment_statement: { input: VoidStatementInput; output: StatementRecord };
  wechat_html: { input: IdInput; output: WechatHtml };
  wechat_issue_html: { input: IssueIdInput; output: WechatHtml };
  whoami: { input: Empty; output: WhoAmI };
  withdraw_article: { input: WithdrawInput; output: Article };
}

/** Commands that answer with bytes (PDF, PNG) instead of JSON. */
export const BINARY_COMMANDS: readonly string[] = ["preview_page", "export_issue", "export_review_form", "get_asset", "export_web", "backup_workspace", "export_stats", "export_payment_statement", "proof_round_pdf", "proof_round_page", "proof_marks_pdf"];
