import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { BrandMark } from '../branding/branding';
import { LanguageSwitch } from '../shell/language-switch';

/** The frame of the pages before sign-in: brand, language switch, one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-top">
        <span className="brand">
          <BrandMark size={32} />
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
