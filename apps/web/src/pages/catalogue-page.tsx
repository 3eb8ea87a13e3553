import { Alert, Card, Empty, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TemplateSummary } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { errorText } from './password-fields';

/** The catalogue (`/new`): the processes the signed-in person may start, by category, each opening its form. */
export function CataloguePage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [items, setItems] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<{ items: TemplateSummary[] }>('/api/catalogue')
      .then((answer) => {
        setItems(answer.items);
      })
      .catch((err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [t]);

  // The API sorts by category, then name: consecutive items of one category form its group.
  const groups: { category: string; items: TemplateSummary[] }[] = [];
  for (const item of items ?? []) {
    const last = groups.at(-1);
    if (last?.category === item.category) {
      last.items.push(item);
    } else {
      groups.push({ category: item.category, items: [item] });
    }
  }

  return (
    <div className="page">
      <Typography.Title level={1}>{t('catalogue.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('catalogue.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      {!items && !error && <Skeleton active />}
      {items && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.empty')} />
      )}
      {groups.map((group) => (
        <section
          key={group.category}
          className="catalogue-group"
          aria-labelledby={`category-${group.category}`}
        >
          <h2 className="catalogue-category" id={`category-${group.category}`}>
            {t(`catalogue.category.${group.category}`, { defaultValue: group.category })}
          </h2>
          <ul className="catalogue-list">
            {group.items.map((item) => (
              <li key={item.key}>
                <Card className="catalogue-card" size="small">
                  <h3 className="catalogue-name">
                    <Link
                      to={`/new/${encodeURIComponent(item.key)}`}
                      data-testid="catalogue-item"
                      aria-label={t('catalogue.startNamed', { name: item.name[language] })}
                    >
                      {item.name[language]}
                    </Link>
                  </h3>
                  {item.description && (
                    <Typography.Paragraph type="secondary" className="catalogue-description">
                      {item.description[language]}
                    </Typography.Paragraph>
                  )}
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
