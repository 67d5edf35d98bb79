/** Saving something the page holds as a file the browser downloads (exports, pack downloads). */

/** How long the object URL of a saved file stays valid: the browser has started the download by then. */
const BLOB_URL_LIFETIME_MS = 10_000;

/** Offers `blob` as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
}
