import { formatCsv, parseCsv } from './csv';

describe('CSV', () => {
  it('writes a header and quotes what needs it, and reads back to the same cells', () => {
    const rows = [
      { name: 'ООО «Радуга», ТРЦ', note: 'said "no"\nthen yes', count: 3 },
      { name: ' padded ', note: '=SUM(A1)', count: -2 },
      { name: '', note: null, count: 0 },
    ];
    const text = formatCsv(['name', 'note', 'count'], rows);
    expect(text.split('\r\n')[0]).toBe('name,note,count');
    expect(text).toContain('"ООО «Радуга», ТРЦ","said ""no""\nthen yes",3');
    expect(parseCsv(text)).toEqual({
      fields: ['name', 'note', 'count'],
      rows: [
        { line: 2, cells: { name: 'ООО «Радуга», ТРЦ', note: 'said "no"\nthen yes', count: '3' } },
        { line: 4, cells: { name: ' padded ', note: "'=SUM(A1)", count: '-2' } },
        { line: 5, cells: { name: '', note: '', count: '0' } },
      ],
    });
  });

  it('writes ";" separated files for spreadsheets that expect them', () => {
    const text = formatCsv(['a', 'b'], [{ a: '1;2', b: '3,5' }], ';');
    expect(text).toBe('a;b\r\n"1;2";3,5\r\n');
    expect(parseCsv(text).rows[0]?.cells).toEqual({ a: '1;2', b: '3,5' });
  });
});
