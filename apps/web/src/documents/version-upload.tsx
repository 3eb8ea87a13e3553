import { UploadOutlined } from '@ant-design/icons';
import { Button, Input, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '@orbita/contracts';
import { UploadStatus, useFileUpload } from '../requests/file-upload';
import { formatBytes } from './file-size';

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
  const uploads = useFileUpload();
  const [file, setFile] = useState<File | null>(null);
  const [comment, setComment] = useState('');

  const start = async (): Promise<void> => {
    if (!file) {
      return;
    }
    const query = new URLSearchParams({ name: file.name });
    if (comment.trim()) {
      query.set('comment', comment.trim());
    }
    const updated = await uploads.send<DocumentView>(
      `/api/documents/${encodeURIComponent(documentId)}/versions?${query.toString()}`,
      file,
    );
    if (!updated) {
      return;
    }
    setFile(null);
    setComment('');
    if (input.current) {
      input.current.value = '';
    }
    onUploaded(updated);
  };

  return (
    <div className="version-upload">
      <label htmlFor="version-file" className="field-label">
        {t('documents.newVersion')}
      </label>
      <input
        id="version-file"
        ref={input}
        type="file"
        disabled={uploads.busy}
        onChange={(event) => {
          setFile(event.target.files?.[0] ?? null);
          uploads.clear();
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
        disabled={uploads.busy}
        onChange={(event) => {
          setComment(event.target.value);
        }}
      />
      {!uploads.busy && (
        <Button icon={<UploadOutlined />} disabled={!file} onClick={() => void start()}>
          {t('documents.upload')}
        </Button>
      )}
      <UploadStatus state={uploads} testIdPrefix="upload" cancelledText={t('documents.uploadCancelled')} />
    </div>
  );
}
