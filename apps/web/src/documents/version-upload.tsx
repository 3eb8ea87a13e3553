import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '@orbita/contracts';
import { UploadCancelled, uploadFile } from '../api/upload';
import { errorText } from '../pages/password-fields';
import { formatBytes } from './file-size';

interface Transfer {
  controller: AbortController;
  loaded: number;
  total: number;
}

/**
 * Adds a version to a document: the file streams to the gateway as it is read (no size held in
 * the page), with a progress bar and a cancel button; what the gateway refuses (a type it does not
 * allow, a file too large) comes back as its message in the user's language.
 */
export function VersionUpload({
  documentId,
  onUploaded,
}: {
  documentId: string;
  onUploaded: (doc: DocumentView) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [comment, setComment] = useState('');
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);

  const start = async (): Promise<void> => {
    if (!file) {
      return;
    }
    const controller = new AbortController();
    setError(null);
    setCancelled(false);
    setTransfer({ controller, loaded: 0, total: file.size });
    const query = new URLSearchParams({ name: file.name });
    if (comment.trim()) {
      query.set('comment', comment.trim());
    }
    try {
      const updated = await uploadFile<DocumentView>(
        `/api/documents/${encodeURIComponent(documentId)}/versions?${query.toString()}`,
        file,
        {
          signal: controller.signal,
          onProgress: ({ loaded, total }) => {
            setTransfer({ controller, loaded, total });
          },
        },
      );
      setFile(null);
      setComment('');
      if (input.current) {
        input.current.value = '';
      }
      onUploaded(updated);
    } catch (err) {
      if (err instanceof UploadCancelled) {
        setCancelled(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    } finally {
      setTransfer(null);
    }
  };

  const percent = transfer && transfer.total > 0 ? Math.floor((transfer.loaded / transfer.total) * 100) : 0;

  return (
    <div className="version-upload">
      <label htmlFor="version-file" className="field-label">
        {t('documents.newVersion')}
      </label>
      <input
        id="version-file"
        ref={input}
        type="file"
        disabled={transfer !== null}
        onChange={(event) => {
          setFile(event.target.files?.[0] ?? null);
          setError(null);
          setCancelled(false);
        }}
      />
      {file && (
        <Typography.Text type="secondary">
          {file.name}, {formatBytes(file.size)}
        </Typography.Text>
      )}
      <label htmlFor="version-comment" className="field-label">
        {t('documents.versionComment')}
      </label>
      <Input
        id="version-comment"
        value={comment}
        maxLength={500}
        disabled={transfer !== null}
        onChange={(event) => {
          setComment(event.target.value);
        }}
      />
      {transfer ? (
        <div className="upload-progress" data-testid="upload-progress">
          <Progress percent={percent} status="active" aria-label={t('documents.uploading')} />
          <Typography.Text type="secondary">
            {formatBytes(transfer.loaded)} / {formatBytes(transfer.total)}
          </Typography.Text>
          <Button
            onClick={() => {
              transfer.controller.abort();
            }}
          >
            {t('documents.cancelUpload')}
          </Button>
        </div>
      ) : (
        <Button icon={<UploadOutlined />} disabled={!file} onClick={() => void start()}>
          {t('documents.upload')}
        </Button>
      )}
      {cancelled && <Alert type="info" showIcon title={t('documents.uploadCancelled')} role="status" />}
      {error && <Alert type="error" showIcon title={error} role="alert" data-testid="upload-error" />}
    </div>
  );
}
