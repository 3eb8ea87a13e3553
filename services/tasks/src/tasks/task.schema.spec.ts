import { NO_DUE } from './task.schema';

describe('NO_DUE, the due time of undated tasks', () => {
  it('keeps the inbox sort in SQL on FerretDB: a 13-digit millisecond time (ADR 010)', () => {
    // FerretDB's pushdown sorts by a date field only if every date stored there has 13 digits;
    // one undated task with a later sentinel (9999-12-31) made every inbox read sort in Go.
    expect(String(NO_DUE.getTime())).toMatch(/^\d{13}$/);
    expect(NO_DUE.getTime()).toBeGreaterThan(Date.parse('2200-01-01T00:00:00.000Z'));
  });
});
