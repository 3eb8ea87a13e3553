import { Alert, Button, Form, Input, Progress, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LicenceUsage } from '@orbita/contracts';
import { api } from '../api/api-client';
import { holds, useUser } from '../auth/auth-context';
import { formatDate } from '../clients/formats';
import { FormError } from '../pages/form-parts';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import { AdminRefusal, PageError, StatusTag, placeRefusal, sendJson } from './admin-parts';

/** Expiry this close is worth a warning. */
const EXPIRY_WARNING_DAYS = 30;
/** A pool this full is worth a warning. */
const POOL_WARNING_SHARE = 0.9;

/**
 * The licence (`/admin/licence`, licence.view): whom it is for, until when, and the seats of each
 * pool taken against its size; with licence.manage, a new signed licence file put in its place.
 */
export function LicencePage() {
  const { t } = useTranslation();
  const user = useUser();
  const manages = holds(user, 'licence.manage');
  const allowed = manages || holds(user, 'licence.view');
  const [usage, setUsage] = useState<LicenceUsage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setUsage(await api.get<LicenceUsage>('/api/admin/licence'));
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  }, [t]);

  useEffect(() => {
    if (allowed) {
      void load();
    }
  }, [allowed, load]);

  if (!allowed) {
    return <AdminRefusal title={t('licenceAdmin.title')} text={t('licenceAdmin.refused')} />;
  }

  // The warnings in the reader's language, from the numbers (the API's own are in English).
  const warnings: string[] = [];
  if (usage) {
    if (usage.expired) {
      warnings.push(t('licenceAdmin.warnExpired'));
    } else if (usage.expiresInDays <= EXPIRY_WARNING_DAYS) {
      warnings.push(t('licenceAdmin.warnExpiring', { count: usage.expiresInDays }));
    }
    for (const pool of usage.pools) {
      if (pool.used > pool.size) {
        warnings.push(t('licenceAdmin.warnOver', { pool: t(`licenceAdmin.pools.${pool.type}`) }));
      } else if (pool.size > 0 && pool.used >= pool.size * POOL_WARNING_SHARE) {
        warnings.push(t('licenceAdmin.warnNearlyFull', { pool: t(`licenceAdmin.pools.${pool.type}`) }));
      }
    }
  }

  return (
    <div className="page">
      <Typography.Title level={1}>{t('licenceAdmin.title')}</Typography.Title>
      <PageError error={error} />
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {!usage ? (
        !error && <Skeleton active />
      ) : (
        <>
          {warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              className="auth-alert"
              data-testid="licence-warnings"
              title={
                <ul className="plain-list">
                  {warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Section id="licence-seats" title={t('licenceAdmin.seats')}>
            <ul className="work-list" data-testid="licence-pools">
              {usage.pools.map((pool) => {
                const label = t(`licenceAdmin.pools.${pool.type}`);
                const percent =
                  pool.size > 0 ? Math.min(100, Math.round((pool.used / pool.size) * 100)) : 100;
                return (
                  <li key={pool.type} className="licence-pool" data-testid={`licence-pool-${pool.type}`}>
                    <div className="schedule-head">
                      <Typography.Text strong>{label}</Typography.Text>
                      <span data-testid="licence-pool-numbers">
                        {t('licenceAdmin.used', { used: pool.used, size: pool.size })}
                      </span>
                    </div>
                    <Progress
                      percent={percent}
                      status={pool.used >= pool.size ? 'exception' : 'normal'}
                      showInfo={false}
                      aria-label={t('licenceAdmin.usedOf', { pool: label, used: pool.used, size: pool.size })}
                    />
                    <Typography.Text type="secondary" data-testid="licence-pool-free">
                      {t('licenceAdmin.free', { count: Math.max(0, pool.available) })}
                    </Typography.Text>
                  </li>
                );
              })}
            </ul>
          </Section>
          <Section id="licence-facts" title={t('licenceAdmin.licence')}>
            <dl className="run-facts" data-testid="licence-facts">
              <div>
                <dt>{t('licenceAdmin.licensee')}</dt>
                <dd data-testid="licence-licensee">{usage.licensee}</dd>
              </div>
              <div>
                <dt>{t('licenceAdmin.number')}</dt>
                <dd>{usage.licenceId}</dd>
              </div>
              <div>
                <dt>{t('licenceAdmin.issued')}</dt>
                <dd>{formatDate(usage.issuedAt)}</dd>
              </div>
              <div>
                <dt>{t('licenceAdmin.expires')}</dt>
                <dd data-testid="licence-expires">
                  {formatDate(usage.expiresAt)}{' '}
                  {usage.expired ? (
                    <StatusTag colour="bad">{t('licenceAdmin.expired')}</StatusTag>
                  ) : (
                    <Typography.Text type="secondary">
                      {t('licenceAdmin.daysLeft', { count: usage.expiresInDays })}
                    </Typography.Text>
                  )}
                </dd>
              </div>
            </dl>
          </Section>
        </>
      )}
      {manages && (
        <Section id="licence-replace" title={t('licenceAdmin.replace')}>
          <ReplaceLicenceForm
            onInstalled={(installed) => {
              setUsage(installed);
              setError(null);
              setNotice(t('licenceAdmin.installed', { id: installed.licenceId }));
            }}
          />
        </Section>
      )}
    </div>
  );
}

/** A signed licence file, pasted or read from a file; identity verifies it (one byte changed: refused). */
function ReplaceLicenceForm({ onInstalled }: { onInstalled: (usage: LicenceUsage) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ licence: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) {
      return;
    }
    void file.text().then((text) => {
      form.setFieldsValue({ licence: text });
      form.setFields([{ name: 'licence', errors: [] }]);
    });
  };

  const submit = async ({ licence }: { licence: string }) => {
    setError(null);
    setBusy(true);
    try {
      onInstalled(await sendJson<LicenceUsage>('PUT', '/api/admin/licence', { licence }));
      form.resetFields();
    } catch (err) {
      setError(placeRefusal(form, err, { licence: 'licence' }, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      name="licence"
      data-testid="licence-form"
      onFinish={(f) => void submit(f)}
    >
      <Typography.Paragraph type="secondary">{t('licenceAdmin.replaceHint')}</Typography.Paragraph>
      <div className="version-upload licence-file">
        <label htmlFor="licence-file" className="field-label">
          {t('licenceAdmin.file')}
        </label>
        <input id="licence-file" type="file" accept=".lic,.txt,text/plain" onChange={readFile} />
      </div>
      <Form.Item
        name="licence"
        label={t('licenceAdmin.text')}
        className="licence-text"
        rules={[{ required: true, whitespace: true, message: t('licenceAdmin.textRequired') }]}
      >
        <Input.TextArea
          className="code-input"
          autoSize={{ minRows: 6, maxRows: 16 }}
          maxLength={20_000}
          spellCheck={false}
        />
      </Form.Item>
      <FormError error={error} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('licenceAdmin.install')}
        </Button>
      </Space>
    </Form>
  );
}
