//! 稿酬: the publication's payment rules and what one printed article earns
//! under them. Money is integer 分 (fen) throughout; amounts are shown as 元
//! with two decimals.
//!
//! Rounding, in one place: an article's 文字稿酬 is `字数 × 千字标准 / 1000`
//! rounded half up to the fen, plus the front-page supplement, then held
//! within the minimum and maximum per article; photos are paid per photo.
//! A fee shared by several people is split by [`crate::credits::allocate`],
//! so the parts add up to the fee to the fen (the odd fen to the first named).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::credits::allocate;
use crate::error::CoreError;
use crate::model::{ArticleKind, Id};

/// A rate for one 栏目.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct ColumnRate {
    /// The 栏目 as written on the article (e.g. 工作动态).
    pub column: String,
    /// 分 per thousand characters.
    pub per_thousand: i64,
}

/// A rate for one kind of article (新闻, 要闻快览, 图片新闻).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct KindRate {
    pub kind: ArticleKind,
    /// 分 per thousand characters.
    pub per_thousand: i64,
}

/// The payment rules in force from one date on (until the next rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
pub struct PaymentRules {
    /// 0 for rules not yet stored.
    #[serde(default)]
    pub id: Id,
    /// Issues dated on or after this day are paid by these rules.
    pub valid_from: NaiveDate,
    /// 分 per thousand characters when no 栏目 or kind rate applies.
    pub per_thousand: i64,
    /// Rates by 栏目; they come before the kind rates.
    #[serde(default)]
    pub column_rates: Vec<ColumnRate>,
    #[serde(default)]
    pub kind_rates: Vec<KindRate>,
    /// 分 per printed photo.
    #[serde(default)]
    pub per_photo: i64,
    /// 分 added to the 文字稿酬 of an article printed on page 1.
    #[serde(default)]
    pub front_page_bonus: i64,
    /// 分: the least 文字稿酬 of an article (0: none).
    #[serde(default)]
    pub min_per_article: i64,
    /// 分: the most 文字稿酬 of an article (0: no limit).
    #[serde(default)]
    pub max_per_article: i64,
    /// Co-authors: the first-named author's percentage (the others share the
    /// rest equally); `None` shares equally.
    #[serde(default)]
    pub first_author_percent: Option<u8>,
    #[serde(default)]
    pub note: String,
}

/// 10,000 元 per thousand characters or per photo: above that a rate is a typo.
pub const MAX_RATE_FEN: i64 = 1_000_000;
/// 100,000 元 for one article: the same.
pub const MAX_ARTICLE_FEN: i64 = 10_000_000;

/// `12345` → `123.45`
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

/// The amount in 大写 as finance forms write it: `123456` →
/// `壹仟贰佰叁拾肆元伍角陆分`, `100000` → `壹仟元整`.
pub fn capital_yuan(fen: i64) -> String {
    const D: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    fn group(g: u64, s: &mut String) {
        let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        let units = ["仟", "佰", "拾", ""];
        let (mut zero, mut started) = (false, false);
        for (d, u) in digits.into_iter().zip(units) {
            if d == 0 {
                zero |= started;
            } else {
                if zero {
                    s.push('零');
                    zero = false;
                }
                s.push(D[d as usize]);
                s.push_str(u);
                started = true;
            }
        }
    }
    if fen == 0 {
        return "零元整".into();
    }
    let mut s = String::new();
    if fen < 0 {
        s.push('负');
    }
    let f = fen.unsigned_abs();
    let (whole, jiao, cents) = (f / 100, f / 10 % 10, f % 10);
    if whole > 0 {
        let groups = [
            (whole / 100_000_000, "亿"),
            (whole / 10_000 % 10_000, "万"),
            (whole % 10_000, ""),
        ];
        let (mut started, mut gap) = (false, false);
        for (g, unit) in groups {
            if g == 0 {
                gap |= started;
                continue;
            }
            if started && (gap || g < 1000) {
                s.push('零');
            }
            gap = false;
            group(g, &mut s);
            s.push_str(unit);
            started = true;
        }
        s.push('元');
    }
    match (jiao, cents) {
        (0, 0) => s.push('整'),
        (j, c) => {
            if j > 0 {
                s.push(D[j as usize]);
                s.push('角');
            } else if whole > 0 {
                s.push('零');
            }
            if c > 0 {
                s.push(D[c as usize]);
                s.push('分');
            }
        }
    }
    s
}

impl PaymentRules {
    /// Refuse negative or absurd rates, in Chinese.
    pub fn validate(&self) -> Result<(), CoreError> {
        let rate = |what: &str, v: i64, max: i64| -> Result<(), CoreError> {
            if v < 0 {
                return Err(CoreError::invalid(
                    format!("{what} is negative"),
                    format!("{what}不能为负数"),
                ));
            }
            if v > max {
                return Err(CoreError::invalid(
                    format!("{what} {v} is absurd"),
                    format!(
                        "{what}{}元过高，请检查是否多输了位数（上限{}元）",
                        yuan(v),
                        yuan(max)
                    ),
                ));
            }
            Ok(())
        };
        rate("千字标准", self.per_thousand, MAX_RATE_FEN)?;
        for c in &self.column_rates {
            if c.column.trim().is_empty() {
                return Err(CoreError::invalid("empty column", "栏目标准须写明栏目名称"));
            }
            rate(
                &format!("栏目“{}”的千字标准", c.column),
                c.per_thousand,
                MAX_RATE_FEN,
            )?;
        }
        for (i, c) in self.column_rates.iter().enumerate() {
            if self.column_rates[..i]
                .iter()
                .any(|o| o.column.trim() == c.column.trim())
            {
                return Err(CoreError::invalid(
                    "duplicate column",
                    format!("栏目“{}”的标准重复", c.column.trim()),
                ));
            }
        }
        for (i, k) in self.kind_rates.iter().enumerate() {
            rate("稿件类型的千字标准", k.per_thousand, MAX_RATE_FEN)?;
            if self.kind_rates[..i].iter().any(|o| o.kind == k.kind) {
                return Err(CoreError::invalid(
                    "duplicate kind",
                    "同一稿件类型的标准重复",
                ));
            }
        }
        rate("每幅图片的稿酬", self.per_photo, MAX_RATE_FEN)?;
        rate("头版加发", self.front_page_bonus, MAX_ARTICLE_FEN)?;
        rate("每篇最低", self.min_per_article, MAX_ARTICLE_FEN)?;
        rate("每篇最高", self.max_per_article, MAX_ARTICLE_FEN)?;
        if self.max_per_article > 0 && self.min_per_article > self.max_per_article {
            return Err(CoreError::invalid(
                "min above max",
                format!(
                    "每篇最低{}元高于每篇最高{}元",
                    yuan(self.min_per_article),
                    yuan(self.max_per_article)
                ),
            ));
        }
        if let Some(p) = self.first_author_percent
            && !(1..=100).contains(&p)
        {
            return Err(CoreError::invalid(
                "first author percent out of range",
                "第一作者所占比例须在1%到100%之间",
            ));
        }
        Ok(())
    }

    /// 分 per thousand characters for an article of this 栏目 and kind.
    pub fn rate_for(&self, column: &str, kind: ArticleKind) -> i64 {
        let column = column.trim();
        if !column.is_empty()
            && let Some(c) = self.column_rates.iter().find(|c| c.column.trim() == column)
        {
            return c.per_thousand;
        }
        self.kind_rates
            .iter()
            .find(|k| k.kind == kind)
            .map_or(self.per_thousand, |k| k.per_thousand)
    }

    /// The 文字稿酬 of a printed article (before it is shared).
    pub fn text_fee(&self, chars: u32, column: &str, kind: ArticleKind, front_page: bool) -> i64 {
        let raw = (i64::from(chars) * self.rate_for(column, kind) + 500) / 1000;
        let mut fee = raw + if front_page { self.front_page_bonus } else { 0 };
        if self.min_per_article > 0 {
            fee = fee.max(self.min_per_article);
        }
        if self.max_per_article > 0 {
            fee = fee.min(self.max_per_article);
        }
        fee
    }

    /// The weights (out of 1,000) of `n` co-authors, first-named first.
    pub fn shares(&self, n: usize) -> Vec<i64> {
        shares(self.first_author_percent, n)
    }
}

/// The weights (out of 1,000) of `n` co-authors: equal, or the first-named
/// author `first_percent` and the others the rest equally.
pub fn shares(first_percent: Option<u8>, n: usize) -> Vec<i64> {
    match (n, first_percent) {
        (0, _) => vec![],
        (1, _) => vec![1000],
        (_, Some(p)) => {
            let first = i64::from(p.min(100)) * 10;
            let mut v = vec![first];
            v.extend(allocate(1000 - first, &vec![1; n - 1]));
            v
        }
        (_, None) => allocate(1000, &vec![1; n]),
    }
}

/// The rules in force for an issue dated `date`: the latest dated on or before it.
pub fn rules_for(rules: &[PaymentRules], date: NaiveDate) -> Option<&PaymentRules> {
    rules
        .iter()
        .filter(|r| r.valid_from <= date)
        .max_by_key(|r| (r.valid_from, r.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PaymentRules {
        PaymentRules {
            id: 1,
            valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            per_thousand: 8000,
            column_rates: vec![ColumnRate {
                column: "专题报道".into(),
                per_thousand: 12000,
            }],
            kind_rates: vec![KindRate {
                kind: ArticleKind::Briefs,
                per_thousand: 5000,
            }],
            per_photo: 5000,
            front_page_bonus: 3000,
            min_per_article: 5000,
            max_per_article: 30000,
            first_author_percent: None,
            note: String::new(),
        }
    }

    #[test]
    fn fees_round_half_up_and_stay_within_limits() {
        let r = rules();
        // 1,234 characters at 80 元 per thousand = 98.72 元
        assert_eq!(r.text_fee(1234, "", ArticleKind::News, false), 9872);
        // half a fen rounds up: 1,001 characters at 85 元 = 85.085 元 → 85.09 元
        let mut r85 = rules();
        r85.per_thousand = 8500;
        assert_eq!(r85.text_fee(1001, "", ArticleKind::News, false), 8509);
        assert_eq!(r85.text_fee(1003, "", ArticleKind::News, false), 8526);
        assert_eq!(r.text_fee(1234, "", ArticleKind::News, true), 12872);
        // short: the minimum
        assert_eq!(r.text_fee(200, "", ArticleKind::News, false), 5000);
        // long: the maximum
        assert_eq!(
            r.text_fee(9000, "专题报道", ArticleKind::News, false),
            30000
        );
        assert_eq!(r.rate_for("专题报道", ArticleKind::News), 12000);
        assert_eq!(r.rate_for(" 专题报道 ", ArticleKind::Briefs), 12000);
        assert_eq!(r.rate_for("", ArticleKind::Briefs), 5000);
        assert_eq!(r.rate_for("工作动态", ArticleKind::News), 8000);
        assert_eq!(yuan(12345), "123.45");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-250), "-2.50");
    }

    #[test]
    fn amounts_in_capitals() {
        for (fen, want) in [
            (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
            (100_000, "壹仟元整"),
            (100_500, "壹仟零伍元整"),
            (1_000_100, "壹万零壹元整"),
            (100_000_000, "壹佰万元整"),
            (1_000_050_000, "壹仟万零伍佰元整"),
            (10, "壹角"),
            (5, "伍分"),
            (105, "壹元零伍分"),
            (0, "零元整"),
            (200_000_000_000, "贰拾亿元整"),
        ] {
            assert_eq!(capital_yuan(fen), want, "{fen}");
        }
    }

    #[test]
    fn co_author_shares() {
        assert_eq!(shares(None, 1), vec![1000]);
        assert_eq!(shares(None, 3), vec![334, 333, 333]);
        assert_eq!(shares(Some(60), 2), vec![600, 400]);
        assert_eq!(shares(Some(60), 3), vec![600, 200, 200]);
        assert_eq!(shares(Some(50), 4).iter().sum::<i64>(), 1000);
        assert!(shares(None, 0).is_empty());
    }

    #[test]
    fn bad_rules_are_refused_in_chinese() {
        let bad = |f: fn(&mut PaymentRules)| {
            let mut r = rules();
            f(&mut r);
            match r.validate() {
                Err(CoreError::Invalid { zh, .. }) => zh,
                other => panic!("{other:?}"),
            }
        };
        assert!(bad(|r| r.per_thousand = -1).contains("不能为负数"));
        assert!(bad(|r| r.per_photo = 100_000_000).contains("过高"));
        assert!(bad(|r| r.min_per_article = 40000).contains("高于"));
        assert!(bad(|r| r.first_author_percent = Some(0)).contains("比例"));
        assert!(bad(|r| r.column_rates[0].column = " ".into()).contains("栏目"));
        assert!(rules().validate().is_ok());
    }

    #[test]
    fn the_rules_of_an_issue_are_the_latest_before_it() {
        let mut later = rules();
        later.id = 2;
        later.valid_from = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let all = vec![rules(), later];
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(rules_for(&all, d(11, 30)).unwrap().id, 1);
        assert_eq!(rules_for(&all, d(12, 1)).unwrap().id, 2);
        assert!(rules_for(&all, NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()).is_none());
    }
}
