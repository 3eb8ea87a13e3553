/**
 * A Content-Disposition header (RFC 6266) any browser reads right: `filename` carries an ASCII
 * stand-in for old clients, `filename*` the real name in UTF-8 (RFC 5987 / RFC 8187), so a
 * Cyrillic name arrives whole and nothing in the name can break out of the header.
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  // Quotes, backslashes and percent signs are replaced too: some clients decode %xx in `filename`.
  const ascii = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** Percent-encodes everything but RFC 5987's attr-char (encodeURIComponent leaves ' ( ) * too). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
