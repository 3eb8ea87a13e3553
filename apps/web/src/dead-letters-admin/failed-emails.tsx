import { Alert, Button, Empty, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedEmailView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';

const PAGE_SIZE = 20;

const STATUS_COLOURS: Record<FailedEmailView['status'], string> = {
  failed: '#a8071a',
  stuck: '#ad4e00',
  pending: '#595959',
};

/**
 * Notification e-mails that need an admin: failed ones (the SMTP server refused every try) and
 * stuck ones (claimed and never confirmed: they may have gone out, so sending again is confirmed).
 */
export function FailedEmails() {
  const { t } = useTranslation();
  const time = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  const [emails, setEmails] = useState<FailedEmailView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null): Promise<void> => {
      try {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (cursor) {
          query.set('cursor', cursor);
        }
        const page = await api.get<Page<FailedEmailView>>(
          `/api/admin/notification-emails/failed?${query.toString()}`,
        );
        setEmails((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
        setNext(page.nextCursor);
      } catch (err) {
        setError(errorText(err, t('common.networkError')));
        setEmails((previous) => previous ?? []);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const retry = async (email: FailedEmailView): Promise<void> => {
    setError(null);
    setNotice(null);
    setBusy(email.notificationId);
    try {
      await api.post(`/api/admin/notification-emails/${encodeURIComponent(email.notificationId)}/retry`);
      setNotice(t('deadLettersAdmin.emails.retried', { title: email.title }));
      await load(null);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  const retryButton = (email: FailedEmailView) => (
    <Button
      loading={busy === email.notificationId}
      aria-label={`${t('deadLettersAdmin.emails.retry')}: ${email.title}`}
      onClick={email.status === 'stuck' ? undefined : () => void retry(email)}
    >
      {t('deadLettersAdmin.emails.retry')}
    </Button>
  );

  return (
    <>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {!emails ? (
        <Skeleton active />
      ) : emails.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deadLettersAdmin.emails.empty')} />
      ) : (
        <ul className="work-list" data-testid="failed-emails">
          {emails.map((email) => (
            <li key={email.notificationId} className="admin-item" data-testid="failed-email">
              <div className="admin-item-head">
                <Typography.Text strong>{email.title}</Typography.Text>
                <Tag color={STATUS_COLOURS[email.status]}>
                  {t(`deadLettersAdmin.emails.status.${email.status}`)}
                </Tag>
              </div>
              <dl className="run-facts">
                <div>
                  <dt>{t('deadLettersAdmin.emails.kind')}</dt>
                  <dd>
                    <code>{email.kind}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('deadLettersAdmin.attempts')}</dt>
                  <dd>{email.attempts}</dd>
                </div>
                <div>
                  <dt>{t('deadLettersAdmin.emails.lastError')}</dt>
                  <dd className="dead-letter-error">
                    {email.lastError ?? t('deadLettersAdmin.emails.noError')}
                  </dd>
                </div>
                <div>
                  <dt>{t('deadLettersAdmin.emails.at')}</dt>
                  <dd>{time.format(new Date(email.at))}</dd>
                </div>
              </dl>
              {email.status === 'stuck' ? (
                <Popconfirm
                  title={t('deadLettersAdmin.emails.confirmStuck')}
                  okText={t('deadLettersAdmin.emails.retry')}
                  cancelText={t('deadLettersAdmin.cancel')}
                  onConfirm={() => void retry(email)}
                >
                  {retryButton(email)}
                </Popconfirm>
              ) : (
                retryButton(email)
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <Button className="page-action" onClick={() => void load(next)}>
          {t('deadLettersAdmin.more')}
        </Button>
      )}
    </>
  );
}
