import { HexColourSchema, LocalPorts, contrastWithWhite } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, httpConfig, natsConfig } from '@orbita/platform';
import { z } from 'zod';
import { trustedProxiesProblem } from './common/trusted-proxies.util';

export const gatewayConfigShape = {
  ...httpConfig(LocalPorts.gateway),
  ...natsConfig,
  DOCUMENTS_HTTP_URL: env.url(
    `http://127.0.0.1:${LocalPorts.documents}`,
    'Base URL of the documents service (streamed uploads and downloads)',
  ),
  UPSTREAM_IDLE_TIMEOUT_MS: env.int(
    30_000,
    'A streamed upload or download with no bytes moving for this long is cut',
    1_000,
  ),
  CORS_ORIGINS: env.string(
    '-',
    'Comma-separated origins allowed to call the API from a browser ("-" for none, "*" for any)',
  ),
  FRAME_ANCESTORS: env.string(
    "'self'",
    'CSP frame-ancestors: who may embed the portal (e.g. the corporate site)',
  ),
  BRAND_NAME: z
    .string()
    .max(60, 'must be at most 60 characters')
    .default('')
    .describe("The company's name in the web app's header and title (empty for the product's own)"),
  BRAND_LOGO_FILE: z
    .string()
    .regex(/^$|\.(svg|png|webp|jpe?g)$/i, 'must be an .svg, .png, .webp or .jpg file')
    .default('')
    .describe(
      "The company's logo in the web app's header (an .svg, .png, .webp or .jpg file, relative to the repository root unless absolute; empty for the product's own)",
    ),
  BRAND_PRIMARY_COLOUR: HexColourSchema.refine((hex) => contrastWithWhite(hex) >= 4.5, {
    error: (issue) =>
      `white text on ${String(issue.input)} has a contrast of ${contrastWithWhite(String(issue.input)).toFixed(2)}:1; buttons need at least 4.5:1 (WCAG AA): take a darker shade`,
  })
    .default('#0958d9')
    .describe(
      "The primary colour of the web app's buttons, links and active items (#rrggbb, dark enough for white text)",
    ),
  REALTIME_HEARTBEAT_SECONDS: env.int(
    25,
    'Seconds between heartbeat comments on an open notifications stream (keeps proxies from closing it)',
    1,
  ),
  REALTIME_MAX_CONNECTIONS_PER_USER: env.int(
    5,
    'Notification streams one user may have open at once on one gateway instance (tabs, devices)',
    1,
  ),
  REVOCATION_WINDOW_SECONDS: env.int(
    3_600,
    'How far back revoked sessions are remembered; must exceed the access token lifetime (identity ACCESS_TOKEN_TTL_SECONDS)',
    60,
  ),
  TRUST_PROXY: z
    .string()
    .min(1)
    .refine((value) => trustedProxiesProblem(value) === null, {
      error: (issue) => trustedProxiesProblem(String(issue.input)) ?? 'invalid',
    })
    .default('-')
    .describe(
      'The reverse proxies whose X-Forwarded-For is believed (the client address for login throttling and audit): comma-separated addresses/CIDRs of your proxy, or "-" for none (clients reach the gateway directly)',
    ),
  WEB_DIST_DIR: env.string(
    'apps/web/dist',
    'Folder of the built web app the gateway serves on / (relative to the repository root unless absolute)',
  ),
  PUBLIC_URL: env.url(`http://127.0.0.1:${LocalPorts.gateway}`, 'The URL users reach the gateway at'),
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigShape>;
