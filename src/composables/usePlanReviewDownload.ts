/**
 * Offers bytes as a file download (an object URL on a temporary link): the approved dataset, a rejected proposal.
 * @example downloadZip(outcome.zip, outcome.fileName)
 */
export function downloadZip(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers start the download after the click returns: give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
