import { CloseOutlined, DownloadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '@rjsf/utils';
import type { DocumentView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { downloadVersion } from '../clients/download';
import { formatBytes } from '../documents/file-size';
import { errorText } from '../pages/password-fields';
import type { Attached } from './file-upload';
import { UploadStatus, useFileUpload } from './file-upload';

/** The UI schema widget of a form field that holds a file (its document's id). */
export const FILE_WIDGET = 'document-upload';

/** What a form tells its upload fields: the request it belongs to, once there is one (a step's form). */
export interface FormFileContext {
  instanceId?: string | null | undefined;
}

/**
 * The file behind a field's value: its name and size once asked (null while asking), or
 * 'unavailable' when the caller may not see it (any more).
 */
function useFileInfo(documentId: string | null, known: Attached | null): Attached | null | 'unavailable' {
  const [info, setInfo] = useState<Attached | null | 'unavailable'>(null);
  useEffect(() => {
    if (!documentId || known?.documentId === documentId) {
      return;
    }
    let current = true;
    setInfo(null);
    api
      .get<DocumentView>(`/api/documents/${encodeURIComponent(documentId)}`)
      .then((doc) => {
        const version = doc.versions.at(-1);
        if (current) {
          setInfo({ documentId, name: version?.fileName ?? doc.title, size: version?.size ?? 0 });
        }
      })
      .catch(() => {
        if (current) {
          setInfo('unavailable');
        }
      });
    return () => {
      current = false;
    };
  }, [documentId, known]);
  return known?.documentId === documentId ? known : info;
}

/**
 * A form's upload field (`ui:widget: document-upload`): the file is filed as soon as it is chosen,
 * with progress and a cancel, to the request's attachments in a step's form, or before the request
 * exists in a start form (the request links it when it starts); the field then holds its id and
 * shows its name, and choosing another file replaces it.
 */
export function FormFileWidget(props: WidgetProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const uploads = useFileUpload();
  const [known, setKnown] = useState<Attached | null>(null);
  const value = typeof props.value === 'string' && props.value !== '' ? props.value : null;
  const file = useFileInfo(value, known);
  const context = props.registry.formContext as FormFileContext | undefined;
  const route = context?.instanceId
    ? `/api/requests/${encodeURIComponent(context.instanceId)}/attachments`
    : '/api/requests/files';
  const locked = Boolean(props.disabled || props.readonly);

  const choose = async (chosen: File): Promise<void> => {
    const filed = await uploads.upload(route, chosen);
    if (filed) {
      setKnown(filed);
      props.onChange(filed.documentId);
    }
    if (input.current) {
      input.current.value = '';
    }
  };

  return (
    <div className="form-file">
      <input
        id={props.id}
        ref={input}
        type="file"
        aria-describedby={`${props.id}-hint`}
        aria-required={props.required}
        disabled={locked || uploads.busy}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen) {
            void choose(chosen);
          }
        }}
      />
      <Typography.Text type="secondary" id={`${props.id}-hint`} className="feed-files-hint">
        {t(value ? 'formFile.replaceHint' : 'formFile.hint')}
      </Typography.Text>
      {value && (
        <div className="form-file-chosen" data-testid="form-file">
          <PaperClipOutlined aria-hidden="true" />{' '}
          <Typography.Text>
            {file === 'unavailable'
              ? t('formFile.unavailable')
              : file
                ? t('feed.attached', { name: file.name, size: formatBytes(file.size) })
                : t('formFile.loading')}
          </Typography.Text>
          {!locked && (
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              aria-label={t('feed.removeFile', { name: file && file !== 'unavailable' ? file.name : '' })}
              onClick={() => {
                setKnown(null);
                props.onChange(undefined);
              }}
            />
          )}
        </div>
      )}
      <UploadStatus state={uploads} testIdPrefix="form-file" />
    </div>
  );
}

/** A file field's value as a request's page shows it: the file's name and size, and a download. */
export function FormFileValue({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const file = useFileInfo(documentId, null);
  const [error, setError] = useState<string | null>(null);
  if (file === 'unavailable') {
    return <Typography.Text type="secondary">{t('formFile.unavailable')}</Typography.Text>;
  }
  if (!file) {
    return <Typography.Text type="secondary">{t('formFile.loading')}</Typography.Text>;
  }
  return (
    <span className="form-file-value" data-testid="form-file-value">
      <PaperClipOutlined aria-hidden="true" />{' '}
      <Typography.Text>
        {t('formFile.file', { name: file.name, size: formatBytes(file.size) })}
      </Typography.Text>{' '}
      <Button
        size="small"
        icon={<DownloadOutlined />}
        aria-label={t('feed.download', { name: file.name })}
        onClick={() => {
          setError(null);
          downloadVersion(documentId, 1, file.name).catch((err: unknown) => {
            setError(errorText(err, t('feed.downloadFailed')));
          });
        }}
      />
      {error && <Alert type="error" showIcon title={error} role="alert" />}
    </span>
  );
}
