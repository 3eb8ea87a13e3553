import type { MailLocale } from './mail-template-source';

/*
 * The HTML frame every e-mail shares, put together as handlebars source once at start. Mail clients
 * ignore <style> and most CSS, hence tables and inline styles.
 */

const font = 'font-family:Arial,Helvetica,sans-serif;';
const accent = '#1d4ed8';

export function htmlLayout(layout: {
  lang: MailLocale;
  title: string;
  body: string;
  footer: string;
}): string {
  return `<!DOCTYPE html>
<html lang="${layout.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${layout.title}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;${font}font-size:15px;line-height:1.5;color:#1f2933;">
<tr><td style="padding:24px 32px 0;font-size:20px;font-weight:bold;color:${accent};">Orbita</td></tr>
<tr><td style="padding:16px 32px 32px;">
${layout.body}
</td></tr>
</table>
<p style="max-width:560px;margin:16px auto 0;${font}font-size:12px;line-height:1.5;color:#7b8794;">${layout.footer}</p>
</td></tr>
</table>
</body>
</html>
`;
}

/** A button to `{{url <param>}}`, with the address written out below for clients that hide buttons. */
export function htmlButton(param: string, label: string, fallback: string): string {
  return `<p style="margin:24px 0;"><a href="{{url ${param}}}" style="display:inline-block;padding:12px 24px;background:${accent};color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">${label}</a></p>
<p style="font-size:13px;color:#52606d;">${fallback}<br><a href="{{url ${param}}}" style="color:${accent};word-break:break-all;">{{url ${param}}}</a></p>`;
}
