import { Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateScheduleInput, Page, RegisterList, ScheduleView, UserView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { currentLanguage } from '../i18n/i18n';
import { FormError } from '../pages/form-parts';
import { errorText } from '../pages/password-fields';

interface TemplateOption {
  key: string;
  name: { ru: string; en: string };
  publishedVersion: number | null;
}

interface ScheduleFields {
  nameRu: string;
  nameEn: string;
  templateKey: string;
  starterId: string;
  kind: 'monthly' | 'weekly' | 'daily' | 'registerDate';
  day?: number;
  weekday?: number;
  register?: string;
  field?: string;
  days?: number;
  direction: 'before' | 'after';
  time: string;
  targets: 'once' | 'activeClient';
  form: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const KINDS = ['monthly', 'weekly', 'daily', 'registerDate'] as const;

/** A register whose records carry dates a schedule can count from, with those fields' titles. */
interface DatedRegister {
  key: string;
  name: { ru: string; en: string };
  fields: { name: string; title: string }[];
}

function datedRegisters(list: RegisterList): DatedRegister[] {
  return list.items
    .filter((register) => (register.dateFields ?? []).length > 0)
    .map((register) => {
      const properties = (register.schema['properties'] ?? {}) as Record<string, { title?: unknown }>;
      return {
        key: register.key,
        name: register.name,
        fields: (register.dateFields ?? []).map((name) => {
          const title = properties[name]?.title;
          return { name, title: typeof title === 'string' ? `${title} (${name})` : name };
        }),
      };
    });
}
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Where a refusal of the API belongs on this form: its field errors' paths (`rule.day`,
 * `name.ru`), or the field a service's message opens with (`templateKey: …`, `form: …`).
 */
function fieldOf(path: string): keyof ScheduleFields | null {
  const [head = '', next] = path.split('.');
  switch (head) {
    case 'name':
      return next === 'en' ? 'nameEn' : 'nameRu';
    case 'templateKey':
    case 'starterId':
    case 'targets':
    case 'form':
      return head;
    case 'rule':
      return next === 'day' ||
        next === 'weekday' ||
        next === 'time' ||
        next === 'register' ||
        next === 'field' ||
        next === 'days' ||
        next === 'direction'
        ? next
        : 'kind';
    default:
      return null;
  }
}

/**
 * A new schedule: the template, whom it starts as, when (every month, week or day, or days before
 * or after a date of each record of a register: S1.8's renewals), for whom, and its start form.
 */
export function ScheduleForm({
  onCreated,
  onCancel,
}: {
  onCreated: (schedule: ScheduleView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [form] = Form.useForm<ScheduleFields>();
  const kind = Form.useWatch('kind', form);
  const registerKey = Form.useWatch('register', form);
  const [templates, setTemplates] = useState<TemplateOption[]>([]);
  const [registers, setRegisters] = useState<DatedRegister[]>([]);
  const [people, setPeople] = useState<UserView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void Promise.all([
      api.get<{ items: TemplateOption[] }>('/api/process-templates'),
      api.get<Page<UserView>>('/api/users?limit=100'),
      api.get<RegisterList>('/api/registers'),
    ])
      .then(([list, users, registerList]) => {
        setTemplates(list.items.filter((item) => item.publishedVersion !== null));
        setRegisters(datedRegisters(registerList));
        // Schedules start as a staff member with a full seat.
        setPeople(users.items.filter((user) => user.seat === 'full' && !user.external));
      })
      .catch((err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [t]);

  const submit = async (fields: ScheduleFields): Promise<void> => {
    setError(null);
    let startForm: unknown;
    try {
      startForm = JSON.parse(fields.form || '{}');
    } catch {
      form.setFields([{ name: 'form', errors: [t('schedules.form.notJson')] }]);
      return;
    }
    if (typeof startForm !== 'object' || startForm === null || Array.isArray(startForm)) {
      form.setFields([{ name: 'form', errors: [t('schedules.form.notJson')] }]);
      return;
    }
    const rule: CreateScheduleInput['rule'] =
      fields.kind === 'monthly'
        ? { kind: 'monthly', day: fields.day ?? 1, time: fields.time }
        : fields.kind === 'weekly'
          ? { kind: 'weekly', weekday: fields.weekday ?? 1, time: fields.time }
          : fields.kind === 'registerDate'
            ? {
                kind: 'registerDate',
                register: fields.register ?? '',
                field: fields.field ?? '',
                days: fields.days ?? 0,
                direction: fields.direction,
                time: fields.time,
              }
            : { kind: 'daily', time: fields.time };
    const input: CreateScheduleInput = {
      name: { ru: fields.nameRu.trim(), en: fields.nameEn.trim() },
      templateKey: fields.templateKey,
      starterId: fields.starterId,
      form: startForm as CreateScheduleInput['form'],
      rule,
      // A register date starts once per record: the record says for whom.
      targets: fields.kind === 'registerDate' ? 'once' : fields.targets,
    };
    setBusy(true);
    try {
      onCreated(await api.post<ScheduleView>('/api/schedules', input));
    } catch (err) {
      placeRefusal(err);
    } finally {
      setBusy(false);
    }
  };

  /** The API's reasons at their fields; what belongs to none, and the message itself, in the alert. */
  const placeRefusal = (err: unknown): void => {
    if (!isApiError(err) || err.code !== 'VALIDATION_FAILED') {
      setError(errorText(err, t('common.networkError')));
      return;
    }
    const byField = new Map<keyof ScheduleFields, string[]>();
    const loose: string[] = [];
    const prefixed = /^([\w.]+): (.+)$/.exec(err.message);
    const reasons =
      err.details.length > 0
        ? err.details
        : prefixed
          ? [{ path: prefixed[1] ?? '', message: prefixed[2] ?? '' }]
          : [];
    for (const detail of reasons) {
      const field = fieldOf(detail.path);
      if (field) {
        byField.set(field, [...(byField.get(field) ?? []), detail.message]);
      } else {
        loose.push(detail.message);
      }
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
    if (byField.size === 0 || loose.length > 0) {
      setError(loose.length > 0 ? loose.join('; ') : err.message);
    }
  };

  return (
    <Form<ScheduleFields>
      form={form}
      layout="vertical"
      requiredMark={false}
      name="schedule"
      data-testid="schedule-form"
      initialValues={{
        kind: 'monthly',
        day: 1,
        weekday: 1,
        days: 30,
        direction: 'before',
        time: '09:00',
        targets: 'once',
        form: '{}',
      }}
      onFinish={(fields) => void submit(fields)}
    >
      <FormError error={error} />
      <Form.Item
        name="nameRu"
        label={t('schedules.form.nameRu')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={300} lang="ru" />
      </Form.Item>
      <Form.Item
        name="nameEn"
        label={t('schedules.form.nameEn')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={300} lang="en" />
      </Form.Item>
      <Form.Item
        name="templateKey"
        label={t('schedules.form.template')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={templates.map((item) => ({ value: item.key, label: item.name[language] }))}
        />
      </Form.Item>
      <Form.Item
        name="starterId"
        label={t('schedules.form.starter')}
        extra={t('schedules.form.starterHint')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={people.map((person) => ({ value: person.id, label: person.displayName }))}
        />
      </Form.Item>
      <Form.Item name="kind" label={t('schedules.form.kind')}>
        <Radio.Group
          optionType="button"
          options={KINDS.map((value) => ({
            value,
            label: t(`schedules.form.kinds.${value}`),
          }))}
        />
      </Form.Item>
      {kind === 'monthly' && (
        <Form.Item
          name="day"
          label={t('schedules.form.day')}
          extra={t('schedules.form.dayHint')}
          rules={[
            { required: true, type: 'integer', min: 1, max: 31, message: t('schedules.form.dayRange') },
          ]}
        >
          <InputNumber min={1} max={31} precision={0} />
        </Form.Item>
      )}
      {kind === 'weekly' && (
        <Form.Item name="weekday" label={t('schedules.form.weekday')}>
          <Select
            options={WEEKDAYS.map((value) => ({ value, label: t(`schedules.form.weekdays.${value}`) }))}
          />
        </Form.Item>
      )}
      {kind === 'registerDate' && (
        <>
          <Form.Item
            name="register"
            label={t('schedules.form.register')}
            extra={t('schedules.form.registerHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              options={registers.map((register) => ({ value: register.key, label: register.name[language] }))}
              onChange={() => {
                form.setFieldValue('field', undefined);
              }}
            />
          </Form.Item>
          <Form.Item
            name="field"
            label={t('schedules.form.dateField')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              options={(registers.find((register) => register.key === registerKey)?.fields ?? []).map(
                (field) => ({ value: field.name, label: field.title }),
              )}
            />
          </Form.Item>
          <Form.Item
            name="days"
            label={t('schedules.form.days')}
            rules={[
              { required: true, type: 'integer', min: 0, max: 3650, message: t('schedules.form.daysRange') },
            ]}
          >
            <InputNumber min={0} max={3650} precision={0} />
          </Form.Item>
          <Form.Item name="direction" label={t('schedules.form.direction')}>
            <Radio.Group
              options={(['before', 'after'] as const).map((value) => ({
                value,
                label: t(`schedules.form.directions.${value}`),
              }))}
            />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="time"
        label={t('schedules.form.time')}
        rules={[{ required: true, pattern: TIME, message: t('schedules.form.timeFormat') }]}
      >
        <Input inputMode="numeric" placeholder="09:00" maxLength={5} />
      </Form.Item>
      {kind !== 'registerDate' && (
        <Form.Item name="targets" label={t('schedules.form.targets')}>
          <Radio.Group
            options={(['once', 'activeClient'] as const).map((value) => ({
              value,
              label: t(`schedules.targets.${value}`),
            }))}
          />
        </Form.Item>
      )}
      <Form.Item name="form" label={t('schedules.form.startForm')} extra={t('schedules.form.startFormHint')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} spellCheck={false} className="code-input" />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('schedules.form.create')}
        </Button>
        <Button onClick={onCancel}>{t('schedules.form.cancel')}</Button>
      </Space>
    </Form>
  );
}
