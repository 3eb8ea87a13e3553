/** What the rendering feature takes from the documents service's config. */
export interface RenderingOptions {
  /** The template pack folder: services/documents/templates unless a test names another. */
  templatesDir: string;
  /** Dates of documents are read in this IANA time zone, e.g. "Europe/Moscow". */
  timeZone: string;
  chromiumPath: string;
  /** Pages that render at once; more renders wait for one. */
  poolSize: number;
  /** Longest a render may take, waiting for a page included. */
  timeoutMs: number;
}

export const RENDERING_OPTIONS = Symbol('RENDERING_OPTIONS');
