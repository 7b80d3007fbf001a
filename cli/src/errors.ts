/** Exit codes (ARCHITECTURE.md): 0 ok, 1 ran and failed, 2 bad usage or input, 3 something needed is unreachable. */
export const ExitCode = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for the user: a message saying what is wrong and a hint saying what to run next.
 * Thrown from anywhere; bin/run.ts is the one place that prints it and exits.
 */
export class PlatformError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.failed,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

export const usageError = (message: string, hint?: string) => new PlatformError(message, ExitCode.usage, hint);
export const unreachableError = (message: string, hint?: string) => new PlatformError(message, ExitCode.unreachable, hint);
export const failedError = (message: string, hint?: string) => new PlatformError(message, ExitCode.failed, hint);
