import { Alert, Button, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarList, CalendarView, OrgView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { holds, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import { CalendarAssignments } from './calendar-assignments';
import { CalendarForm } from './calendar-form';

/** Org units are read in pages of this many, up to MAX_UNITS in all (a company has tens of them). */
const UNITS_PAGE = 100;
const MAX_UNITS = 1000;

type Editing = { kind: 'new' } | { kind: 'fields' | 'units'; key: string } | null;

async function internalUnits(): Promise<OrgView[]> {
  const units: OrgView[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(UNITS_PAGE) });
    if (cursor) {
      query.set('cursor', cursor);
    }
    const page: Page<OrgView> = await api.get<Page<OrgView>>(`/api/orgs?${query.toString()}`);
    units.push(...page.items.filter((org) => !org.external));
    cursor = page.nextCursor;
  } while (cursor && units.length < MAX_UNITS);
  return units;
}

/**
 * Working calendars (ADR 019) for those who manage them: the hours, zone, holidays and moved days
 * each unit works by, which SLA due times are counted in. Create, edit, and choose the units.
 */
export function CalendarsAdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'calendar.manage');
  const language = currentLanguage();
  const [calendars, setCalendars] = useState<CalendarView[] | null>(null);
  const [units, setUnits] = useState<OrgView[]>([]);
  const [refused, setRefused] = useState(!allowed);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [list, orgs] = await Promise.all([api.get<CalendarList>('/api/calendars'), internalUnits()]);
      setCalendars(list.items);
      setUnits(orgs);
    } catch (err) {
      if (isApiError(err) && err.status === 403) {
        setRefused(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [t]);

  useEffect(() => {
    if (allowed) {
      void load();
    }
  }, [allowed, load]);

  const saved = (message: string): void => {
    setEditing(null);
    setError(null);
    setNotice(message);
    void load();
  };

  if (refused) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('calendarsAdmin.title')}</Typography.Title>
        <Alert type="warning" showIcon title={t('calendarsAdmin.refused')} role="alert" />
      </div>
    );
  }

  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const hoursOf = (calendar: CalendarView): string => {
    const first = calendar.week[0];
    const days = calendar.week.map((hours) => t(`calendarsAdmin.weekday.${hours.day}`)).join(', ');
    return first ? t('calendarsAdmin.hours', { days, start: first.start, end: first.end }) : '';
  };

  const renderCalendar = (calendar: CalendarView) => {
    const name = calendar.name[language];
    const editingThis = editing && editing.kind !== 'new' && editing.key === calendar.key ? editing : null;
    return (
      <li key={calendar.key} className="admin-item" data-testid="calendar">
        <div className="admin-item-head">
          <Typography.Text strong>{name}</Typography.Text>
          {calendar.isDefault && <Tag color="#0958d9">{t('calendarsAdmin.default')}</Tag>}
        </div>
        <dl className="run-facts">
          <div>
            <dt>{t('calendarsAdmin.key')}</dt>
            <dd>
              <code>{calendar.key}</code>
            </dd>
          </div>
          <div>
            <dt>{t('calendarsAdmin.timeZone')}</dt>
            <dd data-testid="calendar-zone">{calendar.timeZone}</dd>
          </div>
          <div>
            <dt>{t('calendarsAdmin.workingHours')}</dt>
            <dd data-testid="calendar-hours">{hoursOf(calendar)}</dd>
          </div>
          <div>
            <dt>{t('calendarsAdmin.holidays')}</dt>
            <dd data-testid="calendar-holidays">
              {calendar.holidays.length > 0 ? calendar.holidays.join(', ') : t('calendarsAdmin.none')}
            </dd>
          </div>
          <div>
            <dt>{t('calendarsAdmin.workingDays')}</dt>
            <dd data-testid="calendar-working-days">
              {calendar.workingDays.length > 0 ? calendar.workingDays.join(', ') : t('calendarsAdmin.none')}
            </dd>
          </div>
          <div>
            <dt>{t('calendarsAdmin.units.title')}</dt>
            <dd data-testid="calendar-units">
              {calendar.orgIds.length > 0
                ? calendar.orgIds.map((id) => unitName.get(id) ?? id).join(', ')
                : t(calendar.isDefault ? 'calendarsAdmin.units.rest' : 'calendarsAdmin.none')}
            </dd>
          </div>
        </dl>
        {editingThis?.kind === 'fields' ? (
          <CalendarForm
            calendar={calendar}
            onCancel={() => {
              setEditing(null);
            }}
            onSaved={(result) => {
              saved(t('calendarsAdmin.done.update', { name: result.name[language] }));
            }}
          />
        ) : editingThis?.kind === 'units' ? (
          <CalendarAssignments
            calendar={calendar}
            units={units}
            onCancel={() => {
              setEditing(null);
            }}
            onSaved={(result) => {
              saved(t('calendarsAdmin.done.assign', { name: result.name[language] }));
            }}
          />
        ) : (
          <Space wrap>
            <Button
              aria-label={`${t('calendarsAdmin.edit')}: ${name}`}
              onClick={() => {
                setEditing({ kind: 'fields', key: calendar.key });
              }}
            >
              {t('calendarsAdmin.edit')}
            </Button>
            <Button
              aria-label={`${t('calendarsAdmin.units.edit')}: ${name}`}
              onClick={() => {
                setEditing({ kind: 'units', key: calendar.key });
              }}
            >
              {t('calendarsAdmin.units.edit')}
            </Button>
          </Space>
        )}
      </li>
    );
  };

  return (
    <div className="page">
      <Typography.Title level={1}>{t('calendarsAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendarsAdmin.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {editing?.kind === 'new' ? (
        <Section id="calendar-new" title={t('calendarsAdmin.new')}>
          <CalendarForm
            calendar={null}
            onCancel={() => {
              setEditing(null);
            }}
            onSaved={(result) => {
              saved(t('calendarsAdmin.done.create', { name: result.name[language] }));
            }}
          />
        </Section>
      ) : (
        <Button
          type="primary"
          className="page-action"
          onClick={() => {
            setEditing({ kind: 'new' });
          }}
        >
          {t('calendarsAdmin.new')}
        </Button>
      )}
      <Section id="calendars" title={t('calendarsAdmin.list', { count: calendars?.length ?? 0 })}>
        {!calendars ? (
          <Skeleton active />
        ) : calendars.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendarsAdmin.empty')} />
        ) : (
          <ul className="work-list" data-testid="calendars">
            {calendars.map(renderCalendar)}
          </ul>
        )}
      </Section>
    </div>
  );
}
