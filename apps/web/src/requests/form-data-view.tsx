import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n';
import { FILE_WIDGET, FormFileValue } from './form-file';

type Schema = Record<string, unknown>;

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A key as words when the schema gives it no title: `pricePerTrip` → "Price per trip". */
function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label of a field: the UI schema's title, the schema's, or the key in words. */
function labelOf(key: string, schema: Schema, ui: Record<string, unknown>): string {
  const uiTitle = ui['ui:title'];
  if (typeof uiTitle === 'string') {
    return uiTitle;
  }
  return typeof schema['title'] === 'string' ? schema['title'] : humanise(key);
}

/** The order the form draws its fields in: `ui:order` (with `*` for the rest), else the schema's. */
function orderOf(keys: string[], ui: Record<string, unknown>): string[] {
  const order = ui['ui:order'];
  if (!Array.isArray(order)) {
    return keys;
  }
  const named = order.filter((k): k is string => typeof k === 'string' && k !== '*' && keys.includes(k));
  const rest = keys.filter((k) => !named.includes(k));
  const star = order.indexOf('*');
  return star < 0 ? [...named, ...rest] : [...named.slice(0, star), ...rest, ...named.slice(star)];
}

/** The title an enum value has in the schema (`oneOf: [{const, title}]`, `ui:enumNames`), or the value. */
function enumTitle(value: unknown, schema: Schema, ui: Record<string, unknown>): string | null {
  const oneOf = schema['oneOf'] ?? schema['anyOf'];
  if (Array.isArray(oneOf)) {
    const option = oneOf.map(objectOf).find((o) => o['const'] === value);
    if (option && typeof option['title'] === 'string') {
      return option['title'];
    }
  }
  const values = schema['enum'];
  const names = ui['ui:enumNames'];
  if (Array.isArray(values) && Array.isArray(names)) {
    const name: unknown = names[values.indexOf(value)];
    if (typeof name === 'string') {
      return name;
    }
  }
  return null;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

/**
 * Form data as a person reads it: each field under the label the form gave it, values as the form
 * offered them (enum titles, dates in the page's language, yes/no, files by name with a download),
 * nested objects indented.
 */
export function FormDataView({
  schema,
  uiSchema,
  data,
}: {
  schema: Schema | null | undefined;
  uiSchema?: Record<string, unknown> | null | undefined;
  data: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTimes = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(language);

  const format = (value: unknown, field: Schema, ui: Record<string, unknown>): ReactNode => {
    const titled = enumTitle(value, field, ui);
    if (titled !== null) {
      return titled;
    }
    if (typeof value === 'boolean') {
      return value ? t('jsonForm.yes') : t('jsonForm.no');
    }
    if (typeof value === 'number') {
      return numbers.format(value);
    }
    if (typeof value === 'string' && ui['ui:widget'] === FILE_WIDGET) {
      return <FormFileValue documentId={value} />;
    }
    if (typeof value === 'string') {
      const time = Date.parse(value);
      if (field['format'] === 'date' && !Number.isNaN(time)) {
        return dates.format(new Date(time));
      }
      if (field['format'] === 'date-time' && !Number.isNaN(time)) {
        return dateTimes.format(new Date(time));
      }
      return <span className="form-data-text">{value}</span>;
    }
    if (Array.isArray(value)) {
      const items = objectOf(field['items']);
      const itemUi = objectOf(ui['items']);
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        return value.map((v, i) => (
          <span key={i}>
            {i > 0 && ', '}
            {format(v, items, itemUi)}
          </span>
        ));
      }
      return (
        <ol className="form-data-list">
          {value.map((v, i) => (
            <li key={i}>{format(v, items, itemUi)}</li>
          ))}
        </ol>
      );
    }
    if (value !== null && typeof value === 'object') {
      return fields(value as Record<string, unknown>, field, ui, true);
    }
    return String(value);
  };

  const fields = (
    values: Record<string, unknown>,
    objectSchema: Schema,
    ui: Record<string, unknown>,
    nested: boolean,
  ): ReactNode => {
    const properties = objectOf(objectSchema['properties']);
    const keys = orderOf([...new Set([...Object.keys(properties), ...Object.keys(values)])], ui).filter(
      (key) => !isEmpty(values[key]) && objectOf(ui[key])['ui:widget'] !== 'hidden',
    );
    return (
      <dl className={nested ? 'form-data form-data-nested' : 'form-data'}>
        {keys.map((key) => {
          const field = objectOf(properties[key]);
          const fieldUi = objectOf(ui[key]);
          return (
            <div key={key} className="form-data-row">
              <dt>{labelOf(key, field, fieldUi)}</dt>
              <dd>{format(values[key], field, fieldUi)}</dd>
            </div>
          );
        })}
      </dl>
    );
  };

  if (Object.values(data).every(isEmpty)) {
    return <Typography.Text type="secondary">{t('request.noData')}</Typography.Text>;
  }
  return fields(data, schema ?? {}, uiSchema ?? {}, false);
}
