import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import jsonLogic from 'json-logic-js';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type {
  LocalisedText,
  ProcessDefinition,
  SlaClock,
  Step,
  TemplateFormat,
  TemplateProblem,
  Transition,
} from '@orbita/contracts';
import { END_STEP, ProcessDefinitionSchema, REJECTED_STEP } from '@orbita/contracts';
import { issueText, safeParseLocalised } from '@orbita/platform';
import { durationMs, durationParts } from '../instances/durations';
import { JSON_LOGIC_OPERATIONS as OPERATORS, isRule } from '../instances/expressions';
import { jsonErrorOffset } from './json-syntax.util';

export interface TemplateValidation {
  valid: boolean;
  errors: TemplateProblem[];
  /** The definition with zod's defaults applied; only when valid. */
  definition?: ProcessDefinition;
}

/** Operations whose second argument runs once per element, with the element as its data. */
const PER_ELEMENT = new Set(['map', 'filter', 'all', 'none', 'some', 'reduce']);

/** What the expression context holds (the engine's data of an instance). */
const CONTEXT_ROOTS = ['form', 'steps', 'vars', 'requester', 'client', 'now'];

const ENDS = new Set([END_STEP, REJECTED_STEP]);

/** Steps people hold: the ones that may have an SLA. */
const HELD_STEPS = new Set<Step['type']>(['userTask', 'approval', 'acknowledgement']);

/**
 * Whether a reminder `remindBefore` ahead of due falls after the step starts. Around the clock
 * that is a comparison of lengths; on the working clock days and hours compare only among
 * themselves (how long a working day is, is the calendar's), so mixed forms pass.
 */
function remindsBeforeDue(sla: string, remindBefore: string, clock: SlaClock | undefined): boolean {
  if (clock === 'calendar') {
    return durationMs(remindBefore) < durationMs(sla);
  }
  const [due, lead] = [durationParts(sla), durationParts(remindBefore)];
  if (due.days === 0 && lead.days === 0) {
    return lead.timeMs < due.timeMs;
  }
  if (due.timeMs === 0 && lead.timeMs === 0) {
    return lead.days < due.days;
  }
  return true;
}

/** Syntax first, then the published schema, then what a schema cannot say (references, expressions, forms, the graph). */
export function validateTemplate(text: string, format?: TemplateFormat): TemplateValidation {
  const parsed = parseText(text, format ?? guessFormat(text));
  if ('error' in parsed) {
    return { valid: false, errors: [parsed.error] };
  }
  const result = safeParseLocalised(ProcessDefinitionSchema, parsed.value);
  if (!result.success) {
    return { valid: false, errors: result.error.issues.flatMap((issue) => schemaProblems(issue)) };
  }
  const definition = result.data;
  const errors = new Checks(definition).run();
  return errors.length === 0 ? { valid: true, errors, definition } : { valid: false, errors };
}

/** JSON when the text starts as a JSON object does, else YAML (of which JSON is a subset anyway). */
export function guessFormat(text: string): TemplateFormat {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function problem(path: string, text: LocalisedText): TemplateProblem {
  return { path, message: text.en, message_ru: text.ru };
}

function parseText(text: string, format: TemplateFormat): { value: unknown } | { error: TemplateProblem } {
  if (format === 'json') {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return { error: jsonSyntaxProblem(text) };
    }
  }
  const lines = new LineCounter();
  // uniqueKeys (the default) makes a repeated key an error; aliases are bounded (no "billion laughs").
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [first] = doc.errors;
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    const reason = first.message.split('\n')[0] ?? first.message;
    return {
      error: problem('(root)', {
        en: `the text is not valid YAML: line ${line}, column ${col}: ${reason}`,
        ru: `текст не является корректным YAML: строка ${line}, позиция ${col}: ${reason}`,
      }),
    };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      error: problem('(root)', {
        en: `the text is not valid YAML: ${reason}`,
        ru: `текст не является корректным YAML: ${reason}`,
      }),
    };
  }
}

function jsonSyntaxProblem(text: string): TemplateProblem {
  const offset = jsonErrorOffset(text);
  if (offset === null) {
    return problem('(root)', { en: 'the text is not valid JSON', ru: 'текст не является корректным JSON' });
  }
  if (offset >= text.trimEnd().length) {
    return problem('(root)', {
      en: 'the text is not valid JSON: it ends before the JSON value is complete',
      ru: 'текст не является корректным JSON: он заканчивается раньше, чем значение JSON',
    });
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = JSON.stringify(text.charAt(offset));
  return problem('(root)', {
    en: `the text is not valid JSON: line ${line}, column ${column}: unexpected ${found}`,
    ru: `текст не является корректным JSON: строка ${line}, позиция ${column}: неожиданный символ ${found}`,
  });
}

/** `steps[2].assignee.rule`: indexes in brackets, keys dotted. */
export function templatePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

function schemaProblems(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): TemplateProblem[] {
  const fullPath = [...prefix, ...issue.path];
  const path = templatePath(fullPath);
  if (issue.code === 'invalid_union') {
    // A discriminated union's unknown tag ("type", "rule"): name the tags it may be.
    if ('options' in issue && Array.isArray(issue.options)) {
      const options = (issue.options as unknown[]).map((o) => `"${String(o)}"`).join(', ');
      return [problem(path, { en: `must be one of ${options}`, ru: `должно быть одним из: ${options}` })];
    }
    // Of the forms a value may take, the one whose type it has tells what is wrong with it.
    const fitting = issue.errors.find(
      (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
    );
    if (fitting) {
      return fitting.flatMap((inner) => schemaProblems(inner, fullPath));
    }
  }
  return [problem(path, issueText(issue))];
}

class Checks {
  private readonly errors: TemplateProblem[] = [];
  private unknownTargets = false;
  private readonly stepIds: string[];
  private readonly ajv = addFormats(
    new Ajv({
      allErrors: true,
      // Unknown keywords are typos of a form's author; type-combination hints are not errors.
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      logger: false,
    }),
  );

  constructor(private readonly definition: ProcessDefinition) {
    this.stepIds = definition.steps.map((step) => step.id);
  }

  run(): TemplateProblem[] {
    const { definition } = this;
    this.form('startForm.schema', definition.startForm.schema);
    if (definition.title !== undefined) {
      this.expression('title', definition.title);
    }
    this.uniqueStepIds();
    const saved = new Map<string, string>();
    definition.steps.forEach((step, index) => {
      const at = `steps[${index}]`;
      this.transition(`${at}.next`, step.next);
      this.stepSpecifics(step, index, at);
      this.sla(step, at);
      if ((step.type === 'generateDocument' || step.type === 'registerUpdate') && step.saveAs) {
        const earlier = saved.get(step.saveAs);
        if (earlier) {
          this.add(`${at}.saveAs`, {
            en: `the variable "${step.saveAs}" is already saved by ${earlier}`,
            ru: `переменная «${step.saveAs}» уже сохраняется шагом ${earlier}`,
          });
        } else {
          saved.set(step.saveAs, at);
        }
      }
    });
    // With a transition to no step, the graph is not the author's yet: its problems would only echo that one.
    if (!this.unknownTargets) {
      this.graph();
    }
    return this.errors;
  }

  private add(path: string, text: LocalisedText): void {
    this.errors.push(problem(path, text));
  }

  private stepSpecifics(step: Step, index: number, at: string): void {
    switch (step.type) {
      case 'userTask':
        if (step.form) {
          this.form(`${at}.form.schema`, step.form.schema);
        }
        return;
      case 'approval':
        if (step.onReject !== undefined) {
          this.transition(`${at}.onReject`, step.onReject);
        }
        step.returnTo.forEach((target, i) => {
          const targetIndex = this.stepIds.indexOf(target);
          if (targetIndex < 0 || targetIndex >= index) {
            this.add(`${at}.returnTo[${i}]`, {
              en: `"${target}" is not an earlier step: a request may be returned only to a step before this one`,
              ru: `«${target}» не является предыдущим шагом: вернуть заявку можно только на шаг до этого`,
            });
          }
        });
        return;
      case 'generateDocument':
        this.expression(`${at}.title`, step.title);
        this.mapping(`${at}.data`, step.data);
        return;
      case 'registerUpdate':
        if (step.recordId !== undefined) {
          this.expression(`${at}.recordId`, step.recordId);
        }
        if (step.action === 'update' && step.recordId === undefined) {
          this.add(`${at}.recordId`, {
            en: 'is required to update a record (an expression giving its id)',
            ru: 'обязательно для изменения записи (выражение, дающее её id)',
          });
        }
        this.mapping(`${at}.data`, step.data);
        return;
      case 'wait':
        if (step.until !== undefined) {
          this.expression(`${at}.until`, step.until);
        }
        if (step.duration === undefined && step.until === undefined) {
          this.add(at, {
            en: 'a wait step needs a duration or an until expression',
            ru: 'шагу ожидания нужна длительность («duration») или выражение «until»',
          });
        }
        return;
      case 'acknowledgement':
      case 'notify':
        return;
    }
  }

  /** An SLA belongs to a step people hold, and its reminder comes before its due time. */
  private sla(step: Step, at: string): void {
    if (step.sla === undefined) {
      for (const field of ['slaClock', 'remindBefore', 'escalateAfter'] as const) {
        if (step[field] !== undefined) {
          this.add(`${at}.${field}`, {
            en: `applies only to a step with an "sla"`,
            ru: `применимо только к шагу с «sla»`,
          });
        }
      }
      return;
    }
    if (!HELD_STEPS.has(step.type)) {
      this.add(`${at}.sla`, {
        en: `a ${step.type} step is held by nobody, so it can have no SLA`,
        ru: `шаг типа «${step.type}» никто не держит, у него не может быть «sla»`,
      });
      return;
    }
    if (step.remindBefore !== undefined && !remindsBeforeDue(step.sla, step.remindBefore, step.slaClock)) {
      this.add(`${at}.remindBefore`, {
        en: `must be shorter than the SLA (${step.sla})`,
        ru: `должно быть короче «sla» (${step.sla})`,
      });
    }
  }

  private uniqueStepIds(): void {
    const seen = new Map<string, number>();
    this.definition.steps.forEach((step, index) => {
      if (ENDS.has(step.id)) {
        this.add(`steps[${index}].id`, {
          en: `"${step.id}" is reserved: transitions to it end the instance`,
          ru: `«${step.id}» зарезервировано: переход на него завершает экземпляр`,
        });
      }
      const earlier = seen.get(step.id);
      if (earlier !== undefined) {
        this.add(`steps[${index}].id`, {
          en: `the step id "${step.id}" is already used by steps[${earlier}]`,
          ru: `id шага «${step.id}» уже занят шагом «steps[${earlier}]»`,
        });
      } else {
        seen.set(step.id, index);
      }
    });
  }

  private transition(path: string, transition: Transition): void {
    if (typeof transition === 'string') {
      this.target(path, transition);
      return;
    }
    transition.forEach((branch, i) => {
      if (branch.when !== undefined) {
        this.expression(`${path}[${i}].when`, branch.when);
      }
      this.target(`${path}[${i}].to`, branch.to);
    });
  }

  private target(path: string, to: string): void {
    if (!ENDS.has(to) && !this.stepIds.includes(to)) {
      this.unknownTargets = true;
      this.add(path, {
        en: `there is no step "${to}" (a step id, or "${END_STEP}" / "${REJECTED_STEP}" to finish)`,
        ru: `нет шага «${to}» (нужен id шага или «${END_STEP}» / «${REJECTED_STEP}» для завершения)`,
      });
    }
  }

  private form(path: string, schema: Record<string, unknown>): void {
    if (schema['type'] !== 'object') {
      this.add(`${path}.type`, {
        en: 'a form schema must describe an object: "type": "object" at the top',
        ru: 'схема формы должна описывать объект: "type": "object" на верхнем уровне',
      });
    }
    try {
      this.ajv.compile(schema);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.add(path, {
        en: `is not a valid JSON Schema: ${reason}`,
        ru: `не является корректной схемой JSON Schema: ${reason}`,
      });
    }
  }

  /**
   * A document's or a record's data: shaped like what it makes, with rules where values are
   * computed (the engine's evaluateShape): an object whose one key is an operation is a rule, any
   * other object or array is data whose values are walked the same way.
   */
  private mapping(path: string, data: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(data)) {
      this.shape(`${path}.${field}`, value);
    }
  }

  private shape(path: string, value: unknown): void {
    if (isRule(value)) {
      this.expression(path, value);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        this.shape(`${path}[${i}]`, item);
      });
    } else if (value !== null && typeof value === 'object') {
      if (Object.keys(value).some((key) => OPERATORS.has(key))) {
        // { var: …, other: … }: an operation with something beside it is a rule written wrong.
        this.add(path, {
          en: 'an object in an expression must be one operation: exactly one key, the operator',
          ru: 'объект в выражении должен быть одной операцией: ровно один ключ, оператор',
        });
        return;
      }
      this.mapping(path, value as Record<string, unknown>);
    }
  }

  /** Walks a JSONLogic rule: each operation one of the standard ones, each variable in the context. */
  private expression(path: string, rule: unknown, perElement = false): void {
    if (Array.isArray(rule)) {
      rule.forEach((item, i) => {
        this.expression(`${path}[${i}]`, item, perElement);
      });
      return;
    }
    if (rule === null || typeof rule !== 'object') {
      return;
    }
    if (!jsonLogic.is_logic(rule)) {
      this.add(path, {
        en: 'an object in an expression must be one operation: exactly one key, the operator',
        ru: 'объект в выражении должен быть одной операцией: ровно один ключ, оператор',
      });
      return;
    }
    const operator = jsonLogic.get_operator(rule);
    const at = `${path}.${operator}`;
    if (!OPERATORS.has(operator)) {
      this.add(at, {
        en: `"${operator}" is not a JSONLogic operation a template may use`,
        ru: `«${operator}» не является допустимой операцией «JSONLogic»`,
      });
      return;
    }
    const raw = (rule as Record<string, unknown>)[operator];
    const args = Array.isArray(raw) ? raw : [raw];
    const argPath = (i: number) => (Array.isArray(raw) ? `${at}[${i}]` : at);
    if (operator === 'var' && !perElement) {
      this.variable(argPath(0), args[0]);
    }
    if (operator === 'missing' && !perElement) {
      args.forEach((arg, i) => {
        this.variable(argPath(i), arg);
      });
    }
    args.forEach((arg, i) => {
      // Inside map/filter/…, the second argument's data is the element (reduce: current, accumulator).
      const element = PER_ELEMENT.has(operator) && i === 1;
      this.expression(argPath(i), arg, perElement || element);
    });
  }

  private variable(path: string, name: unknown): void {
    if (typeof name !== 'string') {
      return;
    }
    const root = name.split('.')[0] ?? '';
    if (!CONTEXT_ROOTS.includes(root)) {
      this.add(path, {
        en: `the variable "${name}" is outside the expression context: it must start with ${CONTEXT_ROOTS.map((r) => `"${r}"`).join(', ')}`,
        ru: `переменная «${name}» вне контекста выражения: она должна начинаться с ${CONTEXT_ROOTS.map((r) => `«${r}»`).join(', ')}`,
      });
    }
  }

  /** Every step reachable from the first, and from each of them a way to an end. */
  private graph(): void {
    const steps = this.definition.steps;
    const edges = new Map<string, string[]>(steps.map((step) => [step.id, targetsOf(step)]));
    const reachable = walk([steps[0]?.id ?? ''], (id) => edges.get(id) ?? []);
    const reverse = new Map<string, string[]>();
    for (const [from, targets] of edges) {
      for (const to of targets) {
        reverse.set(to, [...(reverse.get(to) ?? []), from]);
      }
    }
    const endsReachable = walk([...ENDS], (id) => reverse.get(id) ?? []);
    steps.forEach((step, index) => {
      if (!reachable.has(step.id)) {
        this.add(`steps[${index}]`, {
          en: `the step "${step.id}" is never reached from the first step`,
          ru: `на шаг «${step.id}» нельзя попасть с первого шага`,
        });
      } else if (!endsReachable.has(step.id)) {
        this.add(`steps[${index}]`, {
          en: `no path from the step "${step.id}" leads to an end ("${END_STEP}" or "${REJECTED_STEP}")`,
          ru: `ни один путь с шага «${step.id}» не ведёт к завершению («${END_STEP}» или «${REJECTED_STEP}»)`,
        });
      }
    });
  }
}

function transitionTargets(transition: Transition): string[] {
  return typeof transition === 'string' ? [transition] : transition.map((branch) => branch.to);
}

function targetsOf(step: Step): string[] {
  const targets = transitionTargets(step.next);
  if (step.type === 'approval') {
    // A rejection without onReject ends the instance as rejected.
    targets.push(...(step.onReject === undefined ? [REJECTED_STEP] : transitionTargets(step.onReject)));
    targets.push(...step.returnTo);
  }
  return targets;
}

function walk(start: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const to of next(id)) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}
