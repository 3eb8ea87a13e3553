import { Alert, Button, Card, Descriptions, Form, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isPortalUser, useUser } from '../auth/auth-context';
import { api } from '../api/api-client';
import { NewPasswordFields, errorText } from './password-fields';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
}

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useUser();
  const [form] = Form.useForm<ChangeForm>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: ChangeForm): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      await api.post('/api/auth/password', {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      form.resetFields();
      setResult({ ok: true, text: t('profile.changed') });
    } catch (err) {
      setResult({ ok: false, text: errorText(err, t('common.networkError')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <Typography.Title level={1}>{t('profile.title')}</Typography.Title>
      <Card className="page-card">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('profile.name')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('common.email')}>{user.email}</Descriptions.Item>
          <Descriptions.Item label={t('profile.seat')}>
            {isPortalUser(user) ? t('shell.portalSeat') : t('shell.fullSeat')}
          </Descriptions.Item>
          <Descriptions.Item label={t('profile.roles')}>
            {user.roles.length === 0
              ? t('profile.noRoles')
              : user.roles.map((role) => <Tag key={`${role.roleId}-${role.orgId}`}>{role.roleName}</Tag>)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card className="page-card" title={<h2 className="card-title">{t('profile.changePassword')}</h2>}>
        {result && (
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={result.text}
            className="auth-alert"
            role={result.ok ? 'status' : 'alert'}
          />
        )}
        <Form<ChangeForm>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          requiredMark={false}
          name="password"
          className="narrow-form"
        >
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <Form.Item
            name="currentPassword"
            label={t('profile.current')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <NewPasswordFields />
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('profile.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
