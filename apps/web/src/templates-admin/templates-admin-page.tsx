import { Alert, Button, Empty, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateListSchema } from '@orbita/contracts';
import type { z } from 'zod';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { holds, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import { TemplateStatusTag } from './template-status-tag';
import { TemplateUpload } from './template-upload';
import { TemplateVersions } from './template-versions';

type TemplateListItem = z.infer<typeof TemplateListSchema>['items'][number];

/**
 * Process templates (ARCHITECTURE §6) for those who manage processes: every template with its
 * latest version and the published one; a new template or version is checked, uploaded as a
 * draft, then published; versions are retired and compared here.
 */
export function TemplatesAdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'process.manage');
  const language = currentLanguage();
  const [templates, setTemplates] = useState<TemplateListItem[] | null>(null);
  const [refused, setRefused] = useState(!allowed);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  // Bumped after every change, so an open list of versions reads itself again.
  const [revision, setRevision] = useState(0);

  const load = useCallback(async (): Promise<void> => {
    try {
      const list = await api.get<{ items: TemplateListItem[] }>('/api/process-templates');
      setTemplates(list.items);
    } catch (err) {
      if (isApiError(err) && err.status === 403) {
        setRefused(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [t]);

  useEffect(() => {
    if (allowed) {
      void load();
    }
  }, [allowed, load]);

  const changed = (message: string): void => {
    setError(null);
    setNotice(message);
    setRevision((n) => n + 1);
    void load();
  };

  if (refused) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('templatesAdmin.title')}</Typography.Title>
        <Alert type="warning" showIcon title={t('templatesAdmin.refused')} role="alert" />
      </div>
    );
  }

  return (
    <div className="page">
      <Typography.Title level={1}>{t('templatesAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('templatesAdmin.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <Section id="template-upload" title={t('templatesAdmin.upload.title')}>
        <TemplateUpload
          onUploaded={(version) => {
            setOpen(version.key);
            changed(
              t('templatesAdmin.done.upload', { version: version.version, name: version.name[language] }),
            );
          }}
        />
      </Section>
      <Section id="templates" title={t('templatesAdmin.list', { count: templates?.length ?? 0 })}>
        {!templates ? (
          <Skeleton active />
        ) : templates.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templatesAdmin.empty')} />
        ) : (
          <ul className="work-list" data-testid="templates">
            {templates.map((template) => {
              const name = template.name[language];
              const isOpen = open === template.key;
              return (
                <li key={template.key} className="admin-item" data-testid="template">
                  <div className="admin-item-head">
                    <Typography.Text strong>{name}</Typography.Text>
                    <TemplateStatusTag status={template.status} />
                  </div>
                  <dl className="run-facts">
                    <div>
                      <dt>{t('templatesAdmin.key')}</dt>
                      <dd>
                        <code>{template.key}</code>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('templatesAdmin.latest')}</dt>
                      <dd data-testid="template-latest">{template.version}</dd>
                    </div>
                    <div>
                      <dt>{t('templatesAdmin.published')}</dt>
                      <dd data-testid="template-published">
                        {template.publishedVersion ?? t('templatesAdmin.nonePublished')}
                      </dd>
                    </div>
                  </dl>
                  <Button
                    aria-expanded={isOpen}
                    aria-label={`${t(isOpen ? 'templatesAdmin.hideVersions' : 'templatesAdmin.showVersions')}: ${name}`}
                    onClick={() => {
                      setOpen(isOpen ? null : template.key);
                    }}
                  >
                    {t(isOpen ? 'templatesAdmin.hideVersions' : 'templatesAdmin.showVersions')}
                  </Button>
                  {isOpen && (
                    <TemplateVersions
                      templateKey={template.key}
                      revision={revision}
                      onChanged={changed}
                      onError={setError}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </div>
  );
}
