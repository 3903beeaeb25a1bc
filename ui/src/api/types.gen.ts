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
title_pending: boolean, kind: ArticleKind, 
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

export type ArticleStatus = "draft" | "in_review" | "approved" | "returned" | "withdrawn";

export type ArticleSummary = { id: number, issue_id: number | null, kind: ArticleKind, kicker: string, title: string, byline: string, column: string, target_length: number | null, length: number, status: ArticleStatus, review_level: number | null, revision: number, content_hash: string, author: UserRef, updated_at: string, updated_by: UserRef, 
/**
 * Who has it open for editing right now (filled by the server).
 */
editing: Array<UserRef>, 
/**
 * 待定标题 (see [`Article::title_pending`]).
 */
title_pending: boolean, };

export type AssetInput = { 
/**
 * SHA-256 of the image.
 */
id: string, };

export type AuditEntry = { id: number, at: string, actor_id: number | null, actor: string, client: string, via: string, action: string, target_kind: string, target_id: number | null, detail: unknown, hash: string, };

export type AuditPage = { total: number, entries: Array<AuditEntry>, };

export type Block = { "type": "paragraph", text: string, } | { "type": "subhead", text: string, } | { "type": "brief", text: string, } | { "type": "image", 
/**
 * SHA-256 of the image bytes, as stored in the asset table.
 */
asset_id: string, caption: string, credit: string, };

export type ChainReport = { ok: boolean, entries: number, 
/**
 * The first entry whose hash does not follow from its content and its
 * predecessor (or that is missing from the sequence).
 */
first_broken: number | null, reason: string | null, };

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

export type CreateArticleInput = { 
/**
 * The issue it is planned for; absent = not yet assigned (稿库).
 */
issue_id?: number, kind?: ArticleKind, kicker?: string, title: string, subtitle?: string, byline?: string, column?: string, body?: Array<Block>, target_length?: number, };

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

export type ErrorCode = "unauthorized" | "forbidden" | "not_found" | "conflict" | "invalid_input" | "invalid_state" | "rate_limited" | "password_change_required" | "too_large" | "unsupported_media_type" | "misdirected_request" | "unknown_command" | "workspace_locked" | "corrupt" | "export_failed" | "busy" | "internal" | "request_timeout" | "network" | "untrusted_certificate";

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

export type EventKind = "article" | "review" | "comment" | "plan" | "issue" | "proof" | "user" | "publication" | "presence" | "export" | "session" | "resync";

export type ExportIssueInput = { issue_id: number, options?: ExportOptions, };

export type ExportOptions = { 
/**
 * 3 mm bleed with crop marks.
 */
bleed?: boolean, 
/**
 * 校样: allowed despite preflight errors; every page carries a 校样 watermark.
 */
proof?: boolean, 
/**
 * PDF/A: PDF/A-3b while the manifest is embedded, PDF/A-2b when it is not
 * (PDF/A-2 allows no attachment but PDF/A files).
 */
pdf_a?: boolean, 
/**
 * Embed the manifest in the PDF (default). Without it the manifest only
 * goes beside the PDF, and `zonepress verify` reads it from there.
 */
embed_manifest?: boolean, };

export type ExportRecord = { id: number, issue_id: number, user: UserRef, at: string, 
/**
 * A 校样 (proof with watermark) rather than the print PDF.
 */
proof: boolean, pdf_sha256: string, pages: number, };

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
date: string, status: IssueStatus, page_count: number, page_size: PageSize, columns: number, article_count: number, };

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
articles: Array<ArticleSummary>, };

export type IssuePlan = { issue_id: number, page_size: PageSize, columns: number, pages: Array<PagePlan>, };

export type IssueProofReport = { issue_id: number, articles: Array<ArticleProofRow>, chars: number, errors: number, 
/**
 * 差错率: open errors per 10,000 characters.
 */
error_rate: number, passes: Array<ProofPass>, };

export type IssueStatus = "planning" | "layout" | "printed";

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
export_uid: string, exported_at: string, exported_by: string, publication: string, issue_id: number, issue: string, issue_date: string, proof: boolean, pages: number, articles: Array<ManifestArticle>, };

export type ManifestArticle = { article_id: number, page: number, title: string, revision: number, content_hash: string, status: ArticleStatus, signatures: Array<ManifestSignature>, };

export type ManifestSignature = { level: number, level_name: string, signer: string, signed_at: string, revision: number, content_hash: string, };

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

export type OpenArticleInput = { id: number, 
/**
 * `edit` (default) or `view`.
 */
mode?: OpenMode, };

export type OpenMode = "edit" | "view";

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

export type PageSize = "A3" | "A4";

export type PageTemplate = "front" | "inner" | "photo";

export type PasswordReset = { by: UserRef, at: string, };

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
code: string, page: number | null, article_id: number | null, message_zh: string, message_en: string, };

export type Present = { user: UserRef, mode: OpenMode, since: string, 
/**
 * True for the caller's own session.
 */
you: boolean, };

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
 * Pixels per point (default 1.0; A3 is 842 × 1191 points).
 */
scale?: number, };

export type ProofPass = { id: number, issue_id: number, pass: number, user: UserRef, at: string, errors_found: number, note: string, };

export type ProposalsInput = { issue_id?: number, };

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
session_idle_minutes: number, };

export type RecordPassInput = { issue_id: number, 
/**
 * 1 = 一校, 2 = 二校, 3 = 三校.
 */
pass: number, errors_found?: number, note?: string, };

export type ResolveCommentInput = { comment_id: number, 
/**
 * `false` opens a resolved comment again (default `true`).
 */
resolved?: boolean, };

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

export type Role = "editor" | "reviewer" | "proofreader" | "layout" | "admin";

export type RosterInput = { 
/**
 * Absent or 0 adds an entry.
 */
id?: number, name: string, title: string, valid_from?: string, valid_to?: string, note?: string, };

export type RosterRow = { id: number, name: string, title: string, valid_from: string | null, valid_to: string | null, note: string, };

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

export type ServerInfo = { version: string, network: NetworkInfo, 
/**
 * Accounts that keep the workspace from being shared on the LAN.
 */
unsafe_accounts: Array<UnsafeAccount>, 
/**
 * This workspace holds the demo content.
 */
demo: boolean, };

export type Severity = "error" | "warning" | "info";

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
signer_reset: PasswordReset | null, };

export type SignedOut = { sessions: number, };

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

export type TextDiffResult = { spans: Array<DiffSpan>, 
/**
 * Characters inserted and deleted (whitespace included).
 */
inserted: number, deleted: number, };

export type Transition = { id: number, article_id: number, kind: TransitionKind, actor: UserRef, at: string, from_status: ArticleStatus | null, from_level: number | null, to_status: ArticleStatus, to_level: number | null, revision: number, content_hash: string, opinion: string, };

export type TransitionKind = "create" | "submit" | "approve" | "return" | "withdraw" | "reopen" | "edit" | "restore";

export type UnignoreFindingInput = { article_id: number, key: string, };

export type UnsafeAccount = { username: string, display_name: string, 
/**
 * `demo` (the demo password), `admin` (set by an admin, never changed
 * by its owner).
 */
reason: string, };

export type UpdateIssueInput = { id: number, date?: string, status?: IssueStatus, page_count?: number, page_size?: PageSize, columns?: number, };

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

export type VerifyReport = { issue: string, proof: boolean, articles: Array<VerifiedArticle>, 
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
 * Problems of the PDF as a whole (record, manifest, pages), in Chinese.
 */
problems: Array<string>, ok: boolean, };

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
 * `confusable` or `deprecated`.
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
  approve_article: { input: ReviewInput; output: Article };
  backup_workspace: { input: Empty; output: Blob };
  change_password: { input: ChangePasswordInput; output: Empty };
  check_article: { input: IdInput; output: ArticleCheck };
  check_text: { input: CheckTextInput; output: Array<Finding> };
  clean_pdf_text: { input: CleanPdfTextInput; output: CleanedText };
  close_article: { input: IdInput; output: Empty };
  create_article: { input: CreateArticleInput; output: Article };
  create_issue: { input: CreateIssueInput; output: Issue };
  create_user: { input: CreateUserInput; output: User };
  delete_roster_entry: { input: IdInput; output: Empty };
  delete_word_rule: { input: IdInput; output: Empty };
  diff_revisions: { input: DiffInput; output: TextDiffResult };
  diff_unsaved: { input: DiffUnsavedInput; output: TextDiffResult };
  export_issue: { input: ExportIssueInput; output: Blob };
  export_review_form: { input: IdInput; output: Blob };
  export_web: { input: ExportWebInput; output: Blob };
  get_article: { input: IdInput; output: Article };
  get_asset: { input: AssetInput; output: Blob };
  get_export_manifest: { input: IssueIdInput; output: Manifest };
  get_history: { input: IdInput; output: History };
  get_issue_plan: { input: IssueIdInput; output: IssueLayout };
  get_presence: { input: IdInput; output: ArticlePresence };
  get_publication: { input: Empty; output: Publication };
  get_review: { input: IdInput; output: ReviewView };
  get_revision: { input: RevisionInput; output: Revision };
  ignore_finding: { input: IgnoreFindingInput; output: ArticleCheck };
  import_articles: { input: ImportArticlesInput; output: Array<ImportResult> };
  issue_proof_report: { input: IssueIdInput; output: IssueProofReport };
  list_articles: { input: ListArticlesInput; output: Array<ArticleSummary> };
  list_audit: { input: ListAuditInput; output: AuditPage };
  list_comments: { input: IdInput; output: Array<Comment> };
  list_exports: { input: IssueIdInput; output: Array<ExportRecord> };
  list_ignore_proposals: { input: ProposalsInput; output: Array<IgnoreRow> };
  list_inbox: { input: Empty; output: Inbox };
  list_issues: { input: Empty; output: Array<Issue> };
  list_revisions: { input: IdInput; output: Array<RevisionSummary> };
  list_roster: { input: Empty; output: Array<RosterRow> };
  list_users: { input: Empty; output: Array<User> };
  list_word_rules: { input: Empty; output: Array<WordRow> };
  login: { input: LoginInput; output: LoginOutput };
  logout: { input: Empty; output: Empty };
  logout_all: { input: Empty; output: SignedOut };
  open_article: { input: OpenArticleInput; output: ArticlePresence };
  plan_issue: { input: IssuePlan; output: IssueLayout };
  preflight_issue: { input: IssueIdInput; output: Preflight };
  preview_import: { input: PreviewImportInput; output: Array<ProposedArticle> };
  preview_page: { input: PreviewPageInput; output: Blob };
  record_proof_pass: { input: RecordPassInput; output: Array<ProofPass> };
  reopen_article: { input: IdInput; output: Article };
  resolve_comment: { input: ResolveCommentInput; output: Comment };
  restore_revision: { input: RestoreInput; output: Article };
  return_article: { input: ReviewInput; output: Article };
  review_ignore: { input: ReviewIgnoreInput; output: ArticleCheck };
  save_article: { input: SaveArticleInput; output: Article };
  save_roster_entry: { input: RosterInput; output: RosterRow };
  save_word_rule: { input: WordInput; output: WordRow };
  server_info: { input: Empty; output: ServerInfo };
  sign_out_user: { input: UserIdInput; output: SignedOut };
  submit_article: { input: RevisionRef; output: Article };
  unignore_finding: { input: UnignoreFindingInput; output: ArticleCheck };
  update_issue: { input: UpdateIssueInput; output: Issue };
  update_publication: { input: Publication; output: Publication };
  update_user: { input: UpdateUserInput; output: User };
  verify_audit: { input: Empty; output: ChainReport };
  verify_export: { input: VerifyInput; output: VerifyReport };
  wechat_html: { input: IdInput; output: WechatHtml };
  wechat_issue_html: { input: IssueIdInput; output: WechatHtml };
  whoami: { input: Empty; output: WhoAmI };
  withdraw_article: { input: WithdrawInput; output: Article };
}

/** Commands that answer with bytes (PDF, PNG) instead of JSON. */
export const BINARY_COMMANDS: readonly string[] = ["preview_page", "export_issue", "export_review_form", "get_asset", "export_web", "backup_workspace"];
