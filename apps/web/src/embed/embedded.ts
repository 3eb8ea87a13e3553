/** The message the app sends its embedding page (apps/web/src/embed/orbita-portal.ts listens). */
export interface FrameHeightMessage {
  type: 'orbita:height';
  height: number;
}

/** Whether the app runs inside another page's frame (the company's site, ADR 028). */
export function isEmbedded(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    // A cross-origin parent may not even be compared in some browsers: framed all the same.
    return true;
  }
}

/**
 * Inside a frame: the page's content sets its own height (no full-viewport minimum, which would
 * never let the frame shrink), and every change of the content's height is told to the embedding
 * page so <orbita-portal> grows and shrinks with it, without a scrollbar of its own. Only a
 * height is sent, so any page allowed to frame the portal (CSP frame-ancestors) may hear it.
 */
export function reportFrameHeight(): void {
  if (!isEmbedded()) {
    return;
  }
  document.documentElement.dataset['embedded'] = 'true';
  const root = document.getElementById('root');
  if (!root) {
    return;
  }
  let last = 0;
  const send = (): void => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      const message: FrameHeightMessage = { type: 'orbita:height', height };
      window.parent.postMessage(message, '*');
    }
  };
  new ResizeObserver(send).observe(root);
  send();
}
