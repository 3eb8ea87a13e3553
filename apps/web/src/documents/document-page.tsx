import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Modal, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DocumentVersionView, DocumentView, Receipt } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { isPortalUser, useUser } from '../auth/auth-context';
import { downloadFile, downloadVersion } from '../clients/download';
import { formatDateTime } from '../clients/formats';
import { NoticeAlert } from '../pages/notice-alert';
import { Section } from '../pages/section';
import { errorText } from '../pages/password-fields';
import { DocumentTags } from './document-tags';
import { formatBytes } from './file-size';
import { VersionUpload } from './version-upload';

/**
 * One document (`/documents/:id`, the notifications' deep link): its versions newest first, each
 * downloadable with its SHA-256; for the issuing side a new version (uploaded with progress and
 * cancel), publishing and voiding; and the receipts — who published, opened, downloaded and
 * acknowledged which version when — each downloadable as signed JSON or as a PDF. A client opening
 * the page is itself recorded (the API's receipt), which is how S1.6's Anna sees Olga read it.
 */
export function DocumentPage() {
  const { t } = useTranslation();
  const user = useUser();
  const portal = isPortalUser(user);
  const documentId = useParams()['id'] ?? '';
  const base = `/api/documents/${encodeURIComponent(documentId)}`;
  const [doc, setDoc] = useState<DocumentView | null>(null);
  const [receipts, setReceipts] = useState<Receipt[] | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');

  const load = useCallback(async (): Promise<void> => {
    setError(null);
    try {
      // The document first: opening it is what records a client's receipt.
      setDoc(await api.get<DocumentView>(base));
      setReceipts((await api.get<{ items: Receipt[] }>(`${base}/receipts`)).items);
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        setMissing(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [base, t]);

  useEffect(() => {
    setDoc(null);
    setReceipts(null);
    setMissing(false);
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>, done: string): Promise<void> => {
    setError(null);
    try {
      await work();
      setNotice(done);
      await load();
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  };

  if (missing) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('documents.notFoundTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('documents.notFound')} role="alert" />
        <p>
          <Link to="/documents">{t('documents.back')}</Link>
        </p>
      </div>
    );
  }

  const newest = doc?.versions.at(-1);
  const publishable =
    !portal && doc && doc.status !== 'void' && newest && newest.version !== doc.publishedVersion;
  const versions = doc ? [...doc.versions].reverse() : [];

  const versionRow = (version: DocumentVersionView) => (
    <li key={version.version} className="work-item" data-testid="document-version">
      <div className="work-item-text">
        <Typography.Text strong>
          {t('documents.version', { version: version.version, name: version.fileName })}
        </Typography.Text>
        <span className="work-item-meta">
          {version.version === doc?.publishedVersion && (
            <Tag color="success">{t('documents.publishedTag')}</Tag>
          )}
          <Typography.Text>{formatBytes(version.size)}</Typography.Text>
          <Typography.Text type="secondary">{formatDateTime(version.createdAt)}</Typography.Text>
        </span>
        {version.comment && <Typography.Text>{version.comment}</Typography.Text>}
        <Typography.Text type="secondary" className="checksum">
          SHA-256: <code>{version.sha256}</code>
        </Typography.Text>
      </div>
      <Button
        icon={<DownloadOutlined />}
        aria-label={`${t('clients.download')}: ${t('documents.versionShort', { version: version.version })}`}
        onClick={() =>
          void act(
            () => downloadVersion(documentId, version.version, version.fileName),
            t('clients.downloaded', { title: doc?.title ?? '' }),
          )
        }
      >
        <span className="button-text">{t('clients.download')}</span>
      </Button>
    </li>
  );

  const receiptRow = (receipt: Receipt) => (
    <li key={receipt.id} className="work-item" data-testid="receipt">
      <div className="work-item-text">
        <Typography.Text strong>
          {t(`documents.receiptKind.${receipt.kind}`, { name: receipt.actor.name })}
        </Typography.Text>
        <span className="work-item-meta">
          <Tag>{t('documents.versionShort', { version: receipt.version })}</Tag>
          <Typography.Text type="secondary">{formatDateTime(receipt.at)}</Typography.Text>
        </span>
      </div>
      <span className="row-actions">
        <Button
          size="small"
          aria-label={t('documents.receiptJson', { seq: receipt.seq })}
          onClick={() =>
            void act(
              () => downloadFile(`${base}/receipts/${receipt.id}`, `receipt-${receipt.id}.json`),
              t('documents.receiptSaved'),
            )
          }
        >
          JSON
        </Button>
        <Button
          size="small"
          aria-label={t('documents.receiptPdf', { seq: receipt.seq })}
          onClick={() =>
            void act(
              () => downloadFile(`${base}/receipts/${receipt.id}/pdf`, `receipt-${receipt.id}.pdf`),
              t('documents.receiptSaved'),
            )
          }
        >
          PDF
        </Button>
      </span>
    </li>
  );

  return (
    <div className="page">
      <Link to="/documents" className="back-link">
        {t('documents.back')}
      </Link>
      <Typography.Title level={1}>{doc ? doc.title : t('documents.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {!doc ? (
        <Card className="page-card">
          <Skeleton active />
        </Card>
      ) : (
        <>
          <div className="work-item-meta document-head">
            <DocumentTags doc={doc} portal={portal} />
            {doc.publishedAt && (
              <Typography.Text type="secondary">
                {t('clients.published', { date: formatDateTime(doc.publishedAt) })}
              </Typography.Text>
            )}
            {doc.processInstanceId && (
              <Link to={`/requests/${encodeURIComponent(doc.processInstanceId)}`}>
                {t('documents.request')}
              </Link>
            )}
          </div>
          {doc.status === 'void' && (
            <Alert
              type="warning"
              showIcon
              className="auth-alert"
              title={t('documents.voided', {
                date: doc.voidedAt ? formatDateTime(doc.voidedAt) : '',
                reason: doc.voidReason ?? '',
              })}
            />
          )}
          {doc.generation?.state === 'pending' && (
            <Alert type="info" showIcon className="auth-alert" title={t('documents.generating')} />
          )}
          <Section id="versions" title={t('documents.versions')}>
            {versions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.noVersions')} />
            ) : (
              <ul className="work-list">{versions.map(versionRow)}</ul>
            )}
          </Section>
          {!portal && doc.status !== 'void' && (
            <Section id="manage" title={t('documents.manage')}>
              <VersionUpload
                documentId={documentId}
                onUploaded={(updated) => {
                  setDoc(updated);
                  setNotice(t('documents.uploaded', { version: updated.versions.at(-1)?.version ?? '' }));
                  void load();
                }}
              />
              <div className="document-actions">
                {publishable && (
                  <Popconfirm
                    title={t('documents.publishConfirm', { version: newest.version })}
                    okText={t('documents.publish')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      void act(
                        () => api.post(`${base}/publish`, { version: newest.version }),
                        t('documents.publishedNotice', { version: newest.version }),
                      )
                    }
                  >
                    <Button type="primary">
                      {t('documents.publishVersion', { version: newest.version })}
                    </Button>
                  </Popconfirm>
                )}
                <Button
                  danger
                  onClick={() => {
                    setReason('');
                    setVoiding(true);
                  }}
                >
                  {t('documents.void')}
                </Button>
              </div>
            </Section>
          )}
          <Section id="receipts" title={t('documents.receipts')}>
            {!receipts ? (
              <Skeleton active />
            ) : receipts.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.noReceipts')} />
            ) : (
              <ul className="work-list">{[...receipts].reverse().map(receiptRow)}</ul>
            )}
          </Section>
        </>
      )}
      <Modal
        open={voiding}
        title={t('documents.voidTitle')}
        okText={t('documents.void')}
        okButtonProps={{ danger: true, disabled: reason.trim().length === 0 }}
        cancelText={t('common.cancel')}
        onCancel={() => {
          setVoiding(false);
        }}
        onOk={() => {
          setVoiding(false);
          void act(() => api.post(`${base}/void`, { reason: reason.trim() }), t('documents.voidedNotice'));
        }}
      >
        <label htmlFor="void-reason">{t('documents.voidReason')}</label>
        <Input.TextArea
          id="void-reason"
          value={reason}
          maxLength={1000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(event) => {
            setReason(event.target.value);
          }}
        />
      </Modal>
    </div>
  );
}
