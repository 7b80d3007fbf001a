import { platform } from './stack.js';

/**
 * Starts the real stack once for the e2e lane with the project's own `platform up`, loads the
 * payment-flow dataset, and stops everything afterwards. KEEP_STACK=1 leaves it running.
 */
export async function setup(): Promise<void> {
  const up = await platform(['up']);
  if (up.exitCode !== 0) throw new Error(`platform up failed (${up.exitCode}):\n${up.stderr}\n${up.stdout}`);
  const seed = await platform(['seed', '--reset']);
  if (seed.exitCode !== 0) throw new Error(`platform seed failed (${seed.exitCode}):\n${seed.stderr}`);
}

export async function teardown(): Promise<void> {
  if (process.env.KEEP_STACK) return;
  await platform(['down']);
}
