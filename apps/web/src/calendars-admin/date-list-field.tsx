import { Button, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A list of dates (YYYY-MM-DD) edited one at a time: a date picker with "Add", each date a
 * closable tag. A date picked twice is kept once; the list is kept in order.
 */
export function DateListField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: readonly string[];
  onChange: (dates: string[]) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [bad, setBad] = useState(false);

  const add = (): void => {
    if (!DATE.test(draft)) {
      setBad(true);
      return;
    }
    setBad(false);
    onChange([...new Set([...value, draft])].sort());
    setDraft('');
  };

  return (
    <div className="date-list" data-testid={`${id}-field`}>
      <Space.Compact className="date-list-add">
        <Input
          id={id}
          type="date"
          aria-label={label}
          aria-invalid={bad}
          value={draft}
          status={bad ? 'error' : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setBad(false);
          }}
        />
        <Button onClick={add} aria-label={`${t('calendarsAdmin.form.addDate')}: ${label}`}>
          {t('calendarsAdmin.form.addDate')}
        </Button>
      </Space.Compact>
      {bad && (
        <div className="ant-form-item-explain-error" role="alert">
          {t('calendarsAdmin.form.badDate')}
        </div>
      )}
      {value.length > 0 ? (
        <ul className="date-list-items">
          {value.map((date) => (
            <li key={date}>
              <Tag
                closable={{ 'aria-label': `${t('calendarsAdmin.form.removeDate')}: ${date}` }}
                onClose={() => {
                  onChange(value.filter((d) => d !== date));
                }}
              >
                {date}
              </Tag>
            </li>
          ))}
        </ul>
      ) : (
        <div className="auth-muted">{t('calendarsAdmin.form.noDates')}</div>
      )}
    </div>
  );
}
