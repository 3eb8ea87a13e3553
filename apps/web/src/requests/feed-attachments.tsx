import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../documents/file-size';
import type { Attached } from './file-upload';
import { UploadStatus, useFileUpload } from './file-upload';

export type { Attached } from './file-upload';

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
  const uploads = useFileUpload();
  const inputId = `feed-files-${instanceId}`;

  const upload = async (file: File): Promise<void> => {
    onBusy(true);
    const filed = await uploads.upload(
      `/api/requests/${encodeURIComponent(instanceId)}/attachments`,
      file,
      visibility(),
    );
    if (filed) {
      onChange([...attached, filed]);
    }
    onBusy(false);
    if (input.current) {
      input.current.value = '';
    }
  };

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
        disabled={uploads.busy}
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
      <UploadStatus state={uploads} testIdPrefix="attachment" />
    </div>
  );
}
