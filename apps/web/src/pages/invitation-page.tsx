import { Button, Form, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { InvitationPreview, TokenPair } from '@orbita/contracts';
import { api } from '../api/api-client';
import { useAuth } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { AuthCard } from './auth-card';
import { FormError } from './form-parts';
import { NewPasswordFields, errorText } from './password-fields';

/** The page of identity's invitation link: /invitation?token=… — set a password, get signed in. */
export function InvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const navigate = useNavigate();
  const { signInWith } = useAuth();
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [error, setError] = useState<string | null>(token ? null : t('invitation.noToken'));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) {
      return;
    }
    api
      .post<InvitationPreview>('/api/invitations/preview', { token }, { auth: false })
      .then(setPreview, (err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [token, t]);

  const submit = async ({ newPassword }: { newPassword: string }): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const pair = await api.post<TokenPair>(
        '/api/invitations/accept',
        { token, password: newPassword },
        { auth: false },
      );
      await signInWith(pair);
      await navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('invitation.title')}>
      <FormError error={error} />
      {token && !preview && !error && <Skeleton active paragraph={{ rows: 3 }} />}
      {preview && (
        <>
          <p data-testid="invitation-intro">
            {t('invitation.intro', { name: preview.displayName, org: preview.orgName })}
          </p>
          <p className="auth-muted">
            {preview.email} ·{' '}
            {t('invitation.expires', {
              date: new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'long' }).format(
                new Date(preview.expiresAt),
              ),
            })}
          </p>
          <Form
            layout="vertical"
            onFinish={(values: { newPassword: string }) => void submit(values)}
            requiredMark={false}
            name="invitation"
          >
            <input
              type="email"
              name="username"
              autoComplete="username"
              value={preview.email}
              readOnly
              hidden
            />
            <NewPasswordFields />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('invitation.submit')}
            </Button>
          </Form>
        </>
      )}
      <p className="auth-links">
        <Link to="/login">{t('common.backToLogin')}</Link>
      </p>
    </AuthCard>
  );
}
