import { describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/service.constants.js';
import { host, httpPort } from './support.js';

describe('HTTP listener', () => {
  it('answers GET /status', async () => {
    const res = await fetch(`http://${host}:${httpPort}/status`, { headers: { 'x-correlation-id': 'e2e-http' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ service: SERVICE_NAME, status: 'ok' });
  });
});
