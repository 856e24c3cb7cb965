/**
 * Offers bytes as a file download: a Blob URL on a temporary `<a download>`, clicked, the URL revoked after. A click
 * on a download link is a navigation the Content-Security-Policy does not govern (no fetch, no frame), so the app's
 * policy needs no blob: source for it (tests/e2e/analyze-export checks it under the policy).
 * @example downloadBytes(report.bytes, '事件_2026-10.csv', 'text/csv;charset=utf-8')
 */
export function downloadBytes(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers start the download after the click returns: give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
