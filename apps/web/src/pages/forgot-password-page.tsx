import { Alert, Button, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { AuthCard } from './auth-card';
import { EmailField, FormError } from './form-parts';
import { errorText } from './password-fields';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ email }: { email: string }): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      // The e-mail comes in the language the page is in.
      await api.post(
        '/api/auth/password-reset/request',
        { email: email.trim(), locale: currentLanguage() },
        { auth: false },
      );
      setSent(true);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('forgot.title')}>
      {sent ? (
        <Alert type="success" showIcon title={t('forgot.sent')} className="auth-alert" role="status" />
      ) : (
        <>
          <p>{t('forgot.intro')}</p>
          <FormError error={error} />
          <Form
            layout="vertical"
            onFinish={(values: { email: string }) => void submit(values)}
            requiredMark={false}
            name="forgot"
          >
            <EmailField />
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('forgot.submit')}
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
