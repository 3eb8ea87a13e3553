import mongoose from 'mongoose';
import { MediumTest, sharedInfra } from '@orbita/testing';
import { AppModule } from '../app.module';
import { tasksConfigShape } from '../config';
import { ReportLedger } from './report-ledger';
import { ReportRowRepository } from './report.repository';
import type { ReportFactDocument, ReportTarget } from './report.schema';

const COMPANY = '01JMED0000000000000000RG01';
const MONTH = '2027-03';

function target(dimension: ReportTarget['dimension'], key: string): ReportTarget {
  return {
    rowId: `${COMPANY}|${dimension}|${key}|${MONTH}`,
    orgId: COMPANY,
    dimension,
    key,
    month: MONTH,
    label: key,
  };
}

const template = target('template', 'new-service-point');
const manager = target('manager', 'ivan');

function fact(id: string, targets: ReportTarget[] = [template, manager]): ReportFactDocument {
  return {
    _id: id,
    orgId: COMPANY,
    instanceId: 'i1',
    kind: 'step',
    inc: { stepsFinished: 1, slaMet: 1, workingCompanyMs: 3_600_000 },
    targets,
    pending: targets.map((t) => t.rowId),
    detail: {},
    createdAt: new Date(),
  };
}

/**
 * The report ledger against the real FerretDB (ADR 023): a fact is counted once however often it
 * comes, and from whatever state a crash between two of its writes left.
 */
describe('ReportLedger (medium)', () => {
  let medium: MediumTest;
  let ledger: ReportLedger;
  let rows: ReportRowRepository;
  let db: mongoose.Connection;

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'tasks',
      configShape: tasksConfigShape,
      module: (config) => AppModule.register(config),
    });
    ledger = medium.get(ReportLedger);
    rows = medium.get(ReportRowRepository);
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
  });

  afterAll(async () => {
    await db.close();
    await medium.stop();
  });

  async function counts(): Promise<Record<string, number>> {
    const found = [
      ...(await rows.period(COMPANY, 'template', MONTH, MONTH)),
      ...(await rows.period(COMPANY, 'manager', MONTH, MONTH)),
    ];
    return Object.fromEntries(
      found.map((row) => [row.key, row.stepsFinished * 1000 + row.workingCompanyMs / 3_600_000]),
    );
  }

  async function leftovers(): Promise<{ pending: number; applying: number }> {
    const facts = await db.collection('report_facts').find({}).toArray();
    const stored = await db.collection('report_rows').find({}).toArray();
    return {
      pending: facts.reduce((n, f) => n + (f['pending'] as string[]).length, 0),
      applying: stored.reduce((n, r) => n + (r['applying'] as string[]).length, 0),
    };
  }

  it('counts a fact once when its event comes again', async () => {
    await ledger.record(fact('step:a'));
    await ledger.record(fact('step:a'));
    expect(await counts()).toEqual({ 'new-service-point': 1001, ivan: 1001 });
    expect(await leftovers()).toEqual({ pending: 0, applying: 0 });
  });

  it('finishes once from every state a crash between two writes leaves', async () => {
    // Crashed after storing the fact: nothing counted yet.
    await db.collection('report_facts').insertOne({ ...fact('step:b') } as never);
    await ledger.record(fact('step:b'));
    expect(await counts()).toEqual({ 'new-service-point': 2002, ivan: 2002 });

    // Crashed after adding to the template row, before the fact let go of it.
    await db.collection('report_facts').insertOne({ ...fact('step:c') } as never);
    await db.collection('report_rows').updateOne(
      { _id: template.rowId as never },
      {
        $inc: { stepsFinished: 1, slaMet: 1, workingCompanyMs: 3_600_000 },
        $push: { applying: 'step:c' as never },
      },
    );
    await ledger.record(fact('step:c'));
    expect(await counts()).toEqual({ 'new-service-point': 3003, ivan: 3003 });

    // Crashed after the fact let go of every row, before the rows dropped its mark.
    await db.collection('report_facts').insertOne({ ...fact('step:d'), pending: [] } as never);
    await db.collection('report_rows').updateOne(
      { _id: template.rowId as never },
      {
        $inc: { stepsFinished: 1, slaMet: 1, workingCompanyMs: 3_600_000 },
        $push: { applying: 'step:d' as never },
      },
    );
    await db.collection('report_rows').updateOne(
      { _id: manager.rowId as never },
      {
        $inc: { stepsFinished: 1, slaMet: 1, workingCompanyMs: 3_600_000 },
        $push: { applying: 'step:d' as never },
      },
    );
    expect(await leftovers()).toEqual({ pending: 0, applying: 2 });
    await ledger.record(fact('step:d'));
    expect(await counts()).toEqual({ 'new-service-point': 4004, ivan: 4004 });
    expect(await leftovers()).toEqual({ pending: 0, applying: 0 });
  });

  it('creates a row the first fact of a month names, with its label', async () => {
    const client = target('client', 'raduga');
    await ledger.record(fact('step:e', [client]));
    const [row] = await rows.period(COMPANY, 'client', MONTH, MONTH);
    expect(row).toMatchObject({
      key: 'raduga',
      label: 'raduga',
      stepsFinished: 1,
      slaMet: 1,
      requestsFinished: 0,
    });
    expect(await rows.period(COMPANY, 'client', '2027-04', '2027-12')).toEqual([]);
  });
});
