/** Getting text out of the page: a download (Blob + a[download]) and the clipboard. */

/** Saves `text` as a file called `name` (the browser's download). */
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; free it after the click's task.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Copies `text`; false when the browser refused (no clipboard API, no permission, an insecure
 * page). The caller then shows the text selected in a field so the user can copy it.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads a file the user picked as text, refusing what is too large to be a lab. */
export async function readTextFile(file: File, maxBytes: number): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (file.size > maxBytes) return { ok: false, error: `${file.name} is ${Math.round(file.size / 1e6)} MB; a lab file is far smaller.` };
  try {
    return { ok: true, text: await file.text() };
  } catch {
    return { ok: false, error: `${file.name} could not be read.` };
  }
}
