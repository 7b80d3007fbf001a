import { failedError } from '../errors.js';

/**
 * Prompts only when a person is there to answer (nest-cli's is-interactive): a terminal on stdin
 * and stdout, not CI, not a dumb terminal. Scripts and pipes get defaults or an error instead.
 */
export function isInteractive(env = process.env): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && env.TERM !== 'dumb' && !env.CI;
}

/** Runs a prompt; Ctrl-C (or a closed terminal) becomes a clean "cancelled" exit before anything is written. */
export async function ask<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (e) {
    if ((e as Error)?.name === 'ExitPromptError' || (e as Error)?.name === 'AbortPromptError') {
      throw failedError('cancelled: nothing was written');
    }
    throw e;
  }
}

/** @inquirer/prompts loads only when a question is actually asked (`platform --help` stays fast). */
export const prompts = () => import('@inquirer/prompts');
