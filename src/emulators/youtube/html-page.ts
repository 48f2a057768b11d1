/** The emulator's plain HTML pages (Google's consent and its authorization errors): one look, no external assets. */
import type { Response } from 'express';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that reaches a page goes through this: state, scopes and URIs come from the query. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{background:#fff4ce;border:1px solid #e0c36b;padding:.5rem .75rem;border-radius:4px}
fieldset{border:1px solid #ccc;border-radius:4px;margin:1rem 0}label{display:block;margin:.4rem 0}
button{font:inherit;padding:.45rem 1.2rem;margin-right:.5rem}code{word-break:break-all}`;

export function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<p class="banner">Google / YouTube emulator — sandbox. No real Google account is involved.</p>
${main}
</main></body>
</html>`;
}

/** These pages must not be framed (clickjacking) nor cached (they carry the pending authorization). */
export function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' }).type('html').send(html);
}
