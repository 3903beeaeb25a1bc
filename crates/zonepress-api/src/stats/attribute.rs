//! Who is credited with what: a byline and photo credits resolved to
//! contributors (an editor's confirmation first, else by name), and the
//! shares of one article's text, characters and photos among them.

use std::collections::HashMap;

use zonepress_core::Id;
use zonepress_core::credits::{CreditName, allocate, split_byline, split_photo_credit};
use zonepress_store::contributors::{Contributor, CreditPart, CreditRow};

/// Who a credited person is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    Contributor(Id),
    /// Named, but no contributor has that name.
    Unknown(String),
    /// Named, and several contributors have that name: an editor must say which.
    Ambiguous(String),
    /// Nobody named (要闻快览, an uncredited photo without byline).
    Nobody,
}

impl Who {
    /// The key the UI and the detail command use.
    pub fn key(&self) -> String {
        match self {
            Who::Contributor(id) => format!("c:{id}"),
            Who::Unknown(n) => format!("n:{n}"),
            Who::Ambiguous(n) => format!("a:{n}"),
            Who::Nobody => "-".into(),
        }
    }
}

/// One person named, resolved.
#[derive(Debug, Clone)]
pub struct Person {
    pub who: Who,
    pub name: String,
    pub role: String,
    pub unit_hint: String,
    /// Contributors of that name (for an editor to choose from).
    pub candidates: Vec<Id>,
}

/// Who an article credits.
#[derive(Debug, Clone, Default)]
pub struct ArticleCredit {
    /// The byline's people who share the text, first-named first.
    pub text: Vec<Person>,
    /// Each photo's people (its credit, else the byline's photographers,
    /// else the text's people).
    pub photos: Vec<Vec<Person>>,
}

/// The byline and photo credits a confirmation belongs to.
pub fn credit_source(byline: &str, photo_credits: &[String]) -> String {
    let mut s = byline.trim().to_string();
    for c in photo_credits.iter().filter(|c| !c.trim().is_empty()) {
        s.push_str("\n图：");
        s.push_str(c.trim());
    }
    s
}

fn photo_role(role: &str) -> bool {
    matches!(role, "图" | "摄影" | "摄像")
}

/// Resolves names against the contributors and the confirmations.
pub struct Resolver<'a> {
    by_name: HashMap<&'a str, Vec<&'a Contributor>>,
    confirmed: &'a HashMap<(Id, String), Vec<CreditRow>>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        contributors: &'a [Contributor],
        confirmed: &'a HashMap<(Id, String), Vec<CreditRow>>,
    ) -> Resolver<'a> {
        let mut by_name: HashMap<&str, Vec<&Contributor>> = HashMap::new();
        for c in contributors {
            by_name.entry(c.name.as_str()).or_default().push(c);
        }
        Resolver { by_name, confirmed }
    }

    /// A name as the contributors know it: one contributor of that name (of
    /// the unit written beside it, or the one still active), or none, or
    /// several.
    pub fn person(&self, c: &CreditName) -> Person {
        let all: &[&Contributor] = self.by_name.get(c.name.as_str()).map_or(&[], Vec::as_slice);
        let mut fitting: Vec<&Contributor> = all.to_vec();
        if !c.unit_hint.is_empty() {
            let by_unit: Vec<&Contributor> = fitting
                .iter()
                .copied()
                .filter(|k| {
                    !k.unit.is_empty()
                        && (k.unit.contains(&c.unit_hint) || c.unit_hint.contains(&k.unit))
                })
                .collect();
            if !by_unit.is_empty() {
                fitting = by_unit;
            }
        }
        if fitting.len() > 1 {
            let active: Vec<&Contributor> = fitting.iter().copied().filter(|k| k.active).collect();
            if !active.is_empty() {
                fitting = active;
            }
        }
        let who = match fitting.as_slice() {
            [] => Who::Unknown(c.name.clone()),
            [one] => Who::Contributor(one.id),
            _ => Who::Ambiguous(c.name.clone()),
        };
        Person {
            who,
            name: c.name.clone(),
            role: c.role.clone(),
            unit_hint: c.unit_hint.clone(),
            candidates: all.iter().map(|k| k.id).collect(),
        }
    }

    fn confirmed_person(&self, row: &CreditRow) -> Option<Person> {
        let id = row.contributor_id?;
        Some(Person {
            who: Who::Contributor(id),
            name: row.name.clone(),
            role: row.role.clone(),
            unit_hint: String::new(),
            candidates: self
                .by_name
                .get(row.name.as_str())
                .map(|v| v.iter().map(|k| k.id).collect())
                .unwrap_or_default(),
        })
    }

    /// Who an article with this byline and these photo credits credits.
    pub fn credits(&self, article_id: Id, byline: &str, photo_credits: &[String]) -> ArticleCredit {
        let source = credit_source(byline, photo_credits);
        let confirmed = self.confirmed.get(&(article_id, source));
        let byline_people: Vec<Person> = match confirmed {
            Some(rows) => rows
                .iter()
                .filter(|r| r.part == CreditPart::Text)
                .filter_map(|r| self.confirmed_person(r))
                .collect(),
            None => split_byline(byline)
                .iter()
                .map(|c| self.person(c))
                .collect(),
        };
        let (shooters, writers): (Vec<Person>, Vec<Person>) = byline_people
            .iter()
            .cloned()
            .partition(|p| photo_role(&p.role));
        let mut text = if writers.is_empty() {
            shooters.clone()
        } else {
            writers
        };
        let photos: Vec<Vec<Person>> = photo_credits
            .iter()
            .map(|credit| {
                let named = split_photo_credit(credit);
                if named.is_empty() {
                    return if shooters.is_empty() {
                        text.clone()
                    } else {
                        shooters.clone()
                    };
                }
                named
                    .iter()
                    .filter_map(|c| {
                        match confirmed.and_then(|rows| {
                            rows.iter()
                                .find(|r| r.part == CreditPart::Photo && r.name == c.name)
                        }) {
                            Some(row) => self.confirmed_person(row),
                            None => Some(self.person(c)),
                        }
                    })
                    .collect()
            })
            .collect();
        // 图片新闻 without a byline: the photographers wrote the caption.
        if text.is_empty() {
            for p in photos.iter().flatten() {
                if !text.iter().any(|t| t.who == p.who) {
                    text.push(p.clone());
                }
            }
        }
        ArticleCredit { text, photos }
    }

    /// Every person an article names (text and photos), for an editor to
    /// confirm: the byline's first, then each photo credit's.
    pub fn named(
        &self,
        article_id: Id,
        byline: &str,
        photo_credits: &[String],
    ) -> Vec<(CreditPart, Person)> {
        let source = credit_source(byline, photo_credits);
        if let Some(rows) = self.confirmed.get(&(article_id, source)) {
            return rows
                .iter()
                .map(|r| {
                    let p = self.confirmed_person(r).unwrap_or_else(|| Person {
                        who: Who::Nobody,
                        name: r.name.clone(),
                        role: r.role.clone(),
                        unit_hint: String::new(),
                        candidates: self
                            .by_name
                            .get(r.name.as_str())
                            .map(|v| v.iter().map(|k| k.id).collect())
                            .unwrap_or_default(),
                    });
                    (r.part, p)
                })
                .collect();
        }
        let mut out: Vec<(CreditPart, Person)> = split_byline(byline)
            .iter()
            .map(|c| (CreditPart::Text, self.person(c)))
            .collect();
        for credit in photo_credits {
            for c in split_photo_credit(credit) {
                if !out
                    .iter()
                    .any(|(part, p)| *part == CreditPart::Photo && p.name == c.name)
                {
                    out.push((CreditPart::Photo, self.person(&c)));
                }
            }
        }
        out
    }
}

/// One person's part of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub who: Who,
    /// Of the text, out of 1,000.
    pub text_share: i64,
    /// Characters of the text that fall to them.
    pub chars: i64,
    /// Photos, in thousandths (a photo of two photographers is 500 each).
    pub photo_share: i64,
    /// Photos they are credited on.
    pub photos: u32,
    /// Named as a writer of the text.
    pub in_text: bool,
}

/// The parts of one article: every person's share of the text (by
/// `weights(n)`, out of 1,000) and of the photos. Parts always add up: the
/// text to 1,000 and `chars`, the photos to 1,000 each. What nobody is
/// credited with falls to [`Who::Nobody`].
pub fn parts(credit: &ArticleCredit, chars: u32, weights: impl Fn(usize) -> Vec<i64>) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    fn entry(out: &mut Vec<Part>, who: &Who) -> usize {
        match out.iter().position(|p| &p.who == who) {
            Some(i) => i,
            None => {
                out.push(Part {
                    who: who.clone(),
                    text_share: 0,
                    chars: 0,
                    photo_share: 0,
                    photos: 0,
                    in_text: false,
                });
                out.len() - 1
            }
        }
    }
    if credit.text.is_empty() {
        let i = entry(&mut out, &Who::Nobody);
        out[i].text_share = 1000;
        out[i].chars = i64::from(chars);
        out[i].in_text = true;
    } else {
        let w = weights(credit.text.len());
        let char_parts = allocate(i64::from(chars), &to_u64(&w));
        for ((p, share), c) in credit.text.iter().zip(&w).zip(char_parts) {
            let i = entry(&mut out, &p.who);
            out[i].text_share += share;
            out[i].chars += c;
            out[i].in_text = true;
        }
    }
    for people in &credit.photos {
        if people.is_empty() {
            let i = entry(&mut out, &Who::Nobody);
            out[i].photo_share += 1000;
            out[i].photos += 1;
            continue;
        }
        let split = allocate(1000, &vec![1; people.len()]);
        for (p, s) in people.iter().zip(split) {
            let i = entry(&mut out, &p.who);
            out[i].photo_share += s;
            out[i].photos += 1;
        }
    }
    out
}

pub fn to_u64(w: &[i64]) -> Vec<u64> {
    w.iter().map(|x| u64::try_from(*x).unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn contributor(id: Id, name: &str, unit: &str) -> Contributor {
        Contributor {
            id,
            name: name.into(),
            unit: unit.into(),
            phone: String::new(),
            user: None,
            paid: true,
            active: true,
            note: String::new(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn names_resolve_by_name_and_unit_and_namesakes_wait_for_an_editor() {
        let people = vec![
            contributor(1, "王晓静", "本报"),
            contributor(2, "张伟", "经发局"),
            contributor(3, "张伟", "招商局"),
        ];
        let confirmed = HashMap::new();
        let r = Resolver::new(&people, &confirmed);
        let c = r.credits(9, "记者 王晓静　通讯员 张伟、陈曦", &[]);
        let who: Vec<Who> = c.text.iter().map(|p| p.who.clone()).collect();
        assert_eq!(
            who,
            vec![
                Who::Contributor(1),
                Who::Ambiguous("张伟".into()),
                Who::Unknown("陈曦".into())
            ]
        );
        assert_eq!(c.text[1].candidates, vec![2, 3]);
        let c = r.credits(9, "（招商局 张伟）", &[]);
        assert_eq!(c.text[0].who, Who::Contributor(3));

        let mut confirmed = HashMap::new();
        let byline = "通讯员 张伟 陈曦";
        confirmed.insert(
            (9, credit_source(byline, &[])),
            vec![
                CreditRow {
                    part: CreditPart::Text,
                    name: "张伟".into(),
                    role: "通讯员".into(),
                    contributor_id: Some(2),
                },
                CreditRow {
                    part: CreditPart::Text,
                    name: "陈曦".into(),
                    role: "通讯员".into(),
                    contributor_id: None,
                },
            ],
        );
        let r = Resolver::new(&people, &confirmed);
        let c = r.credits(9, byline, &[]);
        assert_eq!(c.text.len(), 1);
        assert_eq!(c.text[0].who, Who::Contributor(2));
        // another article with the same byline is not confirmed
        assert_eq!(r.credits(10, byline, &[]).text.len(), 2);
    }

    #[test]
    fn parts_add_up() {
        let people = vec![contributor(1, "王晓静", "本报"), contributor(2, "刘畅", "")];
        let confirmed = HashMap::new();
        let r = Resolver::new(&people, &confirmed);
        let c = r.credits(
            1,
            "记者 王晓静 通讯员 陈曦 赵一",
            &["摄影 刘畅".into(), String::new(), "刘畅 王晓静 摄".into()],
        );
        let p = parts(&c, 1001, |n| zonepress_core::payment::shares(None, n));
        assert_eq!(p.iter().map(|x| x.text_share).sum::<i64>(), 1000);
        assert_eq!(p.iter().map(|x| x.chars).sum::<i64>(), 1001);
        assert_eq!(p.iter().map(|x| x.photo_share).sum::<i64>(), 3000);
        let liu = p.iter().find(|x| x.who == Who::Contributor(2)).unwrap();
        assert_eq!((liu.photo_share, liu.photos, liu.in_text), (1500, 2, false));
        // the uncredited photo goes to the writers
        let wang = p.iter().find(|x| x.who == Who::Contributor(1)).unwrap();
        assert_eq!(wang.photos, 2);

        let none = r.credits(2, "", &[String::new()]);
        let p = parts(&none, 300, |n| zonepress_core::payment::shares(None, n));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].who, Who::Nobody);
        assert_eq!((p[0].chars, p[0].photo_share), (300, 1000));
    }
}
