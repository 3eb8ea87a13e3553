/**
 * Which detected types are stored and how each is served (docs/adr/014). Types are always the ones
 * detected from the content (content-type.util.ts), never the client's name or Content-Type.
 */

/** Types never stored, whatever the file is called and whatever the allow-list says: programs. */
export const PROGRAM_TYPES: ReadonlySet<string> = new Set([
  'application/x-msdownload',
  'application/x-executable',
  'application/x-mach-binary',
  'application/java-vm',
  'application/java-archive',
]);

/**
 * The default of ALLOWED_CONTENT_TYPES: office documents, images, PDF, text and archives. Not in it:
 * unrecognised binaries (application/octet-stream) and OLE containers whose name is not .doc, .xls
 * or .ppt (application/x-ole-storage: installers are OLE containers too). CSV is text and is
 * detected as text/plain, which content cannot tell apart.
 */
export const DEFAULT_ALLOWED_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'text/plain',
  'application/zip',
  'application/xml',
  'text/html',
  'image/svg+xml',
].join(',');

/** Types a browser shows in place without running anything: they may be served inline. */
const INLINE_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

/** Markup and scripts: a browser rendering them runs their scripts in our origin. Always attachments. */
export const RISKY_TYPES: ReadonlySet<string> = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'application/xml',
  'text/xml',
  'text/javascript',
  'application/javascript',
]);

/** The allow-list of a config value: comma-separated types; programs can never be allowed. */
export function parseAllowedTypes(value: string): ReadonlySet<string> {
  return new Set(
    value
      .split(',')
      .map((type) => type.trim().toLowerCase())
      .filter((type) => type.length > 0 && !PROGRAM_TYPES.has(type)),
  );
}

/** How a stored type is served: shown in place (inline) or saved (attachment). */
export function dispositionOf(mimeType: string): 'inline' | 'attachment' {
  return INLINE_TYPES.has(mimeType) && !RISKY_TYPES.has(mimeType) ? 'inline' : 'attachment';
}
