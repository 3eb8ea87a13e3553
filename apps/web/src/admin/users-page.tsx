import { Button, Empty, Form, Input, Popconfirm, Select, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import type { OrgView, RoleView, UserView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { holds, useUser } from '../auth/auth-context';
import { formatDate } from '../clients/formats';
import { FormError } from '../pages/form-parts';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import type { OrgDirectory } from './admin-parts';
import {
  AdminRefusal,
  PageError,
  StatusTag,
  fetchAll,
  orgOptions,
  orgPathName,
  placeRefusal,
  sendJson,
  useOrgDirectory,
} from './admin-parts';

type StatusFilter = 'active' | 'deactivated' | 'all';
type SeatFilter = 'all' | 'full' | 'portal';

/**
 * The people of the company and its clients (`/admin/users`, user.manage): a list to search and
 * filter by unit, seat and status; one person's page gives and takes their roles at units,
 * renames and deactivates them.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'user.manage');
  const directory = useOrgDirectory(allowed);
  if (!allowed) {
    return <AdminRefusal title={t('usersAdmin.title')} text={t('usersAdmin.refused')} />;
  }
  return (
    <Routes>
      <Route index element={<UserList directory={directory} />} />
      <Route path=":userId" element={<UserDetail directory={directory} />} />
    </Routes>
  );
}

function SeatTag({ person }: { person: UserView }) {
  const { t } = useTranslation();
  return (
    <StatusTag colour={person.seat === 'full' ? 'info' : 'neutral'} testId="user-seat">
      {t(`usersAdmin.seats.${person.seat}`)}
    </StatusTag>
  );
}

function ActiveTag({ person }: { person: UserView }) {
  const { t } = useTranslation();
  return (
    <StatusTag colour={person.active ? 'good' : 'bad'} testId="user-status">
      {person.active ? t('usersAdmin.status.active') : t('usersAdmin.status.deactivated')}
    </StatusTag>
  );
}

function UserList({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation();
  const { orgs, byId } = directory;
  const [people, setPeople] = useState<UserView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [seat, setSeat] = useState<SeatFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('active');

  useEffect(() => {
    void fetchAll<UserView>('/api/users', { includeDeactivated: 'true' })
      .then(setPeople)
      .catch((err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [t]);

  const shown = useMemo(() => {
    const words = search.trim().toLocaleLowerCase();
    return (people ?? [])
      .filter((person) => {
        if (status !== 'all' && person.active !== (status === 'active')) {
          return false;
        }
        if (seat !== 'all' && person.seat !== seat) {
          return false;
        }
        if (orgId && !(byId.get(person.orgId)?.path.includes(orgId) ?? person.orgId === orgId)) {
          return false;
        }
        return (
          words === '' ||
          person.displayName.toLocaleLowerCase().includes(words) ||
          person.email.toLocaleLowerCase().includes(words)
        );
      })
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }, [people, search, status, seat, orgId, byId]);

  return (
    <div className="page">
      <Typography.Title level={1}>{t('usersAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('usersAdmin.intro')}</Typography.Paragraph>
      <PageError error={error ?? directory.error} />
      <div className="filters" data-testid="user-filters">
        <Input.Search
          className="filter-search"
          allowClear
          aria-label={t('usersAdmin.search')}
          placeholder={t('usersAdmin.search')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
          }}
        />
        <Select
          className="filter-select"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('usersAdmin.org')}
          value={orgId ?? ''}
          onChange={(value: string) => {
            setOrgId(value === '' ? undefined : value);
          }}
          options={[{ value: '', label: t('usersAdmin.anyOrg') }, ...orgOptions(orgs ?? [], byId)]}
        />
        <Select
          className="filter-select-small"
          aria-label={t('usersAdmin.seat')}
          value={seat}
          onChange={setSeat}
          options={(['all', 'full', 'portal'] as const).map((value) => ({
            value,
            label: t(`usersAdmin.seatFilter.${value}`),
          }))}
        />
        <Select
          className="filter-select-small"
          aria-label={t('usersAdmin.statusLabel')}
          value={status}
          onChange={setStatus}
          options={(['active', 'deactivated', 'all'] as const).map((value) => ({
            value,
            label: t(`usersAdmin.statusFilter.${value}`),
          }))}
        />
      </div>
      <Section id="users" title={t('usersAdmin.list', { count: shown.length })}>
        {!people ? (
          <Skeleton active />
        ) : shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('usersAdmin.empty')} />
        ) : (
          <ul className="work-list" data-testid="users">
            {shown.map((person) => {
              const org = byId.get(person.orgId);
              return (
                <li key={person.id} className="work-item" data-testid="user">
                  <div className="work-item-text">
                    <Link to={`/admin/users/${encodeURIComponent(person.id)}`}>{person.displayName}</Link>
                    <Typography.Text type="secondary">{person.email}</Typography.Text>
                    <span className="work-item-meta">
                      <SeatTag person={person} />
                      <ActiveTag person={person} />
                      <Typography.Text type="secondary">{org ? orgPathName(org, byId) : '—'}</Typography.Text>
                    </span>
                    {person.roles.length > 0 && (
                      <Typography.Text type="secondary">
                        {person.roles
                          .map((role) => `${role.roleName} · ${byId.get(role.orgId)?.name ?? '—'}`)
                          .join(', ')}
                      </Typography.Text>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </div>
  );
}

interface RoleFields {
  roleId: string;
  orgId: string;
}

function UserDetail({ directory }: { directory: OrgDirectory }) {
  const { t } = useTranslation();
  const me = useUser();
  const { userId = '' } = useParams();
  const { orgs, byId } = directory;
  const [person, setPerson] = useState<UserView | null>(null);
  const [missing, setMissing] = useState(false);
  const [roles, setRoles] = useState<RoleView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [nameForm] = Form.useForm<{ displayName: string }>();
  const [roleForm] = Form.useForm<RoleFields>();
  const [nameError, setNameError] = useState<string | null>(null);
  const [roleError, setRoleError] = useState<string | null>(null);
  const path = `/api/users/${encodeURIComponent(userId)}`;

  const load = useCallback(async () => {
    try {
      const found = await api.get<UserView>(path);
      setPerson(found);
      nameForm.setFieldsValue({ displayName: found.displayName });
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        setMissing(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [path, nameForm, t]);

  useEffect(() => {
    void load();
    void api
      .get<{ items: RoleView[] }>('/api/roles')
      .then((list) => {
        setRoles(list.items);
      })
      .catch(() => undefined);
  }, [load]);

  if (missing) {
    return (
      <div className="page">
        <Link to="/admin/users" className="back-link">
          {t('usersAdmin.back')}
        </Link>
        <Typography.Title level={1}>{t('usersAdmin.notFound')}</Typography.Title>
      </div>
    );
  }
  if (!person) {
    return (
      <div className="page">
        <PageError error={error} />
        <Skeleton active />
      </div>
    );
  }

  const org = byId.get(person.orgId);
  // A portal user holds roles only in their own org (identity refuses others): offer those.
  const roleOrgs: OrgView[] = (orgs ?? []).filter((o) => !person.external || o.path.includes(person.orgId));
  const roleName = (roleId: string) => roles.find((role) => role.id === roleId)?.name ?? roleId;

  const rename = async ({ displayName }: { displayName: string }) => {
    setNameError(null);
    setBusy('rename');
    try {
      const saved = await sendJson<UserView>('PATCH', path, { displayName: displayName.trim() });
      setPerson(saved);
      setNotice(t('usersAdmin.renamed', { name: saved.displayName }));
    } catch (err) {
      setNameError(placeRefusal(nameForm, err, { displayName: 'displayName' }, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  const give = async (fields: RoleFields) => {
    setRoleError(null);
    setBusy('give');
    try {
      const saved = await api.post<UserView>(`${path}/roles`, fields);
      setPerson(saved);
      roleForm.resetFields();
      setNotice(
        t('usersAdmin.roleGiven', { role: roleName(fields.roleId), org: byId.get(fields.orgId)?.name ?? '' }),
      );
    } catch (err) {
      setRoleError(
        placeRefusal(roleForm, err, { roleId: 'roleId', orgId: 'orgId' }, t('common.networkError')),
      );
    } finally {
      setBusy(null);
    }
  };

  const takeAway = async (roleId: string, orgId: string, name: string) => {
    setError(null);
    setBusy(`take:${roleId}:${orgId}`);
    try {
      const saved = await sendJson<UserView>(
        'DELETE',
        `${path}/roles/${encodeURIComponent(roleId)}/orgs/${encodeURIComponent(orgId)}`,
      );
      setPerson(saved);
      setNotice(t('usersAdmin.roleTaken', { role: name, org: byId.get(orgId)?.name ?? '' }));
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async () => {
    setError(null);
    setBusy('deactivate');
    try {
      const saved = await api.post<UserView>(`${path}/deactivate`);
      setPerson(saved);
      setNotice(t('usersAdmin.deactivated', { name: saved.displayName }));
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <Link to="/admin/users" className="back-link">
        {t('usersAdmin.back')}
      </Link>
      <Typography.Title level={1}>{person.displayName}</Typography.Title>
      <PageError error={error} />
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <Section id="user-facts" title={t('usersAdmin.profile')}>
        <dl className="run-facts" data-testid="user-facts">
          <div>
            <dt>{t('common.email')}</dt>
            <dd>{person.email}</dd>
          </div>
          <div>
            <dt>{t('usersAdmin.org')}</dt>
            <dd>{org ? orgPathName(org, byId) : '—'}</dd>
          </div>
          <div>
            <dt>{t('usersAdmin.seat')}</dt>
            <dd>
              <SeatTag person={person} />
            </dd>
          </div>
          <div>
            <dt>{t('usersAdmin.statusLabel')}</dt>
            <dd>
              <ActiveTag person={person} />
            </dd>
          </div>
          <div>
            <dt>{t('usersAdmin.since')}</dt>
            <dd>{formatDate(person.createdAt)}</dd>
          </div>
        </dl>
        {person.active && (
          <Form
            form={nameForm}
            layout="vertical"
            requiredMark={false}
            name="user-rename"
            className="narrow-form user-rename"
            initialValues={{ displayName: person.displayName }}
            onFinish={(fields) => void rename(fields)}
          >
            <Form.Item
              name="displayName"
              label={t('usersAdmin.displayName')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={120} autoComplete="off" />
            </Form.Item>
            <FormError error={nameError} />
            <Button htmlType="submit" loading={busy === 'rename'}>
              {t('usersAdmin.rename')}
            </Button>
          </Form>
        )}
      </Section>
      <Section id="user-roles" title={t('usersAdmin.roles', { count: person.roles.length })}>
        {person.roles.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('usersAdmin.noRoles')} />
        ) : (
          <ul className="work-list" data-testid="user-roles">
            {person.roles.map((role) => {
              const at = byId.get(role.orgId);
              const label = `${role.roleName} · ${at ? orgPathName(at, byId) : role.orgId}`;
              return (
                <li key={`${role.roleId}:${role.orgId}`} className="work-item" data-testid="user-role">
                  <div className="work-item-text">
                    <Typography.Text strong>{role.roleName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {at ? orgPathName(at, byId) : role.orgId}
                    </Typography.Text>
                  </div>
                  <Popconfirm
                    title={t('usersAdmin.confirmTake', { role: role.roleName, name: person.displayName })}
                    okText={t('usersAdmin.take')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void takeAway(role.roleId, role.orgId, role.roleName)}
                  >
                    <Button
                      danger
                      loading={busy === `take:${role.roleId}:${role.orgId}`}
                      aria-label={`${t('usersAdmin.take')}: ${label}`}
                    >
                      {t('usersAdmin.take')}
                    </Button>
                  </Popconfirm>
                </li>
              );
            })}
          </ul>
        )}
        {person.active && (
          <>
            <Typography.Title level={3} className="section-title">
              {t('usersAdmin.give')}
            </Typography.Title>
            <Form
              form={roleForm}
              layout="vertical"
              requiredMark={false}
              className="narrow-form"
              name="give-role"
              data-testid="give-role-form"
              initialValues={{ orgId: person.orgId }}
              onFinish={(fields) => void give(fields)}
            >
              <Form.Item
                name="roleId"
                label={t('usersAdmin.role')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={roles.map((role) => ({
                    value: role.id,
                    label: role.description ? `${role.name} — ${role.description}` : role.name,
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="orgId"
                label={t('usersAdmin.atOrg')}
                extra={person.external ? t('usersAdmin.portalRolesHint') : t('usersAdmin.atOrgHint')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select showSearch={{ optionFilterProp: 'label' }} options={orgOptions(roleOrgs, byId)} />
              </Form.Item>
              <FormError error={roleError} />
              <Button type="primary" htmlType="submit" loading={busy === 'give'}>
                {t('usersAdmin.giveButton')}
              </Button>
            </Form>
          </>
        )}
      </Section>
      {person.active && person.id !== me.id && (
        <Section id="user-deactivate" title={t('usersAdmin.deactivateTitle')}>
          <Typography.Paragraph>{t('usersAdmin.deactivateText')}</Typography.Paragraph>
          <Popconfirm
            title={t('usersAdmin.confirmDeactivate', { name: person.displayName })}
            okText={t('usersAdmin.deactivate')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => void deactivate()}
          >
            <Button danger type="primary" loading={busy === 'deactivate'}>
              {t('usersAdmin.deactivate')}
            </Button>
          </Popconfirm>
        </Section>
      )}
    </div>
  );
}
