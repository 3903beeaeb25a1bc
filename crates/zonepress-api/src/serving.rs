//! Serving a workspace, outside any session: whether it may be served
//! beyond this machine, and the audit entries of what the program does on
//! its own (the server started or stopped, 局域网共享 resumed at start or
//! not), with the actor `system`. What an admin does — turning 局域网共享 on
//! or off — goes through the commands `check_sharing` and `record_sharing`.

use crate::Context;
pub use crate::auth::check_network_ready;

/// What the program records on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServingEvent {
    /// The server began serving (`server.start`).
    Started,
    /// The server stopped (`server.stop`).
    Stopped,
    /// 局域网共享 was on and started again with the app (`workspace.share_resumed`).
    SharingResumed,
    /// 局域网共享 was on but could not start again (`workspace.share_not_resumed`).
    SharingNotResumed,
}

impl ServingEvent {
    fn action(self) -> &'static str {
        match self {
            ServingEvent::Started => "server.start",
            ServingEvent::Stopped => "server.stop",
            ServingEvent::SharingResumed => "workspace.share_resumed",
            ServingEvent::SharingNotResumed => "workspace.share_not_resumed",
        }
    }
}

/// Write `event` with `detail` to the workspace's audit log (a failure is
/// logged, never fatal: serving goes on).
pub fn record(ctx: &Context, event: ServingEvent, detail: serde_json::Value) {
    crate::admin::record_system(ctx, event.action(), detail)
}
