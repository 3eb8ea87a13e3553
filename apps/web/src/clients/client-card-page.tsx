import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ClientCard, DocumentView, InstanceSummary, RegisterRecordView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { isPortalUser, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from '../pages/password-fields';
import { DocumentTags } from '../documents/document-tags';
import { downloadVersion } from './download';
import { formatDate, formatDateTime, formatMoney, formatSchedule, text } from './formats';
import { NoticeAlert } from '../pages/notice-alert';
import { Section } from '../pages/section';
import { useLiveRefresh } from '../notifications/live-changes';

/** Solid tags with white text, dark enough for AA contrast (axe's color-contrast rule). */
const STATUS_COLOUR: Record<string, string> = {
  active: '#237804',
  paid: '#237804',
  'partly-paid': '#874d00',
  unpaid: '#c4161c',
  planned: '#0958d9',
  ended: 'default',
  closed: 'default',
};

/** One entry of a section's list: its text, and an action beside it (a download). */
function Row({ testId, action, children }: { testId: string; action?: ReactNode; children: ReactNode }) {
  return (
    <li className="work-item" data-testid={testId}>
      <div className="work-item-text">{children}</div>
      {action}
    </li>
  );
}

function Rows<T>({ items, empty, render }: { items: T[]; empty: string; render: (item: T) => ReactNode }) {
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  }
  return <ul className="work-list">{items.map(render)}</ul>;
}

/**
 * One client's card (S1.2): contracts, service points with their pick-up schedules, invoices
 * with their payment status and the payments, requests open and closed with who holds them, and
 * documents. Staff open it from the client list; portal users see their own org's as "my
 * organisation". What the caller may not see the API answers as not found, and so does the page.
 */
export function ClientCardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const portal = isPortalUser(user);
  const params = useParams();
  const orgId = params['orgId'] ?? user.orgId;
  const [card, setCard] = useState<ClientCard | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    setError(null);
    setMissing(false);
    try {
      setCard(await api.get<ClientCard>(`/api/clients/${encodeURIComponent(orgId)}/card`));
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        setMissing(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [orgId, t]);

  useEffect(() => {
    setCard(null);
    void load();
  }, [load]);
  // A request of the client's moved on (ADR 027): its state and holder on the card follow.
  useLiveRefresh((change) => change.type === 'process-instance', load);

  const download = async (doc: DocumentView): Promise<void> => {
    const version = doc.publishedVersion ?? doc.versions.at(-1)?.version;
    const file = doc.versions.find((v) => v.version === version);
    if (version === undefined || !file) {
      return;
    }
    setError(null);
    try {
      await downloadVersion(doc.id, version, file.fileName);
      setNotice(t('clients.downloaded', { title: doc.title }));
      if (portal) {
        // The gateway recorded the download as the client's receipt: the document is read now.
        setCard((previous) =>
          previous?.documents
            ? {
                ...previous,
                documents: previous.documents.map((d) => (d.id === doc.id ? { ...d, unread: false } : d)),
              }
            : previous,
        );
      }
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  };

  if (missing) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('clients.notFoundTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('clients.notFound')} role="alert" />
        {!portal && (
          <p>
            <Link to="/clients">{t('clients.back')}</Link>
          </p>
        )}
      </div>
    );
  }

  const language = currentLanguage();
  const status = (value: unknown) => (
    <Tag color={STATUS_COLOUR[String(value)] ?? 'default'}>
      {t(`clients.status.${String(value)}`, { defaultValue: text(value) })}
    </Tag>
  );

  const contract = (record: RegisterRecordView) => (
    <Row key={record.id} testId="contract">
      <Typography.Text strong>
        {t('clients.contractTitle', {
          number: text(record.data['number']),
          title: text(record.data['title']),
        })}
      </Typography.Text>
      <span className="work-item-meta">
        {status(record.data['status'])}
        <Typography.Text type="secondary">
          {t('clients.period', {
            from: formatDate(record.data['startDate']),
            to: formatDate(record.data['endDate']),
          })}
        </Typography.Text>
        <Typography.Text type="secondary">{formatMoney(record.data['amount'])}</Typography.Text>
      </span>
    </Row>
  );

  const servicePoint = (record: RegisterRecordView) => (
    <Row key={record.id} testId="service-point">
      <Typography.Text strong>{text(record.data['address'])}</Typography.Text>
      <Typography.Text>
        {t('clients.container', {
          type: text(record.data['containerType']),
          volume: text(record.data['volume']),
        })}
      </Typography.Text>
      <Typography.Text>
        {t('clients.schedule', { schedule: formatSchedule(record.data['schedule']) })}
      </Typography.Text>
      <span className="work-item-meta">
        {status(record.data['status'])}
        <Typography.Text type="secondary">
          {t('clients.since', { date: formatDate(record.data['startDate']) })}
        </Typography.Text>
      </span>
    </Row>
  );

  const invoice = (record: RegisterRecordView) => (
    <Row key={record.id} testId="invoice">
      <Typography.Text strong>
        {t('clients.invoiceTitle', {
          number: text(record.data['number']),
          date: formatDate(record.data['date']),
        })}
      </Typography.Text>
      <span className="work-item-meta">
        {status(record.data['status'])}
        <Typography.Text>{formatMoney(record.data['amount'])}</Typography.Text>
        <Typography.Text type="secondary">
          {t('clients.dueDate', { date: formatDate(record.data['dueDate']) })}
        </Typography.Text>
      </span>
    </Row>
  );

  const payment = (record: RegisterRecordView) => (
    <Row key={record.id} testId="payment">
      <Typography.Text strong>
        {t('clients.paymentTitle', {
          amount: formatMoney(record.data['amount']),
          date: formatDate(record.data['date']),
        })}
      </Typography.Text>
      <Typography.Text type="secondary">
        {t('clients.paymentFor', {
          invoice: text(record.data['invoiceNumber']),
          reference: text(record.data['reference']),
        })}
      </Typography.Text>
    </Row>
  );

  const request = (summary: InstanceSummary) => (
    <Row key={summary.id} testId="request">
      <Link to={`/requests/${encodeURIComponent(summary.id)}`}>{summary.title}</Link>
      <Typography.Text type="secondary">
        {summary.number} · {summary.templateName[language]}
      </Typography.Text>
      <span className="work-item-meta">
        {summary.overdue && <Tag color="error">{t('inbox.overdue')}</Tag>}
        {summary.heldBy ? (
          <Typography.Text>
            {t(summary.heldBy.party === 'external' ? 'clients.heldByClient' : 'clients.heldByUs', {
              since: formatDateTime(summary.heldBy.since),
            })}
          </Typography.Text>
        ) : (
          <>
            <Tag>{t(`clients.requestStatus.${summary.status}`)}</Tag>
            {summary.endedAt && (
              <Typography.Text type="secondary">
                {t('clients.ended', { date: formatDateTime(summary.endedAt) })}
              </Typography.Text>
            )}
          </>
        )}
      </span>
    </Row>
  );

  const documentRow = (doc: DocumentView) => {
    const version = doc.publishedVersion ?? doc.versions.at(-1)?.version;
    return (
      <Row
        key={doc.id}
        testId="document"
        action={
          version !== undefined && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void download(doc)}
              aria-label={`${t('clients.download')}: ${doc.title}`}
            >
              <span className="button-text">{t('clients.download')}</span>
            </Button>
          )
        }
      >
        <Link to={`/documents/${encodeURIComponent(doc.id)}`}>
          <Typography.Text strong>{doc.title}</Typography.Text>
        </Link>
        <span className="work-item-meta">
          <DocumentTags doc={doc} portal={portal} />
          {doc.publishedAt && (
            <Typography.Text type="secondary">
              {t('clients.published', { date: formatDateTime(doc.publishedAt) })}
            </Typography.Text>
          )}
        </span>
      </Row>
    );
  };

  return (
    <div className="page">
      {!portal && (
        <Link to="/clients" className="back-link">
          {t('clients.back')}
        </Link>
      )}
      <Typography.Title level={1}>{card ? card.org.name : t('clients.cardTitle')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {card?.partial && <Alert type="warning" showIcon title={t('clients.partial')} className="auth-alert" />}
      {!card ? (
        <Card className="page-card">
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Section id="contracts" title={t('clients.tabs.contracts', { count: card.contracts.length })}>
            <Rows items={card.contracts} empty={t('clients.empty.contracts')} render={contract} />
          </Section>
          <Section
            id="service-points"
            title={t('clients.tabs.servicePoints', { count: card.servicePoints.length })}
          >
            <Rows items={card.servicePoints} empty={t('clients.empty.servicePoints')} render={servicePoint} />
          </Section>
          <Section id="invoices" title={t('clients.tabs.invoices', { count: card.invoices.length })}>
            <Rows items={card.invoices} empty={t('clients.empty.invoices')} render={invoice} />
            <h3 className="section-title">{t('clients.payments')}</h3>
            <Rows items={card.payments} empty={t('clients.empty.payments')} render={payment} />
          </Section>
          <Section id="requests" title={t('clients.tabs.requests', { count: card.requests.open.length })}>
            <h3 className="section-title">{t('clients.open')}</h3>
            <Rows items={card.requests.open} empty={t('clients.empty.open')} render={request} />
            <h3 className="section-title">{t('clients.closed')}</h3>
            <Rows items={card.requests.closed} empty={t('clients.empty.closed')} render={request} />
          </Section>
          <Section id="documents" title={t('clients.tabs.documents', { count: card.documents?.length ?? 0 })}>
            {card.documents === null ? (
              <Alert type="warning" showIcon title={t('clients.partial')} />
            ) : (
              <Rows items={card.documents} empty={t('clients.empty.documents')} render={documentRow} />
            )}
          </Section>
        </>
      )}
    </div>
  );
}
