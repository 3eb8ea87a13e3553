import { SNIFF_BYTES, cleanFileName, detectMimeType } from './content-type.util';

const bytes = (...values: number[]) => Buffer.from(values);
const withTail = (head: Buffer, size = 64) => Buffer.concat([head, Buffer.alloc(size, 0x00)]);
/** "MZ", e_lfanew at 0x3C pointing at a "PE\0\0" header, as a real Windows program has. */
function windowsProgram(): Buffer {
  const program = Buffer.alloc(256, 0x00);
  program.write('MZ', 0, 'latin1');
  program.writeUInt32LE(0x80, 0x3c);
  program.writeUInt32BE(0x50450000, 0x80);
  return program;
}

/** A real DOS .exe header (as MS-DOS linkers write it): binary fields, no PE header anywhere. */
function dosProgram(): Buffer {
  const program = Buffer.alloc(600, 0x00);
  program.write('MZ', 0, 'latin1');
  program.writeUInt16LE(0x0090, 0x02); // bytes on the last page
  program.writeUInt16LE(0x0003, 0x04); // pages
  program.writeUInt16LE(0x0000, 0x06); // relocations
  program.writeUInt16LE(0x0004, 0x08); // header size in paragraphs
  program.writeUInt16LE(0xffff, 0x0c); // max extra paragraphs
  program.writeUInt16LE(0x00b8, 0x10); // initial SP
  program.writeUInt16LE(0x0040, 0x18); // relocation table offset
  // e_lfanew points at zeros, not at "PE\0\0"; code follows the header.
  program.writeUInt32LE(0x80, 0x3c);
  Buffer.from([0xb4, 0x09, 0xba, 0x0e, 0x00, 0xcd, 0x21, 0xb8, 0x01, 0x4c, 0xcd, 0x21]).copy(program, 0x40);
  return program;
}

/** A Mach-O header: magic, CPU type and subtype, file type, load commands. */
function machO(magic: number[]): Buffer {
  return withTail(Buffer.from([...magic, 0x07, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00]), 200);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('detectMimeType', () => {
  it.each([
    ['application/pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')],
    ['image/png', withTail(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))],
    ['image/jpeg', withTail(bytes(0xff, 0xd8, 0xff, 0xe0))],
    ['image/gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['image/webp', Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WEBPVP8 ')])],
    ['application/x-msdownload', windowsProgram()],
    ['application/x-executable', withTail(bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01))],
  ])('detects %s from the content', (mime, head) => {
    expect(detectMimeType(head, 'upload.bin')).toBe(mime);
  });

  it.each([
    ['a DOS program', dosProgram()],
    ['a small DOS program shorter than its header', dosProgram().subarray(0, 0x30)],
    ['a DOS program with the old "ZM" magic', Buffer.concat([Buffer.from('ZM'), dosProgram().subarray(2)])],
  ])('detects %s as a program although it has no PE header', (_label, head) => {
    expect(detectMimeType(head, 'photo.jpg')).toBe('application/x-msdownload');
  });

  it.each([
    ['32-bit big-endian', [0xfe, 0xed, 0xfa, 0xce]],
    ['64-bit big-endian', [0xfe, 0xed, 0xfa, 0xcf]],
    ['32-bit little-endian', [0xce, 0xfa, 0xed, 0xfe]],
    ['64-bit little-endian', [0xcf, 0xfa, 0xed, 0xfe]],
  ])('detects a %s Mach-O program', (_label, magic) => {
    expect(detectMimeType(machO(magic), 'photo.jpg')).toBe('application/x-mach-binary');
  });

  it('tells a universal (fat) Mach-O binary from a Java class file, both starting CAFEBABE', () => {
    const fat = withTail(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x02]), 200);
    const fat64 = withTail(Buffer.from([0xca, 0xfe, 0xba, 0xbf, 0x00, 0x00, 0x00, 0x03]), 200);
    const javaClass = withTail(Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34]), 200); // Java 8
    expect(detectMimeType(fat, 'photo.jpg')).toBe('application/x-mach-binary');
    expect(detectMimeType(fat64, 'photo.jpg')).toBe('application/x-mach-binary');
    expect(detectMimeType(javaClass, 'Main.class')).toBe('application/java-vm');
  });

  it('does not take a short file that merely starts with a program magic for a program', () => {
    expect(detectMimeType(Buffer.from([0xfe, 0xed, 0xfa, 0xce]), 'a.bin')).toBe('application/octet-stream');
    expect(detectMimeType(Buffer.from('MZ'), 'initials.txt')).toBe('text/plain');
    expect(detectMimeType(Buffer.from('MZ: Maria Zaitseva\n'), 'initials.txt')).toBe('text/plain');
  });

  it('trusts the content over the name', () => {
    const png = withTail(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a));
    expect(detectMimeType(png, 'report.pdf')).toBe('image/png');
    expect(detectMimeType(windowsProgram(), 'invoice.pdf')).toBe('application/x-msdownload');
    expect(detectMimeType(withTail(bytes(0x7f, 0x45, 0x4c, 0x46)), 'notes.txt')).toBe(
      'application/x-executable',
    );
  });

  describe('zip containers', () => {
    const zip = withTail(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00));

    it('is a plain zip without an office extension', () => {
      expect(detectMimeType(zip, 'archive.zip')).toBe('application/zip');
      expect(detectMimeType(zip, 'no-extension')).toBe('application/zip');
    });

    it('refines a zip to an office type by the extension, in any case', () => {
      expect(detectMimeType(zip, 'Договор.docx')).toBe(DOCX);
      expect(detectMimeType(zip, 'REPORT.XLSX')).toBe(XLSX);
      expect(detectMimeType(zip, 'deck.v2.pptx')).toBe(
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      );
      expect(detectMimeType(zip, 'text.odt')).toBe('application/vnd.oasis.opendocument.text');
    });

    it('never makes an office type of something that is not a zip', () => {
      expect(detectMimeType(Buffer.from('just some words'), 'fake.docx')).toBe('text/plain');
      expect(detectMimeType(windowsProgram(), 'fake.docx')).toBe('application/x-msdownload');
    });
  });

  it('needs the whole signature', () => {
    expect(detectMimeType(bytes(0x89, 0x50, 0x4e), 'a.png')).not.toBe('image/png');
    expect(detectMimeType(Buffer.from('%PDF'), 'a.pdf')).toBe('text/plain');
  });

  describe('text', () => {
    it('detects ASCII text with newlines and tabs', () => {
      expect(detectMimeType(Buffer.from('name\tvalue\r\nfoo\t1\n'), 'data.csv')).toBe('text/plain');
    });

    it('detects UTF-8 Cyrillic text', () => {
      expect(detectMimeType(Buffer.from('Привет, мир! Это обычный текст.\n'), 'note.txt')).toBe('text/plain');
    });

    it('detects Cyrillic text cut in the middle of a character at the sniff boundary', () => {
      const text = Buffer.from('Ж'.repeat(SNIFF_BYTES)); // two bytes per character
      const head = text.subarray(0, SNIFF_BYTES - 1); // ends with the first byte of a character
      expect(head[head.length - 1]).toBe(0xd0);
      expect(detectMimeType(head, 'note.txt')).toBe('text/plain');
      expect(detectMimeType(text.subarray(0, SNIFF_BYTES), 'note.txt')).toBe('text/plain');
    });

    it('detects text cut inside a 3- and a 4-byte character', () => {
      const euro = Buffer.from('price: 5€'); // € is e2 82 ac
      expect(detectMimeType(euro.subarray(0, euro.length - 1), 'a.txt')).toBe('text/plain');
      expect(detectMimeType(euro.subarray(0, euro.length - 2), 'a.txt')).toBe('text/plain');
      const emoji = Buffer.from('ok 😀'); // f0 9f 98 80
      expect(detectMimeType(emoji.subarray(0, emoji.length - 1), 'a.txt')).toBe('text/plain');
      expect(detectMimeType(emoji.subarray(0, emoji.length - 3), 'a.txt')).toBe('text/plain');
    });

    it('does not take invalid UTF-8 in the middle for text', () => {
      const latin1 = Buffer.from('Gr\xfc\xdfe aus M\xfcnchen, sch\xf6ne Gr\xfc\xdfe', 'latin1');
      expect(detectMimeType(latin1, 'a.txt')).toBe('application/octet-stream');
    });

    it.each([
      ['NUL', 'abc\u0000def'],
      ['BEL', 'abc\u0007def'],
      ['ESC', 'abc\u001bdef'],
    ])('does not take content with %s for text', (_label, content) => {
      expect(detectMimeType(Buffer.from(content), 'a.txt')).toBe('application/octet-stream');
    });
  });

  it('detects arbitrary binary as octet-stream', () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) % 256));
    expect(detectMimeType(binary, 'blob.txt')).toBe('application/octet-stream');
  });

  it('detects an empty file as octet-stream', () => {
    expect(detectMimeType(Buffer.alloc(0), 'empty.txt')).toBe('application/octet-stream');
  });
});

describe('cleanFileName', () => {
  it('keeps an ordinary name', () => {
    expect(cleanFileName('Договор №5 (final).docx')).toBe('Договор №5 (final).docx');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['/abs/path/report.pdf', 'report.pdf'],
    ['C:\\Users\\anna\\Desktop\\invoice.pdf', 'invoice.pdf'],
    ['dir\\..\\mixed/slashes\\x.txt', 'x.txt'],
  ])('strips the path of %p', (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });

  it('removes control characters and surrounding spaces', () => {
    expect(cleanFileName('  re\u0000port\r\n\t.pdf\u007f  ')).toBe('report.pdf');
    expect(cleanFileName('evil\u001b[31m.txt')).toBe('evil[31m.txt');
  });

  it.each([
    ['no name', undefined],
    ['an empty name', ''],
    ['only spaces', '   '],
    ['a bare slash', '/'],
    ['a folder path', 'folder/'],
    ['a Windows drive', 'C:\\'],
    ['only control characters', '\u0000\u0001'],
    ['"."', '.'],
    ['".."', '..'],
    ['"..."', '...'],
    ['" . "', ' . '],
    ['dots and spaces', '. . .'],
    ['".." at the end of a path', 'uploads/..'],
    ['dots behind control characters', '\u0000..\u0007'],
  ])('names %s "file"', (_label, raw) => {
    expect(cleanFileName(raw)).toBe('file');
  });

  it('keeps names that only start or end with dots', () => {
    expect(cleanFileName('.env')).toBe('.env');
    expect(cleanFileName('..hidden')).toBe('..hidden');
    expect(cleanFileName('report..pdf')).toBe('report..pdf');
    expect(cleanFileName('notes.')).toBe('notes.');
  });

  it('caps the length at 255 characters, keeping the extension', () => {
    const cleaned = cleanFileName(`${'a'.repeat(300)}.pdf`);
    expect(cleaned).toHaveLength(255);
    expect(cleaned).toBe(`${'a'.repeat(251)}.pdf`);
    expect(cleanFileName('b'.repeat(255))).toBe('b'.repeat(255));
  });

  it('cuts at whole characters, never half an emoji', () => {
    const cleaned = cleanFileName('😀'.repeat(300));
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(Buffer.from(cleaned, 'utf8').toString('utf8')).toBe(cleaned);
    expect(cleaned).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('does not take a text that starts with "MZ" for a program', () => {
    expect(detectMimeType(Buffer.from('MZ ID;Name;Amount\n1;Raduga;100\n'.repeat(10)), 'export.csv')).toBe(
      'text/plain',
    );
  });

  /** A zip's first local file header holding one stored entry. */
  function zipWithFirstEntry(name: string, content: string): Buffer {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(0, 8);
    header.writeUInt32LE(content.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')]);
  }

  it.each([
    [
      'an ODF text by its mimetype entry, whatever the name',
      zipWithFirstEntry('mimetype', 'application/vnd.oasis.opendocument.text'),
      'x.zip',
      'application/vnd.oasis.opendocument.text',
    ],
    [
      'an ODF spreadsheet',
      zipWithFirstEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
      'x',
      'application/vnd.oasis.opendocument.spreadsheet',
    ],
    [
      'a Java archive named .zip (a program)',
      zipWithFirstEntry('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0'),
      'tools.zip',
      'application/java-archive',
    ],
    ['a plain zip', zipWithFirstEntry('readme.txt', 'hello'), 'archive.zip', 'application/zip'],
    [
      'an xlsx by its name',
      zipWithFirstEntry('[Content_Types].xml', '<?xml'),
      'Отчёт.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'a legacy Word file',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'Акт.doc',
      'application/msword',
    ],
    [
      'an OLE container named .msi (an installer)',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'setup.msi',
      'application/x-ole-storage',
    ],
    ['a TIFF (Intel)', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'scan', 'image/tiff'],
    ['a TIFF (Motorola)', Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'scan', 'image/tiff'],
    [
      'a HEIC photo',
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic')]),
      'IMG_1.HEIC',
      'image/heic',
    ],
    [
      'an HTML page named .txt',
      Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>'),
      'notes.txt',
      'text/html',
    ],
    ['an HTML fragment', Buffer.from('  <div onclick="x()">hi</div>'), 'a.txt', 'text/html'],
    [
      'an SVG image',
      Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
      'logo.png',
      'image/svg+xml',
    ],
    [
      'an XML document',
      Buffer.from('\uFEFF<?xml version="1.0"?><invoice/>'),
      'invoice.xml',
      'application/xml',
    ],
    ['a text that mentions a tag', Buffer.from('Note: use <html> tags'), 'a.txt', 'text/plain'],
  ])('detects %s', (_label, head, name, mime) => {
    expect(detectMimeType(head, name)).toBe(mime);
  });
});
