//! Pages in the record: the proof marks of a 校样 round (GB/T 14706), who
//! signs pages (签版) and orders printing (付印), and the names of rounds.
//!
//! A proof round (一校 / 二校 / 三校) freezes the layout of an issue; proofreaders
//! place marks on its pages, each of a [`MarkKind`]; every mark ends
//! [`MarkState::Applied`] or [`MarkState::Rejected`]. Only pure rules live
//! here: the store keeps rounds, marks and sign-offs, the api places marks
//! on the page and applies them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::model::{Publication, Role, User};

/// Most proof rounds an issue goes through (三校).
pub const MAX_PROOF_ROUNDS: u8 = 3;

/// A proof mark, as GB/T 14706《校对符号及其用法》names them. The ids are
/// stable (stored and sent as they are); `name_zh` and `symbol` are what the
/// screens and the marked proof show.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// 改正: the marked characters are replaced by `replacement`.
    Correct,
    /// 删除: the marked characters go.
    Delete,
    /// 增补: `replacement` is added right after the marked characters (mark
    /// the character before the gap).
    Insert,
    /// 对调: the marked characters change places (two characters swap; a
    /// longer span needs the corrected text).
    Transpose,
    /// 另起段: a new paragraph begins at the first marked character.
    NewParagraph,
    /// 接排: the paragraphs joined (mark across the paragraph break).
    RunOn,
    /// 移位: move the marked element (layout).
    Move,
    /// 排齐: align (layout).
    Align,
    /// 加空: more space (layout).
    AddSpace,
    /// 减空: less space (layout).
    ReduceSpace,
    /// 保留: keep what an earlier mark struck (nothing changes).
    Keep,
    /// 其他: anything else, said in the mark's note (required).
    Other,
}

impl MarkKind {
    pub const ALL: [MarkKind; 12] = [
        MarkKind::Correct,
        MarkKind::Delete,
        MarkKind::Insert,
        MarkKind::Transpose,
        MarkKind::NewParagraph,
        MarkKind::RunOn,
        MarkKind::Move,
        MarkKind::Align,
        MarkKind::AddSpace,
        MarkKind::ReduceSpace,
        MarkKind::Keep,
        MarkKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::Correct => "correct",
            MarkKind::Delete => "delete",
            MarkKind::Insert => "insert",
            MarkKind::Transpose => "transpose",
            MarkKind::NewParagraph => "new_paragraph",
            MarkKind::RunOn => "run_on",
            MarkKind::Move => "move",
            MarkKind::Align => "align",
            MarkKind::AddSpace => "add_space",
            MarkKind::ReduceSpace => "reduce_space",
            MarkKind::Keep => "keep",
            MarkKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<MarkKind> {
        MarkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name GB/T 14706 gives it.
    pub fn name_zh(self) -> &'static str {
        match self {
            MarkKind::Correct => "改正",
            MarkKind::Delete => "删除",
            MarkKind::Insert => "增补",
            MarkKind::Transpose => "对调",
            MarkKind::NewParagraph => "另起段",
            MarkKind::RunOn => "接排",
            MarkKind::Move => "移位",
            MarkKind::Align => "排齐",
            MarkKind::AddSpace => "加空",
            MarkKind::ReduceSpace => "减空",
            MarkKind::Keep => "保留",
            MarkKind::Other => "其他",
        }
    }

    /// A character that stands for the hand-drawn mark in lists and the
    /// legend (the screens draw the mark itself).
    pub fn symbol(self) -> &'static str {
        match self {
            MarkKind::Correct => "○",
            MarkKind::Delete => "⊘",
            MarkKind::Insert => "⋎",
            MarkKind::Transpose => "∽",
            MarkKind::NewParagraph => "⌐",
            MarkKind::RunOn => "⌒",
            MarkKind::Move => "⊏",
            MarkKind::Align => "‖",
            MarkKind::AddSpace => "＞",
            MarkKind::ReduceSpace => "＜",
            MarkKind::Keep => "△",
            MarkKind::Other => "？",
        }
    }

    /// Changes the text (as opposed to the layout, or nothing).
    pub fn changes_text(self) -> bool {
        matches!(
            self,
            MarkKind::Correct
                | MarkKind::Delete
                | MarkKind::Insert
                | MarkKind::Transpose
                | MarkKind::NewParagraph
                | MarkKind::RunOn
                | MarkKind::Other
        )
    }

    /// Done by layout staff on the page, not in the text.
    pub fn is_layout(self) -> bool {
        matches!(
            self,
            MarkKind::Move | MarkKind::Align | MarkKind::AddSpace | MarkKind::ReduceSpace
        )
    }

    /// The server can make the change itself from the mark alone (一键校改).
    pub fn one_click(self) -> bool {
        matches!(
            self,
            MarkKind::Correct | MarkKind::Delete | MarkKind::Insert
        )
    }
}

/// Where a mark stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MarkState {
    /// Waiting for the article's editor (or layout staff).
    Open,
    /// Done: applied by the server (a 校改), by hand, or on the layout.
    Applied,
    /// Not done, with a reason.
    Rejected,
}

impl MarkState {
    pub fn as_str(self) -> &'static str {
        match self {
            MarkState::Open => "open",
            MarkState::Applied => "applied",
            MarkState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<MarkState> {
        [MarkState::Open, MarkState::Applied, MarkState::Rejected]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            MarkState::Open => "待处理",
            MarkState::Applied => "已改",
            MarkState::Rejected => "不改",
        }
    }
}

/// 一校 / 二校 / 三校.
pub fn round_name_zh(round: u8) -> &'static str {
    match round {
        1 => "一校",
        2 => "二校",
        3 => "三校",
        _ => "校样",
    }
}

/// The watermark of a round's proof: 一校样 / 二校样 / 三校样.
pub fn proof_copy_label(round: u8) -> String {
    match round {
        1..=3 => format!("{}样", round_name_zh(round)),
        _ => "校样".into(),
    }
}

/// The colour a round draws its marks in: 一校 red, 二校 blue, 三校 green
/// (its name and `#rrggbb`).
pub fn round_colour(round: u8) -> (&'static str, &'static str) {
    match round {
        1 => ("红色", "#d0021b"),
        2 => ("蓝色", "#1f5fd1"),
        _ => ("绿色", "#138a36"),
    }
}

/// May `user` sign pages (签版) and order printing (付印)? The publication
/// names its page signers; when it names none, the accounts that may sign
/// at its last review level do.
pub fn may_sign_pages(user: &User, publication: &Publication) -> bool {
    if user.disabled {
        return false;
    }
    if !publication.page_signers.is_empty() {
        return publication.page_signers.contains(&user.id);
    }
    user.has_role(Role::Reviewer) && user.may_sign_level(publication.review_levels)
}

/// Refuse unless `user` may sign pages.
pub fn authorize_page_signing(user: &User, publication: &Publication) -> Result<(), CoreError> {
    if may_sign_pages(user, publication) {
        Ok(())
    } else {
        Err(CoreError::NotPageSigner {
            named: !publication.page_signers.is_empty(),
            level: publication.review_levels,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, roles: &[Role], levels: &[u8]) -> User {
        User {
            id,
            username: format!("u{id}"),
            display_name: format!("U{id}"),
            roles: roles.to_vec(),
            review_levels: levels.to_vec(),
            disabled: false,
            must_change_password: false,
        }
    }

    #[test]
    fn kinds_have_stable_ids_names_and_symbols() {
        for k in MarkKind::ALL {
            assert_eq!(MarkKind::parse(k.as_str()), Some(k));
            assert!(!k.name_zh().is_empty() && !k.symbol().is_empty());
        }
        let names: Vec<&str> = MarkKind::ALL.iter().map(|k| k.name_zh()).collect();
        assert_eq!(
            names,
            [
                "改正",
                "删除",
                "增补",
                "对调",
                "另起段",
                "接排",
                "移位",
                "排齐",
                "加空",
                "减空",
                "保留",
                "其他"
            ]
        );
        assert_eq!(MarkKind::parse("nope"), None);
    }

    #[test]
    fn page_signers_default_to_the_last_review_level() {
        let p = Publication::default();
        assert!(may_sign_pages(&user(1, &[Role::Reviewer], &[3]), &p));
        assert!(may_sign_pages(&user(2, &[Role::Reviewer], &[]), &p));
        assert!(!may_sign_pages(&user(3, &[Role::Reviewer], &[1, 2]), &p));
        assert!(!may_sign_pages(
            &user(4, &[Role::Layout, Role::Admin], &[]),
            &p
        ));
        let two = Publication {
            review_levels: 2,
            ..Publication::default()
        };
        assert!(may_sign_pages(&user(3, &[Role::Reviewer], &[1, 2]), &two));
        let named = Publication {
            page_signers: vec![4],
            ..Publication::default()
        };
        assert!(may_sign_pages(&user(4, &[Role::Layout], &[]), &named));
        assert!(!may_sign_pages(&user(1, &[Role::Reviewer], &[3]), &named));
        let mut gone = user(4, &[Role::Layout], &[]);
        gone.disabled = true;
        assert!(!may_sign_pages(&gone, &named));
    }

    #[test]
    fn rounds_are_named_and_coloured() {
        assert_eq!(proof_copy_label(1), "一校样");
        assert_eq!(proof_copy_label(3), "三校样");
        assert_eq!(round_colour(1).0, "红色");
        assert_eq!(round_colour(2).0, "蓝色");
        assert_eq!(round_colour(3).0, "绿色");
    }
}
