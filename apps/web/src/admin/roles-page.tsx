import { Button, Checkbox, Empty, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateRoleInput, Permission, RoleView, UpdateRoleInput } from '@orbita/contracts';
import { api } from '../api/api-client';
import { holds, useUser } from '../auth/auth-context';
import { FormError } from '../pages/form-parts';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import { AdminRefusal, PageError, placeRefusal, sendJson } from './admin-parts';

/**
 * Every permission of the vocabulary (libs/contracts access/permissions), in its order: a record,
 * so a permission added there fails the type check here until it is offered (and labelled).
 */
const PERMISSIONS: Record<Permission, true> = {
  'org.read': true,
  'org.manage': true,
  'user.read': true,
  'user.invite': true,
  'user.manage': true,
  'role.manage': true,
  'licence.view': true,
  'licence.manage': true,
  'keys.manage': true,
  'task.read': true,
  'task.manage': true,
  'file.read': true,
  'file.manage': true,
  'ops.manage': true,
  'process.manage': true,
  'register.manage': true,
  'calendar.manage': true,
  'report.view': true,
};

/** The permissions by what they are about (`org.read` → org), in the vocabulary's order. */
function permissionGroups(): { group: string; permissions: Permission[] }[] {
  const groups = new Map<string, Permission[]>();
  for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
    const group = permission.split('.')[0] ?? permission;
    groups.set(group, [...(groups.get(group) ?? []), permission]);
  }
  return [...groups].map(([group, permissions]) => ({ group, permissions }));
}

interface RoleFields {
  name: string;
  description: string;
  permissions: Permission[];
}

/**
 * Roles (`/admin/roles`, role.manage): the named permission sets the installation gives people at
 * units. The built-in ones are fixed; one's own are created and their permissions changed here,
 * each permission a checkbox with its meaning in words.
 */
export function RolesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'role.manage');
  const [roles, setRoles] = useState<RoleView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The role being edited, 'new' for a new one, null for none.
  const [editing, setEditing] = useState<RoleView | 'new' | null>(null);

  const load = useCallback(async () => {
    try {
      setRoles((await api.get<{ items: RoleView[] }>('/api/roles')).items);
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
    return <AdminRefusal title={t('rolesAdmin.title')} text={t('rolesAdmin.refused')} />;
  }

  const sorted = [...(roles ?? [])].sort(
    (a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name),
  );

  return (
    <div className="page">
      <Typography.Title level={1}>{t('rolesAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('rolesAdmin.intro')}</Typography.Paragraph>
      <PageError error={error} />
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {editing ? (
        <Section
          id="role-form"
          title={editing === 'new' ? t('rolesAdmin.new') : t('rolesAdmin.editTitle', { name: editing.name })}
        >
          <RoleForm
            role={editing === 'new' ? null : editing}
            onCancel={() => {
              setEditing(null);
            }}
            onSaved={(role, created) => {
              setEditing(null);
              setNotice(t(created ? 'rolesAdmin.created' : 'rolesAdmin.saved', { name: role.name }));
              void load();
            }}
          />
        </Section>
      ) : (
        <Button
          type="primary"
          className="page-action"
          onClick={() => {
            setNotice(null);
            setEditing('new');
          }}
        >
          {t('rolesAdmin.new')}
        </Button>
      )}
      <Section id="roles" title={t('rolesAdmin.list', { count: sorted.length })}>
        {!roles ? (
          <Skeleton active />
        ) : sorted.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rolesAdmin.empty')} />
        ) : (
          <ul className="work-list" data-testid="roles">
            {sorted.map((role) => (
              <li key={role.id} className="role" data-testid="role">
                <div className="schedule-head">
                  <Typography.Text strong>{role.name}</Typography.Text>
                  {role.builtIn && <Tag>{t('rolesAdmin.builtIn')}</Tag>}
                </div>
                {role.description && <Typography.Text type="secondary">{role.description}</Typography.Text>}
                <ul
                  className="permission-tags"
                  aria-label={t('rolesAdmin.permissionsOf', { name: role.name })}
                >
                  {role.permissions.map((permission) => (
                    <li key={permission}>
                      <Tag data-testid="role-permission">{t(`rolesAdmin.permission.${permission}`)}</Tag>
                    </li>
                  ))}
                </ul>
                {!role.builtIn && (
                  <Space wrap>
                    <Button
                      aria-label={`${t('rolesAdmin.edit')}: ${role.name}`}
                      onClick={() => {
                        setNotice(null);
                        setEditing(role);
                      }}
                    >
                      {t('rolesAdmin.edit')}
                    </Button>
                  </Space>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function RoleForm({
  role,
  onSaved,
  onCancel,
}: {
  role: RoleView | null;
  onSaved: (role: RoleView, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleFields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (fields: RoleFields): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      if (role) {
        const changes: UpdateRoleInput = {
          description: fields.description.trim(),
          permissions: fields.permissions,
        };
        onSaved(
          await sendJson<RoleView>('PATCH', `/api/roles/${encodeURIComponent(role.id)}`, changes),
          false,
        );
      } else {
        const input: CreateRoleInput = {
          name: fields.name.trim(),
          description: fields.description.trim(),
          permissions: fields.permissions,
        };
        onSaved(await api.post<RoleView>('/api/roles', input), true);
      }
    } catch (err) {
      setError(
        placeRefusal(
          form,
          err,
          { name: 'name', description: 'description', permissions: 'permissions' },
          t('common.networkError'),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      name="role"
      data-testid="role-form"
      initialValues={{
        name: role?.name ?? '',
        description: role?.description ?? '',
        permissions: role?.permissions ?? [],
      }}
      onFinish={(fields) => void submit(fields)}
    >
      <Form.Item
        name="name"
        label={t('rolesAdmin.name')}
        extra={role ? t('rolesAdmin.nameFixed') : t('rolesAdmin.nameHint')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { pattern: /^[a-z0-9][a-z0-9-]*$/, message: t('rolesAdmin.nameInvalid') },
        ]}
        className="narrow-form"
      >
        <Input maxLength={80} disabled={role !== null} autoComplete="off" />
      </Form.Item>
      <Form.Item name="description" label={t('rolesAdmin.description')} className="narrow-form">
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item
        name="permissions"
        label={t('rolesAdmin.permissions')}
        // A validator, not `required`: antd would put aria-required on the group, which a group may not have.
        rules={[
          {
            validator: (_rule, value: Permission[] | undefined) =>
              value && value.length > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('rolesAdmin.permissionsRequired'))),
          },
        ]}
      >
        <Checkbox.Group className="permission-groups">
          {permissionGroups().map(({ group, permissions }) => (
            <fieldset key={group} className="permission-group">
              <legend>{t(`rolesAdmin.group.${group}`)}</legend>
              {permissions.map((permission) => (
                <Checkbox key={permission} value={permission} data-testid={`permission-${permission}`}>
                  {t(`rolesAdmin.permission.${permission}`)}{' '}
                  <code className="permission-code">{permission}</code>
                </Checkbox>
              ))}
            </fieldset>
          ))}
        </Checkbox.Group>
      </Form.Item>
      <FormError error={error} />
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy}>
          {role ? t('rolesAdmin.save') : t('rolesAdmin.create')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
