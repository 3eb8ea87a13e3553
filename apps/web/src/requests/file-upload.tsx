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
 * One file at a time streamed to an upload route (with progress and a cancel), as a comment's
 * files, a form's upload fields and a document's new versions do it: what the gateway refuses (a type it does not
 * allow, a file too large) is said in its words, a cancelled upload adds nothing.
 */
export function useFileUpload() {
  const { t } = useTranslation();
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);

  /** Streams `file` to `url` with progress and a cancel; what the route answered, null when it did not land. */
  const send = async <T,>(url: string, file: File): Promise<T | null> => {
    const controller = new AbortController();
    setError(null);
    setCancelled(false);
    setTransfer({ name: file.name, controller, loaded: 0, total: file.size });
    try {
      return await uploadFile<T>(url, file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => {
          setTransfer({ name: file.name, controller, loaded, total });
        },
      });
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

  /** Files `file` to a request's `route` (the name and visibility go in its query); null when it did not land. */
  const upload = async (
    route: string,
    file: File,
    visibility?: 'internal' | 'shared',
  ): Promise<Attached | null> => {
    const query = new URLSearchParams({ name: file.name });
    if (visibility) {
      query.set('visibility', visibility);
    }
    const filed = await send<DocumentView>(`${route}?${query.toString()}`, file);
    if (!filed) {
      return null;
    }
    const version = filed.versions.at(-1);
    return { documentId: filed.id, name: version?.fileName ?? file.name, size: version?.size ?? file.size };
  };

  /** Forgets what became of the last upload (a new file was chosen). */
  const clear = (): void => {
    setError(null);
    setCancelled(false);
  };

  return { send, upload, clear, busy: transfer !== null, transfer, error, cancelled };
}

/**
 * The upload's progress with its cancel button, then what became of it (cancelled, refused);
 * `cancelledText` says what a cancel left undone (by default: the file is not attached).
 */
export function UploadStatus({
  state,
  testIdPrefix,
  cancelledText,
}: {
  state: ReturnType<typeof useFileUpload>;
  testIdPrefix: string;
  cancelledText?: string;
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
      {state.cancelled && (
        <Alert type="info" showIcon title={cancelledText ?? t('feed.uploadCancelled')} role="status" />
      )}
      {state.error && (
        <Alert type="error" showIcon title={state.error} role="alert" data-testid={`${testIdPrefix}-error`} />
      )}
    </>
  );
}
