/**
 * Handing a file made in the app to the user in a browser: a download
 * through a blob URL. The desktop app saves files with the native dialog
 * instead (state/backend.ts `saveExport`, `saveDownload`).
 */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started reading the blob by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function saveJson(value: unknown, fileName: string) {
  saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), fileName);
}

/** 1.2 MB, 830 KB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
