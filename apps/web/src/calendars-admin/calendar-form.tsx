import { Alert, Button, Checkbox, Form, Input, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarBody, CalendarView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import type { ApiErrorDetail } from '../api/api-error';
import { errorText } from '../pages/password-fields';
import { DateListField } from './date-list-field';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const KEY = /^[a-z][a-z0-9-]{0,62}$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Values {
  key: string;
  nameRu: string;
  nameEn: string;
  timeZone: string;
  days: number[];
  start: string;
  end: string;
}

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Moscow'];
  }
}

/**
 * A working calendar's fields: its names, time zone, working weekdays and their hours, holidays
 * and moved working days. A new calendar also gets its key. The service's refusal is shown with
 * every problem it names.
 */
export function CalendarForm({
  calendar,
  onSaved,
  onCancel,
}: {
  /** The calendar edited; none for a new one. */
  calendar: CalendarView | null;
  onSaved: (calendar: CalendarView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [holidays, setHolidays] = useState<string[]>(calendar?.holidays ?? []);
  const [workingDays, setWorkingDays] = useState<string[]>(calendar?.workingDays ?? []);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<readonly ApiErrorDetail[]>([]);
  const [saving, setSaving] = useState(false);
  const zoneOptions = useMemo(() => zones().map((zone) => ({ value: zone, label: zone })), []);
  const first = calendar?.week[0];
  const initial: Values = {
    key: calendar?.key ?? '',
    nameRu: calendar?.name.ru ?? '',
    nameEn: calendar?.name.en ?? '',
    timeZone: calendar?.timeZone ?? 'Europe/Moscow',
    days: calendar ? calendar.week.map((hours) => hours.day) : [1, 2, 3, 4, 5],
    start: first?.start ?? '09:00',
    end: first?.end ?? '18:00',
  };

  const save = async (values: Values): Promise<void> => {
    setError(null);
    setDetails([]);
    setSaving(true);
    const body: CalendarBody = {
      name: { ru: values.nameRu.trim(), en: values.nameEn.trim() },
      timeZone: values.timeZone,
      week: [...values.days].sort().map((day) => ({ day, start: values.start, end: values.end })),
      holidays,
      workingDays,
    };
    try {
      const saved = calendar
        ? await api.send('PUT', `/api/calendars/${encodeURIComponent(calendar.key)}`, { body })
        : await api.send('POST', '/api/calendars', { body: { key: values.key.trim(), ...body } });
      onSaved((await saved.json()) as CalendarView);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
      if (isApiError(err)) {
        setDetails(err.details);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      data-testid="calendar-form"
      onFinish={(values) => void save(values)}
    >
      {!calendar && (
        <Form.Item
          name="key"
          label={t('calendarsAdmin.form.key')}
          extra={t('calendarsAdmin.form.keyHelp')}
          rules={[
            { required: true, message: t('calendarsAdmin.form.required') },
            { pattern: KEY, message: t('calendarsAdmin.form.badKey') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item
        name="nameRu"
        label={t('calendarsAdmin.form.nameRu')}
        rules={[{ required: true, whitespace: true, message: t('calendarsAdmin.form.required') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="nameEn"
        label={t('calendarsAdmin.form.nameEn')}
        rules={[{ required: true, whitespace: true, message: t('calendarsAdmin.form.required') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="timeZone"
        label={t('calendarsAdmin.form.timeZone')}
        rules={[{ required: true, message: t('calendarsAdmin.form.required') }]}
      >
        <Select showSearch options={zoneOptions} />
      </Form.Item>
      <Form.Item
        name="days"
        label={t('calendarsAdmin.form.days')}
        rules={[{ required: true, type: 'array', min: 1, message: t('calendarsAdmin.form.noDays') }]}
      >
        <Checkbox.Group
          options={WEEKDAYS.map((day) => ({ value: day, label: t(`calendarsAdmin.weekday.${day}`) }))}
        />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item
          name="start"
          label={t('calendarsAdmin.form.start')}
          rules={[
            { required: true, message: t('calendarsAdmin.form.required') },
            { pattern: TIME, message: t('calendarsAdmin.form.badTime') },
          ]}
        >
          <Input inputMode="numeric" placeholder="09:00" className="time-input" />
        </Form.Item>
        <Form.Item
          name="end"
          label={t('calendarsAdmin.form.end')}
          dependencies={['start']}
          rules={[
            { required: true, message: t('calendarsAdmin.form.required') },
            { pattern: TIME, message: t('calendarsAdmin.form.badTime') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) => {
                const start = getFieldValue('start') as string;
                return value !== undefined && TIME.test(start) && TIME.test(value) && value <= start
                  ? Promise.reject(new Error(t('calendarsAdmin.form.endBeforeStart')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <Input inputMode="numeric" placeholder="18:00" className="time-input" />
        </Form.Item>
      </Space>
      <Form.Item label={t('calendarsAdmin.form.holidays')} htmlFor="calendar-holidays">
        <DateListField
          id="calendar-holidays"
          label={t('calendarsAdmin.form.holidayDate')}
          value={holidays}
          onChange={setHolidays}
        />
      </Form.Item>
      <Form.Item
        label={t('calendarsAdmin.form.workingDays')}
        htmlFor="calendar-working-days"
        extra={t('calendarsAdmin.form.workingDaysHelp')}
      >
        <DateListField
          id="calendar-working-days"
          label={t('calendarsAdmin.form.workingDate')}
          value={workingDays}
          onChange={setWorkingDays}
        />
      </Form.Item>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="auth-alert"
          title={details.length > 0 ? t('calendarsAdmin.form.refused') : error}
          description={
            details.length > 0 ? (
              <ul className="problem-list">
                {details.map((detail) => (
                  <li key={`${detail.path}:${detail.message}`}>
                    <code>{detail.path}</code>: {detail.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t(calendar ? 'calendarsAdmin.form.save' : 'calendarsAdmin.form.create')}
        </Button>
        <Button onClick={onCancel}>{t('calendarsAdmin.form.cancel')}</Button>
      </Space>
    </Form>
  );
}
