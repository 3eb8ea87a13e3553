import { Alert, Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { Suspense, lazy, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkItemView } from '@orbita/contracts';
import { api } from '../api/api-client';
import type { ApiErrorDetail } from '../api/api-error';
import { isApiError } from '../api/api-error';
import { useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from '../pages/password-fields';

// @rjsf and Ajv come only with a step that has a form.
const JsonForm = lazy(() => import('./json-form').then((m) => ({ default: m.JsonForm })));

interface DecisionFields {
  comment?: string;
  returnTo?: string;
}

/** Outcomes that always need a comment, whatever the step says. */
const COMMENTED = new Set(['return', 'reject']);

export interface WorkItemActionsProps {
  item: WorkItemView;
  /** Names of the request's steps, by id (return targets are named by them). */
  stepNames: Map<string, string>;
  /** Called after a change the server accepted (or refused as stale), to load the request again. */
  onChanged: (notice: string | null) => void;
}

/**
 * What the signed-in person may do with one work item, as the server allows it: claim or release a
 * group task, and finish it with one of its outcomes (the step's form, a comment where the outcome
 * needs one, the step to return to). The revision seen is sent with every command: someone who
 * acted first wins and this page says so.
 */
export function WorkItemActions({ item, stepNames, onChanged }: WorkItemActionsProps) {
  const { t } = useTranslation();
  const user = useUser();
  const language = currentLanguage();
  const id = useId().replace(/:/g, '');
  const [form] = Form.useForm<DecisionFields>();
  const [data, setData] = useState<Record<string, unknown>>({});
  const [fieldErrors, setFieldErrors] = useState<readonly ApiErrorDetail[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const pending = useRef<string | null>(null);

  const unclaimed = item.assigneeId === null;
  const mine = item.assigneeId === user.id;
  const groupTask = item.candidateIds.length > 0;
  // A stand-alone task is finished with "done" (its outcomes are not listed).
  const outcomes: { id: string; label: string; requireComment: boolean }[] =
    item.kind === 'task' && item.outcomes.length === 0
      ? [{ id: 'done', label: t('request.outcomes.done'), requireComment: false }]
      : item.outcomes.map((o) => ({ id: o.id, label: o.name[language], requireComment: o.requireComment }));
  const needsComment = (outcome: string | null): boolean =>
    outcome !== null &&
    (COMMENTED.has(outcome) || outcomes.some((o) => o.id === outcome && o.requireComment));

  const fail = (err: unknown): void => {
    if (isApiError(err) && err.code === 'CONFLICT') {
      onChanged(t('actions.conflict'));
      return;
    }
    setError(errorText(err, t('common.networkError')));
    setFieldErrors(
      isApiError(err) ? err.details.filter((d) => !/^(comment|returnTo|outcome)$/.test(d.path)) : [],
    );
  };

  const command = async (name: string, path: string, body: unknown, notice: string): Promise<void> => {
    setBusy(name);
    setError(null);
    try {
      await api.post(`/api/work-items/${encodeURIComponent(item.id)}/${path}`, body);
      onChanged(notice);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const complete = async (outcome: string, formData: Record<string, unknown>): Promise<void> => {
    pending.current = outcome;
    // The comment's rule depends on the outcome pressed: check the fields again for it.
    let fields: DecisionFields;
    try {
      fields = await form.validateFields();
    } catch {
      return;
    }
    const comment = fields.comment?.trim();
    await command(
      outcome,
      'complete',
      {
        outcome,
        revision: item.revision,
        data: formData,
        ...(comment ? { comment } : {}),
        ...(outcome === 'return' && fields.returnTo ? { returnTo: fields.returnTo } : {}),
      },
      item.instanceId ? t('actions.done') : t('actions.taskDone'),
    );
  };

  if (unclaimed && groupTask) {
    return (
      <div className="work-actions" data-testid="work-actions">
        <Typography.Paragraph>{t('actions.claimHint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
        <Button
          type="primary"
          loading={busy === 'claim'}
          onClick={() => void command('claim', 'claim', { revision: item.revision }, t('actions.claimed'))}
        >
          {t('actions.claim')}
        </Button>
      </div>
    );
  }
  if (!mine) {
    return null;
  }

  const danger = (outcomeId: string): boolean => outcomeId === 'reject';
  const canReturn = outcomes.some((o) => o.id === 'return') && item.returnTo.length > 0;

  const buttons = (submit: boolean) => (
    <Space wrap className="work-buttons">
      {outcomes.map((outcome, index) => (
        <Button
          key={outcome.id}
          type={index === 0 ? 'primary' : 'default'}
          danger={danger(outcome.id)}
          loading={busy === outcome.id}
          disabled={busy !== null && busy !== outcome.id}
          htmlType={submit ? 'submit' : 'button'}
          onClick={() => {
            pending.current = outcome.id;
            if (!submit) {
              void complete(outcome.id, {});
            }
          }}
        >
          {outcome.label}
        </Button>
      ))}
    </Space>
  );

  // No <form> of its own (component false): it sits inside the step's JSON Schema form, if any.
  const decision = (
    <Form<DecisionFields>
      form={form}
      component={false}
      layout="vertical"
      requiredMark={false}
      name={`decision-${id}`}
      initialValues={{ returnTo: item.returnTo[0] }}
    >
      <Form.Item
        name="comment"
        label={t('actions.comment')}
        rules={[
          {
            validator: (_rule, value: string | undefined) =>
              needsComment(pending.current) && !value?.trim()
                ? Promise.reject(new Error(t('actions.commentRequired')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
      </Form.Item>
      {canReturn && (
        <Form.Item name="returnTo" label={t('actions.returnTo')}>
          <Select
            options={item.returnTo.map((stepId) => ({
              value: stepId,
              label: stepNames.get(stepId) ?? stepId,
            }))}
          />
        </Form.Item>
      )}
    </Form>
  );

  return (
    <div className="work-actions" data-testid="work-actions">
      {item.document && (
        <Typography.Paragraph>{t('actions.document', { title: item.document.title })}</Typography.Paragraph>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          className="auth-alert"
          data-testid="action-error"
        />
      )}
      {item.form ? (
        <Suspense fallback={null}>
          <JsonForm
            schema={item.form.schema}
            uiSchema={item.form.uiSchema}
            formData={data}
            onChange={setData}
            serverErrors={fieldErrors}
            idPrefix={`step-${id}`}
            instanceId={item.instanceId}
            onSubmit={(formData) => {
              void complete(pending.current ?? outcomes[0]?.id ?? 'done', formData);
            }}
          >
            {decision}
            {buttons(true)}
          </JsonForm>
        </Suspense>
      ) : (
        <>
          {decision}
          {buttons(false)}
        </>
      )}
      {groupTask && (
        <div className="work-release">
          <Tag>{t('actions.group')}</Tag>
          <Button
            type="link"
            loading={busy === 'release'}
            onClick={() =>
              void command('release', 'release', { revision: item.revision }, t('actions.released'))
            }
          >
            {t('actions.release')}
          </Button>
        </div>
      )}
    </div>
  );
}
