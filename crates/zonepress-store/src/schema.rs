//! The schema, one upgrade step per version.
//!
//! A fresh database runs every step in order; an older one runs the steps it
//! has not seen. `PRAGMA user_version` records where a file stands. A step is
//! never edited once released: change the schema by appending a step.

use rusqlite::{Connection, Transaction};

use crate::error::StoreError;

/// The version this build writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

/// Step `i` upgrades version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 → 1: the foundation — publication, accounts, issues, articles, revisions, assets.
    r#"
    CREATE TABLE publication (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        name          TEXT NOT NULL,
        publisher     TEXT NOT NULL,
        permit_number TEXT NOT NULL,
        page_size     TEXT NOT NULL,
        columns       INTEGER NOT NULL,
        review_levels INTEGER NOT NULL
    );
    CREATE TABLE users (
        id             INTEGER PRIMARY KEY,
        username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name   TEXT NOT NULL,
        password_hash  TEXT NOT NULL,
        roles          TEXT NOT NULL,
        disabled       INTEGER NOT NULL DEFAULT 0,
        failed_logins  INTEGER NOT NULL DEFAULT 0,
        last_failed_at INTEGER,
        created_at     INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE issues (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        number     INTEGER NOT NULL,
        serial     INTEGER NOT NULL,
        date       TEXT NOT NULL,
        status     TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        page_size  TEXT NOT NULL,
        columns    INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (year, number)
    );
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        issue_id      INTEGER REFERENCES issues(id),
        author_id     INTEGER NOT NULL REFERENCES users(id),
        kind          TEXT NOT NULL,
        kicker        TEXT NOT NULL,
        title         TEXT NOT NULL,
        subtitle      TEXT NOT NULL,
        byline        TEXT NOT NULL,
        column_name   TEXT NOT NULL,
        body_json     TEXT NOT NULL,
        target_length INTEGER,
        length        INTEGER NOT NULL,
        status        TEXT NOT NULL,
        review_level  INTEGER,
        revision      INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        updated_by    INTEGER NOT NULL REFERENCES users(id)
    );
    CREATE INDEX articles_by_issue ON articles (issue_id, updated_at);
    CREATE TABLE revisions (
        article_id   INTEGER NOT NULL REFERENCES articles(id),
        number       INTEGER NOT NULL,
        content_json TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        length       INTEGER NOT NULL,
        author_id    INTEGER NOT NULL REFERENCES users(id),
        created_at   INTEGER NOT NULL,
        note         TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (article_id, number)
    );
    CREATE TABLE assets (
        id         TEXT PRIMARY KEY,
        mime       TEXT NOT NULL,
        width      INTEGER NOT NULL,
        height     INTEGER NOT NULL,
        bytes      BLOB NOT NULL,
        created_at INTEGER NOT NULL
    );
    "#,
    // 1 → 2: the 三审 workflow — per-account review levels, signatures bound to
    // revisions, the append-only audit log, comments anchored to passages.
    r#"
    ALTER TABLE users ADD COLUMN review_levels TEXT NOT NULL DEFAULT '';
    CREATE TABLE signatures (
        id            INTEGER PRIMARY KEY,
        article_id    INTEGER NOT NULL REFERENCES articles(id),
        level         INTEGER NOT NULL,
        signer_id     INTEGER NOT NULL REFERENCES users(id),
        signed_at     INTEGER NOT NULL,
        opinion       TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        content_hash  TEXT NOT NULL,
        voided_at     INTEGER,
        voided_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX signatures_by_article ON signatures (article_id);
    -- A signature is never deleted; the only change allowed is voiding it once.
    CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
    BEGIN SELECT RAISE(ABORT, 'signatures are permanent'); END;
    CREATE TRIGGER signatures_void_only BEFORE UPDATE ON signatures
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.article_id IS NOT OLD.article_id
      OR NEW.level IS NOT OLD.level OR NEW.signer_id IS NOT OLD.signer_id
      OR NEW.signed_at IS NOT OLD.signed_at OR NEW.opinion IS NOT OLD.opinion
      OR NEW.revision IS NOT OLD.revision OR NEW.content_hash IS NOT OLD.content_hash
    BEGIN SELECT RAISE(ABORT, 'a signature can only be voided, once'); END;

    CREATE TABLE transitions (
        id           INTEGER PRIMARY KEY,
        article_id   INTEGER NOT NULL REFERENCES articles(id),
        kind         TEXT NOT NULL,
        actor_id     INTEGER NOT NULL REFERENCES users(id),
        at           INTEGER NOT NULL,
        from_status  TEXT,
        from_level   INTEGER,
        to_status    TEXT NOT NULL,
        to_level     INTEGER,
        revision     INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        opinion      TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX transitions_by_article ON transitions (article_id, id);
    -- The audit log is append-only: no command and no trigger path edits it.
    CREATE TRIGGER transitions_no_update BEFORE UPDATE ON transitions
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER transitions_no_delete BEFORE DELETE ON transitions
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    -- Revisions are history too.
    CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
    CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;

    -- Articles created before the audit log get their creation on record.
    INSERT INTO transitions (article_id, kind, actor_id, at, from_status, from_level,
                             to_status, to_level, revision, content_hash, opinion)
    SELECT a.id, 'create', a.author_id, a.created_at, NULL, NULL, 'draft', NULL, 1,
           r.content_hash, ''
      FROM articles a JOIN revisions r ON r.article_id = a.id AND r.number = 1;

    CREATE TABLE comments (
        id          INTEGER PRIMARY KEY,
        article_id  INTEGER NOT NULL REFERENCES articles(id),
        revision    INTEGER NOT NULL,
        parent_id   INTEGER REFERENCES comments(id),
        start_char  INTEGER NOT NULL,
        end_char    INTEGER NOT NULL,
        quote       TEXT NOT NULL,
        body        TEXT NOT NULL,
        author_id   INTEGER NOT NULL REFERENCES users(id),
        created_at  INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by INTEGER REFERENCES users(id)
    );
    CREATE INDEX comments_by_article ON comments (article_id, id);
    "#,
    // 2 → 3: the page plan of each issue (which article on which 版, how set).
    r#"
    CREATE TABLE page_plans (
        issue_id   INTEGER PRIMARY KEY REFERENCES issues(id),
        plan_json  TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by INTEGER NOT NULL REFERENCES users(id)
    );
    "#,
    // 3 → 4: proofreading — the roster of officials, the word list, findings
    // ignored with a reason, the three proofreading passes of an issue, and
    // workspace settings.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE roster (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        title      TEXT NOT NULL,
        valid_from TEXT,
        valid_to   TEXT,
        note       TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE word_rules (
        id         INTEGER PRIMARY KEY,
        wrong      TEXT NOT NULL UNIQUE,
        right      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        certain    INTEGER NOT NULL DEFAULT 1,
        exceptions TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE finding_ignores (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        key        TEXT NOT NULL,
        rule       TEXT NOT NULL,
        passage    TEXT NOT NULL,
        reason     TEXT NOT NULL,
        user_id    INTEGER NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        UNIQUE (article_id, key)
    );
    CREATE TABLE proof_passes (
        id           INTEGER PRIMARY KEY,
        issue_id     INTEGER NOT NULL REFERENCES issues(id),
        pass         INTEGER NOT NULL CHECK (pass BETWEEN 1 AND 3),
        user_id      INTEGER NOT NULL REFERENCES users(id),
        at           INTEGER NOT NULL,
        errors_found INTEGER NOT NULL DEFAULT 0,
        note         TEXT NOT NULL DEFAULT '',
        UNIQUE (issue_id, pass)
    );
    "#,
    // 4 → 5: the record of every export (print PDF or proof), with its manifest.
    r#"
    CREATE TABLE exports (
        id            INTEGER PRIMARY KEY,
        issue_id      INTEGER NOT NULL REFERENCES issues(id),
        user_id       INTEGER NOT NULL REFERENCES users(id),
        at            INTEGER NOT NULL,
        proof         INTEGER NOT NULL,
        pdf_sha256    TEXT NOT NULL,
        pages         INTEGER NOT NULL,
        manifest_json TEXT NOT NULL
    );
    CREATE INDEX exports_by_issue ON exports (issue_id, id);
    CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports
    BEGIN SELECT RAISE(ABORT, 'the export record is append-only'); END;
    CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports
    BEGIN SELECT RAISE(ABORT, 'the export record is append-only'); END;
    "#,
    // 5 → 6: a record that proves itself, and accounts safe on a LAN —
    // who set each password and whether it must change, sessions with their
    // client and last use, the idle timeout, signatures that remember a
    // password reset, ignores that a proofreader confirms, exports that keep
    // what they typeset, and the hash-chained audit log of every action that
    // matters (filled from the older transitions and exports by `after_step`).
    r#"
    ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN password_origin TEXT NOT NULL DEFAULT 'self';
    ALTER TABLE users ADD COLUMN password_reset_by INTEGER REFERENCES users(id);
    ALTER TABLE users ADD COLUMN password_reset_at INTEGER;
    ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
    ALTER TABLE sessions ADD COLUMN via TEXT NOT NULL DEFAULT '';
    UPDATE sessions SET last_seen_at = created_at;
    CREATE INDEX sessions_by_user ON sessions (user_id);
    ALTER TABLE publication ADD COLUMN session_idle_minutes INTEGER NOT NULL DEFAULT 30;

    ALTER TABLE signatures ADD COLUMN signer_reset_by INTEGER REFERENCES users(id);
    ALTER TABLE signatures ADD COLUMN signer_reset_at INTEGER;
    DROP TRIGGER signatures_void_only;
    CREATE TRIGGER signatures_void_only BEFORE UPDATE ON signatures
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.article_id IS NOT OLD.article_id
      OR NEW.level IS NOT OLD.level OR NEW.signer_id IS NOT OLD.signer_id
      OR NEW.signed_at IS NOT OLD.signed_at OR NEW.opinion IS NOT OLD.opinion
      OR NEW.revision IS NOT OLD.revision OR NEW.content_hash IS NOT OLD.content_hash
      OR NEW.signer_reset_by IS NOT OLD.signer_reset_by
      OR NEW.signer_reset_at IS NOT OLD.signer_reset_at
    BEGIN SELECT RAISE(ABORT, 'a signature can only be voided, once'); END;

    ALTER TABLE finding_ignores ADD COLUMN severity TEXT NOT NULL DEFAULT '';
    ALTER TABLE finding_ignores ADD COLUMN state TEXT NOT NULL DEFAULT 'ignored';
    ALTER TABLE finding_ignores ADD COLUMN decided_by INTEGER REFERENCES users(id);
    ALTER TABLE finding_ignores ADD COLUMN decided_at INTEGER;
    ALTER TABLE finding_ignores ADD COLUMN decision_note TEXT NOT NULL DEFAULT '';

    ALTER TABLE exports ADD COLUMN export_uid TEXT NOT NULL DEFAULT '';
    ALTER TABLE exports ADD COLUMN options_json TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE exports ADD COLUMN doc_json TEXT NOT NULL DEFAULT '';
    CREATE INDEX exports_by_hash ON exports (pdf_sha256);
    CREATE INDEX exports_by_uid ON exports (export_uid);

    CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        actor_id    INTEGER,
        actor       TEXT NOT NULL,
        client      TEXT NOT NULL,
        via         TEXT NOT NULL,
        action      TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        target_id   INTEGER,
        detail      TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
    );
    CREATE INDEX audit_by_at ON audit_log (at);
    CREATE INDEX audit_by_actor ON audit_log (actor_id, id);
    CREATE INDEX audit_by_action ON audit_log (action, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    "#,
    // 6 → 7: 待定标题 — an imported article whose title is a stand-in (the file
    // had no title the importer could recognise), until the title is changed
    // or confirmed.
    r#"
    ALTER TABLE articles ADD COLUMN title_pending INTEGER NOT NULL DEFAULT 0;
    "#,
    SEARCH_INDEX,
    // 8 → 9: correspondents 通讯员 and 稿酬 — the contributors (optionally an
    // account), who an article's byline and photo credits name as confirmed
    // by an editor (for that byline), the dated payment rules, and issued
    // payment statements, kept as issued (only voiding, once, changes one).
    r#"
    CREATE TABLE contributors (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        unit       TEXT NOT NULL DEFAULT '',
        phone      TEXT NOT NULL DEFAULT '',
        user_id    INTEGER REFERENCES users(id),
        paid       INTEGER NOT NULL DEFAULT 1,
        active     INTEGER NOT NULL DEFAULT 1,
        note       TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX contributors_by_name ON contributors (name);
    CREATE UNIQUE INDEX contributors_one_per_account ON contributors (user_id)
        WHERE user_id IS NOT NULL;
    CREATE TABLE article_credits (
        article_id     INTEGER NOT NULL REFERENCES articles(id),
        source         TEXT NOT NULL,
        position       INTEGER NOT NULL,
        part           TEXT NOT NULL CHECK (part IN ('text', 'photo')),
        name           TEXT NOT NULL,
        role           TEXT NOT NULL,
        contributor_id INTEGER REFERENCES contributors(id),
        confirmed_by   TEXT NOT NULL,
        confirmed_at   INTEGER NOT NULL,
        PRIMARY KEY (article_id, source, position)
    );
    CREATE TABLE payment_rules (
        id         INTEGER PRIMARY KEY,
        valid_from TEXT NOT NULL UNIQUE,
        rules_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE TABLE payment_statements (
        id             INTEGER PRIMARY KEY,
        period_from    TEXT NOT NULL,
        period_to      TEXT NOT NULL,
        issued_at      INTEGER NOT NULL,
        issued_by      TEXT NOT NULL,
        total_fen      INTEGER NOT NULL,
        statement_json TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        voided_at      INTEGER,
        voided_by      TEXT,
        void_reason    TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE payment_statement_issues (
        statement_id INTEGER NOT NULL REFERENCES payment_statements(id),
        issue_id     INTEGER NOT NULL REFERENCES issues(id),
        PRIMARY KEY (issue_id, statement_id)
    );
    CREATE TRIGGER payment_statements_no_delete BEFORE DELETE ON payment_statements
    BEGIN SELECT RAISE(ABORT, 'issued statements are kept'); END;
    CREATE TRIGGER payment_statements_void_only BEFORE UPDATE ON payment_statements
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.period_from IS NOT OLD.period_from
      OR NEW.period_to IS NOT OLD.period_to OR NEW.issued_at IS NOT OLD.issued_at
      OR NEW.issued_by IS NOT OLD.issued_by OR NEW.total_fen IS NOT OLD.total_fen
      OR NEW.statement_json IS NOT OLD.statement_json OR NEW.sha256 IS NOT OLD.sha256
    BEGIN SELECT RAISE(ABORT, 'an issued statement can only be voided, once'); END;
    CREATE TRIGGER payment_statement_issues_no_update BEFORE UPDATE ON payment_statement_issues
    BEGIN SELECT RAISE(ABORT, 'issued statements are kept'); END;
    CREATE TRIGGER payment_statement_issues_no_delete BEFORE DELETE ON payment_statement_issues
    BEGIN SELECT RAISE(ABORT, 'issued statements are kept'); END;
    "#,
    // 9 → 10: the article list read from an index alone. A summary's columns
    // (several after the long body_json in each row) are all in the index,
    // in the list's order, so a list of an issue never reads the article
    // rows; it replaces articles_by_issue, whose columns lead this one.
    r#"
    CREATE INDEX articles_summary ON articles (
        issue_id, updated_at, id, kind, kicker, title, byline, column_name,
        target_length, length, status, review_level, revision, content_hash,
        author_id, updated_by, title_pending
    );
    DROP INDEX IF EXISTS articles_by_issue;
    "#,
    AUDIT_KEY,
    // 11 → 12: pages in the record — 校样 rounds (the frozen layout, its PDF
    // and the character boxes of its pages), proof marks placed on them and
    // tied to the text, 签版 of each page bound to what it prints, 付印 bound
    // to the issue's layout; signatures carried to a 校改 revision; the
    // publication's number of proof rounds and its page signers.
    r#"
    ALTER TABLE publication ADD COLUMN proof_rounds INTEGER NOT NULL DEFAULT 3;
    ALTER TABLE publication ADD COLUMN page_signers TEXT NOT NULL DEFAULT '';

    ALTER TABLE signatures ADD COLUMN carried_from INTEGER;
    ALTER TABLE signatures ADD COLUMN carried_by_mark INTEGER;
    DROP TRIGGER IF EXISTS signatures_void_only;
    CREATE TRIGGER signatures_void_only BEFORE UPDATE ON signatures
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.article_id IS NOT OLD.article_id
      OR NEW.level IS NOT OLD.level OR NEW.signer_id IS NOT OLD.signer_id
      OR NEW.signed_at IS NOT OLD.signed_at OR NEW.opinion IS NOT OLD.opinion
      OR NEW.revision IS NOT OLD.revision OR NEW.content_hash IS NOT OLD.content_hash
      OR NEW.signer_reset_by IS NOT OLD.signer_reset_by
      OR NEW.signer_reset_at IS NOT OLD.signer_reset_at
      OR NEW.carried_from IS NOT OLD.carried_from
      OR NEW.carried_by_mark IS NOT OLD.carried_by_mark
    BEGIN SELECT RAISE(ABORT, 'a signature can only be voided, once'); END;

    CREATE TABLE proof_rounds (
        id          INTEGER PRIMARY KEY,
        issue_id    INTEGER NOT NULL REFERENCES issues(id),
        round       INTEGER NOT NULL CHECK (round BETWEEN 1 AND 3),
        layout_hash TEXT NOT NULL,
        page_hashes TEXT NOT NULL,
        doc_json    TEXT NOT NULL,
        pdf         BLOB NOT NULL,
        pdf_sha256  TEXT NOT NULL,
        export_uid  TEXT NOT NULL,
        boxes_json  TEXT NOT NULL,
        chars       INTEGER NOT NULL,
        started_by  INTEGER NOT NULL REFERENCES users(id),
        started_at  INTEGER NOT NULL,
        closed_by   INTEGER REFERENCES users(id),
        closed_at   INTEGER,
        UNIQUE (issue_id, round)
    );
    CREATE TRIGGER proof_rounds_no_delete BEFORE DELETE ON proof_rounds
    BEGIN SELECT RAISE(ABORT, 'proof rounds are kept'); END;
    CREATE TRIGGER proof_rounds_close_only BEFORE UPDATE ON proof_rounds
    WHEN OLD.closed_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.issue_id IS NOT OLD.issue_id
      OR NEW.round IS NOT OLD.round OR NEW.layout_hash IS NOT OLD.layout_hash
      OR NEW.page_hashes IS NOT OLD.page_hashes OR NEW.doc_json IS NOT OLD.doc_json
      OR NEW.pdf IS NOT OLD.pdf OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256
      OR NEW.export_uid IS NOT OLD.export_uid OR NEW.boxes_json IS NOT OLD.boxes_json
      OR NEW.chars IS NOT OLD.chars OR NEW.started_by IS NOT OLD.started_by
      OR NEW.started_at IS NOT OLD.started_at
    BEGIN SELECT RAISE(ABORT, 'a proof round can only be closed, once'); END;

    CREATE TABLE proof_marks (
        id               INTEGER PRIMARY KEY,
        round_id         INTEGER NOT NULL REFERENCES proof_rounds(id),
        page             INTEGER NOT NULL,
        x_mm             REAL NOT NULL,
        y_mm             REAL NOT NULL,
        x2_mm            REAL NOT NULL,
        y2_mm            REAL NOT NULL,
        article_id       INTEGER REFERENCES articles(id),
        revision         INTEGER,
        start_char       INTEGER,
        end_char         INTEGER,
        quote            TEXT NOT NULL,
        kind             TEXT NOT NULL,
        replacement      TEXT NOT NULL DEFAULT '',
        note             TEXT NOT NULL DEFAULT '',
        author_id        INTEGER NOT NULL REFERENCES users(id),
        created_at       INTEGER NOT NULL,
        state            TEXT NOT NULL DEFAULT 'open'
                         CHECK (state IN ('open', 'applied', 'rejected')),
        resolved_by      INTEGER REFERENCES users(id),
        resolved_at      INTEGER,
        reason           TEXT NOT NULL DEFAULT '',
        applied_revision INTEGER
    );
    CREATE INDEX proof_marks_by_round ON proof_marks (round_id, id);
    CREATE INDEX proof_marks_by_article ON proof_marks (article_id, id);
    CREATE TRIGGER proof_marks_no_delete BEFORE DELETE ON proof_marks
    BEGIN SELECT RAISE(ABORT, 'proof marks are kept'); END;
    CREATE TRIGGER proof_marks_resolve_once BEFORE UPDATE ON proof_marks
    WHEN OLD.state <> 'open'
      OR NEW.id IS NOT OLD.id OR NEW.round_id IS NOT OLD.round_id
      OR NEW.page IS NOT OLD.page OR NEW.article_id IS NOT OLD.article_id
      OR NEW.revision IS NOT OLD.revision OR NEW.start_char IS NOT OLD.start_char
      OR NEW.end_char IS NOT OLD.end_char OR NEW.quote IS NOT OLD.quote
      OR NEW.kind IS NOT OLD.kind OR NEW.replacement IS NOT OLD.replacement
      OR NEW.note IS NOT OLD.note OR NEW.author_id IS NOT OLD.author_id
      OR NEW.created_at IS NOT OLD.created_at
    BEGIN SELECT RAISE(ABORT, 'a proof mark can only be resolved, once'); END;

    CREATE TABLE page_signoffs (
        id            INTEGER PRIMARY KEY,
        issue_id      INTEGER NOT NULL REFERENCES issues(id),
        page          INTEGER NOT NULL,
        page_hash     TEXT NOT NULL,
        signer_id     INTEGER NOT NULL REFERENCES users(id),
        signed_at     INTEGER NOT NULL,
        voided_at     INTEGER,
        voided_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX page_signoffs_by_issue ON page_signoffs (issue_id, page, id);
    CREATE TRIGGER page_signoffs_no_delete BEFORE DELETE ON page_signoffs
    BEGIN SELECT RAISE(ABORT, 'page sign-offs are permanent'); END;
    CREATE TRIGGER page_signoffs_void_only BEFORE UPDATE ON page_signoffs
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.issue_id IS NOT OLD.issue_id
      OR NEW.page IS NOT OLD.page OR NEW.page_hash IS NOT OLD.page_hash
      OR NEW.signer_id IS NOT OLD.signer_id OR NEW.signed_at IS NOT OLD.signed_at
    BEGIN SELECT RAISE(ABORT, 'a page sign-off can only be voided, once'); END;

    CREATE TABLE print_orders (
        id            INTEGER PRIMARY KEY,
        issue_id      INTEGER NOT NULL REFERENCES issues(id),
        layout_hash   TEXT NOT NULL,
        signoffs      TEXT NOT NULL,
        ordered_by    INTEGER NOT NULL REFERENCES users(id),
        ordered_at    INTEGER NOT NULL,
        voided_at     INTEGER,
        voided_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX print_orders_by_issue ON print_orders (issue_id, id);
    CREATE TRIGGER print_orders_no_delete BEFORE DELETE ON print_orders
    BEGIN SELECT RAISE(ABORT, 'print orders are permanent'); END;
    CREATE TRIGGER print_orders_void_only BEFORE UPDATE ON print_orders
    WHEN OLD.voided_at IS NOT NULL
      OR NEW.id IS NOT OLD.id OR NEW.issue_id IS NOT OLD.issue_id
      OR NEW.layout_hash IS NOT OLD.layout_hash OR NEW.signoffs IS NOT OLD.signoffs
      OR NEW.ordered_by IS NOT OLD.ordered_by OR NEW.ordered_at IS NOT OLD.ordered_at
    BEGIN SELECT RAISE(ABORT, 'a print order can only be voided, once'); END;
    "#,
    // 12 → 13: the press — the 出版形式 a publication prints (内部资料 or 公开出版,
    // CN number, 邮发代号, 编印单位, 发送对象, 印刷单位, 印数), each issue's
    // 印刷日期, and the print shops' CMYK output profiles imported into the
    // workspace (印刷设置 itself is a row of `settings`).
    r#"
    ALTER TABLE publication ADD COLUMN kind TEXT NOT NULL DEFAULT 'internal';
    ALTER TABLE publication ADD COLUMN cn_number TEXT NOT NULL DEFAULT '';
    ALTER TABLE publication ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
    ALTER TABLE publication ADD COLUMN editor_unit TEXT NOT NULL DEFAULT '';
    ALTER TABLE publication ADD COLUMN audience TEXT NOT NULL DEFAULT '';
    ALTER TABLE publication ADD COLUMN printer TEXT NOT NULL DEFAULT '';
    ALTER TABLE publication ADD COLUMN print_run INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE issues ADD COLUMN print_date TEXT;
    CREATE TABLE print_profiles (
        key         TEXT PRIMARY KEY,
        file_name   TEXT NOT NULL,
        description TEXT NOT NULL,
        icc         BLOB NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at INTEGER NOT NULL
    );
    "#,
    // 13 → 14: 选题 topics and 派稿 (an assignee and a deadline; the article
    // written for it), and each account's notifications. A reminder carries
    // a key made of the topic, the deadline and the kind, unique, so it is
    // made once whatever the restarts.
    r#"
    CREATE TABLE topics (
        id              INTEGER PRIMARY KEY,
        issue_id        INTEGER REFERENCES issues(id),
        title           TEXT NOT NULL,
        points          TEXT NOT NULL DEFAULT '',
        kind            TEXT NOT NULL DEFAULT '',
        expected_chars  INTEGER,
        expected_photos INTEGER,
        priority        TEXT NOT NULL DEFAULT 'normal',
        sources         TEXT NOT NULL DEFAULT '',
        state           TEXT NOT NULL,
        reason          TEXT NOT NULL DEFAULT '',
        page            INTEGER,
        proposed_by     INTEGER NOT NULL REFERENCES users(id),
        proposed_at     INTEGER NOT NULL,
        decided_by      INTEGER REFERENCES users(id),
        decided_at      INTEGER,
        assignee_id     INTEGER REFERENCES users(id),
        assigned_by     INTEGER REFERENCES users(id),
        assigned_at     INTEGER,
        due             TEXT,
        due_at          INTEGER,
        article_id      INTEGER REFERENCES articles(id),
        updated_at      INTEGER NOT NULL
    );
    CREATE INDEX topics_by_issue ON topics (issue_id, id);
    CREATE INDEX topics_by_assignee ON topics (assignee_id, id);
    CREATE INDEX topics_by_proposer ON topics (proposed_by, id);
    CREATE INDEX topics_by_due ON topics (due_at) WHERE due_at IS NOT NULL;
    CREATE UNIQUE INDEX topics_one_per_article ON topics (article_id)
        WHERE article_id IS NOT NULL;
    CREATE TABLE notifications (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(id),
        kind        TEXT NOT NULL,
        topic_id    INTEGER REFERENCES topics(id),
        article_id  INTEGER REFERENCES articles(id),
        title       TEXT NOT NULL,
        body        TEXT NOT NULL DEFAULT '',
        sender_id   INTEGER REFERENCES users(id),
        created_at  INTEGER NOT NULL,
        read_at     INTEGER,
        once_key    TEXT UNIQUE
    );
    CREATE INDEX notifications_by_user ON notifications (user_id, id);
    CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
    CREATE INDEX notifications_by_topic ON notifications (topic_id);
    "#,
    // 排序: the rank of an official in the roster (lower is higher; NULL
    // takes no part in the order rules).
    r#"
    ALTER TABLE roster ADD COLUMN rank INTEGER;
    "#,
    // 优先级 of an article (头条 / 重点 / 一般): layout, not content.
    r#"
    ALTER TABLE articles ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
    "#,
];

/// 10 → 11: the audit chain keyed with a key kept outside the database.
/// No table changes: `after_step` appends the re-keying entry (see
/// `crate::audit`), found by this text so the step can be renumbered.
const AUDIT_KEY: &str = "-- the audit chain is keyed (HMAC-SHA256) from here on\n";

/// 7 → 8: archive search 稿库检索 — what the filters read per article, the
/// units each article is cut into (a fingerprint of each, so a save rewrites
/// only what changed), a trigram index for terms of three characters or
/// more and an index of single letters and pairs for terms of one or two
/// (both contentless: the text stays in `articles`). Filled from the
/// articles by `after_step` (see `crate::search`).
const SEARCH_INDEX: &str = r#"
    CREATE TABLE search_docs (
        article_id  INTEGER PRIMARY KEY REFERENCES articles(id),
        sort_key    INTEGER NOT NULL UNIQUE,
        issue_id    INTEGER,
        author_id   INTEGER NOT NULL,
        status      TEXT NOT NULL,
        column_name TEXT NOT NULL,
        page        INTEGER
    );
    CREATE INDEX search_docs_by_issue ON search_docs (issue_id, sort_key);
    CREATE INDEX search_docs_by_author ON search_docs (author_id, sort_key);
    CREATE INDEX search_docs_by_status ON search_docs (status, sort_key);
    CREATE INDEX search_docs_by_column ON search_docs (column_name, sort_key);
    CREATE TABLE search_units (
        article_id INTEGER NOT NULL,
        unit       INTEGER NOT NULL,
        hash       INTEGER NOT NULL,
        PRIMARY KEY (article_id, unit)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE search_text USING fts5(
        text, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1
    );
    CREATE VIRTUAL TABLE search_short USING fts5(
        terms, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none
    );
    "#;

/// Set the pragmas every connection needs.
pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // FULL: a commit is on disk before the save is answered, so a save that
    // got a success answer survives a crash of the process or of the machine.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Bring the file to [`VERSION`], one step per transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: VERSION,
        });
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        apply(&tx, sql, step as u32 + 1)?;
        tx.commit()?;
        tracing::info!(version = step + 1, "database schema upgraded");
    }
    Ok(())
}

fn apply(tx: &Transaction, sql: &str, version: u32) -> Result<(), StoreError> {
    tx.execute_batch(sql)?;
    after_step(tx, version)?;
    tx.pragma_update(None, "user_version", version)?;
    Ok(())
}

/// Data moves that SQL alone cannot do, run in the step's transaction.
fn after_step(tx: &Transaction, version: u32) -> Result<(), StoreError> {
    if version == 6 {
        crate::audit::backfill(tx)?;
    }
    // found by its SQL, so the step can be renumbered when steps are merged
    if MIGRATIONS.get(version as usize - 1) == Some(&SEARCH_INDEX) {
        crate::search::index::rebuild(tx)?;
    }
    if MIGRATIONS.get(version as usize - 1) == Some(&AUDIT_KEY) {
        crate::audit::start_keyed_chain(tx)?;
    }
    Ok(())
}

/// The version from which the audit chain is keyed (the step that keys it).
/// For the migration tests.
#[doc(hidden)]
pub fn keyed_from() -> u32 {
    MIGRATIONS
        .iter()
        .position(|m| *m == AUDIT_KEY)
        .map_or(0, |i| i as u32 + 1)
}

/// Run only the first `steps` migrations: how an old database looked. For
/// the migration test.
#[doc(hidden)]
pub fn create_at_version(conn: &mut Connection, steps: u32) -> Result<(), StoreError> {
    for (step, sql) in MIGRATIONS.iter().enumerate().take(steps as usize) {
        let tx = conn.transaction()?;
        apply(&tx, sql, step as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
