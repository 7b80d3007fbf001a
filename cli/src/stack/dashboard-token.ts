import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The dashboard's per-stack token: readable by its owner only, gone with the stack. */
const FILE = 'dashboard.token';

export function writeToken(stateDir: string, token: string): void {
  const file = join(stateDir, FILE);
  writeFileSync(file, token, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readToken(stateDir: string): string | undefined {
  try {
    return readFileSync(join(stateDir, FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function clearToken(stateDir: string): void {
  rmSync(join(stateDir, FILE), { force: true });
}

/** The link `platform up` and `platform dashboard` print: the address with the token. */
export function dashboardLink(stateDir: string, url: string | undefined): string | undefined {
  const token = readToken(stateDir);
  return url && token ? `${url}?token=${token}` : undefined;
}
