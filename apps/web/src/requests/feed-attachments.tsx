import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '@orbita/contracts';
import { UploadCancelled, uploadFile } from '../api/upload';
import { formatBytes } from '../documents/file-size';
import { errorText } from '../pages/password-fields';

export interface Attached {
  documentId: string;
  name: string;
  size: number;
}

interface Transfer {
  name: string;
  controller: AbortController;
  loaded: number;
  total: number;
}

/**
 * Files for a comment: each is filed to the request as soon as it is chosen (streamed, with a
 * progress bar and a cancel button, as a document's version is), then sent with the comment by its
 * id. What the gateway refuses (a type it does not allow, a file too large) is said in its words.
 * Staff's files are seen by whom the comment's visibility says at the time they are chosen.
 */
export function FeedAttachments({
  instanceId,
  visibility,
  attached,
  onChange,
  onBusy,
}: {
  instanceId: string;
  visibility: () => 'internal' | 'shared' | undefined;
  attached: Attached[];
  onChange: (attached: Attached[]) => void;
  onBusy: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const inputId = `feed-files-${instanceId}`;

  const upload = async (file: File): Promise<void> => {
    const controller = new AbortController();
    setError(null);
    setCancelled(false);
    setTransfer({ name: file.name, controller, loaded: 0, total: file.size });
    onBusy(true);
    const query = new URLSearchParams({ name: file.name });
    const wanted = visibility();
    if (wanted) {
      query.set('visibility', wanted);
    }
    try {
      const filed = await uploadFile<DocumentView>(
        `/api/requests/${encodeURIComponent(instanceId)}/attachments?${query.toString()}`,
        file,
        {
          signal: controller.signal,
          onProgress: ({ loaded, total }) => {
            setTransfer({ name: file.name, controller, loaded, total });
          },
        },
      );
      const version = filed.versions.at(-1);
      onChange([
        ...attached,
        { documentId: filed.id, name: version?.fileName ?? file.name, size: version?.size ?? file.size },
      ]);
    } catch (err) {
      if (err instanceof UploadCancelled) {
        setCancelled(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    } finally {
      setTransfer(null);
      onBusy(false);
      if (input.current) {
        input.current.value = '';
      }
    }
  };

  const percent = transfer && transfer.total > 0 ? Math.floor((transfer.loaded / transfer.total) * 100) : 0;

  return (
    <div className="feed-files">
      <label htmlFor={inputId} className="field-label">
        {t('feed.files')}
      </label>
      <input
        id={inputId}
        ref={input}
        type="file"
        aria-describedby={`${inputId}-hint`}
        disabled={transfer !== null}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) {
            void upload(file);
          }
        }}
      />
      <Typography.Text type="secondary" id={`${inputId}-hint`} className="feed-files-hint">
        {t('feed.filesHint')}
      </Typography.Text>
      {transfer && (
        <div className="upload-progress" data-testid="attachment-progress">
          <Progress
            percent={percent}
            status="active"
            aria-label={t('feed.uploading', { name: transfer.name })}
          />
          <Typography.Text type="secondary">
            {formatBytes(transfer.loaded)} / {formatBytes(transfer.total)}
          </Typography.Text>
          <Button
            onClick={() => {
              transfer.controller.abort();
            }}
          >
            {t('feed.cancelUpload')}
          </Button>
        </div>
      )}
      {attached.length > 0 && (
        <ul className="feed-files-list" data-testid="attached-files">
          {attached.map((file) => (
            <li key={file.documentId}>
              <PaperClipOutlined aria-hidden="true" />{' '}
              <Typography.Text>
                {t('feed.attached', { name: file.name, size: formatBytes(file.size) })}
              </Typography.Text>
              <Button
                type="text"
                size="small"
                icon={<CloseOutlined />}
                aria-label={t('feed.removeFile', { name: file.name })}
                onClick={() => {
                  onChange(attached.filter((a) => a.documentId !== file.documentId));
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {cancelled && <Alert type="info" showIcon title={t('feed.uploadCancelled')} role="status" />}
      {error && <Alert type="error" showIcon title={error} role="alert" data-testid="attachment-error" />}
    </div>
  );
}
