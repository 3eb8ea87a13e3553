/** A parsed CSV: the header's field names and each data row's cells by field, with its line. */
export interface CsvTable {
  fields: string[];
  rows: { line: number; cells: Record<string, string> }[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly en: string,
    readonly ru: string,
  ) {
    super(`line ${line}: ${en}`);
  }
}

/** ";" when the header has more of them than "," outside quotes (what spreadsheets in Russia write). */
function separatorOf(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && (char === '\n' || char === '\r')) {
      break;
    } else if (!quoted && char === ';') {
      semicolons++;
    } else if (!quoted && char === ',') {
      commas++;
    }
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * RFC 4180 CSV with a header row: "," or ";" separators (found from the header), quoted cells with
 * "" for a quote and line breaks inside, CRLF or LF, a UTF-8 BOM ignored, blank lines skipped.
 */
export function parseCsv(input: string): CsvTable {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const separator = separatorOf(text);
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const endRecord = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') {
      records.push({ line: startLine, cells });
    }
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') {
          line++;
        }
        cell += char;
      }
      i++;
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      endRecord();
      if (char === '\r' && text[i + 1] === '\n') {
        i++;
      }
      line++;
      startLine = line;
    } else {
      cell += char;
    }
    i++;
  }
  if (quoted) {
    throw new CsvError(startLine, 'a quoted cell is not closed', 'не закрыта кавычка в ячейке');
  }
  endRecord();
  const [header, ...data] = records;
  if (!header) {
    throw new CsvError(1, 'the file has no header row', 'в файле нет строки заголовка');
  }
  const fields = header.cells.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of fields) {
    if (name === '') {
      throw new CsvError(1, 'a column of the header has no name', 'у столбца заголовка нет имени');
    }
    if (seen.has(name)) {
      throw new CsvError(1, `the column "${name}" appears twice`, `столбец «${name}» указан дважды`);
    }
    seen.add(name);
  }
  const rows = data.map((record) => {
    if (record.cells.length !== fields.length) {
      throw new CsvError(
        record.line,
        `${record.cells.length} cells where the header has ${fields.length}`,
        `ячеек ${record.cells.length}, а в заголовке столбцов ${fields.length}`,
      );
    }
    return {
      line: record.line,
      cells: Object.fromEntries(fields.map((name, n) => [name, record.cells[n] ?? ''])),
    };
  });
  return { fields, rows };
}

/**
 * A number as people write it in a spreadsheet: "1 234,56" (Russian: spaces, a decimal comma),
 * "1234.56", "-5"; null when it is not one.
 */
export function parseDecimal(text: string): number | null {
  const compact = text.replace(/[\s\u00A0\u202F]/g, '');
  const normal = /^-?\d+,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(normal)) {
    return null;
  }
  const value = Number(normal);
  return Number.isFinite(value) ? value : null;
}

/** A cell as RFC 4180 writes it: quoted when it holds the separator, a quote or a line break. */
function csvCell(value: string | number | null | undefined, separator: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would make a spreadsheet run the cell as a formula: a quote mark stops it.
  const safe = /^[=+\-@]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return safe.includes(separator) || /["\r\n]/.test(safe) || safe !== safe.trim()
    ? `"${safe.replace(/"/g, '""')}"`
    : safe;
}

/**
 * RFC 4180 CSV: a header row of `fields`, then one line per row (cells by field), CRLF line ends,
 * quoted cells where needed; what parseCsv reads back to the same cells.
 */
export function formatCsv(
  fields: readonly string[],
  rows: readonly Record<string, string | number | null | undefined>[],
  separator: ',' | ';' = ',',
): string {
  const lines = [fields.map((field) => csvCell(field, separator)).join(separator)];
  for (const row of rows) {
    lines.push(fields.map((field) => csvCell(row[field], separator)).join(separator));
  }
  return `${lines.join('\r\n')}\r\n`;
}
