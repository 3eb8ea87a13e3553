import { Alert, Button, Card, Skeleton, Typography } from 'antd';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { InstanceView, TemplateSummary } from '@orbita/contracts';
import { api } from '../api/api-client';
import type { ApiErrorDetail } from '../api/api-error';
import { isApiError } from '../api/api-error';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from './password-fields';

// @rjsf and Ajv are a chunk of their own, loaded with the first form.
const JsonForm = lazy(() => import('../requests/json-form').then((m) => ({ default: m.JsonForm })));

/** A key for one filled form: a retried submit (a lost answer) starts the same request, not a second one. */
function newIdempotencyKey(): string {
  // getRandomValues, unlike randomUUID, exists outside secure contexts too (a plain-http intranet).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * Starting a request (`/new/:key`): the template's start form, drawn from its JSON Schema; sent
 * with an Idempotency-Key, then on to the new request's page. Fields the server refuses are marked.
 */
export function StartPage() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const navigate = useNavigate();
  const language = currentLanguage();
  const [template, setTemplate] = useState<TemplateSummary | null | undefined>(undefined);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<readonly ApiErrorDetail[]>([]);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useMemo(newIdempotencyKey, []);

  useEffect(() => {
    api
      .get<{ items: TemplateSummary[] }>('/api/catalogue')
      .then((answer) => {
        setTemplate(answer.items.find((item) => item.key === key) ?? null);
      })
      .catch((err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [key, t]);

  const submit = async (form: Record<string, unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      const started = await api.post<InstanceView>(
        '/api/requests',
        { templateKey: key, form },
        { headers: { 'idempotency-key': idempotencyKey } },
      );
      void navigate(`/requests/${encodeURIComponent(started.id)}`);
    } catch (err) {
      const details = isApiError(err) ? err.details.filter((d) => d.path !== '(root)') : [];
      setFieldErrors(details);
      setError(details.length > 0 ? t('start.invalid') : errorText(err, t('common.networkError')));
    } finally {
      setBusy(false);
    }
  };

  if (template === null) {
    return (
      <div className="page">
        <Alert type="warning" showIcon title={t('start.notFound')} role="alert" className="auth-alert" />
        <Link to="/new">{t('start.back')}</Link>
      </div>
    );
  }

  return (
    <div className="page">
      <Typography.Paragraph className="back-link">
        <Link to="/new">← {t('start.back')}</Link>
      </Typography.Paragraph>
      <Typography.Title level={1}>
        {template ? template.name[language] : t('catalogue.title')}
      </Typography.Title>
      {template?.description && (
        <Typography.Paragraph type="secondary">{template.description[language]}</Typography.Paragraph>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          className="auth-alert"
          data-testid="form-error"
        />
      )}
      <Card className="page-card start-card">
        {!template ? (
          <Skeleton active />
        ) : (
          <Suspense fallback={<Skeleton active />}>
            <JsonForm
              schema={template.startForm.schema}
              uiSchema={template.startForm.uiSchema}
              formData={data}
              onChange={setData}
              onSubmit={(form) => void submit(form)}
              serverErrors={fieldErrors}
              idPrefix="start"
              onInvalid={() => {
                setError(t('start.invalid'));
              }}
            >
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('start.submit')}
              </Button>
            </JsonForm>
          </Suspense>
        )}
      </Card>
    </div>
  );
}
