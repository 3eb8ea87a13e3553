import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shell/language-switch';

/** The frame of the pages before sign-in: brand, language switch, one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth-page">
      <div className="auth-top">
        <span className="brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <LanguageSwitch />
      </div>
      <Card className="auth-card">
        <Typography.Title level={1} className="auth-title">
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
}
