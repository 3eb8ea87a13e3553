import { Card } from 'antd';
import type { ReactNode } from 'react';

/** One part of a page: a titled region (phones scroll through them; no tabs to hide). */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <Card
        className="page-card"
        title={
          <h2 id={`${id}-title`} className="card-title">
            {title}
          </h2>
        }
      >
        {children}
      </Card>
    </section>
  );
}
