import { relative } from 'node:path';
import { usageError } from '../errors.js';
import { colors } from '../ui/colors.js';
import { demoAction } from './demo.action.js';

/** Says where a request was saved and how to run it again (on stderr: stdout keeps the reply). */
export function saved(file: string): void {
  const shown = relative(process.cwd(), file) || file;
  process.stderr.write(colors.dim(`saved ${shown}; run it again with \`platform send @${shown}\`\n`));
}

/**
 * `platform send @requests/<name>.yaml`: a saved request is a one-step scenario, so it runs through
 * the scenario runner exactly as `platform demo <file> --ci` would (same checks, same output).
 */
export async function sendSavedAction(request: string | undefined, opts: { json?: boolean }): Promise<void> {
  if (!request)
    throw usageError(
      'what to send?',
      'use `platform send tcp ...`, `platform send kafka ...`, or `platform send @requests/<name>.yaml` for a saved request',
    );
  if (!request.startsWith('@'))
    throw usageError(
      `unknown send target "${request}"`,
      'use `platform send tcp ...`, `platform send kafka ...`, or `platform send @requests/<name>.yaml`',
    );
  return demoAction(request.slice(1), { ci: true, json: opts.json });
}
