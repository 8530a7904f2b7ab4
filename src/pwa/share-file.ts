/**
 * Hands a finished file to the system share sheet (Web Share API level 2, `navigator.share({ files })`) —
 * on a phone the natural last step, to a video app or a chat. Where the browser cannot share files it is
 * downloaded instead. Resolves to what happened; a share the user dismissed counts as 'canceled'.
 */
export async function shareOrDownload(
  blob: Blob,
  name: string,
): Promise<'shared' | 'downloaded' | 'canceled'> {
  const file = new File([blob], name, { type: blob.type || 'video/mp4' });
  const data: ShareData = { files: [file], title: name };
  if (typeof navigator.share === 'function' && navigator.canShare?.(data)) {
    try {
      await navigator.share(data);
      return 'shared';
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'canceled';
      // NotAllowedError (no user activation left) and the like: fall back to the download.
    }
  }
  const url = URL.createObjectURL(file);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return 'downloaded';
}
