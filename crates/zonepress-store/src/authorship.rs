//! Who may not sign an article's current revision because they wrote part
//! of it: whoever saved or restored a revision in the current review round
//! ([`crate::review::round_writers`]), and everyone whose text is still in
//! the revision, whenever they wrote it — a restored revision's original
//! author included ([`zonepress_core::authorship`] says how that is
//! computed from the stored revisions).

use rusqlite::Connection;
use zonepress_core::authorship::{RevisionText, text_writers};
use zonepress_core::{Article, ArticleContent, Id};

use crate::Result;
use crate::review::round_writers;

/// Every account whose text is in the article's revisions up to `revision`.
fn text_writers_of(conn: &Connection, article_id: Id, revision: u32) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare_cached(
        "SELECT author_id, content_hash, content_json FROM revisions
          WHERE article_id = ?1 AND number <= ?2 ORDER BY number",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![article_id, revision], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut revisions: Vec<(Id, String, ArticleContent)> = Vec::with_capacity(rows.len());
    for (author, hash, json) in rows {
        revisions.push((author, hash, serde_json::from_str(&json)?));
    }
    let texts: Vec<RevisionText> = revisions
        .iter()
        .map(|(author, hash, content)| RevisionText {
            author: *author,
            content_hash: hash,
            content,
        })
        .collect();
    Ok(text_writers(&texts))
}

/// The accounts that may not sign `article` at its current revision.
pub(crate) fn signing_excluded(conn: &Connection, article: &Article) -> Result<Vec<Id>> {
    let mut ids = round_writers(conn, article)?;
    ids.extend(text_writers_of(conn, article.id, article.revision)?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
