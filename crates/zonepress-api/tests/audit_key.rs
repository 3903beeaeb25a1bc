//! The audit chain's key (issue #25, finding 10) on the demo workspace:
//! who signed an approval, rewritten inside the database with every hash
//! after it recomputed, fails `verify_audit`; a backup carries the key and
//! a restore — onto another machine's folder too — keeps the chain
//! verifying; the files are private.

use zonepress_testkit::api::Demo;

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zonepress_api::{Context, Reply, Session};

fn canonical(r: &[Value]) -> String {
    // id, at, actor_id, actor, client, via, action, target_kind, target_id, detail
    Value::Array(r.to_vec()).to_string()
}

/// Put `actor` on entry `entry` and recompute every hash from it on with
/// plain SHA-256 — all that can be done with the database alone.
fn rewrite_signer(ctx: &Context, entry: i64, actor_id: i64, actor: &str) {
    ctx.store_for_tests()
        .write(|tx| {
            tx.execute_batch("DROP TRIGGER audit_no_update;")?;
            tx.execute(
                "UPDATE audit_log SET actor_id = ?2, actor = ?3 WHERE id = ?1",
                (entry, actor_id, actor),
            )?;
            let mut prev: String = tx.query_row(
                "SELECT hash FROM audit_log WHERE id = ?1",
                [entry - 1],
                |r| r.get(0),
            )?;
            let rows: Vec<(i64, Vec<Value>)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, at, actor_id, actor, client, via, action, target_kind,
                            target_id, detail FROM audit_log WHERE id >= ?1 ORDER BY id",
                )?;
                stmt.query_map([entry], |r| {
                    Ok((
                        r.get(0)?,
                        vec![
                            json!(r.get::<_, i64>(0)?),
                            json!(r.get::<_, i64>(1)?),
                            json!(r.get::<_, Option<i64>>(2)?),
                            json!(r.get::<_, String>(3)?),
                            json!(r.get::<_, String>(4)?),
                            json!(r.get::<_, String>(5)?),
                            json!(r.get::<_, String>(6)?),
                            json!(r.get::<_, String>(7)?),
                            json!(r.get::<_, Option<i64>>(8)?),
                            json!(r.get::<_, String>(9)?),
                        ],
                    ))
                })?
                .collect::<Result<_, _>>()?
            };
            for (id, row) in rows {
                let mut h = Sha256::new();
                h.update(prev.as_bytes());
                h.update(b"\n");
                h.update(canonical(&row).as_bytes());
                let hash = hex::encode(h.finalize());
                tx.execute(
                    "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
                    (id, prev.as_str(), hash.as_str()),
                )?;
                prev = hash;
            }
            Ok(())
        })
        .unwrap();
}

fn verify(ctx: &Context) -> Value {
    let login = json!({ "username": "admin", "password": zonepress_api::demo::DEMO_PASSWORD });
    let token = match zonepress_api::call(ctx, "login", None, login.to_string().as_bytes()).unwrap()
    {
        Reply::Json(v) => v["token"].as_str().unwrap().to_string(),
        Reply::Binary(_) => unreachable!(),
    };
    match zonepress_api::call(ctx, "verify_audit", Some(&token), b"{}").unwrap() {
        Reply::Json(v) => v,
        Reply::Binary(_) => unreachable!(),
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_signer_rewritten_inside_the_database_fails_verify_even_with_the_hashes_recomputed() {
    let d = Demo::new();
    let report = d.json("admin", "verify_audit", json!({}));
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(
        report["keyed_since"], 1,
        "a new workspace is keyed from its first entry"
    );
    let approvals = d.json(
        "admin",
        "list_audit",
        json!({ "action": "review.approve", "oldest_first": true }),
    );
    let first = &approvals["entries"][0];
    let entry = first["id"].as_i64().unwrap();
    assert!(first["actor"].as_str().unwrap().contains("reviewer1"));
    let reviewer2 = d
        .json("admin", "list_users", json!({}))
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "reviewer2")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    rewrite_signer(&d.ctx, entry, reviewer2, "何建华（reviewer2）");
    let report = d.json("admin", "verify_audit", json!({}));
    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["first_broken"], entry);
    assert_eq!(report["reason"], "记录的内容与它的哈希不符");
}

#[test]
fn a_backup_carries_the_key_and_a_restore_keeps_the_chain_verifying() {
    let d = Demo::new();
    let out = tempfile::tempdir().unwrap();
    let backup = out.path().join("备份.db");
    // As `zonepress backup` makes it: the command's bytes, written private.
    let copy = zonepress_api::invoke::<zonepress_api::cmd::backup_workspace>(
        &d.ctx,
        &zonepress_api::Caller::cli(),
        &Session::local_admin(),
        zonepress_api::Empty {},
    )
    .unwrap();
    zonepress_api::files::write_private(&backup, &copy.bytes, true).unwrap();
    #[cfg(unix)]
    assert_eq!(mode(&backup), 0o600, "a backup holds password hashes");
    let key = std::fs::read_to_string(d.ctx.dir().join("audit.key")).unwrap();

    // Onto another machine's empty folder …
    let elsewhere = tempfile::tempdir().unwrap();
    let ws = elsewhere.path().join("workspace");
    zonepress_api::admin::restore_workspace(&ws, &backup, &Session::local_admin()).unwrap();
    assert_eq!(std::fs::read_to_string(ws.join("audit.key")).unwrap(), key);
    #[cfg(unix)]
    {
        assert_eq!(mode(&ws), 0o700);
        assert_eq!(mode(&ws.join("workspace.db")), 0o600);
        assert_eq!(mode(&ws.join("audit.key")), 0o600);
    }
    let restored = Context::open(&ws).unwrap();
    let report = verify(&restored);
    assert_eq!(report["ok"], true, "{report}");
    // the live database keeps no copy of the key
    let tables: i64 = restored
        .store_for_tests()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'backup_audit_key'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(tables, 0);
    drop(restored);

    // … and over another workspace with its own key.
    let other = Demo::new();
    let other_dir = other.ctx.dir().to_path_buf();
    let other_key = std::fs::read_to_string(other_dir.join("audit.key")).unwrap();
    assert_ne!(other_key, key);
    let Demo { _dir, ctx } = other;
    drop(ctx);
    let done =
        zonepress_api::admin::restore_workspace(&other_dir, &backup, &Session::local_admin())
            .unwrap();
    let kept = done.kept.unwrap();
    #[cfg(unix)]
    assert_eq!(mode(Path::new(&kept)), 0o600);
    assert_eq!(
        std::fs::read_to_string(other_dir.join("audit.key")).unwrap(),
        key
    );
    let restored = Context::open(&other_dir).unwrap();
    assert_eq!(verify(&restored)["ok"], true);
    drop(restored);
    // The database kept aside is a backup too: restoring it brings back its key.
    zonepress_api::admin::restore_workspace(&other_dir, Path::new(&kept), &Session::local_admin())
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(other_dir.join("audit.key")).unwrap(),
        other_key
    );
    assert_eq!(verify(&Context::open(&other_dir).unwrap())["ok"], true);
    drop(_dir);

    // Without its key file the chain can no longer be verified, and says why.
    std::fs::remove_file(ws.join("audit.key")).unwrap();
    let report = verify(&Context::open(&ws).unwrap());
    assert_eq!(report["ok"], false);
    assert!(
        report["reason"].as_str().unwrap().contains("丢失"),
        "{report}"
    );
}
