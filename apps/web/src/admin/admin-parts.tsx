import { Alert, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { errorText } from '../pages/password-fields';

/** How many items one page of a list asks for (the API's most). */
const PAGE_SIZE = 100;

/**
 * Every item of a cursor-paged list. The administration's lists are bounded by the installation
 * itself (its units, its licensed seats, its roles), so the pages are read to the end and the
 * page searches and filters what it holds.
 */
export async function fetchAll<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: String(PAGE_SIZE) });
    if (cursor) {
      params.set('cursor', cursor);
    }
    const page: Page<T> = await api.get<Page<T>>(`${path}?${params.toString()}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A call's answer read as JSON, for the methods the client has no shorthand for (PATCH, PUT, DELETE). */
export async function sendJson<T>(
  method: 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await api.send(method, path, body === undefined ? {} : { body });
  return (await response.json()) as T;
}

/** An admin page for someone without its permission (a guessed URL): its title and why not. */
export function AdminRefusal({ title, text }: { title: string; text: string }) {
  return (
    <div className="page">
      <Typography.Title level={1}>{title}</Typography.Title>
      <Alert type="warning" showIcon title={text} role="alert" data-testid="admin-refused" />
    </div>
  );
}

/** A page's error after a failed call, announced to screen readers. */
export function PageError({ error }: { error: string | null }) {
  if (!error) {
    return null;
  }
  return (
    <Alert type="error" showIcon title={error} className="auth-alert" role="alert" data-testid="page-error" />
  );
}

/**
 * Puts the API's refusal of a form where it belongs: a field error at its path (`email`), or a
 * service's message that opens with a field's name (`managerId: …`) at that field; anything else
 * is the form's own error (returned, for FormError).
 */
export function placeRefusal<F extends object>(
  form: FormInstance<F>,
  err: unknown,
  fields: Partial<Record<string, keyof F & string>>,
  fallback: string,
): string | null {
  if (isApiError(err)) {
    const placed = err.details.flatMap((detail) => {
      const field = fields[detail.path.split('.')[0] ?? ''];
      return field ? [{ name: field, errors: [detail.message] }] : [];
    });
    const opening = /^([A-Za-z]+): (.+)$/s.exec(err.message);
    const named = opening ? fields[opening[1] ?? ''] : undefined;
    if (placed.length === 0 && named && opening) {
      placed.push({ name: named, errors: [opening[2] ?? err.message] });
    }
    if (placed.length > 0) {
      form.setFields(placed as Parameters<FormInstance<F>['setFields']>[0]);
      return null;
    }
  }
  return errorText(err, fallback);
}

/** Solid tags with white text, dark enough for AA contrast (as the client card's). */
export const TAG_COLOURS = {
  good: '#237804',
  neutral: '#595959',
  info: '#0958d9',
  warning: '#ad4e00',
  bad: '#c4161c',
} as const;

export function StatusTag({
  colour,
  children,
  testId,
}: {
  colour: keyof typeof TAG_COLOURS;
  children: string;
  testId?: string;
}) {
  return (
    <Tag color={TAG_COLOURS[colour]} data-testid={testId}>
      {children}
    </Tag>
  );
}

export interface OrgDirectory {
  orgs: OrgView[] | null;
  byId: Map<string, OrgView>;
  error: string | null;
  reload: () => Promise<void>;
}

/** The orgs the signed-in person may see (GET /api/orgs, every page), by id too. */
export function useOrgDirectory(enabled = true): OrgDirectory {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<OrgView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setOrgs(await fetchAll<OrgView>('/api/orgs'));
      setError(null);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  }, [t]);
  useEffect(() => {
    if (enabled) {
      void reload();
    }
  }, [enabled, reload]);
  const byId = useMemo(() => new Map((orgs ?? []).map((org) => [org.id, org])), [orgs]);
  return { orgs, byId, error, reload };
}

/** Where an org sits: the names from the highest one visible down to it ("EcoTrans › Operations"). */
export function orgPathName(org: OrgView, byId: Map<string, OrgView>): string {
  return org.path
    .map((id) => byId.get(id)?.name)
    .filter((name): name is string => name !== undefined)
    .join(' › ');
}

/** The orgs as options of a picker, in the tree's order, each named by its path. */
export function orgOptions(orgs: readonly OrgView[], byId: Map<string, OrgView>) {
  return [...orgs]
    .map((org) => ({ value: org.id, label: orgPathName(org, byId) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
