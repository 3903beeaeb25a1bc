// Generated from the Rust types by zonepress-desktop (src-tauri/src/types.rs). Do not edit.
// Regenerate: ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-desktop types

import type { ApiError } from './types.gen';

export type ModeName = "none" | "local" | "remote";

export type RecentServer = { 
/**
 * `http://192.168.1.20:8470` (as the client normalises it).
 */
address: string, 
/**
 * The publication it served last time (刊名).
 */
publication: string, 
/**
 * The certificate fingerprint the user confirmed (HTTPS only).
 */
fingerprint: string | null, last_used: string, };

export type DesktopStatus = { mode: ModeName, 
/**
 * The folder of the local workspace.
 */
workspace_dir: string, 
/**
 * A workspace database exists in that folder.
 */
workspace_exists: boolean, 
/**
 * The open local workspace holds the demo content (演示).
 */
demo: boolean, 
/**
 * Why the local workspace could not be opened (used by another
 * program, damaged).
 */
workspace_error: ApiError | null, 
/**
 * The office server, in connected mode.
 */
server: ServerSummary | null, 
/**
 * Servers used before, most recent first.
 */
recent_servers: Array<RecentServer>, 
/**
 * The window's title.
 */
title: string, };

export type ServerSummary = { address: string, publication: string, tls: boolean, 
/**
 * The pinned certificate fingerprint (HTTPS).
 */
fingerprint: string | null, };

export type Trust = "plain" | "new" | "trusted" | "changed";

export type ProbeResult = { 
/**
 * The address as it will be used (`http://192.168.1.20:8470`).
 */
address: string, 
/**
 * The publication it serves (刊名).
 */
publication: string, 
/**
 * The server program's version.
 */
version: string, api_version: number, 
/**
 * Speaks this app's command set.
 */
compatible: boolean, tls: boolean, 
/**
 * The fingerprint of the certificate it showed now (HTTPS).
 */
fingerprint: string | null, 
/**
 * The fingerprint confirmed for this address before.
 */
pinned: string | null, trust: Trust, };

export type CreateWorkspaceInput = { username: string, display_name: string, password: string, };

export type SharingStatus = { 
/**
 * Sharing can be set here (a local workspace is open).
 */
available: boolean, 
/**
 * Serving the LAN now.
 */
enabled: boolean, 
/**
 * The admin wants sharing on (it resumes at the next start).
 */
wanted: boolean, port: number, https: boolean, 
/**
 * The addresses colleagues use.
 */
addresses: Array<string>, 
/**
 * The certificate's fingerprint, when serving HTTPS.
 */
fingerprint: string | null, 
/**
 * Why sharing is off although wanted (refused at start).
 */
error: ApiError | null, };
