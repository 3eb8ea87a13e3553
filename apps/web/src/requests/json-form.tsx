import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import { getDefaultRegistry } from '@rjsf/core';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { TranslatableString, englishStringTranslator } from '@rjsf/utils';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../api/api-error';
import type { FormFileContext } from './form-file';
import { FILE_WIDGET, FormFileWidget } from './form-file';
import { SchemaValidator } from './schema-validator';

/**
 * A template's JSON Schema form (a start form, a step's form), drawn by @rjsf with its Ant Design
 * theme and checked in the browser before it is sent (SchemaValidator: no `eval`, which the CSP
 * refuses); the server checks it again with Ajv and its refusals come back at their fields
 * (`serverErrors`). This module carries @rjsf: pages import it lazily, out of the first load (ADR 021).
 */
export interface JsonFormProps {
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown> | undefined;
  formData: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit: (data: Record<string, unknown>) => void;
  /** The fields the server refused, by path (`address`, `schedule.days`). */
  serverErrors?: readonly ApiErrorDetail[] | undefined;
  disabled?: boolean | undefined;
  /** An id prefix, so that two forms on one page do not share element ids. */
  idPrefix: string;
  /** The request a step's form belongs to: its upload fields file to it (a start form has none yet). */
  instanceId?: string | null | undefined;
  /** Called when a submit finds fields to fix (they are marked; the page may say so once more). */
  onInvalid?: (() => void) | undefined;
  /** The submit buttons (every one of type submit). */
  children: ReactNode;
}

/** Keywords with words of their own (jsonForm.rule.*); any other says the value does not fit. */
const RULES = new Set([
  'required',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'format',
  'type',
  'enum',
  'const',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
]);

/** Our own widgets, by the ui:widget names templates use. */
const WIDGETS = { [FILE_WIDGET]: FormFileWidget };

/** The ui schema with widget names neither @rjsf nor we know drawn as text fields. */
function withKnownWidgets(uiSchema: Record<string, unknown> | undefined): UiSchema {
  const known = new Set([...Object.keys(getDefaultRegistry().widgets), ...Object.keys(WIDGETS)]);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.map(walk);
    }
    if (node === null || typeof node !== 'object') {
      return node;
    }
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([key, value]) => {
        if (key === 'ui:widget' && typeof value === 'string' && !known.has(value) && !isStandard(value)) {
          return [key, 'TextWidget'];
        }
        return [key, walk(value)];
      }),
    );
  };
  return walk(uiSchema ?? {}) as UiSchema;
}

/** Widget names @rjsf resolves itself (text, textarea, select, …). */
function isStandard(widget: string): boolean {
  return /^(text|textarea|password|email|uri|color|date|datetime|time|updown|range|radio|select|checkbox|checkboxes|file|hidden|alt-date|alt-datetime)$/.test(
    widget,
  );
}

/** The server's refusals in @rjsf's shape: `schedule.days` → {schedule: {days: {__errors: […]}}}. */
export function errorSchemaOf(details: readonly ApiErrorDetail[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const detail of details) {
    const path = detail.path.replace(/^form\./, '');
    const parts = path === '(root)' || path === '' ? [] : path.split('.');
    let node = root;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const errors = (node['__errors'] as string[] | undefined) ?? [];
    errors.push(detail.message);
    node['__errors'] = errors;
  }
  return root as ErrorSchema;
}

export function JsonForm(props: JsonFormProps) {
  const { t } = useTranslation();
  const validator = useMemo(
    () =>
      new SchemaValidator((keyword, limit) =>
        t(`jsonForm.rule.${RULES.has(keyword) ? keyword : 'other'}`, { limit: String(limit) }),
      ),
    [t],
  );
  const uiSchema = useMemo(() => withKnownWidgets(props.uiSchema), [props.uiSchema]);
  const formContext = useMemo<FormFileContext>(() => ({ instanceId: props.instanceId }), [props.instanceId]);
  const extraErrors = useMemo(
    () =>
      props.serverErrors && props.serverErrors.length > 0 ? errorSchemaOf(props.serverErrors) : undefined,
    [props.serverErrors],
  );

  const strings: Partial<Record<TranslatableString, string>> = {
    [TranslatableString.AddButton]: t('jsonForm.add'),
    [TranslatableString.AddItemButton]: t('jsonForm.add'),
    [TranslatableString.RemoveButton]: t('jsonForm.remove'),
    [TranslatableString.MoveUpButton]: t('jsonForm.moveUp'),
    [TranslatableString.MoveDownButton]: t('jsonForm.moveDown'),
    [TranslatableString.YesLabel]: t('jsonForm.yes'),
    [TranslatableString.NoLabel]: t('jsonForm.no'),
    [TranslatableString.ArrayItemTitle]: t('jsonForm.item'),
    [TranslatableString.EmptyArray]: t('jsonForm.emptyArray'),
    [TranslatableString.NowLabel]: t('jsonForm.now'),
    [TranslatableString.ClearLabel]: t('jsonForm.clear'),
    [TranslatableString.AriaDateLabel]: t('jsonForm.selectDate'),
    [TranslatableString.ErrorsLabel]: t('jsonForm.errors'),
  };
  const translateString = (key: TranslatableString, params?: string[]): string =>
    strings[key] ?? englishStringTranslator(key, params);

  return (
    <div className="json-form">
      <Form
        schema={props.schema}
        uiSchema={uiSchema}
        formData={props.formData}
        validator={validator}
        idPrefix={props.idPrefix}
        widgets={WIDGETS}
        formContext={formContext}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        disabled={props.disabled}
        translateString={translateString}
        onChange={(event: IChangeEvent<Record<string, unknown>>) => {
          props.onChange(event.formData ?? {});
        }}
        onError={() => {
          props.onInvalid?.();
        }}
        onSubmit={(event: IChangeEvent<Record<string, unknown>>) => {
          props.onSubmit(event.formData ?? {});
        }}
      >
        {props.children}
      </Form>
    </div>
  );
}
