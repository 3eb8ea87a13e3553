import { Alert, Button, Progress, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '@orbita/contracts';
import { UploadCancelled, uploadFile } from '../api/upload';
import { formatBytes } from '../documents/file-size';
import { errorText } from '../pages/password-fields';

/** A file of a request, as the form or comment that carries it shows it. */
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
 * One file at a time filed to a request's upload route (streamed, with progress and a cancel), as
 * a comment's files and a form's upload fields do it: what the gateway refuses (a type it does not
 * allow, a file too large) is said in its words, a cancelled upload adds nothing.
 */
export function useFileUpload() {
  const { t } = useTranslation();
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);

  /** Files `file` to `route` (the name and visibility go in its query); null when it did not land. */
  const upload = async (
    route: string,
    file: File,
    visibility?: 'internal' | 'shared',
  ): Promise<Attached | null> => {
    const controller = new AbortController();
    setError(null);
    setCancelled(false);
    setTransfer({ name: file.name, controller, loaded: 0, total: file.size });
    const query = new URLSearchParams({ name: file.name });
    if (visibility) {
      query.set('visibility', visibility);
    }
    try {
      const filed = await uploadFile<DocumentView>(`${route}?${query.toString()}`, file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          setTransfer({ name: file.name, controller, loaded, total });
        },
      });
      const version = filed.versions.at(-1);
      return { documentId: filed.id, name: version?.fileName ?? file.name, size: version?.size ?? file.size };
    } catch (err) {
      if (err instanceof UploadCancelled) {
        setCancelled(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
      return null;
    } finally {
      setTransfer(null);
    }
  };

  return { upload, busy: transfer !== null, transfer, error, cancelled };
}

/** The upload's progress with its cancel button, then what became of it (cancelled, refused). */
export function UploadStatus({
  state,
  testIdPrefix,
}: {
  state: ReturnType<typeof useFileUpload>;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const { transfer } = state;
  const percent = transfer && transfer.total > 0 ? Math.floor((transfer.loaded / transfer.total) * 100) : 0;
  return (
    <>
      {transfer && (
        <div className="upload-progress" data-testid={`${testIdPrefix}-progress`}>
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
      {state.cancelled && <Alert type="info" showIcon title={t('feed.uploadCancelled')} role="status" />}
      {state.error && (
        <Alert type="error" showIcon title={state.error} role="alert" data-testid={`${testIdPrefix}-error`} />
      )}
    </>
  );
}
