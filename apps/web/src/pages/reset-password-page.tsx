import { Alert, Button, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/api-client';
import { AuthCard } from './auth-card';
import { FormError } from './form-parts';
import { NewPasswordFields, errorText } from './password-fields';

/** The page of identity's reset e-mail link: /reset-password?token=… */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ newPassword }: { newPassword: string }): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password-reset', { token, newPassword }, { auth: false });
      await navigate('/login', { replace: true, state: { notice: t('reset.done') } });
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('reset.title')}>
      {!token ? (
        <Alert type="error" showIcon title={t('reset.noToken')} className="auth-alert" role="alert" />
      ) : (
        <>
          <FormError error={error} />
          <Form
            layout="vertical"
            onFinish={(values: { newPassword: string }) => void submit(values)}
            requiredMark={false}
            name="reset"
          >
            <NewPasswordFields />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('reset.submit')}
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
