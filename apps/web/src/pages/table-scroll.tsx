import type { ReactNode } from 'react';

/**
 * A wide table's own sideways scroll, so a phone's page does not scroll: a labelled region that
 * takes the focus, so keyboard users can scroll it too (axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
