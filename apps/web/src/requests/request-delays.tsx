import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DelayParty, RequestDelays, StepDelay } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from '../pages/password-fields';
import { TableScroll } from '../pages/table-scroll';
import { formatDuration } from '../reports/durations';

const PARTY_TAG_COLOURS: Record<DelayParty, string> = {
  company: 'blue',
  external: 'purple',
  thirdParty: 'orange',
};

/**
 * Whose time a request spent (ADR 023): each side's total in working hours and around the clock,
 * and every step that someone held. Read again when the request moves (`version`).
 */
export function RequestDelaysCard({ instanceId, version }: { instanceId: string; version: number }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [delays, setDelays] = useState<RequestDelays | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<RequestDelays>(`/api/requests/${encodeURIComponent(instanceId)}/delays`, {
        signal: controller.signal,
      })
      .then((answer) => {
        setDelays(answer);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) {
          setError(errorText(err, t('delays.loadFailed')));
        }
      });
    return () => {
      controller.abort();
    };
  }, [instanceId, version, t]);

  const partyTag = (party: DelayParty, name?: string) => (
    <Tag color={PARTY_TAG_COLOURS[party]} className="party-tag">
      {name ?? t(`request.party.${party}`)}
    </Tag>
  );
  const parties = (['company', 'external', 'thirdParty'] as const).filter(
    (party) => party !== 'thirdParty' || (delays?.calendarMs.thirdParty ?? 0) > 0,
  );

  return (
    <Card
      className="page-card"
      title={<h2 className="card-title">{t('delays.title')}</h2>}
      data-testid="delays-card"
    >
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {delays && delays.steps.length === 0 && (
        <Typography.Text type="secondary">{t('delays.empty')}</Typography.Text>
      )}
      {delays && delays.steps.length > 0 && (
        <>
          <Typography.Paragraph type="secondary">
            {t('delays.intro', {
              asOf: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
                new Date(delays.asOf),
              ),
            })}
          </Typography.Paragraph>
          <dl className="run-facts delay-totals" data-testid="delay-totals">
            {parties.map((party) => (
              <div key={party} data-party={party}>
                <dt>{t(`request.party.${party}`)}</dt>
                <dd>
                  <strong>{formatDuration(delays.workingMs[party], 'working')}</strong>{' '}
                  <Typography.Text type="secondary">
                    ({t('delays.calendar').toLocaleLowerCase(language)}:{' '}
                    {formatDuration(delays.calendarMs[party], 'calendar')})
                  </Typography.Text>
                </dd>
              </div>
            ))}
          </dl>
          <TableScroll label={t('delays.title')}>
            <Table<StepDelay>
              rowKey="runId"
              size="small"
              pagination={false}
              dataSource={delays.steps}
              data-testid="delay-steps"
              columns={[
                {
                  key: 'step',
                  title: t('delays.step'),
                  render: (_, step) => (
                    <>
                      {step.name[language]}
                      {step.open && <Typography.Text type="secondary"> ({t('delays.open')})</Typography.Text>}
                    </>
                  ),
                },
                {
                  key: 'party',
                  title: t('delays.party'),
                  render: (_, step) => partyTag(step.party, step.thirdParty?.[language]),
                },
                {
                  key: 'working',
                  title: t('delays.working'),
                  render: (_, step) => formatDuration(step.workingMs, 'working'),
                },
                {
                  key: 'calendar',
                  title: t('delays.calendar'),
                  render: (_, step) => formatDuration(step.calendarMs, 'calendar'),
                },
              ]}
            />
          </TableScroll>
        </>
      )}
    </Card>
  );
}
