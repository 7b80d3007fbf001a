import { describe, expect, it } from 'vitest';
import { cookieName, judge, readCookie, unauthorizedPage } from './auth.js';

const guard = { port: 7700, token: 'tok_123' };
const cookie = `${cookieName(7700)}=tok_123`;
const req = (over: { method?: string; url?: string; headers?: Record<string, string> } = {}) => ({
  method: over.method ?? 'GET',
  url: over.url ?? '/',
  headers: { host: '127.0.0.1:7700', cookie, ...over.headers },
});

describe('judge', () => {
  it('trades the URL token for an HttpOnly SameSite=Strict cookie and drops it from the URL', () => {
    const v = judge(req({ url: '/?token=tok_123&page=logs', headers: { cookie: '' } }), guard);
    expect(v).toEqual({
      ok: false,
      status: 303,
      location: '/?page=logs',
      setCookie: expect.stringMatching(/^platform_dashboard_7700=tok_123; HttpOnly; SameSite=Strict; Path=\/$/),
    });
  });
  it('refuses a wrong token, no cookie, or a cookie of another stack', () => {
    expect(judge(req({ url: '/?token=nope' }), guard)).toMatchObject({ status: 401 });
    expect(judge(req({ headers: { cookie: '' } }), guard)).toMatchObject({ status: 401, reason: 'no dashboard session' });
    expect(judge(req({ headers: { cookie: `${cookieName(7700)}=old` } }), guard)).toMatchObject({ status: 401, reason: /earlier stack/ });
  });
  it('refuses a foreign Host header (DNS rebinding) even with the token', () => {
    expect(judge(req({ url: '/?token=tok_123', headers: { host: 'evil.example:7700' } }), guard)).toMatchObject({
      status: 403,
      reason: /Host/,
    });
    expect(judge(req({ headers: { host: '127.0.0.1:7701' } }), guard)).toMatchObject({ status: 403 });
    expect(judge(req({ headers: { host: 'localhost:7700' } }), guard)).toEqual({ ok: true });
  });
  it('lets a POST through only from our origin with the action header', () => {
    const post = (headers: Record<string, string>) => judge(req({ method: 'POST', url: '/api/x', headers }), guard);
    expect(post({ origin: 'http://127.0.0.1:7700', 'x-platform-dashboard': '1' })).toEqual({ ok: true });
    expect(post({ origin: 'http://evil.example', 'x-platform-dashboard': '1' })).toMatchObject({ status: 403, reason: /cross-origin/ });
    expect(post({ 'x-platform-dashboard': '1' })).toMatchObject({ status: 403 });
    expect(post({ origin: 'http://127.0.0.1:7700' })).toMatchObject({ status: 403, reason: /header/ });
    expect(judge(req({ method: 'DELETE' }), guard)).toMatchObject({ status: 403 });
  });
});

describe('readCookie / unauthorizedPage', () => {
  it('finds one cookie among several', () =>
    expect(readCookie('a=1; platform_dashboard_7700=x%3Dy; b=2', 'platform_dashboard_7700')).toBe('x=y'));
  it('tells how to get the link, escaping the reason', () => {
    const page = unauthorizedPage('<b>bad</b>');
    expect(page).toContain('platform dashboard');
    expect(page).not.toContain('<b>bad');
  });
});
