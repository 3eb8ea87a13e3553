/**
 * Detects a file's type from its first bytes; the name and the client's Content-Type are not
 * trusted (a file with a lying extension is stored as what it is).
 */
const signatures: { mime: string; bytes: number[]; offset?: number }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/x-msdownload', bytes: [0x4d, 0x5a] },
  { mime: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

/** How many leading bytes detection looks at. */
export const SNIFF_BYTES = 512;

const officeByExtension: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

export function detectMimeType(head: Buffer, fileName: string): string {
  for (const sig of signatures) {
    const offset = sig.offset ?? 0;
    if (head.length >= offset + sig.bytes.length && sig.bytes.every((b, i) => head[offset + i] === b)) {
      if (sig.mime === 'application/zip') {
        // Office documents are zip containers; the extension only refines a zip, never overrides content.
        const ext = fileName.toLowerCase().split('.').pop() ?? '';
        return officeByExtension[ext] ?? sig.mime;
      }
      return sig.mime;
    }
  }
  if (head.length === 0) {
    return 'application/octet-stream';
  }
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  // Cut at the last complete UTF-8 sequence so a character split by the sniff window still counts as text.
  let end = head.length;
  for (let i = Math.max(0, head.length - 3); i < head.length; i++) {
    const byte = head[i] ?? 0;
    if (byte >= 0xc0) {
      end = i;
    }
  }
  const text = head.subarray(0, end).toString('utf8');
  if (text.includes('\uFFFD')) {
    return false;
  }
  return !/[\u0000-\u0008\u000E-\u001F]/.test(text);
}

/** A file name as stored and shown: no path, no control characters, bounded. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned.length > 0 ? cleaned : 'file';
}
