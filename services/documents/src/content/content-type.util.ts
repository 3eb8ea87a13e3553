/**
 * Detects a file's type from its first bytes; the name and the client's Content-Type are not
 * trusted (a file with a lying extension is stored as what it is).
 */
/** A legacy Office (OLE compound) file whose name says nothing more: Word, Excel, but also installers (.msi). */
export const OLE_CONTAINER = 'application/x-ole-storage';

const signatures: { mime: string; bytes: number[]; offset?: number }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { mime: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mime: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: OLE_CONTAINER, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { mime: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

/** How many leading bytes detection looks at. */
export const SNIFF_BYTES = 512;

/**
 * OOXML documents are zips whose parts (word/, xl/, ppt/) may come after the sniff window, so a zip
 * is refined to one by its name; the name never turns anything else into an Office type.
 */
const officeByExtension: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** Legacy Office files are OLE containers, as are installers: only these names make them documents. */
const oleByExtension: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** HEIF brands of the ftyp box (ISO 14496-12) that name HEIC/HEIF images. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

function extensionOf(fileName: string): string {
  return fileName.toLowerCase().split('.').pop() ?? '';
}

/**
 * What a zip holds, from its first entry: an ODF document stores "mimetype" first, uncompressed,
 * with its type as content (ODF 1.2 §3.3); a Java archive starts with META-INF/ (a program). An
 * OOXML document is told by its name; any other zip stays a zip.
 */
function refineZip(head: Buffer, fileName: string): string {
  if (head.length >= 30) {
    const nameLength = head.readUInt16LE(26);
    const extraLength = head.readUInt16LE(28);
    const name = head.subarray(30, 30 + nameLength).toString('latin1');
    if (name === 'mimetype' && head.readUInt16LE(8) === 0) {
      const start = 30 + nameLength + extraLength;
      const size = head.readUInt32LE(18);
      const odf = head.subarray(start, start + Math.min(size, 100)).toString('latin1');
      if (/^application\/vnd\.oasis\.opendocument\.[a-z.-]+$/.test(odf)) {
        return odf;
      }
    }
    if (name.startsWith('META-INF/')) {
      return 'application/java-archive';
    }
  }
  return officeByExtension[extensionOf(fileName)] ?? 'application/zip';
}

/**
 * A text that browsers would render as markup: HTML (scripts run), SVG (an image that runs scripts)
 * or other XML. Such files are stored as what they are and always served as attachments.
 */
function markupOf(head: Buffer): string | null {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (!text.startsWith('<')) {
    return null;
  }
  if (/<svg[\s>]/.test(text)) {
    return 'image/svg+xml';
  }
  if (/<!doctype html|<html|<head|<body|<script|<iframe|<meta|<a\s|<img|<div|<style|<title/.test(text)) {
    return 'text/html';
  }
  if (text.startsWith('<?xml')) {
    return 'application/xml';
  }
  return null;
}

/**
 * A DOS or Windows program: "MZ" (or the rare "ZM"). A Windows program has, at the offset stored at
 * 0x3C, the "PE\0\0" header; a DOS program has no PE header but binary header fields (page counts,
 * register values: zero bytes and small numbers). A text that merely starts with "MZ" (a CSV column,
 * initials) has letters there, an absurd PE offset and reads as text, so it is not taken for a
 * program; a plausible PE offset beyond what was sniffed is taken for one, to be safe.
 */
function isDosOrWindowsProgram(head: Buffer): boolean {
  const magic = head.subarray(0, 2).toString('latin1');
  if (magic !== 'MZ' && magic !== 'ZM') {
    return false;
  }
  if (head.length >= 0x40) {
    const offset = head.readUInt32LE(0x3c);
    if (offset + 4 <= head.length) {
      if (head.readUInt32BE(offset) === 0x50450000) {
        return true;
      }
    } else if (offset < 64 * 1024) {
      return true;
    }
  }
  return !looksLikeText(head);
}

/** Mach-O magics (32/64-bit, either byte order); universal ("fat") binaries are handled apart. */
const MACH_O_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe]);
const FAT_MAGICS = new Set([0xcafebabe, 0xcafebabf]);
/** Java class files start with CAFEBABE too, then a major version of at least 45 (JDK 1.0). */
const FIRST_JAVA_CLASS_VERSION = 45;

/**
 * A macOS program, or a Java class: a universal binary's CAFEBABE is followed by its number of
 * architectures (a handful), a class file's by its version (45 or more), which tells them apart
 * (as file(1) does). Both are programs and both are refused.
 */
function programOfMagic(head: Buffer): string | null {
  if (head.length < 8) {
    return null;
  }
  const magic = head.readUInt32BE(0);
  if (MACH_O_MAGICS.has(magic)) {
    return 'application/x-mach-binary';
  }
  if (FAT_MAGICS.has(magic)) {
    return head.readUInt32BE(4) < FIRST_JAVA_CLASS_VERSION
      ? 'application/x-mach-binary'
      : 'application/java-vm';
  }
  return null;
}

export function detectMimeType(head: Buffer, fileName: string): string {
  if (isDosOrWindowsProgram(head)) {
    return 'application/x-msdownload';
  }
  const program = programOfMagic(head);
  if (program) {
    return program;
  }
  for (const sig of signatures) {
    const offset = sig.offset ?? 0;
    if (head.length >= offset + sig.bytes.length && sig.bytes.every((b, i) => head[offset + i] === b)) {
      if (sig.mime === 'application/zip') {
        return refineZip(head, fileName);
      }
      if (sig.mime === OLE_CONTAINER) {
        return oleByExtension[extensionOf(fileName)] ?? OLE_CONTAINER;
      }
      return sig.mime;
    }
  }
  if (head.length >= 12 && head.subarray(4, 8).toString('latin1') === 'ftyp') {
    if (HEIC_BRANDS.has(head.subarray(8, 12).toString('latin1'))) {
      return 'image/heic';
    }
  }
  if (head.length === 0) {
    return 'application/octet-stream';
  }
  if (!looksLikeText(head)) {
    return 'application/octet-stream';
  }
  return markupOf(head) ?? 'text/plain';
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

const MAX_NAME_CHARS = 255;

/**
 * A file name as stored and shown: no path, no control characters, not only dots and spaces, at most
 * 255 characters cut at whole characters (never half an emoji), keeping the extension of a long name.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const chars = Array.from(base.replace(/[\u0000-\u001F\u007F]/g, '').trim());
  // "." and ".." name folders, not files, and a name of only dots and spaces shows as nothing.
  if (chars.every((c) => c === '.' || /\s/u.test(c))) {
    return 'file';
  }
  if (chars.length <= MAX_NAME_CHARS) {
    return chars.join('');
  }
  const dot = chars.lastIndexOf('.');
  const extension = dot > 0 && chars.length - dot <= 16 ? chars.slice(dot) : [];
  return [...chars.slice(0, MAX_NAME_CHARS - extension.length), ...extension].join('');
}
