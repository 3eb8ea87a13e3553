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
 * Downloads a document version through the API (the bearer token cannot ride on a plain link):
 * the gateway records the counterparty's download as a receipt (S1.6).
 */
export async function downloadVersion(
  documentId: string,
  version: number,
  fallbackName: string,
): Promise<void> {
  const response = await api.send(
    'GET',
    `/api/documents/${encodeURIComponent(documentId)}/versions/${version}/content`,
  );
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
