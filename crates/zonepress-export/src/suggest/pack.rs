//! How a page will fit, predicted from its articles' measures without
//! typesetting it: the template's packing (`render-page` in
//! `templates/bulletin.typ`) done again in Rust on the heights the template
//! measured. Every step mirrors a line there; when the two disagree the
//! typeset page wins (the search verifies every plan it returns).

use zonepress_core::Id;

/// One article as the template measured it at one setting (heights in pt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub article: Id,
    /// Head, media and body lines, on the grid.
    pub natural: f64,
    /// What its box holds above the body text (head and media; a briefs
    /// box's title bar and insets).
    pub fixed: f64,
    /// Head and media: less than that and two lines, and it is left out.
    pub least: f64,
    /// Body lines in one body column.
    pub lines: u32,
    /// Body columns.
    pub n: u32,
    /// Page columns it takes.
    pub w: u32,
    /// Its own line pitch (type scale).
    pub pitch: f64,
    /// Characters per body line.
    pub cpl: u32,
}

/// A page to pack onto.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    /// Height for articles (pt).
    pub avail: f64,
    /// The page's line pitch.
    pub pitch: f64,
    pub cols: u32,
    /// Characters per line of a page column (an empty column's measure).
    pub cpl: u32,
}

impl Room {
    /// Characters the page's article area holds at the normal size.
    pub fn capacity(&self) -> f64 {
        (self.avail / self.pitch).floor() * f64::from(self.cols) * f64::from(self.cpl)
    }
}

/// How a packed page fits, as preflight would count it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    pub overflow: u32,
    pub underfill: u32,
}

#[derive(Clone, Copy)]
struct Placed {
    x: usize,
    w: usize,
    y: f64,
    bottom: f64,
}

/// Pack `items` in order onto `room`, as the template does.
pub fn pack(room: &Room, items: &[&Measure]) -> Fit {
    let cols = room.cols.max(1) as usize;
    let mut sky = vec![0.0f64; cols];
    let mut owner: Vec<Option<usize>> = vec![None; cols];
    let mut boxes: Vec<Placed> = Vec::with_capacity(items.len());
    for it in items {
        let w = (it.w.max(1) as usize).min(cols);
        let mut best: Option<(usize, f64)> = None;
        for x in 0..=cols - w {
            let top = sky[x..x + w].iter().copied().fold(0.0, f64::max);
            if best.is_none_or(|(_, t)| top < t - 0.01) {
                best = Some((x, top));
            }
        }
        let (x, top) = best.unwrap_or((0, 0.0));
        // Stretch what sits above down to the new top, so no gap opens.
        for c in x..x + w {
            if let Some(o) = owner[c]
                && boxes[o].bottom < top
            {
                let b = boxes[o];
                if (b.x..b.x + b.w).all(|k| owner[k] == Some(o)) {
                    boxes[o].bottom = top;
                    for s in &mut sky[b.x..b.x + b.w] {
                        *s = top;
                    }
                }
            }
        }
        let y = if top > 0.0 { top + room.pitch } else { 0.0 };
        boxes.push(Placed {
            x,
            w,
            y,
            bottom: y + it.natural,
        });
        for c in x..x + w {
            sky[c] = y + it.natural;
            owner[c] = Some(boxes.len() - 1);
        }
    }
    // The last article of each column reaches down to the foot of the page.
    for (i, b) in boxes.iter_mut().enumerate() {
        if (b.x..b.x + b.w).all(|k| owner[k] == Some(i)) && b.bottom < room.avail {
            b.bottom = room.avail;
        }
    }
    let mut fit = Fit::default();
    let empty_lines = (room.avail / room.pitch).floor() as u32;
    for o in &owner {
        if o.is_none() {
            fit.underfill += empty_lines * room.cpl;
        }
    }
    for (b, it) in boxes.iter().zip(items) {
        let mut h = (b.bottom.min(room.avail) - b.y).max(0.0);
        let n = it.n.max(1);
        let least = it.least + f64::from(2.min(it.lines.div_ceil(n))) * it.pitch;
        if h + 0.5 < least {
            h = 0.0;
        }
        let cap = if h > 0.0 {
            let body = h - it.fixed;
            if body < 0.0 {
                0
            } else {
                ((body + 0.5) / it.pitch).floor().max(0.0) as u32 * n
            }
        } else {
            0
        };
        if it.lines > cap {
            fit.overflow += (it.lines - cap) * it.cpl;
        } else if cap - it.lines >= n {
            fit.underfill += (cap - it.lines) * it.cpl;
        }
    }
    fit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(w: u32, natural: f64, lines: u32) -> Measure {
        Measure {
            article: 1,
            natural,
            fixed: 40.0,
            least: 40.0,
            lines,
            n: w,
            w,
            pitch: 10.0,
            cpl: 10,
        }
    }

    const ROOM: Room = Room {
        avail: 400.0,
        pitch: 10.0,
        cols: 2,
        cpl: 10,
    };

    #[test]
    fn a_full_width_article_that_fits_exactly() {
        // 40 pt of head, 36 rows of 2 columns = 72 lines.
        let a = m(2, 400.0, 72);
        assert_eq!(pack(&ROOM, &[&a]), Fit::default());
    }

    #[test]
    fn too_long_overflows_and_too_short_leaves_room() {
        let long = m(2, 420.0, 76);
        assert_eq!(pack(&ROOM, &[&long]).overflow, 4 * 10);
        let short = m(2, 200.0, 32);
        let fit = pack(&ROOM, &[&short]);
        assert_eq!(
            fit,
            Fit {
                overflow: 0,
                underfill: 40 * 10
            }
        );
    }

    #[test]
    fn side_by_side_and_an_empty_column() {
        let left = m(1, 400.0, 36);
        assert_eq!(pack(&ROOM, &[&left]).underfill, 40 * 10);
        let right = m(1, 400.0, 36);
        assert_eq!(pack(&ROOM, &[&left, &right]), Fit::default());
    }

    #[test]
    fn the_article_above_stretches_down_to_the_next() {
        // A one-column article of 100 pt, then a full-width one: the first
        // stretches to the second's top (its column's 200 pt), so the
        // second starts one pitch lower at 210 and gets 190 pt.
        let a = m(1, 100.0, 6);
        let b = m(1, 200.0, 16);
        let c = m(2, 100.0, 12);
        let fit = pack(&ROOM, &[&a, &b, &c]);
        // a: 200 pt box, 16 rows, 6 used: 10 lines spare; c: 190 pt,
        // 15 rows x 2 = 30 lines, 12 used: 18 spare.
        assert_eq!(fit.underfill, (10 + 18) * 10);
        assert_eq!(fit.overflow, 0);
    }
}
