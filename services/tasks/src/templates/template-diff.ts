import type { ProcessDefinition, TemplateChange } from '@orbita/contracts';

/**
 * A structural diff of two definitions: every leaf (or whole subtree) added, removed or changed,
 * with its path. Steps are matched by id (`steps[approve].quorum`), so a reordered step list reads
 * as the moves it is (`steps` order changed) rather than as every step changed; other lists are
 * compared item by item.
 */
export function diffDefinitions(before: ProcessDefinition, after: ProcessDefinition): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const { steps: stepsBefore, ...restBefore } = before;
  const { steps: stepsAfter, ...restAfter } = after;
  compare('', restBefore, restAfter, changes);
  const beforeById = new Map(stepsBefore.map((step) => [step.id, step]));
  const afterById = new Map(stepsAfter.map((step) => [step.id, step]));
  for (const step of stepsBefore) {
    const next = afterById.get(step.id);
    if (next) {
      compare(`steps[${step.id}]`, step, next, changes);
    } else {
      changes.push({ path: `steps[${step.id}]`, kind: 'removed', before: step });
    }
  }
  for (const step of stepsAfter) {
    if (!beforeById.has(step.id)) {
      changes.push({ path: `steps[${step.id}]`, kind: 'added', after: step });
    }
  }
  const orderBefore = stepsBefore.map((s) => s.id).filter((id) => afterById.has(id));
  const orderAfter = stepsAfter.map((s) => s.id).filter((id) => beforeById.has(id));
  if (orderBefore.join() !== orderAfter.join()) {
    changes.push({ path: 'steps', kind: 'changed', before: orderBefore, after: orderAfter });
  }
  return changes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  return path === '' ? key : `${path}.${key}`;
}

function compare(path: string, before: unknown, after: unknown, changes: TemplateChange[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) {
        changes.push({ path: join(path, key), kind: 'removed', before: before[key] });
      } else {
        compare(join(path, key), before[key], after[key], changes);
      }
    }
    for (const key of Object.keys(after)) {
      if (!(key in before)) {
        changes.push({ path: join(path, key), kind: 'added', after: after[key] });
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) {
      compare(join(path, i), before[i], after[i], changes);
    }
    before.slice(common).forEach((item, i) => {
      changes.push({ path: join(path, common + i), kind: 'removed', before: item });
    });
    after.slice(common).forEach((item, i) => {
      changes.push({ path: join(path, common + i), kind: 'added', after: item });
    });
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    changes.push({ path: path || '(root)', kind: 'changed', before, after });
  }
}
