import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { applyBrandingToDocument, loadBranding } from './branding/branding';
import { reportFrameHeight } from './embed/embedded';
import { initI18n } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  void Promise.all([loadBranding(), initI18n()]).then(([branding]) => {
    applyBrandingToDocument(branding);
    reportFrameHeight();
    createRoot(root).render(
      <StrictMode>
        <App branding={branding} />
      </StrictMode>,
    );
  });
}
