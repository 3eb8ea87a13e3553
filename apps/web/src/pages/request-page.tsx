import { Alert, Card, Skeleton, Tag, Timeline, Typography } from 'antd';
import type { TimelineItemType } from 'antd/es/timeline/Timeline';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { InstanceView, Page, StepRunView, WorkItemView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { isPortalUser, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { useLiveRefresh } from '../notifications/live-changes';
import { FormDataView } from '../requests/form-data-view';
import { RequestDelaysCard } from '../requests/request-delays';
import { RequestFeed } from '../requests/request-feed';
import { WorkItemActions } from '../requests/work-item-actions';
import { errorText } from './password-fields';

const STATUS_COLOURS: Record<InstanceView['status'], string> = {
  running: 'processing',
  completed: 'success',
  rejected: 'error',
  cancelled: 'default',
};

/** How often and how long the page reads a request again after an action, waiting for the engine. */
const MOVE_POLLS = 20;
const MOVE_POLL_MS = 300;

const BUILT_IN_OUTCOMES = new Set(['approve', 'return', 'reject', 'done', 'acknowledged']);

const OUTCOME_COLOURS: Record<string, string> = { return: 'warning', reject: 'error', approve: 'success' };

/**
 * One request (`/requests/:id`, where the inbox and the notifications link): its status, the start
 * form's data under the form's labels, its steps as a timeline (who held each, for which party,
 * when, with what outcome; for an open step who holds it now, since when, and its due time), the
 * signed-in person's work on it, and the feed.
 */
export function RequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const portal = isPortalUser(user);
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [instance, setInstance] = useState<InstanceView | null>(null);
  const [work, setWork] = useState<WorkItemView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  /** Loads the request and the caller's work on it; the request as read (null when it could not be). */
  const load = useCallback(async (): Promise<InstanceView | null> => {
    try {
      const [request, mine] = await Promise.all([
        api.get<InstanceView>(`/api/requests/${encodeURIComponent(id)}`),
        api.get<Page<WorkItemView>>(`/api/inbox?view=all&limit=20&instanceId=${encodeURIComponent(id)}`),
      ]);
      // The inbox lists work without its form; one look at each item brings it (a request has few).
      const items = await Promise.all(
        mine.items.map((item) => api.get<WorkItemView>(`/api/work-items/${encodeURIComponent(item.id)}`)),
      );
      setInstance(request);
      setWork(items.filter((item) => item.status === 'open'));
      setError(null);
      return request;
    } catch (err) {
      setError(isApiError(err) && err.status === 404 ? err.message : errorText(err, t('request.loadFailed')));
      return null;
    }
  }, [id, t]);
  const seenRevision = useRef<number | null>(null);
  seenRevision.current = instance?.revision ?? null;

  useEffect(() => {
    void load();
  }, [load]);
  // Someone else moved it on, commented or took a step (ADR 027): read it again, in place.
  useLiveRefresh((change) => change.id === id, load);

  const people = useMemo(
    () => new Map((instance?.people ?? []).map((person) => [person.id, person])),
    [instance],
  );
  const nameOf = useCallback(
    (personId: string | null): string => {
      if (!personId) {
        return t('request.someone');
      }
      if (personId === user.id) {
        return `${user.displayName} (${t('request.you')})`;
      }
      return people.get(personId)?.displayName ?? t('request.someone');
    },
    [people, t, user],
  );
  const runs = useMemo(() => (instance ? [...instance.history, ...instance.current] : []), [instance]);
  const stepNames = useMemo(
    () => new Map(runs.map((run) => [run.stepId, run.name[language]])),
    [runs, language],
  );
  const stepName = useCallback(
    (stepId: string | null) => (stepId ? (stepNames.get(stepId) ?? stepId) : ''),
    [stepNames],
  );
  // The built-in decisions read as what happened ("Returned for rework"); a template's own
  // outcomes by the names the template gives them.
  const outcomeText = useCallback(
    (run: Pick<StepRunView, 'outcome' | 'outcomeName'>): string | null => {
      if (!run.outcome) {
        return null;
      }
      if (BUILT_IN_OUTCOMES.has(run.outcome)) {
        return t(`request.outcomes.${run.outcome}`);
      }
      return run.outcomeName?.[language] ?? run.outcome;
    },
    [language, t],
  );
  const outcomeOfStep = useCallback(
    (stepId: string | null, outcome: string | null): string | null => {
      const run = [...runs].reverse().find((r) => r.stepId === stepId && r.outcome === outcome);
      return outcomeText(run ?? { outcome, outcomeName: null });
    },
    [runs, outcomeText],
  );

  // The engine moves the request on after the command is answered (it reacts to the task's event):
  // read it again until it has moved, for a few seconds at most.
  const changed = (message: string | null): void => {
    setNotice(message);
    const before = seenRevision.current;
    void (async () => {
      for (let attempt = 0; attempt < MOVE_POLLS; attempt += 1) {
        const request = await load();
        if (!request || request.revision !== before) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, MOVE_POLL_MS));
      }
      setVersion((v) => v + 1);
    })();
  };

  if (error && !instance) {
    return (
      <div className="page">
        <Alert type="error" showIcon title={error} role="alert" />
      </div>
    );
  }
  if (!instance) {
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  }

  const holders = (run: StepRunView): string =>
    run.holders.length === 0
      ? t('request.someone')
      : run.holders.length > 3 && !run.holders.every((h) => people.has(h))
        ? t('request.group', { count: run.holders.length })
        : run.holders.map(nameOf).join(', ');

  const partyTag = (party: StepRunView['party']) => (
    <Tag color={party === 'external' ? 'purple' : 'blue'} className="party-tag">
      {t(`request.party.${party}`)}
    </Tag>
  );

  const runItem = (run: StepRunView, open: boolean): TimelineItemType => {
    const outcome = outcomeText(run);
    const colour = run.failure
      ? 'red'
      : open
        ? 'blue'
        : run.outcome === 'return'
          ? 'orange'
          : run.outcome === 'reject'
            ? 'red'
            : 'green';
    return {
      key: run.runId,
      color: colour,
      content: (
        <div className="run" data-testid={open ? 'run-open' : 'run-done'} data-step={run.stepId}>
          <div className="run-head">
            <Typography.Text strong>{run.name[language]}</Typography.Text>
            {partyTag(run.party)}
            {outcome && (
              <Tag color={OUTCOME_COLOURS[run.outcome ?? ''] ?? 'default'} data-testid="run-outcome">
                {outcome}
              </Tag>
            )}
            {run.overdue && <Tag color="error">{t('request.overdue')}</Tag>}
          </div>
          <dl className="run-facts">
            <div>
              <dt>{open ? t('request.holder') : t('request.doneBy')}</dt>
              <dd>{open ? holders(run) : run.actorId ? nameOf(run.actorId) : holders(run)}</dd>
            </div>
            <div>
              <dt>{t('request.started')}</dt>
              <dd>{time.format(new Date(run.startedAt))}</dd>
            </div>
            {run.finishedAt && (
              <div>
                <dt>{t('request.finished')}</dt>
                <dd>{time.format(new Date(run.finishedAt))}</dd>
              </div>
            )}
            {open && (
              <div>
                <dt>{t('request.due')}</dt>
                <dd>{run.dueAt ? time.format(new Date(run.dueAt)) : t('request.noDue')}</dd>
              </div>
            )}
          </dl>
          {run.comment && <blockquote className="run-comment">{run.comment}</blockquote>}
          {run.failure && (
            <Alert type="error" showIcon title={t('request.failure', { reason: run.failure })} />
          )}
        </div>
      ),
    };
  };

  const external = instance.clientOrgId !== null || (people.get(instance.requesterId)?.external ?? false);
  const held = instance.heldBy;
  const openRuns = instance.current;

  return (
    <div className="page request-page">
      <Typography.Title level={1} className="request-title">
        {instance.title}
      </Typography.Title>
      <div className="request-meta">
        <Tag data-testid="request-number">{t('request.number', { number: instance.number })}</Tag>
        <Typography.Text type="secondary">{instance.templateName[language]}</Typography.Text>
        <Tag color={STATUS_COLOURS[instance.status]} data-testid="request-status">
          {t(`request.status.${instance.status}`)}
        </Tag>
        {instance.overdue && <Tag color="error">{t('request.overdue')}</Tag>}
      </div>
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      {notice && (
        <Alert
          type={notice === t('actions.conflict') ? 'warning' : 'success'}
          showIcon
          title={notice}
          role="status"
          className="auth-alert"
          data-testid="request-notice"
          closable={{
            onClose: () => {
              setNotice(null);
            },
          }}
        />
      )}

      {held && (
        <Card className="page-card" title={<h2 className="card-title">{t('request.now')}</h2>}>
          <dl className="run-facts now-facts" data-testid="held-by">
            {openRuns.map((run) => (
              <div key={run.runId} className="now-row">
                <dt>{run.name[language]}</dt>
                <dd>
                  {holders(run)} {partyTag(run.party)}
                  <span className="now-since">
                    {t('request.since')} {time.format(new Date(run.startedAt))}
                  </span>
                  <span className="now-due">
                    {t('request.due')}: {run.dueAt ? time.format(new Date(run.dueAt)) : t('request.noDue')}
                  </span>
                  {run.overdue && <Tag color="error">{t('request.overdue')}</Tag>}
                  {run.escalationLevel > 0 && <Tag color="warning">{t('request.escalated')}</Tag>}
                  {run.type === 'acknowledgement' && !portal && (
                    <Link
                      to={`/requests/${encodeURIComponent(instance.id)}/acknowledgements?stepId=${encodeURIComponent(run.stepId)}`}
                      data-testid="ack-progress-link"
                    >
                      {t('acknowledgements.open')}
                    </Link>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      )}

      {work.length > 0 && (
        <Card
          className="page-card work-card"
          title={<h2 className="card-title">{t('actions.title')}</h2>}
          data-testid="work-card"
        >
          {work.map((item) => (
            <section
              key={item.id}
              aria-label={item.stepName?.[language] ?? item.title}
              className="work-section"
            >
              {item.stepName && <h3 className="work-step">{item.stepName[language]}</h3>}
              <WorkItemActions item={item} stepNames={stepNames} onChanged={changed} />
            </section>
          ))}
        </Card>
      )}

      <Card className="page-card" title={<h2 className="card-title">{t('request.data')}</h2>}>
        <dl className="run-facts request-facts">
          <div>
            <dt>{t('request.requester')}</dt>
            <dd>{nameOf(instance.requesterId)}</dd>
          </div>
          <div>
            <dt>{t('request.created')}</dt>
            <dd>{time.format(new Date(instance.createdAt))}</dd>
          </div>
          {instance.endedAt && (
            <div>
              <dt>{t('request.ended')}</dt>
              <dd>{time.format(new Date(instance.endedAt))}</dd>
            </div>
          )}
          {instance.cancelReason && (
            <div>
              <dt>{t('request.cancelReason')}</dt>
              <dd>{instance.cancelReason}</dd>
            </div>
          )}
        </dl>
        <FormDataView
          schema={instance.startForm?.schema}
          uiSchema={instance.startForm?.uiSchema}
          data={instance.form}
        />
      </Card>

      <Card className="page-card" title={<h2 className="card-title">{t('request.timeline')}</h2>}>
        <div data-testid="timeline">
          <Timeline
            items={[
              ...instance.history.map((run) => runItem(run, false)),
              ...instance.current.map((run) => runItem(run, true)),
            ]}
          />
        </div>
      </Card>

      <RequestDelaysCard instanceId={instance.id} version={instance.revision} />

      <Card className="page-card" title={<h2 className="card-title">{t('feed.title')}</h2>}>
        <RequestFeed
          instanceId={instance.id}
          staff={!portal}
          external={external}
          nameOf={nameOf}
          stepName={stepName}
          outcomeName={outcomeOfStep}
          version={version}
        />
      </Card>
    </div>
  );
}
