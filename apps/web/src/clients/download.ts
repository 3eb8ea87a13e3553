import { api } from '../api/api-client';

/** The file name a Content-Disposition header gives (RFC 6266, the UTF-8 form first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) {
    return fallback;
  }
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return fallback;
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/**
 * Saves what an authenticated GET answers as a file (the bearer token cannot ride on a plain link),
 * under the name its Content-Disposition gives.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await api.send('GET', path, { headers });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL may go.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** Downloads a document version: the gateway records the counterparty's download as a receipt (S1.6). */
export function downloadVersion(documentId: string, version: number, fallbackName: string): Promise<void> {
  return downloadFile(
    `/api/documents/${encodeURIComponent(documentId)}/versions/${version}/content`,
    fallbackName,
  );
}
