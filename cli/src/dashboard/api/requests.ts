import { usageError } from '../../errors.js';
import { CiReporter } from '../../demo/reporters.js';
import { listSavedRequests, requestStep, saveRequest, savedRequestFile } from '../../demo/saved-requests.js';
import type { Routes } from '../router.js';
import { runScenarioFile } from './scenarios.js';

export const requestRoutes: Routes = {
  'GET /api/requests': ({ ctx }) => listSavedRequests(ctx.paths.root),
  /** Saves `{ name, tcp: { service, pattern, data } }` or `{ name, kafka: { topic, key, headers, value } }`. */
  'POST /api/requests/save': async ({ ctx, body }) => {
    const b = await body<{ name?: string; title?: string; tcp?: any; kafka?: any }>();
    if (!b.tcp && !b.kafka) throw usageError('a saved request needs tcp or kafka');
    const file = saveRequest(
      ctx.paths.root,
      String(b.name ?? ''),
      requestStep(b.tcp ? { tcp: b.tcp } : { kafka: b.kafka }, b.title || undefined),
    );
    return { saved: file.slice(ctx.paths.root.length + 1) };
  },
  /** Runs one the way `platform send @requests/<name>.yaml` does, and answers with its output. */
  'POST /api/requests/run': async ({ ctx, body }) => {
    const b = await body();
    let out = '';
    const result = await (
      await runScenarioFile(ctx, savedRequestFile(ctx.paths.root, String(b.name ?? '')), new CiReporter((s) => void (out += s)))
    ).run;
    return { passed: result.passed, output: out.replace(/\x1b\[[0-9;]*m/g, ''), steps: result.steps }; // eslint-disable-line no-control-regex
  },
};
