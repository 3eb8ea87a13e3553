import type { ProcessDefinition } from '@orbita/contracts';
import { ProcessDefinitionSchema } from '@orbita/contracts';
import { diffDefinitions } from './template-diff';

const name = (en: string) => ({ ru: en, en });
const step = (id: string, next: string) => ({
  id,
  type: 'userTask' as const,
  name: name(id),
  assignee: { rule: 'requester' as const },
  next,
});

function definition(
  steps: ReturnType<typeof step>[],
  changes: Record<string, unknown> = {},
): ProcessDefinition {
  return ProcessDefinitionSchema.parse({
    key: 'diffed',
    name: name('Diffed'),
    category: 'tests',
    starters: {},
    startForm: { schema: { type: 'object', required: ['a'] } },
    steps,
    ...changes,
  });
}

describe('diffDefinitions', () => {
  it('finds nothing between equal definitions', () => {
    const same = definition([step('a', 'b'), step('b', 'end')]);
    expect(diffDefinitions(same, structuredClone(same))).toEqual([]);
  });

  it('matches steps by id: a reordered list is one change of order, not every step changed', () => {
    const before = definition([step('a', 'b'), step('b', 'c'), step('c', 'end')]);
    const after = definition([step('a', 'b'), step('c', 'end'), step('b', 'c')]);
    expect(diffDefinitions(before, after)).toEqual([
      { path: 'steps', kind: 'changed', before: ['a', 'b', 'c'], after: ['a', 'c', 'b'] },
    ]);
  });

  it('names fields added, removed and changed, inside steps and out', () => {
    const before = definition([step('a', 'b'), step('b', 'end')], { description: name('Old') });
    const after = definition([step('a', 'c'), { ...step('c', 'end'), name: name('C') }], {
      startForm: { schema: { type: 'object', required: ['a', 'b'] } },
      starters: { portal: true },
    });
    expect(diffDefinitions(before, after)).toEqual([
      { path: 'description', kind: 'removed', before: name('Old') },
      { path: 'starters.portal', kind: 'changed', before: false, after: true },
      { path: 'startForm.schema.required[1]', kind: 'added', after: 'b' },
      { path: 'steps[a].next', kind: 'changed', before: 'b', after: 'c' },
      { path: 'steps[b]', kind: 'removed', before: expect.objectContaining({ id: 'b' }) },
      { path: 'steps[c]', kind: 'added', after: expect.objectContaining({ id: 'c' }) },
    ]);
  });
});
