import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The message a form's submit was refused with (the API's, in the page's language), announced to screen readers. */
export function FormError({ error }: { error: string | null }) {
  if (!error) {
    return null;
  }
  return (
    <Alert type="error" showIcon title={error} className="auth-alert" role="alert" data-testid="form-error" />
  );
}

/** The e-mail field of the sign-in forms: required, checked as an address, filled by the browser. */
export function EmailField({ autoFocus = true }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="email"
      label={t('common.email')}
      rules={[
        { required: true, message: t('common.required') },
        { type: 'email', message: t('common.emailInvalid') },
      ]}
    >
      <Input type="email" autoComplete="username" inputMode="email" autoFocus={autoFocus} />
    </Form.Item>
  );
}
