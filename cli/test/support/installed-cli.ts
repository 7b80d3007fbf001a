import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT, type CliResult } from './stack.js';

/** The CLI as a user gets it: `npm pack` in cli/, a dev dependency of `repo`, run with `npx platform`. */
export function installedCli(repo: string, env: Record<string, string>) {
  const npx = async (args: string[]): Promise<CliResult> => {
    const r = await execa('npx', ['--no-install', 'platform', ...args], {
      cwd: repo,
      env: { NO_COLOR: '1', ...env },
      reject: false,
      stdin: 'ignore',
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const must = async (args: string[]) => {
    const r = await npx(args);
    if (r.exitCode !== 0) throw new Error(`platform ${args.join(' ')} exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  return {
    npx,
    npxJson: async (args: string[]) => JSON.parse((await must([...args, '--json'])).stdout),
    /** Packs the CLI into `dir` and installs the tarball in the repository. */
    async install(dir: string) {
      const packed = await execa('npm', ['pack', '--pack-destination', dir], { cwd: join(ROOT, 'cli') });
      const tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
      await execa('npm', ['install', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: repo, env, stdin: 'ignore' });
    },
    /** `platform init --yes`, then `platform up`, failing with their output. */
    async initAndUp(upTimeoutSeconds: number) {
      await must(['init', '--yes']);
      await must(['up', '--timeout', String(upTimeoutSeconds)]);
    },
  };
}
