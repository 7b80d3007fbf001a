import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../cli/bin/platform.js', import.meta.url));

/**
 * Spawns a command and measures wall time from spawn to exit (what a user waits for).
 * stdout is collected unless `stdout: 'ignore'`; a non-zero exit rejects with stderr's tail.
 */
export function timed(command, args, { env, cwd = ROOT, input, stdinFd, stdout = 'pipe', okCodes = [0], timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const stdin = stdinFd ?? (input === undefined ? 'ignore' : 'pipe');
    // 'count' reads stdout through a pipe like 'pipe' but keeps only byte and line counts.
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: [stdin, stdout === 'count' ? 'pipe' : stdout, 'pipe'],
    });
    const out = [];
    let outBytes = 0;
    let lines = 0;
    let err = '';
    child.stdout?.on('data', (c) => {
      outBytes += c.length;
      if (stdout === 'pipe') out.push(c);
      else for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearTimeout(timer);
      if (!okCodes.includes(code)) {
        reject(
          new Error(
            `${[command, ...args].join(' ').slice(0, 200)} exited ${code ?? signal}: ${err.trim().split('\n').slice(-8).join('\n')}`,
          ),
        );
        return;
      }
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stdoutBytes: outBytes, lines, stderr: err });
    });
  });
}

/** `platform <args>` through the real bin, as a user runs it. */
export const platform = (args, opts = {}) => timed(process.execPath, [BIN, ...args], { ...opts, env: { NO_COLOR: '1', ...opts.env } });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
