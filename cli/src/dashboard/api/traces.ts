import type { Routes } from '../router.js';

/** Traces come from the stack's span store (issue 12); until it is part of the stack the page says so. */
export const traceRoutes: Routes = {
  'GET /api/traces': () => ({ available: false, traces: [], reason: 'this stack has no trace store yet' }),
};
