import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '@orbita/contracts';

const STATUS_COLOURS: Record<DocumentView['status'], string> = {
  draft: 'default',
  published: 'success',
  void: 'error',
};

/**
 * What a document is at a glance: its type, number and status, and whether the client has opened
 * it (a portal user reads "new", staff "not opened").
 */
export function DocumentTags({ doc, portal }: { doc: DocumentView; portal: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag>{t(`clients.documentType.${doc.type}`)}</Tag>
      {doc.number && <Typography.Text>{t('clients.number', { number: doc.number })}</Typography.Text>}
      <Tag color={STATUS_COLOURS[doc.status]} data-testid="document-status">
        {t(`clients.documentStatus.${doc.status}`)}
      </Tag>
      {doc.unread && <Tag color="#0958d9">{t(portal ? 'clients.new' : 'clients.notOpened')}</Tag>}
    </>
  );
}
