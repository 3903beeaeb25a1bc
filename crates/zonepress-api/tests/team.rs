//! Team mode in the api: change events only after commit and without
//! article text, presence, sessions that end when idle or signed out
//! everywhere, and sign-in throttling per client address.

use zonepress_testkit::api::Demo;

use serde_json::{Value, json};
use zonepress_api::events::EventKind;
use zonepress_api::{Caller, ErrorCode, Reply};

fn login_from(d: &Demo, ip: &str, user: &str, pw: &str) -> Result<Value, zonepress_api::ApiError> {
    let caller = Caller::http(ip.parse().unwrap());
    let body = json!({ "username": user, "password": pw }).to_string();
    match zonepress_api::call_from(&d.ctx, &caller, "login", None, body.as_bytes())? {
        Reply::Json(v) => Ok(v),
        Reply::Binary(_) => unreachable!(),
    }
}

#[test]
fn events_follow_commits_and_carry_ids_not_text() {
    let d = Demo::new();
    let editor = d.token("editor");
    let mut sub = d.ctx.events().subscribe(None);
    let created = match zonepress_api::call(
        &d.ctx,
        "create_article",
        Some(&editor),
        json!({ "issue_id": 1, "title": "园区消防演练顺利举行", "body": [{ "type": "paragraph", "text": "十一月二十日，园区组织消防演练。" }] })
            .to_string()
            .as_bytes(),
    )
    .unwrap()
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => unreachable!(),
    };
    let id = created["id"].as_i64().unwrap();
    let event = sub
        .receiver
        .try_recv()
        .expect("an event for the new article");
    assert_eq!(
        (event.kind, event.action.as_str(), event.id),
        (EventKind::Article, "create", id)
    );
    assert_eq!(event.issue_id, Some(1));
    assert_eq!(event.revision, Some(1));
    assert_eq!(event.by_name.as_deref(), Some("林悦"));
    // When the event is out, the change is readable by anyone.
    let seen = d.json("reviewer1", "get_article", json!({ "id": id }));
    assert_eq!(seen["revision"], 1);
    let wire = serde_json::to_string(&event).unwrap();
    assert!(
        !wire.contains("消防"),
        "events carry no article text: {wire}"
    );

    // A refused change publishes nothing.
    let stale = zonepress_api::call(
        &d.ctx,
        "save_article",
        Some(&editor),
        json!({ "id": id, "base_revision": 7, "title": "过时的修改" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(stale.unwrap_err().code, ErrorCode::Conflict);
    assert!(sub.receiver.try_recv().is_err());

    // A reconnecting client gets what it missed, in order.
    let last = d.ctx.events().wire_id(&event);
    d.json(
        "editor",
        "submit_article",
        json!({ "id": id, "revision": 1 }),
    );
    d.json(
        "reviewer1",
        "approve_article",
        json!({ "id": id, "revision": 1, "level": 1 }),
    );
    let again = d.ctx.events().subscribe(Some(&last));
    assert!(!again.resync);
    let kinds: Vec<(EventKind, &str)> = again
        .missed
        .iter()
        .map(|e| (e.kind, e.action.as_str()))
        .filter(|(k, _)| *k == EventKind::Review)
        .collect();
    assert_eq!(
        kinds,
        vec![
            (EventKind::Review, "submit"),
            (EventKind::Review, "approve")
        ]
    );
    let approved = again.missed.iter().find(|e| e.action == "approve").unwrap();
    assert_eq!(approved.review_level, Some(2));
}

#[test]
fn presence_shows_who_edits_and_expires_on_sign_out() {
    let d = Demo::new();
    let editor = d.token("editor");
    let reviewer = d.token("reviewer1");
    let open = |t: &str, mode: &str| match zonepress_api::call(
        &d.ctx,
        "open_article",
        Some(t),
        json!({ "id": 19, "mode": mode }).to_string().as_bytes(),
    )
    .unwrap()
    {
        Reply::Json(v) => v,
        Reply::Binary(_) => unreachable!(),
    };
    let first = open(&editor, "edit");
    assert_eq!(first["present"].as_array().unwrap().len(), 1);
    assert_eq!(first["present"][0]["you"], true);
    let second = open(&reviewer, "view");
    let people: Vec<(&str, &str)> = second["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["user"]["display_name"].as_str().unwrap(),
                p["mode"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, vec![("林悦", "edit"), ("郑雨桐", "view")]);
    let list = d.json("reviewer2", "list_articles", json!({ "issue_id": 1 }));
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == 19)
        .unwrap();
    assert_eq!(row["editing"][0]["display_name"], "林悦");
    // Signing out takes the session's presence with it.
    zonepress_api::call(&d.ctx, "logout", Some(&editor), b"{}").unwrap();
    let list = d.json("reviewer2", "list_articles", json!({ "issue_id": 1 }));
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == 19)
        .unwrap();
    assert_eq!(row["editing"].as_array().unwrap().len(), 0);
}

#[test]
fn wrong_passwords_from_one_machine_never_lock_out_another() {
    let d = Demo::new();
    for _ in 0..6 {
        let err = login_from(&d, "127.0.0.2", "reviewer1", "not-her-password").unwrap_err();
        assert!(matches!(
            err.code,
            ErrorCode::Unauthorized | ErrorCode::RateLimited
        ));
    }
    let err = login_from(&d, "127.0.0.2", "reviewer1", "zonepress").unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::RateLimited,
        "the guessing machine waits"
    );
    let ok = login_from(&d, "127.0.0.3", "reviewer1", "zonepress").unwrap();
    assert!(ok["token"].is_string(), "her own machine signs in");
    // An unknown account is answered like a wrong password.
    let a = login_from(&d, "127.0.0.4", "nobody-here", "whatever-pw").unwrap_err();
    let b = login_from(&d, "127.0.0.4", "editor", "whatever-pw").unwrap_err();
    assert_eq!((a.code, a.message.clone()), (b.code, b.message.clone()));
}

#[test]
fn sessions_end_when_idle_or_signed_out_everywhere() {
    let d = Demo::new();
    let t1 = d.token("editor");
    let t2 = d.token("editor");
    d.json("editor", "list_issues", json!({}));
    // Idle longer than the publication allows: the session is over.
    d.ctx
        .store_for_tests()
        .write(|tx| {
            tx.execute(
                "UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60 * 1000
                  WHERE token_hash = ?1",
                [zonepress_api::auth::hash_token(&t1)],
            )?;
            Ok(())
        })
        .unwrap();
    let err = zonepress_api::call(&d.ctx, "list_issues", Some(&t1), b"{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(
        err.message, "登录已失效，请重新登录",
        "idle: the plain answer"
    );
    assert!(zonepress_api::call(&d.ctx, "list_issues", Some(&t2), b"{}").is_ok());
    // An admin signs the editor out everywhere; clients hear of it.
    let editor_id = d.json("editor", "whoami", json!({}))["user"]["id"].clone();
    let mut sub = d.ctx.events().subscribe(None);
    let out = d.json("admin", "sign_out_user", json!({ "id": editor_id }));
    assert!(out["sessions"].as_u64().unwrap() >= 2);
    // The signed-out client is told why, whatever command it sends first.
    let err = zonepress_api::call(&d.ctx, "list_issues", Some(&t2), b"{}").unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(err.message, "您的账号已在所有设备上退出登录，请重新登录");
    let err = zonepress_api::call(&d.ctx, "whoami", Some("never-issued"), b"{}").unwrap_err();
    assert_eq!(err.message, "登录已失效，请重新登录");
    let mut got = false;
    while let Ok(e) = sub.receiver.try_recv() {
        got |= e.kind == EventKind::Session && Some(e.id) == editor_id.as_i64();
    }
    assert!(got, "a session event names the account");
    // The idle timeout is a publication setting within bounds.
    let mut p = d.json("admin", "get_publication", json!({}));
    p["session_idle_minutes"] = json!(2);
    assert_eq!(
        d.call("admin", "update_publication", p).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn the_network_check_names_demo_and_admin_set_passwords() {
    let d = Demo::new();
    let err = zonepress_api::auth::check_network_ready(&d.ctx).unwrap_err();
    assert!(
        err.message.contains("林悦（editor，演示密码）"),
        "{}",
        err.message
    );
    let info = d.json("admin", "server_info", json!({}));
    assert_eq!(info["demo"], true);
    assert_eq!(info["unsafe_accounts"].as_array().unwrap().len(), 7);
}

/// The session of `user` signed in with the demo password (or `password`).
fn session_of(d: &Demo, user: &str, password: &str) -> zonepress_api::Session {
    let out = login_from(d, "127.0.0.1", user, password).unwrap();
    let token = out["token"].as_str().unwrap().to_string();
    zonepress_api::authenticate(&d.ctx, &Caller::local(), Some(&token)).unwrap()
}

#[test]
fn the_typed_door_passes_the_same_gate_as_a_call_by_name() {
    use zonepress_api::{Empty, auth::CreateUserInput, auth::Role, cmd, invoke};
    let d = Demo::new();
    let admin = session_of(&d, "admin", zonepress_api::demo::DEMO_PASSWORD);
    let user = invoke::<cmd::create_user>(
        &d.ctx,
        &Caller::cli(),
        &admin,
        CreateUserInput {
            username: "zhouqing".into(),
            display_name: "周青".into(),
            password: "管理员设的初始密码2026".into(),
            roles: vec![Role::Editor],
            review_levels: None,
        },
    )
    .unwrap();
    assert_eq!(user.display_name, "周青");
    // A password an admin set: only change_password and logout, typed too.
    let fresh = session_of(&d, "zhouqing", "管理员设的初始密码2026");
    assert!(fresh.must_change_password);
    let err = invoke::<cmd::list_issues>(&d.ctx, &Caller::cli(), &fresh, Empty {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::PasswordChangeRequired);
    let by_name =
        zonepress_api::call_session(&d.ctx, &Caller::cli(), fresh.clone(), "list_issues", b"{}")
            .unwrap_err();
    assert_eq!(by_name.code, err.code);
    // The permission is the command's own, whichever door.
    let editor = session_of(&d, "editor", zonepress_api::demo::DEMO_PASSWORD);
    let refused =
        invoke::<cmd::list_audit>(&d.ctx, &Caller::cli(), &editor, Default::default()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    let issues = invoke::<cmd::list_issues>(&d.ctx, &Caller::cli(), &editor, Empty {}).unwrap();
    assert!(!issues.is_empty());
}

#[test]
fn sharing_has_its_own_permission_and_records_the_admin_as_the_actor() {
    use zonepress_api::admin::SharingChange;
    use zonepress_api::{Empty, cmd, invoke};
    let d = Demo::new();
    let editor = session_of(&d, "editor", zonepress_api::demo::DEMO_PASSWORD);
    let err =
        invoke::<cmd::check_sharing>(&d.ctx, &Caller::local(), &editor, Empty {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let err =
        invoke::<cmd::record_sharing>(&d.ctx, &Caller::local(), &editor, SharingChange::default())
            .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let admin = session_of(&d, "admin", zonepress_api::demo::DEMO_PASSWORD);
    invoke::<cmd::check_sharing>(&d.ctx, &Caller::local(), &admin, Empty {}).unwrap();
    let on = SharingChange {
        on: true,
        addresses: vec!["http://192.168.1.20:8470".into()],
        https: Some(false),
    };
    invoke::<cmd::record_sharing>(&d.ctx, &Caller::local(), &admin, on).unwrap();
    let audit = d.json(
        "admin",
        "list_audit",
        json!({ "action": "workspace.share_on" }),
    );
    let entry = &audit["entries"][0];
    assert_eq!(entry["actor_id"], json!(admin.user.id), "{entry}");
    assert_eq!(entry["detail"]["addresses"][0], "http://192.168.1.20:8470");
}

#[test]
fn an_exports_manifest_is_fetched_by_its_id_not_as_the_latest() {
    use zonepress_api::layout::{ExportIssueInput, ExportOptions, ManifestInput};
    use zonepress_api::{cmd, invoke};
    let d = Demo::new();
    let layout = session_of(&d, "layout", zonepress_api::demo::DEMO_PASSWORD);
    let proof = || {
        invoke::<cmd::export_issue>(
            &d.ctx,
            &Caller::cli(),
            &layout,
            ExportIssueInput {
                issue_id: 1,
                options: Some(ExportOptions {
                    proof_copy: Some(true),
                    ..Default::default()
                }),
            },
        )
        .unwrap()
    };
    let first = proof();
    let second = proof();
    let (a, b) = (first.record_id.unwrap(), second.record_id.unwrap());
    assert_ne!(a, b);
    let manifest = |uid: Option<String>| {
        invoke::<cmd::get_export_manifest>(
            &d.ctx,
            &Caller::cli(),
            &layout,
            ManifestInput {
                issue_id: 1,
                export_uid: uid,
            },
        )
        .unwrap()
        .export_uid
    };
    // The first export's own manifest although another came after it.
    assert_eq!(manifest(Some(a.clone())), a);
    assert_eq!(manifest(None), b);
    let other_issue = invoke::<cmd::get_export_manifest>(
        &d.ctx,
        &Caller::cli(),
        &layout,
        ManifestInput {
            issue_id: 99,
            export_uid: Some(a),
        },
    )
    .unwrap_err();
    assert_eq!(other_issue.code, ErrorCode::NotFound);
}
