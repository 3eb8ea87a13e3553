import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ProcessDefinitionInput } from '@orbita/contracts';
import { tasksPackageDir } from './template-pack.loader';
import { validateTemplate } from './validate-template';

const name = (en: string) => ({ ru: `${en} (ru)`, en });

/** A template using most of the format: forms, an approval with a return and branches, a document, a wait. */
function purchase(): ProcessDefinitionInput {
  return {
    key: 'purchase',
    name: name('Purchase'),
    category: 'purchasing',
    starters: { staff: true },
    title: { cat: ['Purchase for ', { var: 'form.amount' }] },
    clientField: 'clientId',
    startForm: {
      schema: {
        type: 'object',
        required: ['amount'],
        properties: { amount: { type: 'number', minimum: 0 }, clientId: { type: 'string' } },
      },
    },
    steps: [
      {
        id: 'request',
        type: 'userTask',
        name: name('Describe'),
        assignee: { rule: 'requester' },
        form: { schema: { type: 'object', properties: { needed: { type: 'string', format: 'date' } } } },
        next: 'approve',
      },
      {
        id: 'approve',
        type: 'approval',
        name: name('Approve'),
        approvers: [{ rule: 'role', roleId: 'manager', org: 'requester' }],
        returnTo: ['request'],
        next: [{ when: { '>': [{ var: 'form.amount' }, 1000] }, to: 'invoice' }, { to: 'end' }],
      },
      {
        id: 'invoice',
        type: 'generateDocument',
        name: name('Invoice'),
        template: 'invoice',
        title: { cat: ['Invoice ', { var: 'steps.approve.outcome' }] },
        data: {
          items: { map: [{ var: 'form.items' }, { cat: [{ var: 'name' }, ': ', { var: 'price' }] }] },
          total: {
            reduce: [{ var: 'form.items' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0],
          },
          client: { var: 'client.orgId' },
        },
        counterparty: 'client',
        saveAs: 'invoiceId',
        next: 'pause',
      },
      { id: 'pause', type: 'wait', name: name('Wait'), until: { var: 'now' }, next: 'end' },
    ],
  };
}

type Mutable = Record<string, unknown> & { steps: Record<string, unknown>[] };

function withChange(change: (template: Mutable) => void): string {
  const template = purchase() as unknown as Mutable;
  change(template);
  return JSON.stringify(template, null, 2);
}

function errorsOf(text: string, format?: 'json' | 'yaml') {
  return validateTemplate(text, format).errors.map(({ path, message }) => ({ path, message }));
}

describe('validateTemplate', () => {
  it('accepts a good template, in JSON and in YAML, and answers it with the defaults applied', () => {
    const json = validateTemplate(JSON.stringify(purchase()));
    const yaml = validateTemplate(stringify(purchase()), 'yaml');
    expect(json).toMatchObject({ valid: true, errors: [] });
    expect(yaml.definition).toEqual(json.definition);
    expect(json.definition?.starters).toEqual({ staff: true, portal: false });
    expect(json.definition?.steps[1]).toMatchObject({
      mode: 'sequential',
      quorum: 'all',
      approvers: [{ rule: 'role', inherited: true }],
    });
  });

  it('accepts the shipped example', () => {
    const text = readFileSync(join(tasksPackageDir(), 'process-templates', 'example-simple.yaml'), 'utf8');
    expect(validateTemplate(text)).toMatchObject({ valid: true, definition: { key: 'example-simple' } });
  });

  it('accepts the monthly invoicing of S1.6, which a schedule starts', () => {
    const text = readFileSync(join(tasksPackageDir(), 'process-templates', 'monthly-invoicing.yaml'), 'utf8');
    expect(validateTemplate(text)).toMatchObject({
      valid: true,
      definition: { key: 'monthly-invoicing', clientField: 'clientOrgId' },
    });
  });

  it('names the line and column of a YAML syntax error, and of a repeated key', () => {
    expect(errorsOf('key: purchase\nname:\n  ru: [a, b\n  en: x\n')).toEqual([
      { path: '(root)', message: expect.stringMatching(/^the text is not valid YAML: line 4, column 3: /) },
    ]);
    expect(errorsOf('key: a\nkey: b\n')).toEqual([
      { path: '(root)', message: 'the text is not valid YAML: line 2, column 1: Map keys must be unique' },
    ]);
  });

  it('names the line and column of a JSON syntax error, and a cut-off text', () => {
    expect(errorsOf('{\n  "key": "purchase",\n  "name": }\n')).toEqual([
      { path: '(root)', message: 'the text is not valid JSON: line 3, column 11: unexpected "}"' },
    ]);
    expect(errorsOf('{ "key": "purchase"', 'json')).toEqual([
      { path: '(root)', message: 'the text is not valid JSON: it ends before the JSON value is complete' },
    ]);
  });

  it('answers schema problems at their paths, in both languages', () => {
    const result = validateTemplate(
      withChange((t) => {
        delete t['name'];
        t.steps[0]!['assignee'] = { rule: 'boss' };
        t.steps[1]!['quorum'] = 'most';
      }),
    );
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      { path: 'name', message: 'is required', message_ru: 'обязательное поле' },
      {
        path: 'steps[0].assignee.rule',
        message: expect.stringContaining('must be one of "user", "role"'),
        message_ru: expect.stringContaining('должно быть одним из: "user", "role"'),
      },
      { path: 'steps[1].quorum', message: 'must be one of "all", "any"', message_ru: expect.any(String) },
    ]);
    expect(result.definition).toBeUndefined();
  });

  it('accepts SLAs on held steps, on either clock, and refuses SLA terms that cannot work', () => {
    const good = withChange((t) => {
      Object.assign(t.steps[0]!, { sla: 'PT2H', slaClock: 'calendar', remindBefore: 'PT30M' });
      Object.assign(t.steps[1]!, { sla: 'P5D', remindBefore: 'PT4H', escalateAfter: 'P2D' });
    });
    expect(errorsOf(good)).toEqual([]);
    expect(
      errorsOf(
        withChange((t) => {
          Object.assign(t.steps[0]!, { sla: 'PT2H', remindBefore: 'PT2H' });
          Object.assign(t.steps[1]!, { remindBefore: 'PT1H', slaClock: 'working' });
          Object.assign(t.steps[3]!, { sla: 'PT1H' });
          Object.assign(t.steps[2]!, { sla: 'P1D', slaClock: 'calendar', remindBefore: 'PT24H' });
        }),
      ),
    ).toEqual([
      { path: 'steps[0].remindBefore', message: 'must be shorter than the SLA (PT2H)' },
      { path: 'steps[1].slaClock', message: 'applies only to a step with an "sla"' },
      { path: 'steps[1].remindBefore', message: 'applies only to a step with an "sla"' },
      { path: 'steps[2].sla', message: 'a generateDocument step is held by nobody, so it can have no SLA' },
      { path: 'steps[3].sla', message: 'a wait step is held by nobody, so it can have no SLA' },
    ]);
    expect(
      validateTemplate(withChange((t) => Object.assign(t.steps[0]!, { sla: 'PT2H', slaClock: 'weekly' })))
        .errors,
    ).toEqual([expect.objectContaining({ path: 'steps[0].slaClock' })]);
    expect(
      validateTemplate(withChange((t) => Object.assign(t.steps[0]!, { sla: 'PT2H', remindBefore: 'PT2H' })))
        .errors[0]?.message_ru,
    ).toBe('должно быть короче «sla» (PT2H)');
  });

  it('refuses a repeated step id, and a reserved one', () => {
    expect(
      errorsOf(
        withChange((t) => {
          t.steps[2]!['id'] = 'request';
          t.steps[3]!['id'] = 'end';
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'steps[2].id', message: 'the step id "request" is already used by steps[0]' },
        { path: 'steps[3].id', message: '"end" is reserved: transitions to it end the instance' },
      ]),
    );
  });

  it('refuses transitions to steps that do not exist: next, a branch of it, onReject', () => {
    expect(
      errorsOf(
        withChange((t) => {
          t.steps[0]!['next'] = 'aprove';
          t.steps[1]!['next'] = [{ when: true, to: 'invoce' }, { to: 'end' }];
          t.steps[1]!['onReject'] = 'rejekted';
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        {
          path: 'steps[0].next',
          message: 'there is no step "aprove" (a step id, or "end" / "rejected" to finish)',
        },
        { path: 'steps[1].next[0].to', message: expect.stringContaining('there is no step "invoce"') },
        { path: 'steps[1].onReject', message: expect.stringContaining('there is no step "rejekted"') },
      ]),
    );
  });

  it('lets an approval return a request to earlier steps only', () => {
    expect(
      errorsOf(withChange((t) => (t.steps[1]!['returnTo'] = ['request', 'invoice', 'nowhere']))),
    ).toEqual([
      {
        path: 'steps[1].returnTo[1]',
        message: '"invoice" is not an earlier step: a request may be returned only to a step before this one',
      },
      { path: 'steps[1].returnTo[2]', message: expect.stringContaining('"nowhere" is not an earlier step') },
    ]);
  });

  it('compiles every form: an object at the top, and a JSON Schema Ajv accepts', () => {
    expect(
      errorsOf(
        withChange((t) => {
          t['startForm'] = { schema: { type: 'array' } };
          t.steps[0]!['form'] = { schema: { type: 'object', properties: { needed: { type: 'strin' } } } };
        }),
      ),
    ).toEqual([
      {
        path: 'startForm.schema.type',
        message: 'a form schema must describe an object: "type": "object" at the top',
      },
      {
        path: 'steps[0].form.schema',
        message: expect.stringMatching(
          /^is not a valid JSON Schema: schema is invalid: .*properties\/needed\/type/,
        ),
      },
    ]);
    expect(
      errorsOf(withChange((t) => (t['startForm'] = { schema: { type: 'object', requird: ['amount'] } }))),
    ).toEqual([{ path: 'startForm.schema', message: expect.stringContaining('unknown keyword: "requird"') }]);
  });

  it('allows JSONLogic with its standard operations only, and variables of the context only', () => {
    expect(
      errorsOf(
        withChange((t) => {
          t['title'] = { method: [{ var: 'form.amount' }, 'toFixed'] };
          t.steps[1]!['next'] = [{ when: { '==': [{ var: 'amount' }, 1] }, to: 'invoice' }, { to: 'end' }];
          t.steps[2]!['data'] = {
            total: { var: 'form.amount', other: 1 },
            who: { missing: ['form.a', 'secret.b'] },
          };
          t.steps[3]!['until'] = { if: [true, { var: ['environment.HOME', 'x'] }, null] };
        }),
      ),
    ).toEqual([
      { path: 'title.method', message: '"method" is not a JSONLogic operation a template may use' },
      {
        path: 'steps[1].next[0].when.==[0].var',
        message:
          'the variable "amount" is outside the expression context: it must start with "form", "steps", "vars", "requester", "client", "now"',
      },
      {
        path: 'steps[2].data.total',
        message: 'an object in an expression must be one operation: exactly one key, the operator',
      },
      { path: 'steps[2].data.who.missing[1]', message: expect.stringContaining('the variable "secret.b"') },
      {
        path: 'steps[3].until.if[1].var[0]',
        message: expect.stringContaining('the variable "environment.HOME"'),
      },
    ]);
  });

  it('refuses two steps saving to one variable', () => {
    expect(
      errorsOf(
        withChange((t) => {
          t.steps.splice(3, 0, {
            id: 'record',
            type: 'registerUpdate',
            name: name('Record'),
            register: 'purchases',
            action: 'create',
            data: { amount: { var: 'form.amount' } },
            saveAs: 'invoiceId',
            next: 'pause',
          });
          t.steps[2]!['next'] = 'record';
        }),
      ),
    ).toEqual([
      { path: 'steps[3].saveAs', message: 'the variable "invoiceId" is already saved by steps[2]' },
    ]);
  });

  it('refuses a step never reached, and steps from which no path ends', () => {
    expect(
      errorsOf(
        withChange((t) => {
          // invoice and pause now wait for each other forever; approve still ends; request is unreached.
          t.steps[3]!['next'] = 'invoice';
          t.steps.push({
            id: 'orphan',
            type: 'notify',
            name: name('Orphan'),
            recipients: [{ rule: 'requester' }],
            message: name('Hi'),
            next: 'end',
          });
        }),
      ),
    ).toEqual([
      { path: 'steps[2]', message: 'no path from the step "invoice" leads to an end ("end" or "rejected")' },
      { path: 'steps[3]', message: 'no path from the step "pause" leads to an end ("end" or "rejected")' },
      { path: 'steps[4]', message: 'the step "orphan" is never reached from the first step' },
    ]);
  });
});
