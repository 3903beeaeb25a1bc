//! Caches that forget what was used longest ago: each value is kept with
//! the tick of its last use. The typeset pages, the rendered previews and
//! the converted photos are each one of these.

use std::collections::HashMap;
use std::hash::Hash;

pub(crate) struct Recent<K, V> {
    map: HashMap<K, (V, u64)>,
    tick: u64,
}

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Recent {
            map: HashMap::new(),
            tick: 0,
        }
    }
}

impl<K: Eq + Hash, V> Recent<K, V> {
    /// Start a new use: what is looked up or inserted until the next call
    /// counts as used at the same moment.
    pub(crate) fn next_use(&mut self) {
        self.tick += 1;
    }

    /// The value of `key`, marked as used now.
    pub(crate) fn get(&mut self, key: &K) -> Option<&V> {
        let tick = self.tick;
        self.map.get_mut(key).map(|(v, used)| {
            *used = tick;
            &*v
        })
    }

    /// The value of `key` without marking it used.
    pub(crate) fn peek(&self, key: &K) -> Option<&V> {
        self.map.get(key).map(|(v, _)| v)
    }

    /// Keep `value` as used now. When `limit` values are already kept, those
    /// used at or before the middle use go first (about half).
    pub(crate) fn insert(&mut self, key: K, value: V, limit: usize) {
        if self.map.len() >= limit && !self.map.contains_key(&key) {
            let mut ticks: Vec<u64> = self.map.values().map(|(_, t)| *t).collect();
            ticks.sort_unstable();
            let cut = ticks[ticks.len() / 2];
            self.map.retain(|_, (_, t)| *t > cut);
        }
        self.map.insert(key, (value, self.tick));
    }

    /// Keep only the `n` most recently used values (values used at the same
    /// moment as the `n`th stay too).
    pub(crate) fn keep_newest(&mut self, n: usize) {
        if n == 0 || self.map.len() <= n {
            return;
        }
        let mut ticks: Vec<u64> = self.map.values().map(|(_, t)| *t).collect();
        ticks.sort_unstable_by(|a, b| b.cmp(a));
        let keep_from = ticks[n - 1];
        self.map.retain(|_, (_, t)| *t >= keep_from);
    }

    pub(crate) fn remove(&mut self, key: &K) -> Option<V> {
        self.map.remove(key).map(|(v, _)| v)
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Recent;

    #[test]
    fn a_full_cache_forgets_the_half_used_longest_ago() {
        let mut r = Recent::default();
        for k in 0..8 {
            r.next_use();
            r.insert(k, k * 10, 8);
        }
        // 0 and 1 are used again, so they are now among the newest.
        r.next_use();
        assert_eq!(r.get(&0), Some(&0));
        assert_eq!(r.get(&1), Some(&10));
        r.next_use();
        r.insert(8, 80, 8);
        // What was used after the middle use stays: 7, and 0 and 1.
        assert_eq!(r.len(), 4, "five of eight went, one came");
        for gone in 2..7 {
            assert!(r.peek(&gone).is_none(), "{gone} was used longest ago");
        }
        for kept in [0, 1, 7, 8] {
            assert!(r.peek(&kept).is_some(), "{kept} was used lately");
        }
    }

    #[test]
    fn keep_newest_keeps_those_used_at_the_same_moment() {
        let mut r = Recent::default();
        r.next_use();
        r.insert("old", 1, 100);
        r.next_use();
        for k in ["a", "b", "c"] {
            r.insert(k, 2, 100);
        }
        r.keep_newest(2);
        assert_eq!(r.len(), 3, "a, b and c were used together");
        assert!(r.peek(&"old").is_none());
        // Replacing a kept value at the limit drops nothing.
        r.insert("a", 3, 3);
        assert_eq!(r.len(), 3);
    }
}
