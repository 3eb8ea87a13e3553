import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { storageIsPersistent } from '../api/browser-storage';
import { useAuth } from '../auth/auth-context';
import { isEmbedded } from '../embed/embedded';
import { AuthCard } from './auth-card';
import { EmailField, FormError } from './form-parts';
import { errorText } from './password-fields';

interface LoginForm {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { login, state } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notice = (location.state as { notice?: string } | null)?.notice;
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  const submit = async (values: LoginForm): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password);
      await navigate(from, { replace: true });
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('login.title')}>
      <p className="auth-subtitle">{t('login.subtitle')}</p>
      {state.status === 'anonymous' && state.ended && !error && (
        <Alert type="info" showIcon title={t('login.sessionEnded')} className="auth-alert" />
      )}
      {notice && !error && <Alert type="success" showIcon title={notice} className="auth-alert" />}
      {!storageIsPersistent && isEmbedded() && (
        <Alert
          type="info"
          showIcon
          className="auth-alert"
          data-testid="storage-denied"
          title={t('login.framedWithoutStorage')}
          description={
            <a href={window.location.href} target="_blank" rel="noopener">
              {t('login.openInNewTab')}
            </a>
          }
        />
      )}
      <FormError error={error} />
      <Form<LoginForm>
        layout="vertical"
        onFinish={(values) => void submit(values)}
        requiredMark={false}
        name="login"
      >
        <EmailField />
        <Form.Item
          name="password"
          label={t('common.password')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('login.submit')}
        </Button>
      </Form>
      <p className="auth-links">
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
    </AuthCard>
  );
}
