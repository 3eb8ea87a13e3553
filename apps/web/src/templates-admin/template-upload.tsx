import { Alert, Button, Form, Input, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateFormat, TemplateProblem, TemplateVersionView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from '../pages/password-fields';

/** The API's limit (MAX_TEMPLATE_CHARS): a bigger file is refused here, before it is sent. */
const MAX_TEMPLATE_CHARS = 512 * 1024;

/** A problem as shown: where it is, and what is wrong, in the reader's language. */
interface Problem {
  path: string;
  message: string;
}

interface Validation {
  valid: boolean;
  errors: TemplateProblem[];
}

function formatOfFile(name: string): TemplateFormat | undefined {
  if (/\.json$/i.test(name)) {
    return 'json';
  }
  return /\.ya?ml$/i.test(name) ? 'yaml' : undefined;
}

/**
 * A template's text, typed or read from a file (JSON or YAML), checked by the service's
 * validator (every problem listed with its path) and uploaded as the next version of its key.
 */
export function TemplateUpload({ onUploaded }: { onUploaded: (version: TemplateVersionView) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // Known from a file's name; a typed text leaves the format to the service to recognise.
  const [format, setFormat] = useState<TemplateFormat | undefined>(undefined);
  const [fileName, setFileName] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [valid, setValid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'validate' | 'upload' | null>(null);
  const [empty, setEmpty] = useState(false);

  const reset = (): void => {
    setProblems(null);
    setValid(false);
    setError(null);
  };

  const body = (): { text: string; format?: TemplateFormat } | null => {
    if (text.trim() === '') {
      setEmpty(true);
      return null;
    }
    return format ? { text, format } : { text };
  };

  const validate = async (): Promise<void> => {
    const source = body();
    if (!source) {
      return;
    }
    reset();
    setBusy('validate');
    try {
      const result = await api.post<Validation>('/api/process-templates/validate', source);
      const language = currentLanguage();
      setValid(result.valid);
      setProblems(
        result.errors.map((problem) => ({
          path: problem.path,
          message: language === 'ru' ? problem.message_ru : problem.message,
        })),
      );
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setBusy(null);
    }
  };

  const upload = async (): Promise<void> => {
    const source = body();
    if (!source) {
      return;
    }
    reset();
    setBusy('upload');
    try {
      const version = await api.post<TemplateVersionView>('/api/process-templates', source);
      setText('');
      setFormat(undefined);
      setFileName(null);
      onUploaded(version);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
      if (isApiError(err) && err.details.length > 0) {
        setProblems([...err.details]);
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Form layout="vertical" data-testid="template-upload" onFinish={() => void upload()}>
      <Form.Item>
        <Space wrap>
          <Upload
            accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              reset();
              if (file.size > MAX_TEMPLATE_CHARS) {
                setError(t('templatesAdmin.upload.tooBig'));
                return false;
              }
              void file.text().then((content) => {
                setText(content);
                setEmpty(false);
                setFormat(formatOfFile(file.name));
                setFileName(file.name);
              });
              // Read here, sent as text by the buttons below.
              return false;
            }}
          >
            <Button>{t('templatesAdmin.upload.choose')}</Button>
          </Upload>
          {fileName && <span data-testid="template-file-name">{fileName}</span>}
        </Space>
      </Form.Item>
      <Form.Item
        label={t('templatesAdmin.upload.text')}
        htmlFor="template-text"
        validateStatus={empty ? 'error' : undefined}
        help={empty ? t('templatesAdmin.upload.empty') : t('templatesAdmin.upload.textHelp')}
      >
        <Input.TextArea
          id="template-text"
          className="code-input"
          rows={10}
          value={text}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
            setEmpty(false);
            setFormat(undefined);
            setFileName(null);
            reset();
          }}
        />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      {valid && problems?.length === 0 && (
        <Alert type="success" showIcon title={t('templatesAdmin.upload.valid')} role="status" />
      )}
      {problems && problems.length > 0 && (
        <div role="alert" className="template-problems">
          <p>{t('templatesAdmin.upload.problems', { count: problems.length })}</p>
          <ul data-testid="template-problems">
            {problems.map((problem, n) => (
              <li key={`${problem.path}:${n}`} data-testid="template-problem">
                <code>{problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Space wrap className="form-buttons">
        <Button loading={busy === 'validate'} onClick={() => void validate()}>
          {t('templatesAdmin.upload.validate')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy === 'upload'}>
          {t('templatesAdmin.upload.submit')}
        </Button>
      </Space>
    </Form>
  );
}
