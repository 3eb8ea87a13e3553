import { Button, Empty, Form, Input, Popconfirm, Select, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CreateInvitationInput,
  CreatedInvitation,
  InvitationView,
  Page,
  RoleView,
} from '@orbita/contracts';
import { api } from '../api/api-client';
import { holds, isPortalUser, useUser } from '../auth/auth-context';
import { formatDate, formatDateTime } from '../clients/formats';
import { currentLanguage } from '../i18n/i18n';
import { FormError } from '../pages/form-parts';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import type { TAG_COLOURS } from './admin-parts';
import { AdminRefusal, PageError, StatusTag, orgOptions, placeRefusal, useOrgDirectory } from './admin-parts';

type InvitationStatus = InvitationView['status'];

const STATUS_COLOUR: Record<InvitationStatus, keyof typeof TAG_COLOURS> = {
  pending: 'info',
  accepted: 'good',
  revoked: 'neutral',
  expired: 'warning',
};

interface InviteFields {
  email: string;
  displayName: string;
  orgId: string;
  roleIds: string[];
  locale: 'ru' | 'en';
}

/**
 * Invitations (`/admin/invitations`, user.invite): invite someone by e-mail into a unit or a
 * client's org, with the roles they get there; the list with each one's status; withdraw a pending
 * one. The same page is the portal's "invite colleagues": a client's admin invites into her own
 * org (identity decides where one may invite, and which roles one may give).
 */
export function InvitationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'user.invite');
  const portal = isPortalUser(user);
  const { orgs, byId, error: orgsError } = useOrgDirectory(allowed);
  const [form] = Form.useForm<InviteFields>();
  const orgId = Form.useWatch('orgId', form);
  const [roles, setRoles] = useState<RoleView[]>([]);
  const [invitations, setInvitations] = useState<InvitationView[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<InvitationStatus | 'all'>('all');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null = null): Promise<void> => {
      const params = new URLSearchParams({ limit: '50' });
      if (status !== 'all') {
        params.set('status', status);
      }
      if (cursor) {
        params.set('cursor', cursor);
      }
      try {
        const page = await api.get<Page<InvitationView>>(`/api/invitations?${params.toString()}`);
        setInvitations((previous) => (cursor ? [...(previous ?? []), ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (err) {
        setError(errorText(err, t('common.networkError')));
      }
    },
    [status, t],
  );

  useEffect(() => {
    if (allowed) {
      void load();
    }
  }, [allowed, load]);

  useEffect(() => {
    if (allowed) {
      // The roles one may give (GET /api/roles answers those); none to give leaves the picker empty.
      void api
        .get<{ items: RoleView[] }>('/api/roles')
        .then((list) => {
          setRoles(list.items);
        })
        .catch(() => undefined);
    }
  }, [allowed]);

  if (!allowed) {
    return <AdminRefusal title={t('invitationsAdmin.title')} text={t('invitationsAdmin.refused')} />;
  }

  const target = orgId ? byId.get(orgId) : undefined;

  const invite = async (fields: InviteFields): Promise<void> => {
    setFormError(null);
    setLink(null);
    const input: CreateInvitationInput = {
      email: fields.email.trim(),
      displayName: fields.displayName.trim(),
      orgId: fields.orgId,
      roleIds: fields.roleIds,
      locale: fields.locale,
    };
    setBusy('invite');
    try {
      const created = await api.post<CreatedInvitation>('/api/invitations', input);
      form.resetFields(['email', 'displayName', 'roleIds']);
      setNotice(t('invitationsAdmin.sent', { email: created.invitation.email }));
      setLink(created.link);
      await load();
    } catch (err) {
      setFormError(
        placeRefusal(
          form,
          err,
          { email: 'email', displayName: 'displayName', orgId: 'orgId', roleIds: 'roleIds' },
          t('common.networkError'),
        ),
      );
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (invitation: InvitationView): Promise<void> => {
    setError(null);
    setBusy(`revoke:${invitation.id}`);
    try {
      await api.post(`/api/invitations/${encodeURIComponent(invitation.id)}/revoke`);
      setNotice(t('invitationsAdmin.revoked', { email: invitation.email }));
      setLink(null);
      await load();
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <Typography.Title level={1}>{t('invitationsAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {portal ? t('invitationsAdmin.introPortal') : t('invitationsAdmin.intro')}
      </Typography.Paragraph>
      <PageError error={error ?? orgsError} />
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
          setLink(null);
        }}
      />
      {link && (
        <Typography.Paragraph className="invitation-link" data-testid="invitation-link">
          {t('invitationsAdmin.linkHint')}{' '}
          <Typography.Text copyable={{ text: link }} code>
            {link}
          </Typography.Text>
        </Typography.Paragraph>
      )}
      <Section id="invite" title={t('invitationsAdmin.new')}>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          className="narrow-form"
          name="invite"
          data-testid="invite-form"
          initialValues={{ orgId: user.orgId, roleIds: [], locale: currentLanguage() }}
          onFinish={(fields) => void invite(fields)}
        >
          <Form.Item
            name="email"
            label={t('common.email')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { type: 'email', message: t('common.emailInvalid') },
            ]}
          >
            <Input type="email" inputMode="email" autoComplete="off" maxLength={254} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('invitationsAdmin.displayName')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={120} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('invitationsAdmin.org')}
            extra={
              target
                ? t(target.external ? 'invitationsAdmin.seatPortal' : 'invitationsAdmin.seatFull')
                : undefined
            }
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={orgOptions(orgs ?? [], byId)} />
          </Form.Item>
          <Form.Item
            name="roleIds"
            label={t('invitationsAdmin.roles')}
            extra={t('invitationsAdmin.rolesHint')}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={roles.map((role) => ({
                value: role.id,
                label: role.description ? `${role.name} — ${role.description}` : role.name,
              }))}
              notFoundContent={t('invitationsAdmin.noRoles')}
            />
          </Form.Item>
          <Form.Item name="locale" label={t('invitationsAdmin.locale')}>
            <Select
              options={[
                { value: 'ru', label: t('language.ru') },
                { value: 'en', label: t('language.en') },
              ]}
            />
          </Form.Item>
          <FormError error={formError} />
          <Button type="primary" htmlType="submit" loading={busy === 'invite'}>
            {t('invitationsAdmin.send')}
          </Button>
        </Form>
      </Section>
      <Section id="invitations" title={t('invitationsAdmin.list', { count: invitations?.length ?? 0 })}>
        <div className="filters">
          <Select
            className="filter-select-small"
            aria-label={t('invitationsAdmin.statusLabel')}
            value={status}
            onChange={setStatus}
            options={(['all', 'pending', 'accepted', 'revoked', 'expired'] as const).map((value) => ({
              value,
              label: t(`invitationsAdmin.statusFilter.${value}`),
            }))}
          />
        </div>
        {!invitations ? (
          <Skeleton active />
        ) : invitations.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('invitationsAdmin.empty')} />
        ) : (
          <ul className="work-list" data-testid="invitations">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="work-item" data-testid="invitation">
                <div className="work-item-text">
                  <Typography.Text strong>{invitation.displayName}</Typography.Text>
                  <Typography.Text type="secondary">{invitation.email}</Typography.Text>
                  <span className="work-item-meta">
                    <StatusTag colour={STATUS_COLOUR[invitation.status]} testId="invitation-status">
                      {t(`invitationsAdmin.status.${invitation.status}`)}
                    </StatusTag>
                    <Typography.Text type="secondary">
                      {byId.get(invitation.orgId)?.name ?? '—'} · {t(`usersAdmin.seats.${invitation.seat}`)}
                    </Typography.Text>
                  </span>
                  <Typography.Text type="secondary">
                    {invitation.status === 'pending'
                      ? t('invitationsAdmin.expires', { date: formatDateTime(invitation.expiresAt) })
                      : t('invitationsAdmin.invitedOn', { date: formatDate(invitation.createdAt) })}
                  </Typography.Text>
                </div>
                {invitation.status === 'pending' && (
                  <Popconfirm
                    title={t('invitationsAdmin.confirmRevoke', { email: invitation.email })}
                    okText={t('invitationsAdmin.revoke')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void revoke(invitation)}
                  >
                    <Button
                      danger
                      loading={busy === `revoke:${invitation.id}`}
                      aria-label={`${t('invitationsAdmin.revoke')}: ${invitation.email}`}
                    >
                      {t('invitationsAdmin.revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </li>
            ))}
          </ul>
        )}
        {nextCursor && (
          <Button className="more-button" onClick={() => void load(nextCursor)}>
            {t('invitationsAdmin.more')}
          </Button>
        )}
      </Section>
    </div>
  );
}
