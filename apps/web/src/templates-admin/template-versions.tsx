import { Button, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateChange, TemplateDiff, TemplateVersionSummary } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from '../pages/password-fields';
import { TemplateStatusTag } from './template-status-tag';

const CHANGE_COLOURS: Record<TemplateChange['kind'], string> = {
  added: '#237804',
  removed: '#a8071a',
  changed: '#0958d9',
};

/** A value of a definition as one line: strings as they are, the rest as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The versions of one template, newest first: publish or retire each, and what changed in it
 * from the version before.
 */
export function TemplateVersions({
  templateKey,
  revision,
  onChanged,
  onError,
}: {
  templateKey: string;
  /** Grows with every change on the page: the list is read again. */
  revision: number;
  onChanged: (notice: string) => void;
  onError: (error: string) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [versions, setVersions] = useState<TemplateVersionSummary[] | null>(null);
  const [diff, setDiff] = useState<TemplateDiff | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const path = `/api/process-templates/${encodeURIComponent(templateKey)}`;

  const load = useCallback(async (): Promise<void> => {
    try {
      setVersions((await api.get<{ items: TemplateVersionSummary[] }>(`${path}/versions`)).items);
    } catch (err) {
      onError(errorText(err, t('common.networkError')));
      setVersions((previous) => previous ?? []);
    }
  }, [path, onError, t]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  const act = async (version: TemplateVersionSummary, action: 'publish' | 'retire'): Promise<void> => {
    setBusy(`${action}:${version.version}`);
    try {
      await api.post(`${path}/versions/${version.version}/${action}`);
      onChanged(
        t(`templatesAdmin.done.${action}`, { version: version.version, name: version.name[language] }),
      );
    } catch (err) {
      onError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  const compare = async (version: TemplateVersionSummary): Promise<void> => {
    setBusy(`diff:${version.version}`);
    try {
      setDiff(await api.get<TemplateDiff>(`${path}/diff?from=${version.version - 1}&to=${version.version}`));
    } catch (err) {
      onError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  if (!versions) {
    return <Skeleton active />;
  }
  return (
    <div className="template-versions">
      <Typography.Title level={3} className="section-title">
        {t('templatesAdmin.versions', { key: templateKey })}
      </Typography.Title>
      <ul className="work-list" data-testid="template-versions">
        {versions.map((version) => {
          const label = t('templatesAdmin.versionLabel', { version: version.version });
          return (
            <li key={version.version} className="admin-item" data-testid="template-version">
              <div className="admin-item-head">
                <Typography.Text strong>{label}</Typography.Text>
                <TemplateStatusTag status={version.status} />
                <Typography.Text type="secondary">
                  {t('templatesAdmin.uploadedAt', { at: time.format(new Date(version.createdAt)) })}
                </Typography.Text>
              </div>
              <Space wrap>
                {version.status !== 'published' && (
                  <Button
                    type="primary"
                    loading={busy === `publish:${version.version}`}
                    aria-label={`${t('templatesAdmin.publish')}: ${label}`}
                    onClick={() => void act(version, 'publish')}
                  >
                    {t('templatesAdmin.publish')}
                  </Button>
                )}
                {version.status !== 'retired' && (
                  <Popconfirm
                    title={t('templatesAdmin.confirmRetire', { version: version.version })}
                    okText={t('templatesAdmin.retire')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('templatesAdmin.cancel')}
                    onConfirm={() => void act(version, 'retire')}
                  >
                    <Button
                      danger
                      loading={busy === `retire:${version.version}`}
                      aria-label={`${t('templatesAdmin.retire')}: ${label}`}
                    >
                      {t('templatesAdmin.retire')}
                    </Button>
                  </Popconfirm>
                )}
                {version.version > 1 && (
                  <Button
                    loading={busy === `diff:${version.version}`}
                    aria-label={`${t('templatesAdmin.compare')}: ${label}`}
                    onClick={() => void compare(version)}
                  >
                    {t('templatesAdmin.compare')}
                  </Button>
                )}
              </Space>
            </li>
          );
        })}
      </ul>
      {diff && (
        <section aria-labelledby="template-diff-title" data-testid="template-diff">
          <Typography.Title level={4} id="template-diff-title" className="section-title">
            {t('templatesAdmin.diff.title', { from: diff.from, to: diff.to })}
          </Typography.Title>
          {diff.changes.length === 0 ? (
            <Typography.Paragraph>{t('templatesAdmin.diff.none')}</Typography.Paragraph>
          ) : (
            <ul className="template-changes">
              {diff.changes.map((change) => (
                <li key={`${change.kind}:${change.path}`} data-testid="template-change">
                  <Tag color={CHANGE_COLOURS[change.kind]}>{t(`templatesAdmin.diff.${change.kind}`)}</Tag>
                  <code>{change.path}</code>
                  {change.kind !== 'added' && (
                    <div>
                      {t('templatesAdmin.diff.before')} <code>{shown(change.before)}</code>
                    </div>
                  )}
                  {change.kind !== 'removed' && (
                    <div>
                      {t('templatesAdmin.diff.after')} <code>{shown(change.after)}</code>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <Button
            onClick={() => {
              setDiff(null);
            }}
          >
            {t('templatesAdmin.diff.close')}
          </Button>
        </section>
      )}
    </div>
  );
}
