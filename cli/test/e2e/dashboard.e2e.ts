import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from '../support/browser.js';
import { DEMO_KEYS, eventually, platform, platformJson, ROOT, sleep, stack } from '../support/stack.js';

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against the real
 * stack: what a user sees and does, page by page. Screenshots go to .tmp/screenshots/.
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const TOPIC = `dashboard.e2e.${RUN}`;
let link = '';
let base = '';
let page: Page;
let close: () => Promise<void>;
const errors: string[] = [];

beforeAll(async () => {
  link = (await platformJson<{ url: string }>(['dashboard'])).url;
  base = new URL(link).origin;
  expect((await platform(['kafka', 'topics', 'create', TOPIC, '-p', '1'])).exitCode).toBe(0);
  ({ page, close } = await openBrowser());
  // Anything the page throws fails the run: the dashboard never shows an uncaught error.
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await close?.();
  await platform(['kafka', 'topics', 'delete', TOPIC]);
});

const go = async (hash: string) => {
  await page.goto(`${base}/${hash}`);
  await page.waitForLoadState('domcontentloaded');
};
const serviceRow = (name: string) => page.locator(`tr[data-name="${name}"][data-instance="0"]`);

describe('dashboard in a browser', () => {
  it('refuses a visit without the link, saying how to get it', async () => {
    const res = await page.goto(`${base}/`);
    expect(res?.status()).toBe(401);
    await expect(page.locator('body').innerText()).resolves.toMatch(/platform dashboard/);
    await screenshot(page, '00-unauthorized');
  });

  it('opens from the printed link and shows the four services healthy', async () => {
    await page.goto(link);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    for (const name of ['gateway', 'payments', 'ledger', 'notifications']) {
      await serviceRow(name).locator('[data-state="healthy"]').waitFor({ timeout: 15_000 });
    }
    await expect(page.locator('tr[data-name="kafka"] [data-state="healthy"]').count()).resolves.toBe(1);
    await screenshot(page, '01-services');
  });

  it('restarts a service from the page and shows its state change live', async () => {
    const row = serviceRow('notifications');
    const pidBefore = await row.locator('td.mono').first().innerText();
    // Record every state the row shows, from inside the page, so a short one is not missed.
    await page.evaluate(() => {
      const seen: string[] = ((window as any).__states = []);
      new MutationObserver(() => {
        const s = document.querySelector('tr[data-name="notifications"][data-instance="0"] [data-state]')?.getAttribute('data-state');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await row.getByRole('button', { name: 'Restart' }).click();
    await eventually(async () => (await page.evaluate(() => (window as any).__states as string[])).some((s) => s !== 'healthy'), 30_000);
    await row.locator('[data-state="healthy"]').waitFor({ timeout: 60_000 });
    await eventually(async () => (await row.locator('td.mono').first().innerText()) !== pidBefore, 10_000);
    const states = await page.evaluate(() => (window as any).__states as string[]);
    expect(states.at(-1)).toBe('healthy');
    expect(states.slice(0, -1).some((s) => ['stopped', 'starting', 'restarting'].includes(s))).toBe(true);
  });

  it('shows a killed service crash and come back, without a reload', async () => {
    await go('#/services');
    const row = serviceRow('ledger');
    await row.locator('[data-state="healthy"]').waitFor();
    const pid = await row.locator('td.mono').first().innerText();
    await row.getByRole('button', { name: 'Kill' }).click();
    await eventually(
      async () => (await row.locator('td.mono').first().innerText()) !== pid && (await row.locator('[data-state="healthy"]').count()) === 1,
      60_000,
      200,
    );
    await expect(row.locator('td').nth(4).innerText()).resolves.not.toBe('0');
  });

  it('filters the merged logs by a correlation id', async () => {
    const cid = `dash-e2e-${RUN}`;
    const res = await fetch(`${stack.gatewayUrl}/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${DEMO_KEYS.m_acme}`,
        'Idempotency-Key': `dash-${RUN}`,
        'x-correlation-id': cid,
      },
      body: JSON.stringify({ amount: 1200, currency: 'EUR', customerId: 'cus_alice', paymentMethodId: 'pm_alice_visa' }),
    });
    expect(res.status).toBe(201);
    await go('#/logs');
    await page.locator('input[name="correlationId"]').fill(cid);
    await page.locator('input[name="correlationId"]').press('Enter');
    const lines = page.locator('[data-testid="log-lines"] .line');
    const cids = () => lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-cid')));
    await eventually(async () => (await lines.count()) >= 3 && (await cids()).every((c) => c === cid), 45_000);
    expect(new Set(await cids())).toEqual(new Set([cid]));
    const sources = new Set(await lines.locator('.src').allInnerTexts());
    expect(sources.size).toBeGreaterThanOrEqual(2);
    await screenshot(page, '02-logs');
  });

  it("opens a payment's trace from its log lines: a waterfall across the services", async () => {
    const cid = `dash-e2e-${RUN}`;
    await go(`#/logs?correlationId=${cid}`);
    await page.locator('[data-testid="log-lines"] .line a.id', { hasText: 'trace' }).first().click();
    const spans = page.locator('[data-testid="waterfall"] .span');
    // Services export spans in batches: the page updates when they arrive.
    await eventually(
      async () => new Set(await spans.evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))).size >= 3,
      60_000,
      500,
    );
    const services = new Set(await spans.evaluateAll((els) => els.map((e) => e.getAttribute('data-service'))));
    expect([...services]).toEqual(expect.arrayContaining(['gateway', 'payments', 'ledger']));
    await expect(page.locator('[data-testid="waterfall"]').innerText()).resolves.toContain(cid);
    await screenshot(page, '03-trace');
  });

  it('sends a TCP request from the form prefilled with the example, and refuses invalid JSON with its position', async () => {
    await go('#/tcp');
    await page.locator('a[data-pattern="ledger.balance"]').click();
    const data = page.locator('textarea[name="tcp-data"]');
    expect(JSON.parse(await data.inputValue())).toHaveProperty('accountId');
    await data.fill('{"accountId": cus_alice}');
    await expect(page.locator('[data-testid="tcp-data-error"]').innerText()).resolves.toMatch(/line 1, column 15/);
    await expect(page.getByRole('button', { name: 'Send request' }).isDisabled()).resolves.toBe(true);
    await data.fill('{"accountId":"cus_alice"}');
    await page.getByRole('button', { name: 'Send request' }).click();
    const reply = page.locator('[data-testid="tcp-reply"]');
    await reply.waitFor({ timeout: 15_000 });
    await expect(reply.innerText()).resolves.toMatch(/EUR/);
    await screenshot(page, '04-tcp');
  });

  it('saves the TCP request into requests/, and the CLI runs the file', async () => {
    const name = `dash-e2e-${RUN}`;
    await page.locator('input[placeholder="name to save as"]').fill(name);
    await page.getByRole('button', { name: 'Save request' }).click();
    await page.getByText(`requests/${name}.yaml`).first().waitFor();
    try {
      const r = await platform(['send', `@requests/${name}.yaml`]);
      expect(r.exitCode, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toMatch(/PASSED/);
      await go('#/requests');
      const row = page.locator(`.saved[data-name="${name}"]`);
      await row.getByRole('button', { name: 'Run' }).click();
      await expect(row.locator('pre.ok').innerText()).resolves.toMatch(/PASSED/);
    } finally {
      rmSync(join(ROOT, 'requests', `${name}.yaml`), { force: true });
    }
  });

  it('produces a message, then edits and resends it, and the live tail shows both', async () => {
    await go('#/kafka');
    await page.locator('select[name="tail-topic"]').selectOption(TOPIC);
    await page.getByRole('button', { name: 'Start tail' }).click();
    await page.locator('.live-tailing').waitFor({ timeout: 20_000 });
    await page.locator('select[name="produce-topic"]').selectOption(TOPIC);
    await page.locator('input[name="produce-key"]').fill('order-1');
    await page.locator('textarea[name="produce-headers"]').fill('{"event-type":"order.placed"}');
    await page.locator('textarea[name="produce-value"]').fill('{"order":1,"status":"placed"}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('[data-testid="produce-result"]').waitFor();
    const tail = page.locator('[data-testid="tail"] .message');
    await eventually(async () => (await tail.count()) === 1, 20_000);
    await expect(tail.first().innerText()).resolves.toMatch(/"status": "placed"/);

    await tail.first().getByRole('button', { name: 'Edit & resend' }).click();
    const value = page.locator('textarea[name="produce-value"]');
    await eventually(async () => (await value.inputValue()).includes('placed'));
    await value.fill((await value.inputValue()).replace('placed', 'corrected'));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await eventually(async () => (await tail.count()) === 2, 20_000);
    const newest = await tail.first().innerText();
    expect(newest).toMatch(/"status": "corrected"/);
    expect(newest).toMatch(/order-1/);
    expect(newest).toMatch(/event-type: order.placed/);
    await screenshot(page, '05-kafka');
  });

  it('shows a 1 MB message as a preview and resends it whole', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(1_000_000) }); // 1 MB; the broker's default limit is 1 MiB
    const r = await platform(['send', 'kafka', TOPIC, '-', '-k', 'big'], { input: big });
    expect(r.exitCode, r.stderr).toBe(0);
    const tail = page.locator('[data-testid="tail"] .message');
    await eventually(async () => (await tail.count()) === 3, 20_000);
    await expect(tail.first().innerText()).resolves.toMatch(/1,000,0\d\d bytes \(preview\)/);
    await tail.first().getByRole('button', { name: 'Edit & resend' }).click();
    await eventually(async () => (await page.locator('textarea[name="produce-value"]').inputValue()).length > 1_000_000, 20_000);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await eventually(async () => (await tail.count()) === 4, 20_000);
    // The resent message is the whole 1 MB value, not the page's preview.
    const r2 = await platform(['tail', TOPIC, '--from-beginning', '--max', '4', '--exit', '--format', 'json']);
    const last = JSON.parse(r2.stdout.trim().split('\n').at(-1)!);
    expect(last.key).toBe('big');
    expect(last.value.blob.length).toBe(1_000_000);
  });

  it('replays a message from the CLI, edited, into the live tail', async () => {
    const r = await platform(['replay', TOPIC, '0:0', '--value', '{"order":1,"status":"replayed"}', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: { topic: TOPIC, partition: 0, offset: '0' }, topic: TOPIC, partition: 0 });
    const tail = page.locator('[data-testid="tail"] .message');
    await eventually(async () => (await tail.count()) === 5, 20_000);
    const newest = await tail.first().innerText();
    expect(newest).toMatch(/"status": "replayed"/);
    expect(newest).toMatch(/order-1/);
    expect((await platform(['replay', TOPIC, '0:999'])).exitCode).toBe(2);
  });

  it("resets an idle group's offsets to the earliest from the page", async () => {
    const group = `dashboard-e2e-${RUN}`;
    // A group that read everything, committed, and left: idle with no lag.
    const read = await platform(['tail', TOPIC, '--group', group, '--from-beginning', '--exit', '--format', 'json']);
    expect(read.exitCode, read.stderr).toBe(0);
    const total = read.stdout.trim().split('\n').length;
    // Still on the Kafka page (its tail runs on for the next test): reload the groups list only.
    await page.locator('.panel', { hasText: 'Consumer groups' }).getByRole('button', { name: 'Refresh' }).click();
    await page.locator('[data-testid="groups"] a', { hasText: group }).click();
    const detail = page.locator('.detail', { hasText: 'Reset offsets' });
    await detail.locator('[data-state="Empty"]').waitFor({ timeout: 20_000 });
    await detail.locator('select[aria-label="topic to reset"]').selectOption(TOPIC);
    await detail.getByRole('button', { name: 'Reset offsets' }).click();
    await eventually(
      async () => (await detail.locator('td.warn').allInnerTexts()).map(Number).reduce((a, b) => a + b, 0) === total,
      20_000,
    );
    const lag = await platformJson<{ lag: number }>(['kafka', 'groups', group]);
    expect(lag.lag).toBe(total);
  });

  it('says so when the tailed topic is deleted, and keeps working', async () => {
    expect((await platform(['kafka', 'topics', 'delete', TOPIC])).exitCode).toBe(0);
    await page.locator('.error', { hasText: 'no longer exists' }).waitFor({ timeout: 30_000 });
    await go('#/services');
    await serviceRow('gateway').locator('[data-state="healthy"]').waitFor();
  });

  it('queries a collection and shows EJSON', async () => {
    await go('#/mongo');
    await page.locator('[data-testid="collections"] a', { hasText: 'customers' }).click();
    await page.locator('textarea[name="mongo-filter"]').fill('{"_id":"cus_alice"}');
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(page.locator('[data-testid="mongo-result"]').innerText()).resolves.toMatch(/"_id": "cus_alice"/);
    await screenshot(page, '06-mongo');
  });

  it("presents a demo step by step, each step's result shown", async () => {
    await page.goto(link);
    await go('#/scenarios');
    await page.locator('.saved', { hasText: 'happy-path' }).getByRole('button', { name: 'Present' }).click();
    const steps = page.locator('[data-testid="scenario-steps"] .step');
    const next = page.getByRole('button', { name: 'Next step' });
    // The checkpoint step restarts the consumers: on a busy machine that takes minutes.
    for (let i = 0; i < 3; i++) {
      await next.waitFor({ timeout: 180_000 });
      await next.click();
      await eventually(async () => (await steps.locator('.ok, .bad').count()) >= i + 1, 180_000, 500);
    }
    await expect(steps.locator('.bad').count()).resolves.toBe(0);
    await expect(steps.nth(2).innerText()).resolves.toMatch(/200/);
    await screenshot(page, '07-scenario');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page
      .getByText(/FAILED|PASSED/)
      .first()
      .waitFor({ timeout: 30_000 });
  }, 600_000);

  it('threw nothing uncaught on any page', async () => {
    await sleep(200);
    expect(errors).toEqual([]);
  });
});
