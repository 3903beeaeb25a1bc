/**
 * Marks of the page's start-up, in ms since the page began to load: the
 * desktop shell logs them with its own start-up figure (`ui_ready`, read by
 * `src-tauri/benches/startup.py`).
 */
let scriptsLoaded: number | null = null;

/** Every script of the first screen is loaded and run (called by main.tsx). */
export function markScriptsLoaded() {
  scriptsLoaded ??= performance.now();
}

/** Now and when the scripts were loaded, since the page began to load. */
export function startupMarks() {
  return { pageMs: Math.round(performance.now()), scriptsMs: scriptsLoaded === null ? null : Math.round(scriptsLoaded) };
}
