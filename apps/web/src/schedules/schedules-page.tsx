import { Alert, Button, Card, Empty, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleList, ScheduleView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { holds, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { ScheduleForm } from './schedule-form';
import { ruleInWords } from './schedule-words';

/** Solid status colours with white text (AA), as the client card's tags. */
const STATUS_COLOURS: Record<ScheduleView['status'], string> = { active: '#237804', paused: '#595959' };

/**
 * The company's schedules (ADR 022; S1.6, S1.8), for those who manage processes: what starts
 * itself when, as whom and for whom, the next and the last run; pause, resume, delete, create.
 */
export function SchedulesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'process.manage');
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [schedules, setSchedules] = useState<ScheduleView[] | null>(null);
  const [templateNames, setTemplateNames] = useState(new Map<string, { ru: string; en: string }>());
  const [refused, setRefused] = useState(!allowed);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [list, templates] = await Promise.all([
        api.get<ScheduleList>('/api/schedules'),
        api.get<{ items: { key: string; name: { ru: string; en: string } }[] }>('/api/process-templates'),
      ]);
      setSchedules(list.items);
      setTemplateNames(new Map(templates.items.map((item) => [item.key, item.name])));
    } catch (err) {
      if (isApiError(err) && err.status === 403) {
        setRefused(true);
      } else {
        setError(errorText(err, t('common.networkError')));
      }
    }
  }, [t]);

  useEffect(() => {
    if (allowed) {
      void load();
    }
  }, [allowed, load]);

  const act = async (schedule: ScheduleView, action: 'pause' | 'resume' | 'delete'): Promise<void> => {
    setError(null);
    setBusy(`${action}:${schedule.id}`);
    const name = schedule.name[language];
    try {
      const path = `/api/schedules/${encodeURIComponent(schedule.id)}`;
      if (action === 'delete') {
        await api.send('DELETE', path);
      } else {
        await api.post(`${path}/${action}`);
      }
      setNotice(t(`schedules.done.${action}`, { name }));
      await load();
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  if (refused) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('schedules.title')}</Typography.Title>
        <Alert type="warning" showIcon title={t('schedules.refused')} role="alert" />
      </div>
    );
  }

  const renderSchedule = (schedule: ScheduleView) => {
    const name = schedule.name[language];
    const last = schedule.lastRun;
    return (
      <li key={schedule.id} className="schedule" data-testid="schedule">
        <div className="schedule-head">
          <Typography.Text strong>{name}</Typography.Text>
          <Tag color={STATUS_COLOURS[schedule.status]} data-testid="schedule-status">
            {t(`schedules.status.${schedule.status}`)}
          </Tag>
        </div>
        <dl className="run-facts">
          <div>
            <dt>{t('schedules.template')}</dt>
            <dd>{templateNames.get(schedule.templateKey)?.[language] ?? schedule.templateKey}</dd>
          </div>
          <div>
            <dt>{t('schedules.when')}</dt>
            <dd data-testid="schedule-rule">{ruleInWords(t, schedule)}</dd>
          </div>
          <div>
            <dt>{t('schedules.for')}</dt>
            <dd>{t(`schedules.targets.${schedule.targets}`)}</dd>
          </div>
          <div>
            <dt>{t('schedules.next')}</dt>
            <dd data-testid="schedule-next">
              {schedule.nextRunAt ? time.format(new Date(schedule.nextRunAt)) : t('schedules.noNext')}
            </dd>
          </div>
          <div>
            <dt>{t('schedules.last')}</dt>
            <dd>
              {last
                ? t(`schedules.lastRun.${last.outcome}`, {
                    period: last.period,
                    at: time.format(new Date(last.at)),
                    count: last.started,
                  })
                : t('schedules.never')}
              {last && last.failures.length > 0 && (
                <ul className="schedule-failures">
                  {last.failures.map((failure) => (
                    <li key={failure.target}>
                      {failure.target}: {failure.reason}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
        <Space wrap>
          {schedule.status === 'active' ? (
            <Popconfirm
              title={t('schedules.confirmPause', { name })}
              okText={t('schedules.pause')}
              cancelText={t('schedules.form.cancel')}
              onConfirm={() => void act(schedule, 'pause')}
            >
              <Button
                loading={busy === `pause:${schedule.id}`}
                aria-label={`${t('schedules.pause')}: ${name}`}
              >
                {t('schedules.pause')}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              type="primary"
              loading={busy === `resume:${schedule.id}`}
              aria-label={`${t('schedules.resume')}: ${name}`}
              onClick={() => void act(schedule, 'resume')}
            >
              {t('schedules.resume')}
            </Button>
          )}
          <Popconfirm
            title={t('schedules.confirmDelete', { name })}
            okText={t('schedules.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('schedules.form.cancel')}
            onConfirm={() => void act(schedule, 'delete')}
          >
            <Button
              danger
              loading={busy === `delete:${schedule.id}`}
              aria-label={`${t('schedules.delete')}: ${name}`}
            >
              {t('schedules.delete')}
            </Button>
          </Popconfirm>
        </Space>
      </li>
    );
  };

  return (
    <div className="page">
      <Typography.Title level={1}>{t('schedules.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('schedules.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {creating ? (
        <Card className="page-card" title={<h2 className="card-title">{t('schedules.new')}</h2>}>
          <ScheduleForm
            onCancel={() => {
              setCreating(false);
            }}
            onCreated={(schedule) => {
              setCreating(false);
              setNotice(t('schedules.done.create', { name: schedule.name[language] }));
              void load();
            }}
          />
        </Card>
      ) : (
        <Button
          type="primary"
          className="page-action"
          onClick={() => {
            setCreating(true);
          }}
        >
          {t('schedules.new')}
        </Button>
      )}
      <Card
        className="page-card"
        title={<h2 className="card-title">{t('schedules.list', { count: schedules?.length ?? 0 })}</h2>}
      >
        {!schedules ? (
          <Skeleton active />
        ) : schedules.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schedules.empty')} />
        ) : (
          <ul className="work-list" data-testid="schedules">
            {schedules.map(renderSchedule)}
          </ul>
        )}
      </Card>
    </div>
  );
}
