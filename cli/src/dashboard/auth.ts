/**
 * Who may use the dashboard: the holder of the stack's random token, from a page on 127.0.0.1.
 *
 *   - the token comes once in the URL (`/?token=...`) and is then kept in an HttpOnly,
 *     SameSite=Strict cookie named after the port (cookies ignore ports; two stacks must not clash);
 *   - the Host header must name 127.0.0.1 or localhost with our port (DNS rebinding);
 *   - a request that changes something must be a POST from our own origin carrying the
 *     `x-platform-dashboard` header, which no cross-site form can send without a CORS preflight.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const ACTION_HEADER = 'x-platform-dashboard';

export interface Guard {
  port: number;
  token: string;
}

export type Verdict =
  { ok: true } | { ok: false; status: 401 | 403; reason: string } | { ok: false; status: 303; location: string; setCookie: string };

export const newToken = () => randomBytes(24).toString('base64url');
export const cookieName = (port: number) => `platform_dashboard_${port}`;

export function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const hosts = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];

export function judge(
  req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> },
  guard: Guard,
): Verdict {
  const host = String(req.headers.host ?? '').toLowerCase();
  if (!hosts(guard.port).includes(host))
    return { ok: false, status: 403, reason: `unexpected Host header "${host}": open the dashboard at http://127.0.0.1:${guard.port}/` };
  const url = new URL(req.url ?? '/', `http://${host}`);
  const given = url.searchParams.get('token');
  if (given !== null) {
    if (!sameToken(given, guard.token)) return { ok: false, status: 401, reason: 'this dashboard link is not valid for the running stack' };
    url.searchParams.delete('token');
    return {
      ok: false,
      status: 303,
      location: url.pathname + url.search,
      setCookie: `${cookieName(guard.port)}=${guard.token}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  const cookie = readCookie(req.headers.cookie as string | undefined, cookieName(guard.port));
  if (!sameToken(cookie, guard.token))
    return { ok: false, status: 401, reason: cookie ? 'this dashboard session belongs to an earlier stack' : 'no dashboard session' };
  if (req.method === 'GET' || req.method === 'HEAD') return { ok: true };
  if (req.method !== 'POST') return { ok: false, status: 403, reason: `${req.method} is not allowed` };
  const origin = String(req.headers.origin ?? '');
  if (!hosts(guard.port).some((h) => origin === `http://${h}`))
    return { ok: false, status: 403, reason: `cross-origin request refused (Origin "${origin || 'none'}")` };
  if (req.headers[ACTION_HEADER] !== '1') return { ok: false, status: 403, reason: `actions need the ${ACTION_HEADER} header` };
  return { ok: true };
}

/** What a browser without a valid session sees: how to get a fresh link. */
export function unauthorizedPage(reason: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>platform dashboard: sign-in needed</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}code{background:#eef2f7;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>This dashboard needs its link</h1><p>${escapeHtml(reason)}.</p>
<p>Every stack has its own random token. Run <code>platform dashboard</code> in the project to print the link
(or <code>platform dashboard --open</code> to open it), then open that link in this browser.</p></body></html>`;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
