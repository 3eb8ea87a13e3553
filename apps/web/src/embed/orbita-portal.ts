/**
 * <orbita-portal>: the portal on the company's own site by one script tag (ADR 028).
 *
 *   <script src="https://portal.example.com/embed.js" async></script>
 *   <orbita-portal path="/my-org" lang="ru"></orbita-portal>
 *
 * The element frames the portal from the script's own origin (its `src` attribute may name
 * another), so the session, its tokens and the API stay on the portal's origin: the site sees
 * none of them, and the gateway's frame-ancestors (FRAME_ANCESTORS) decide which sites may embed it.
 * Attributes: `path` the page to open (a task's link, "/my-org"), `lang` ru or en, `min-height`
 * (CSS length, 480px by default), `label` the frame's accessible name. The frame follows the
 * height of the portal's content. Built as a plain script (no module), with no imports; all of it
 * inside one function, so the site's page gets no globals but the element.
 */
(() => {
  const scriptOrigin = (() => {
    const script = document.currentScript;
    return script instanceof HTMLScriptElement && script.src !== ''
      ? new URL(script.src).origin
      : location.origin;
  })();

  const STYLE = `
  :host { display: block; }
  iframe { display: block; width: 100%; border: 0; color-scheme: light; }
  `;

  class OrbitaPortalElement extends HTMLElement {
    static readonly observedAttributes = ['path', 'lang', 'src', 'min-height', 'label'];

    private readonly frame: HTMLIFrameElement;
    private readonly onMessage = (event: MessageEvent): void => {
      this.receive(event);
    };

    constructor() {
      super();
      const shadow = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('allow', 'clipboard-write');
      this.frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      shadow.append(style, this.frame);
    }

    connectedCallback(): void {
      window.addEventListener('message', this.onMessage);
      this.render();
    }

    disconnectedCallback(): void {
      window.removeEventListener('message', this.onMessage);
    }

    attributeChangedCallback(): void {
      if (this.isConnected) {
        this.render();
      }
    }

    /** The portal's origin: the `src` attribute's, else the one this script came from. */
    private origin(): string {
      const src = this.getAttribute('src');
      if (src) {
        try {
          return new URL(src).origin;
        } catch {
          // eslint-disable-next-line no-console -- the site's developer reads of a wrong attribute there
          console.error(`<orbita-portal>: src="${src}" is not a URL; using ${scriptOrigin}`);
        }
      }
      return scriptOrigin;
    }

    private address(): string {
      let path = this.getAttribute('path') ?? '/';
      // A page of the portal only: "//elsewhere" or "https://..." would leave it.
      if (!path.startsWith('/') || path.startsWith('//')) {
        // eslint-disable-next-line no-console -- the site's developer reads of a wrong attribute there
        console.error(`<orbita-portal>: path="${path}" must be a page of the portal, e.g. "/my-org"`);
        path = '/';
      }
      const url = new URL(path, this.origin());
      const lang = this.getAttribute('lang');
      if (lang === 'ru' || lang === 'en') {
        url.searchParams.set('lang', lang);
      }
      return url.href;
    }

    private render(): void {
      this.frame.title =
        this.getAttribute('label') ??
        (this.getAttribute('lang') === 'en' ? 'Client portal' : 'Портал клиента');
      this.frame.style.minHeight = this.getAttribute('min-height') ?? '480px';
      const address = this.address();
      if (this.frame.src !== address) {
        this.frame.src = address;
      }
    }

    /** The portal's own frame telling its content's height; anything else is not ours to hear. */
    private receive(event: MessageEvent): void {
      if (event.source !== this.frame.contentWindow || event.origin !== this.origin()) {
        return;
      }
      const data = event.data as { type?: unknown; height?: unknown } | null;
      if (data?.type === 'orbita:height' && typeof data.height === 'number' && Number.isFinite(data.height)) {
        this.frame.style.height = `${Math.max(0, Math.ceil(data.height))}px`;
      }
    }
  }

  if (!customElements.get('orbita-portal')) {
    customElements.define('orbita-portal', OrbitaPortalElement);
  }
})();
