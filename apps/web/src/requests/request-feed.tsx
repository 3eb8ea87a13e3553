import { CommentOutlined, DownloadOutlined, PaperClipOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Form, Input, Radio, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FeedEntryView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { downloadVersion } from '../clients/download';
import { formatBytes } from '../documents/file-size';
import { currentLanguage } from '../i18n/i18n';
import { useLiveRefresh } from '../notifications/live-changes';
import { errorText } from '../pages/password-fields';
import type { Attached } from './feed-attachments';
import { FeedAttachments } from './feed-attachments';

const PAGE = 100;
/** After an action, how often and how long the feed is read again for the engine's entries. */
const FOLLOW_POLLS = 10;
const FOLLOW_POLL_MS = 400;

interface CommentFields {
  text: string;
  visibility: 'shared' | 'internal';
}

export interface RequestFeedProps {
  instanceId: string;
  /** Staff choose who sees a comment; a portal user's comments are always shared. */
  staff: boolean;
  /** Whether the request has a client side: then a staff member's comment is internal unless they share it. */
  external: boolean;
  nameOf: (id: string | null) => string;
  stepName: (stepId: string | null) => string;
  outcomeName: (stepId: string | null, outcome: string | null) => string | null;
  /** Bumped by the page after an action: the feed has new system entries to show. */
  version: number;
}

/**
 * The request's feed in one chronological order: comments, attachments and what the engine did
 * (the server leaves out, for a portal user, whatever is not shared), and a comment to add.
 */
export function RequestFeed(props: RequestFeedProps) {
  const { instanceId, staff, nameOf, stepName, outcomeName, version } = props;
  const { t } = useTranslation();
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [entries, setEntries] = useState<FeedEntryView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attached, setAttached] = useState<Attached[]>([]);
  const [uploading, setUploading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [form] = Form.useForm<CommentFields>();

  const page = useCallback(
    (cursor?: string) => {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) {
        query.set('cursor', cursor);
      }
      return api.get<Page<FeedEntryView>>(
        `/api/requests/${encodeURIComponent(instanceId)}/feed?${query.toString()}`,
      );
    },
    [instanceId],
  );

  // Oldest first: the first pages, up to the newest (a long feed offers the rest by a button).
  const load = useCallback(async (): Promise<number> => {
    try {
      let all: FeedEntryView[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 5; pages += 1) {
        const answer: Page<FeedEntryView> = await page(cursor ?? undefined);
        all = [...all, ...answer.items];
        cursor = answer.nextCursor;
        if (!cursor) {
          break;
        }
      }
      setEntries(all);
      setNext(cursor);
      return all.length;
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
      return -1;
    }
  }, [page, t]);

  const shown = useRef(0);
  useEffect(() => {
    // After an action (version > 0) the engine's entries follow its event: read again until they show.
    const run = { cancelled: false };
    void (async () => {
      const before = shown.current;
      for (let attempt = 0; attempt < (version > 0 ? FOLLOW_POLLS : 1); attempt += 1) {
        const count = await load();
        if (run.cancelled || count < 0 || count > before || version === 0) {
          shown.current = Math.max(count, 0);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
      }
    })();
    return () => {
      run.cancelled = true;
    };
  }, [load, version]);

  // A comment or an event from someone else (ADR 027): the entries are read again; the comment
  // being typed is the form's and stays as it is.
  useLiveRefresh(
    (change) => change.id === instanceId,
    async () => {
      const count = await load();
      if (count >= 0) {
        shown.current = count;
      }
    },
  );

  const more = async (): Promise<void> => {
    if (!next) {
      return;
    }
    const answer = await page(next);
    setEntries((previous) => [...(previous ?? []), ...answer.items]);
    setNext(answer.nextCursor);
  };

  const send = async (values: CommentFields): Promise<void> => {
    if (uploading) {
      setSendError(t('feed.waitUpload'));
      return;
    }
    setBusy(true);
    setSendError(null);
    setSent(false);
    try {
      await api.post(`/api/requests/${encodeURIComponent(instanceId)}/comments`, {
        text: values.text,
        ...(staff ? { visibility: values.visibility } : {}),
        ...(attached.length > 0 ? { attachments: attached.map((a) => a.documentId) } : {}),
      });
      form.resetFields(['text']);
      setAttached([]);
      setSent(true);
      shown.current = await load();
    } catch (err) {
      setSendError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  const systemText = (entry: FeedEntryView): string => {
    const event = entry.event;
    if (!event) {
      return t('feed.system');
    }
    const known = [
      'tasks.instance.started',
      'tasks.step.started',
      'tasks.step.finished',
      'tasks.task.claimed',
      'tasks.task.reassigned',
      'tasks.instance.ended',
      'documents.document.published',
    ];
    const key = known.includes(event.type) ? event.type : 'other';
    const text = t(`feed.event.${key}`, {
      step: stepName(event.stepId),
      actor: nameOf(event.actorId),
      type: event.type,
    });
    const outcome =
      event.type === 'tasks.instance.ended'
        ? t(`request.status.${event.outcome ?? 'completed'}`, { defaultValue: event.outcome ?? '' })
        : outcomeName(event.stepId, event.outcome);
    return outcome ? `${text}: ${outcome}` : text;
  };

  const renderEntry = (entry: FeedEntryView) => {
    const system = entry.kind === 'system';
    const who = system
      ? entry.event?.actorId
        ? nameOf(entry.event.actorId)
        : t('feed.system')
      : nameOf(entry.authorId);
    const text = system ? entry.event?.comment : entry.text;
    return (
      <li
        key={entry.id}
        className={system ? 'feed-entry feed-entry-system' : 'feed-entry'}
        data-testid="feed-entry"
        data-kind={entry.kind}
      >
        <span className="feed-icon" aria-hidden="true">
          {system ? <SettingOutlined /> : <CommentOutlined />}
        </span>
        <div className="feed-body">
          <div className="feed-head">
            <Typography.Text strong>{who}</Typography.Text>
            <Typography.Text type="secondary" className="feed-time">
              <time dateTime={entry.createdAt}>{time.format(new Date(entry.createdAt))}</time>
            </Typography.Text>
            {staff && entry.visibility === 'internal' && <Tag>{t('feed.internal')}</Tag>}
          </div>
          {system && <Typography.Text>{systemText(entry)}</Typography.Text>}
          {text && <p className="feed-text">{text}</p>}
          {entry.attachments.length > 0 && (
            <ul className="feed-attachments" data-testid="feed-attachments">
              {entry.attachments.map((attachment) => {
                const title = attachment.title ?? t('feed.document');
                const name = attachment.fileName ?? title;
                return (
                  <li key={attachment.documentId} className="feed-attachment" data-testid="feed-attachment">
                    <PaperClipOutlined aria-hidden="true" />{' '}
                    {attachment.size !== null ? (
                      <>
                        <Typography.Text>{name}</Typography.Text>{' '}
                        <Typography.Text type="secondary">{formatBytes(attachment.size)}</Typography.Text>
                        <Button
                          type="link"
                          size="small"
                          icon={<DownloadOutlined />}
                          aria-label={t('feed.download', { name })}
                          onClick={() => {
                            setDownloadError(null);
                            downloadVersion(attachment.documentId, 1, name).catch((err: unknown) => {
                              setDownloadError(errorText(err, t('feed.downloadFailed')));
                            });
                          }}
                        />
                      </>
                    ) : (
                      <Link
                        to={`/documents/${encodeURIComponent(attachment.documentId)}`}
                        aria-label={t('feed.openDocument', { title })}
                      >
                        {t('feed.attachment', { title })}
                      </Link>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </li>
    );
  };

  return (
    <>
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      {!entries ? (
        <Skeleton active />
      ) : entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('feed.empty')} />
      ) : (
        <ol className="feed-list" data-testid="feed">
          {entries.map(renderEntry)}
        </ol>
      )}
      {downloadError && (
        <Alert type="error" showIcon title={downloadError} role="alert" className="auth-alert" />
      )}
      {next && <Button onClick={() => void more()}>{t('feed.more')}</Button>}
      <h3 className="feed-add-title">{t('feed.add')}</h3>
      {sendError && <Alert type="error" showIcon title={sendError} role="alert" className="auth-alert" />}
      {sent && <Alert type="success" showIcon title={t('feed.sent')} role="status" className="auth-alert" />}
      <Form<CommentFields>
        form={form}
        layout="vertical"
        requiredMark={false}
        name={`comment-${instanceId}`}
        initialValues={{ visibility: props.external ? 'internal' : 'shared' }}
        onFinish={(values) => void send(values)}
      >
        <Form.Item
          name="text"
          label={t('feed.text')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={10_000} />
        </Form.Item>
        {staff && (
          <Form.Item name="visibility" label={t('feed.visibility')}>
            <Radio.Group
              options={[
                { value: 'internal', label: t('feed.internal') },
                { value: 'shared', label: t('feed.shared') },
              ]}
            />
          </Form.Item>
        )}
        <FeedAttachments
          instanceId={instanceId}
          visibility={() =>
            staff ? (form.getFieldValue('visibility') as CommentFields['visibility']) : undefined
          }
          attached={attached}
          onChange={setAttached}
          onBusy={setUploading}
        />
        <Button type="primary" htmlType="submit" loading={busy} disabled={uploading}>
          {t('feed.send')}
        </Button>
      </Form>
    </>
  );
}
