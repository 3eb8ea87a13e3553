import type { Subscription } from 'nats';
import { JSONCodec } from 'nats';
import mongoose from 'mongoose';
import { stringify } from 'yaml';
import type { DirectoryOrg, Principal, ProcessDefinitionInput } from '@orbita/contracts';
import {
  IdentityRequests,
  MEMBER_PERMISSIONS,
  Permission,
  TemplatesEvents,
  allPermissions,
} from '@orbita/contracts';
import { MediumTest, eventually, sharedInfra, streamEvents } from '@orbita/testing';
import { AppModule } from '../app.module';
import { tasksConfigShape } from '../config';
import { TemplateCatalogue } from './template-catalogue';
import { TemplatesService } from './templates.service';

const codec = JSONCodec();
const COMPANY = '01JTPL0000000000000000RG01';
const BRANCH = '01JTPL0000000000000000RG02';
const CLIENT = '01JTPL0000000000000000RG03';

const admin: Principal = {
  userId: '01JTPL000000000000000USR01',
  orgId: COMPANY,
  orgPath: [COMPANY],
  roles: ['admin'],
  grants: [{ orgId: COMPANY, permissions: [...allPermissions] }],
  seat: 'full',
  external: false,
};
const dispatcher: Principal = {
  ...admin,
  userId: '01JTPL000000000000000USR02',
  orgId: BRANCH,
  orgPath: [COMPANY, BRANCH],
  roles: ['dispatcher'],
  grants: [{ orgId: BRANCH, permissions: [...MEMBER_PERMISSIONS, Permission.TaskManage] }],
};
/** An admin of a branch only: templates are the company's, so not theirs to manage. */
const branchAdmin: Principal = {
  ...dispatcher,
  userId: '01JTPL000000000000000USR03',
  roles: ['admin'],
  grants: [{ orgId: BRANCH, permissions: [...allPermissions] }],
};
const portalUser: Principal = {
  userId: '01JTPL000000000000000USR04',
  orgId: CLIENT,
  orgPath: [COMPANY, CLIENT],
  roles: [],
  grants: [{ orgId: CLIENT, permissions: [...MEMBER_PERMISSIONS] }],
  seat: 'portal',
  external: true,
};

const orgs: DirectoryOrg[] = [
  {
    id: COMPANY,
    name: 'Company',
    kind: 'company',
    path: [COMPANY],
    external: false,
    legal: null,
    managerId: null,
    headId: null,
  },
  {
    id: BRANCH,
    name: 'Branch',
    kind: 'branch',
    path: [COMPANY, BRANCH],
    external: false,
    legal: null,
    managerId: null,
    headId: null,
  },
  {
    id: CLIENT,
    name: 'Client',
    kind: 'client',
    path: [COMPANY, CLIENT],
    external: true,
    legal: null,
    managerId: null,
    headId: null,
  },
];

function template(key: string, changes: Partial<ProcessDefinitionInput> = {}): ProcessDefinitionInput {
  return {
    key,
    name: { ru: `Процесс ${key}`, en: `Process ${key}` },
    category: 'tests',
    starters: { staff: true },
    startForm: {
      schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { 'a.b': { type: 'string' } },
      },
    },
    steps: [
      {
        id: 'do',
        type: 'userTask',
        name: { ru: 'Сделать', en: 'Do' },
        assignee: { rule: 'requester' },
        next: 'end',
      },
    ],
    ...changes,
  };
}

/**
 * Process templates as use cases against the real FerretDB and NATS: numbered immutable versions,
 * one published per key, the shipped pack loaded at start idempotently, and the catalogue the
 * engine starts instances from.
 */
describe('TemplatesService (medium)', () => {
  let medium: MediumTest;
  let templates: TemplatesService;
  let catalogue: TemplateCatalogue;
  let identity: Subscription;
  let db: mongoose.Connection;
  let orgsAsked = 0;

  beforeAll(async () => {
    medium = await MediumTest.start({
      service: 'tasks',
      configShape: tasksConfigShape,
      module: (config) => AppModule.register(config),
    });
    templates = medium.get(TemplatesService);
    catalogue = medium.get(TemplateCatalogue);
    db = await mongoose
      .createConnection(sharedInfra().endpoints.mongoUrl, { dbName: medium.database })
      .asPromise();
    // identity, as far as templates ask it anything: the kinds of orgs.
    identity = medium.nats.subscribe(IdentityRequests.directoryOrgs.subject, {
      callback: (_err, msg) => {
        const { data } = codec.decode(msg.data) as { data: { ids: string[] } };
        orgsAsked += 1;
        msg.respond(
          codec.encode({ response: { orgs: orgs.filter((o) => data.ids.includes(o.id)) }, isDisposed: true }),
        );
      },
    });
    await medium.nats.flush();
  });

  afterAll(async () => {
    identity.unsubscribe();
    await db.close();
    await medium.stop();
  });

  it('loads the shipped pack at start, published, and a second time stores nothing', async () => {
    const stored = await db.collection('process_templates').findOne({ _id: 'example-simple@1' as never });
    expect(stored).toMatchObject({
      key: 'example-simple',
      version: 1,
      status: 'published',
      orgId: null,
      createdBy: null,
    });
    expect(typeof stored?.['definition']).toBe('string');
    const { text } = { text: stored?.['source'] as string };
    expect(await templates.ensurePack([{ name: 'example-simple.yaml', text }])).toEqual([
      { file: 'example-simple.yaml', key: 'example-simple', version: 1, loaded: false },
    ]);
    // A changed file is the next version, published; the one before is retired.
    const changed = `${text}\n# changed\n`;
    expect(await templates.ensurePack([{ name: 'example-simple.yaml', text: changed }])).toEqual([
      { file: 'example-simple.yaml', key: 'example-simple', version: 2, loaded: true },
    ]);
    expect(
      await db.collection('process_templates').find({ key: 'example-simple' }).sort({ version: 1 }).toArray(),
    ).toEqual([
      expect.objectContaining({ version: 1, status: 'retired' }),
      expect.objectContaining({ version: 2, status: 'published' }),
    ]);
    await eventually(async () => {
      const events = await streamEvents(medium.nats, [
        TemplatesEvents.templatePublished,
        TemplatesEvents.templateRetired,
      ]);
      expect(events.map((e) => `${e.type} ${e.subject.id}`)).toEqual(
        expect.arrayContaining([
          'tasks.template.published example-simple@1',
          'tasks.template.published example-simple@2',
          'tasks.template.retired example-simple@1',
        ]),
      );
    });
    await expect(templates.ensurePack([{ name: 'broken.yaml', text: 'key: [' }])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: expect.stringMatching(/^broken\.yaml: \(root\)/) })],
    });
  });

  it('refuses an invalid upload listing every problem, and stores nothing', async () => {
    const bad = template('bad-one', {
      steps: [
        {
          id: 'do',
          type: 'userTask',
          name: { ru: 'a', en: 'a' },
          assignee: { rule: 'requester' },
          next: 'nowhere',
        },
      ],
    });
    await expect(templates.upload(admin, { text: JSON.stringify(bad) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        {
          path: 'steps[0].next',
          message: expect.stringContaining('there is no step "nowhere"'),
          message_ru: expect.any(String),
        },
      ],
    });
    expect(await db.collection('process_templates').countDocuments({ key: 'bad-one' })).toBe(0);
  });

  it('numbers uploads of a key as drafts, publishes one at a time, and keeps every version readable', async () => {
    const first = await templates.upload(admin, { text: stringify(template('leave')), format: 'yaml' });
    const second = await templates.upload(admin, {
      text: JSON.stringify(template('leave', { category: 'people' })),
    });
    expect([first, second].map((v) => [v.version, v.status, v.format])).toEqual([
      [1, 'draft', 'yaml'],
      [2, 'draft', 'json'],
    ]);
    expect(first.definition).toMatchObject({ starters: { staff: true, portal: false } });
    expect(first.source).toContain('key: leave');
    await expect(catalogue.forStart(dispatcher, 'leave')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await templates.publish(admin, 'leave', 1)).toMatchObject({ version: 1, status: 'published' });
    expect(await catalogue.forStart(dispatcher, 'leave')).toMatchObject({ key: 'leave', version: 1 });
    expect(await templates.publish(admin, 'leave', 2)).toMatchObject({ version: 2, status: 'published' });
    expect((await templates.versions(admin, 'leave')).items.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);
    expect(await catalogue.forStart(dispatcher, 'leave')).toMatchObject({
      version: 2,
      definition: { category: 'people' },
    });
    // An instance keeps its version, whatever its status; the form's "$schema" and dotted names survive.
    expect(await catalogue.version('leave', 1)).toMatchObject({
      version: 1,
      definition: {
        startForm: { schema: { $schema: expect.any(String), properties: { 'a.b': { type: 'string' } } } },
      },
    });
    expect(await catalogue.version('leave', 9)).toBeNull();
    expect((await templates.list(admin)).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'leave', version: 2, publishedVersion: 2 })]),
    );
    const diff = await templates.diff(admin, 'leave', 1, 2);
    expect(diff.changes).toEqual([{ path: 'category', kind: 'changed', before: 'tests', after: 'people' }]);

    expect(await templates.retire(admin, 'leave', 2)).toMatchObject({ status: 'retired' });
    await expect(catalogue.forStart(dispatcher, 'leave')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('offers templates to whom their starters name: staff, portal users, roles, org kinds', async () => {
    const upload = async (key: string, starters: ProcessDefinitionInput['starters']) => {
      const { version } = await templates.upload(admin, {
        text: JSON.stringify(template(key, { starters, category: 'start' })),
      });
      await templates.publish(admin, key, version);
    };
    await upload('staff-only', { staff: true });
    await upload('portal-only', { staff: false, portal: true });
    await upload('dispatchers', { staff: true, roles: ['dispatcher'] });
    await upload('branches', { staff: true, orgKinds: ['branch'] });
    await upload('clients', { staff: false, portal: true, orgKinds: ['client'] });
    const startable = async (principal: Principal) =>
      (await catalogue.startable(principal)).filter((t) => t.category === 'start').map((t) => t.key);
    expect(await startable(dispatcher)).toEqual(['branches', 'dispatchers', 'staff-only']);
    expect(await startable(admin)).toEqual(['staff-only']);
    expect(await startable(portalUser)).toEqual(['clients', 'portal-only']);
    await expect(catalogue.forStart(portalUser, 'staff-only')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await catalogue.forStart(portalUser, 'clients')).toMatchObject({ key: 'clients' });
    // The org kinds are identity's, asked once and remembered.
    const asked = orgsAsked;
    await startable(dispatcher);
    expect(orgsAsked).toBe(asked);
  });

  it('lets only those who manage templates at the company manage them', async () => {
    const text = JSON.stringify(template('forbidden'));
    for (const principal of [dispatcher, branchAdmin, portalUser]) {
      await expect(templates.upload(principal, { text })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(templates.publish(principal, 'example-simple', 1)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(templates.list(principal)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await db.collection('process_templates').countDocuments({ key: 'forbidden' })).toBe(0);
    await expect(templates.get(admin, 'forbidden', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
