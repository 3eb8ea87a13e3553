import { Button, Checkbox, Empty, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateOrgInput, OrgKind, OrgView, UpdateOrgInput, UserView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { holds, useUser } from '../auth/auth-context';
import { formatDate } from '../clients/formats';
import { FormError } from '../pages/form-parts';
import { NoticeAlert } from '../pages/notice-alert';
import { Section } from '../pages/section';
import { AdminRefusal, PageError, fetchAll, placeRefusal, sendJson, useOrgDirectory } from './admin-parts';

type ChildKind = Exclude<OrgKind, 'company'>;

/** What may be created under a unit (as identity allows it: services/identity orgs.service). */
function childKinds(parent: OrgView): ChildKind[] {
  if (parent.external) {
    return ['branch'];
  }
  return parent.kind === 'company'
    ? ['department', 'region', 'branch', 'client', 'partner']
    : ['department', 'region', 'branch'];
}

interface NewOrgFields {
  name: string;
  kind: ChildKind;
  managerId?: string;
  portal?: boolean;
}

interface EditOrgFields {
  name: string;
  managerId?: string;
  headId?: string | null;
}

/**
 * The company's structure (`/admin/orgs`, org.manage): its internal units and its clients' and
 * partners' orgs as a nested list a phone can use, one selected at a time: its facts, renaming it
 * (and its personal manager, its head), and a new unit or org under it.
 */
export function OrgsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'org.manage');
  const { orgs, byId, error: loadError, reload } = useOrgDirectory(allowed);
  const [people, setPeople] = useState<UserView[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (allowed) {
      // For the pickers of a personal manager and a head; a failure leaves them empty.
      void fetchAll<UserView>('/api/users')
        .then(setPeople)
        .catch(() => undefined);
    }
  }, [allowed]);

  const children = useMemo(() => {
    const map = new Map<string | null, OrgView[]>();
    for (const org of orgs ?? []) {
      const parent = org.parentId !== null && byId.has(org.parentId) ? org.parentId : null;
      map.set(parent, [...(map.get(parent) ?? []), org]);
    }
    for (const list of map.values()) {
      // Internal units first, then the clients and partners, each by name.
      list.sort((a, b) => Number(a.external) - Number(b.external) || a.name.localeCompare(b.name));
    }
    return map;
  }, [orgs, byId]);

  if (!allowed) {
    return <AdminRefusal title={t('orgsAdmin.title')} text={t('orgsAdmin.refused')} />;
  }

  const roots = children.get(null) ?? [];
  const selected = (selectedId ? byId.get(selectedId) : undefined) ?? roots[0];

  const renderLevel = (list: OrgView[]): ReactNode => (
    <ul className="org-tree-level">
      {list.map((org) => {
        const below = children.get(org.id) ?? [];
        const current = selected?.id === org.id;
        return (
          <li key={org.id}>
            <button
              type="button"
              className={current ? 'org-node org-node-selected' : 'org-node'}
              aria-current={current ? 'true' : undefined}
              data-testid="org-node"
              onClick={() => {
                setSelectedId(org.id);
                setNotice(null);
              }}
            >
              <span className="org-node-name">{org.name}</span>
              <span className="org-node-kind">
                {t(`orgsAdmin.kinds.${org.kind}`)}
                {org.external && org.kind === 'branch' ? ` · ${t('orgsAdmin.externalShort')}` : ''}
              </span>
            </button>
            {below.length > 0 && renderLevel(below)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="page">
      <Typography.Title level={1}>{t('orgsAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('orgsAdmin.intro')}</Typography.Paragraph>
      <PageError error={loadError} />
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <Section id="org-tree" title={t('orgsAdmin.tree', { count: orgs?.length ?? 0 })}>
        {!orgs ? (
          <Skeleton active />
        ) : roots.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgsAdmin.empty')} />
        ) : (
          <nav aria-label={t('orgsAdmin.treeLabel')} className="org-tree" data-testid="org-tree">
            {renderLevel(roots)}
          </nav>
        )}
      </Section>
      {selected && (
        <>
          <OrgDetails
            key={`edit:${selected.id}`}
            org={selected}
            byId={byId}
            people={people}
            onSaved={(org) => {
              setNotice(t('orgsAdmin.saved', { name: org.name }));
              void reload();
            }}
          />
          <NewOrgForm
            key={`new:${selected.id}`}
            parent={selected}
            people={people}
            onCreated={(org) => {
              setNotice(t('orgsAdmin.created', { name: org.name }));
              setSelectedId(org.id);
              void reload();
            }}
          />
        </>
      )}
    </div>
  );
}

function personOptions(people: readonly UserView[]) {
  return people.map((person) => ({ value: person.id, label: `${person.displayName} (${person.email})` }));
}

/** The selected org's facts and its form: name; personal manager (clients, partners); head. */
function OrgDetails({
  org,
  byId,
  people,
  onSaved,
}: {
  org: OrgView;
  byId: Map<string, OrgView>;
  people: readonly UserView[];
  onSaved: (org: OrgView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditOrgFields>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hasManager = org.kind === 'client' || org.kind === 'partner';
  const staff = people.filter((person) => !person.external && person.active);
  const members = people.filter((person) => person.orgId === org.id && person.active);
  const nameOf = (id: string | null) => {
    const person = id ? people.find((p) => p.id === id) : undefined;
    return person ? person.displayName : id ? t('orgsAdmin.someone') : t('orgsAdmin.nobody');
  };
  const parent = org.parentId ? byId.get(org.parentId) : undefined;

  const submit = async (fields: EditOrgFields): Promise<void> => {
    setError(null);
    const changes: UpdateOrgInput = {};
    if (fields.name.trim() !== org.name) {
      changes.name = fields.name.trim();
    }
    if (hasManager && fields.managerId && fields.managerId !== org.managerId) {
      changes.managerId = fields.managerId;
    }
    const headId = fields.headId ?? null;
    if (headId !== org.headId) {
      changes.headId = headId;
    }
    if (Object.keys(changes).length === 0) {
      setError(t('orgsAdmin.nothingChanged'));
      return;
    }
    setBusy(true);
    try {
      onSaved(await sendJson<OrgView>('PATCH', `/api/orgs/${encodeURIComponent(org.id)}`, changes));
    } catch (err) {
      setError(
        placeRefusal(
          form,
          err,
          { name: 'name', managerId: 'managerId', headId: 'headId' },
          t('common.networkError'),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="org-detail" title={org.name}>
      <dl className="run-facts" data-testid="org-facts">
        <div>
          <dt>{t('orgsAdmin.kind')}</dt>
          <dd>
            {t(`orgsAdmin.kinds.${org.kind}`)}{' '}
            <Tag>{org.external ? t('orgsAdmin.external') : t('orgsAdmin.internal')}</Tag>
          </dd>
        </div>
        <div>
          <dt>{t('orgsAdmin.parent')}</dt>
          <dd>{parent?.name ?? '—'}</dd>
        </div>
        {hasManager && (
          <div>
            <dt>{t('orgsAdmin.manager')}</dt>
            <dd>{nameOf(org.managerId)}</dd>
          </div>
        )}
        <div>
          <dt>{t('orgsAdmin.head')}</dt>
          <dd>{nameOf(org.headId)}</dd>
        </div>
        <div>
          <dt>{t('orgsAdmin.createdAt')}</dt>
          <dd>{formatDate(org.createdAt)}</dd>
        </div>
      </dl>
      <Typography.Title level={3} className="section-title">
        {t('orgsAdmin.edit')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        className="narrow-form"
        name="org-edit"
        data-testid="org-edit-form"
        initialValues={{
          name: org.name,
          managerId: org.managerId ?? undefined,
          headId: org.headId ?? undefined,
        }}
        onFinish={(fields) => void submit(fields)}
      >
        <Form.Item
          name="name"
          label={t('orgsAdmin.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        {hasManager && (
          <Form.Item name="managerId" label={t('orgsAdmin.manager')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={personOptions(staff)} />
          </Form.Item>
        )}
        <Form.Item name="headId" label={t('orgsAdmin.head')} extra={t('orgsAdmin.headHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={personOptions(members)}
            notFoundContent={t('orgsAdmin.noMembers')}
          />
        </Form.Item>
        <FormError error={error} />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('orgsAdmin.save')}
        </Button>
      </Form>
    </Section>
  );
}

/** A new unit, site, client or partner under the selected org. */
function NewOrgForm({
  parent,
  people,
  onCreated,
}: {
  parent: OrgView;
  people: readonly UserView[];
  onCreated: (org: OrgView) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewOrgFields>();
  const kinds = childKinds(parent);
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsManager = kind === 'client' || kind === 'partner';
  const staff = people.filter((person) => !person.external && person.active);

  const submit = async (fields: NewOrgFields): Promise<void> => {
    setError(null);
    const input: CreateOrgInput = { name: fields.name.trim(), kind: fields.kind, parentId: parent.id };
    if (needsManager && fields.managerId) {
      input.managerId = fields.managerId;
    }
    if (fields.kind === 'branch' && !parent.external && fields.portal) {
      input.portal = true;
    }
    setBusy(true);
    try {
      const created = await api.post<OrgView>('/api/orgs', input);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      setError(
        placeRefusal(
          form,
          err,
          { name: 'name', kind: 'kind', managerId: 'managerId', portal: 'portal' },
          t('common.networkError'),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section id="org-new" title={t('orgsAdmin.newUnder', { name: parent.name })}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        className="narrow-form"
        name="org-new"
        data-testid="org-new-form"
        initialValues={{ kind: kinds[0], portal: false }}
        onFinish={(fields) => void submit(fields)}
      >
        <Form.Item
          name="name"
          label={t('orgsAdmin.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('orgsAdmin.kind')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={kinds.map((value) => ({ value, label: t(`orgsAdmin.kinds.${value}`) }))} />
        </Form.Item>
        {needsManager && (
          <Form.Item
            name="managerId"
            label={t('orgsAdmin.manager')}
            extra={t('orgsAdmin.managerHint')}
            rules={[{ required: true, message: t('orgsAdmin.managerRequired') }]}
          >
            <Select showSearch={{ optionFilterProp: 'label' }} options={personOptions(staff)} />
          </Form.Item>
        )}
        {kind === 'branch' && !parent.external && (
          <Form.Item name="portal" valuePropName="checked" extra={t('orgsAdmin.portalHint')}>
            <Checkbox>{t('orgsAdmin.portal')}</Checkbox>
          </Form.Item>
        )}
        {parent.external && (
          <Typography.Paragraph type="secondary">{t('orgsAdmin.siteHint')}</Typography.Paragraph>
        )}
        <FormError error={error} />
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('orgsAdmin.create')}
          </Button>
        </Space>
      </Form>
    </Section>
  );
}
