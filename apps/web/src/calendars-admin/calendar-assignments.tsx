import { Alert, Button, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarView, OrgView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { errorText } from '../pages/password-fields';

/**
 * The units that work by a calendar (and their subtrees, unless a unit below has its own). A unit
 * chosen here leaves whichever calendar it worked by.
 */
export function CalendarAssignments({
  calendar,
  units,
  onSaved,
  onCancel,
}: {
  calendar: CalendarView;
  units: readonly OrgView[];
  onSaved: (calendar: CalendarView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [orgIds, setOrgIds] = useState<string[]>(calendar.orgIds);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = `calendar-units-${calendar.key}`;

  const save = async (): Promise<void> => {
    setError(null);
    setSaving(true);
    try {
      const response = await api.send(
        'PUT',
        `/api/calendars/${encodeURIComponent(calendar.key)}/assignments`,
        {
          body: { orgIds },
        },
      );
      onSaved((await response.json()) as CalendarView);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form layout="vertical" data-testid="calendar-assignments" onFinish={() => void save()}>
      <Form.Item label={t('calendarsAdmin.units.label')} htmlFor={id} extra={t('calendarsAdmin.units.help')}>
        <Select
          id={id}
          mode="multiple"
          value={orgIds}
          onChange={setOrgIds}
          showSearch={{ optionFilterProp: 'label' }}
          options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
          placeholder={t('calendarsAdmin.units.none')}
        />
      </Form.Item>
      {error && <Alert type="error" showIcon role="alert" className="auth-alert" title={error} />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('calendarsAdmin.units.save')}
        </Button>
        <Button onClick={onCancel}>{t('calendarsAdmin.form.cancel')}</Button>
      </Space>
    </Form>
  );
}
