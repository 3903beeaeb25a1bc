//! The keyed audit chain on real SQLite files: a workspace made before the
//! key migrates with its entries (and their hashes, which exports carry)
//! unchanged and a re-keying entry after them; a rewrite inside the
//! database with the hashes recomputed does not verify, before the
//! re-keying point or after it; the key file is private and a lost one is
//! told.

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use zonepress_store::Store;
use zonepress_store::audit::{Actor, GENESIS, KEYED, Record};

/// An entry's canonical content, as the chain covers it.
#[allow(clippy::too_many_arguments)]
fn canonical(
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor: &str,
    client: &str,
    via: &str,
    action: &str,
    target_kind: &str,
    target_id: Option<i64>,
    detail: &str,
) -> String {
    serde_json::json!([
        id,
        at,
        actor_id,
        actor,
        client,
        via,
        action,
        target_kind,
        target_id,
        detail
    ])
    .to_string()
}

/// The chain as versions before the key computed it: plain SHA-256.
fn plain(prev: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// Recompute every hash from entry `from` on with plain SHA-256, as someone
/// with the database file (and the old code) would after rewriting it.
fn recompute_plain(conn: &Connection, from: i64) {
    let rows: Vec<(i64, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT id, at, actor_id, actor, client, via, action, target_kind, target_id,
                        detail FROM audit_log WHERE id >= ?1 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([from], |r| {
            Ok((
                r.get(0)?,
                canonical(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                    &r.get::<_, String>(6)?,
                    &r.get::<_, String>(7)?,
                    r.get(8)?,
                    &r.get::<_, String>(9)?,
                ),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let mut prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE id = ?1",
            [from - 1],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| GENESIS.to_string());
    for (id, canon) in rows {
        let hash = plain(&prev, &canon);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            params![id, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_workspace_from_before_the_key_keeps_its_entries_and_is_keyed_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    // A workspace of the last version before the key, with three entries
    // chained the old way.
    let mut old_hashes = Vec::new();
    {
        let mut conn = Connection::open(&path).unwrap();
        zonepress_store::schema::create_at_version(
            &mut conn,
            zonepress_store::schema::keyed_from() - 1,
        )
        .unwrap();
        let mut prev = GENESIS.to_string();
        for id in 1..=3i64 {
            let detail = format!("{{\"n\":{id}}}");
            let canon = canonical(
                id,
                1_700_000_000_000 + id,
                Some(1),
                "林悦（editor）",
                "本机",
                "desktop",
                "article.save",
                "article",
                Some(7),
                &detail,
            );
            let hash = plain(&prev, &canon);
            conn.execute(
                "INSERT INTO audit_log (id, at, actor_id, actor, client, via, action, target_kind,
                     target_id, detail, prev_hash, hash)
                 VALUES (?1, ?2, 1, '林悦（editor）', '本机', 'desktop', 'article.save', 'article',
                     7, ?3, ?4, ?5)",
                params![id, 1_700_000_000_000 + id, detail, prev, hash],
            )
            .unwrap();
            old_hashes.push(hash.clone());
            prev = hash;
        }
    }
    assert!(!dir.path().join("audit.key").exists());
    let store = Store::open(&path).unwrap();
    // The key file is made, private; the old entries keep their hashes
    // (an export's audit_head still finds them) and the chain verifies.
    let key_file = dir.path().join("audit.key");
    assert!(key_file.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    for (i, h) in old_hashes.iter().enumerate() {
        assert_eq!(
            store.audit_hash(i as i64 + 1).unwrap().as_deref(),
            Some(h.as_str())
        );
    }
    let report = store.verify_audit().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.keyed_since, Some(4));
    let page = store
        .audit_entries(&zonepress_store::audit::AuditFilter {
            action: Some(KEYED.into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].detail["reason"], "upgrade");
    // New entries are keyed: not what plain SHA-256 gives.
    let id = store
        .audit(
            &Actor::system(),
            &Record::new("workspace.backup", "workspace", None, serde_json::json!({})),
        )
        .unwrap();
    let (prev, canon) = {
        let e = store
            .audit_entries(&zonepress_store::audit::AuditFilter {
                action: Some("workspace.backup".into()),
                ..Default::default()
            })
            .unwrap()
            .entries[0]
            .clone();
        (
            store.audit_hash(id - 1).unwrap().unwrap(),
            canonical(
                e.id,
                e.at.timestamp_millis(),
                e.actor_id,
                &e.actor,
                &e.client,
                &e.via,
                &e.action,
                &e.target_kind,
                e.target_id,
                &e.detail.to_string(),
            ),
        )
    };
    assert_ne!(store.audit_hash(id).unwrap().unwrap(), plain(&prev, &canon));
    assert!(store.verify_audit().unwrap().ok);
    drop(store);

    // Rewriting an old entry and recomputing the plain hashes up to the
    // re-keying entry breaks it: its keyed hash covers the one before it.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit_log SET actor = '某人' WHERE id = 2;",
        )
        .unwrap();
        recompute_plain(&conn, 2);
    }
    let store = Store::open(&path).unwrap();
    let report = store.verify_audit().unwrap();
    assert!(!report.ok);
    assert_eq!(report.first_broken, Some(4), "{report:?}");
}

#[test]
fn a_log_rewritten_whole_with_plain_hashes_or_without_its_key_does_not_verify() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let store = Store::open(&path).unwrap();
    for n in 0..5 {
        store
            .audit(
                &Actor::system(),
                &Record::new(
                    "workspace.backup",
                    "workspace",
                    None,
                    serde_json::json!({ "n": n }),
                ),
            )
            .unwrap();
    }
    assert_eq!(store.verify_audit().unwrap().keyed_since, Some(1));
    drop(store);
    // The whole log recomputed with plain SHA-256, the re-keying entry
    // renamed away: no key covers it.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit_log SET action = 'workspace.lock' WHERE action = 'audit.keyed';",
        )
        .unwrap();
        recompute_plain(&conn, 1);
    }
    let store = Store::open(&path).unwrap();
    let report = store.verify_audit().unwrap();
    assert!(!report.ok, "{report:?}");
    assert!(report.reason.unwrap().contains("没有启用密钥"));
    drop(store);

    // A lost key file: a new key, said in the log; the log no longer verifies.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    drop(Store::open(&path).unwrap());
    std::fs::remove_file(dir.path().join("audit.key")).unwrap();
    let store = Store::open(&path).unwrap();
    let report = store.verify_audit().unwrap();
    assert!(!report.ok);
    assert_eq!(report.first_broken, Some(1), "{report:?}");
    assert!(report.reason.unwrap().contains("丢失"));
}
