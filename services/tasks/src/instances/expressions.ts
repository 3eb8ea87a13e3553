import jsonLogic from 'json-logic-js';
import type { Transition } from '@orbita/contracts';
import type { InstanceDocument } from './instance.schema';

/**
 * The data expressions of a template see (process-template.ts, ExpressionSchema): never code, only
 * JSONLogic rules over a copy of the instance's data.
 */
export interface ExpressionContext {
  form: Record<string, unknown>;
  steps: Record<string, unknown>;
  vars: Record<string, unknown>;
  requester: { userId: string; orgId: string };
  client: { orgId: string | null };
  now: string;
}

export function contextOf(instance: InstanceDocument, now: Date): ExpressionContext {
  return {
    form: instance.form,
    steps: instance.steps,
    vars: instance.vars,
    requester: { userId: instance.requester.userId, orgId: instance.requester.orgId },
    client: { orgId: instance.clientOrgId },
    now: now.toISOString(),
  };
}

/** The value of an expression (a literal is itself). Templates were checked on upload, so a rule that fails here is a broken template. */
export function evaluate(expression: unknown, context: ExpressionContext): unknown {
  if (expression === undefined) {
    return undefined;
  }
  return jsonLogic.apply(expression, context);
}

/** JSONLogic's truthiness (an empty array is false), as its `if` and `and` use it. */
export function holds(expression: unknown, context: ExpressionContext): boolean {
  return jsonLogic.truthy(evaluate(expression, context));
}

/**
 * JSONLogic's standard operations (jsonlogic.com/operations.html), the only ones a template may use
 * (json-logic-js also lets code add operations, and has `method`, which calls methods of values).
 * An object whose one key is one of these is a rule; any other object is data.
 */
export const JSON_LOGIC_OPERATIONS: ReadonlySet<string> = new Set([
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  '%',
  'map',
  'reduce',
  'filter',
  'all',
  'none',
  'some',
  'merge',
  'in',
  'cat',
  'substr',
  'log',
]);

export function isRule(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const [key, ...more] = Object.keys(value);
  return key !== undefined && more.length === 0 && JSON_LOGIC_OPERATIONS.has(key);
}

/**
 * A value shaped like the data it makes (a document's data, a register record): rules anywhere in
 * it are evaluated, objects and arrays around them are kept as they are.
 */
export function evaluateShape(value: unknown, context: ExpressionContext): unknown {
  if (isRule(value)) {
    return evaluate(value, context);
  }
  if (Array.isArray(value)) {
    return value.map((item) => evaluateShape(item, context));
  }
  if (value !== null && typeof value === 'object') {
    return evaluateMapping(value as Record<string, unknown>, context);
  }
  return value;
}

/** A mapping of field → value or rule, evaluated (see evaluateShape). */
export function evaluateMapping(
  mapping: Record<string, unknown>,
  context: ExpressionContext,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(mapping).map(([field, value]) => [field, evaluateShape(value, context)]),
  );
}

/** Where a transition leads: the step id, or the first branch whose condition holds; null when none does. */
export function targetOf(transition: Transition, context: ExpressionContext): string | null {
  if (typeof transition === 'string') {
    return transition;
  }
  for (const branch of transition) {
    if (branch.when === undefined || holds(branch.when, context)) {
      return branch.to;
    }
  }
  return null;
}

/** A value at a dotted path ("client.orgId", "items.0.id") of plain data. */
export function valueAt(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
