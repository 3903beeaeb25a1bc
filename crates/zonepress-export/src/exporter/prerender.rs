//! Previews rendered ahead of the screen: right after a change the layout
//! screen asks for the pages it shows, and the one that changed is the
//! one that takes time to render. [`Exporter::prerender`] starts those
//! renders on a thread of their own as soon as the layout is known, while
//! the change's answer is still on its way; a preview asked for meanwhile
//! waits for the render in progress instead of starting a second one (see
//! [`Exporter::render_page`]).
//!
//! One thread at most per exporter, and only the newest layout is worked
//! on: a layout replaced before its turn is dropped, so quick successive
//! changes never queue up work nobody will look at.

use std::sync::{Arc, Mutex};

use super::{Exporter, LaidOutIssue, PngUse};

#[derive(Default)]
pub(super) struct Queue {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The newest layout not yet started, and the scale to render it at.
    next: Option<(LaidOutIssue, f32)>,
    /// Whether the rendering thread is running.
    running: bool,
}

impl Exporter {
    /// Render every page of `laid` at `pixels_per_pt` for the screen in the
    /// background (pages already rendered are found in the cache at once).
    /// Returns at once.
    pub fn prerender(self: &Arc<Self>, laid: LaidOutIssue, pixels_per_pt: f32) {
        let mut state = self.prerender.lock();
        state.next = Some((laid, pixels_per_pt));
        if state.running {
            return;
        }
        state.running = true;
        drop(state);
        let exporter = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("zonepress-prerender".into())
            .spawn(move || exporter.prerender_loop());
        if spawned.is_err() {
            // No thread to be had: the screen renders when it asks.
            let mut state = self.prerender.lock();
            state.running = false;
            state.next = None;
        }
    }

    fn prerender_loop(&self) {
        loop {
            let Some((laid, ppp)) = ({
                let mut state = self.prerender.lock();
                let next = state.next.take();
                if next.is_none() {
                    state.running = false;
                }
                next
            }) else {
                return;
            };
            for page in 1..=laid.page_count() {
                if self.prerender.has_next() {
                    break;
                }
                let Ok(page) = u8::try_from(page) else { break };
                // A failure is the screen's to see when it asks.
                let _ = self.render_page(&laid, page, ppp, PngUse::Screen);
            }
        }
    }
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn has_next(&self) -> bool {
        self.lock().next.is_some()
    }
}
