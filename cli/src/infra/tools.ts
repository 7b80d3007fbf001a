import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Finds an executable on PATH without spawning a shell (`which` is not everywhere). */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** How to get each tool the native provider needs, for errors and `platform doctor`. */
export const INSTALL_HINTS: Record<string, string> = {
  java: 'install a Java 17+ runtime, e.g. `sudo apt-get install openjdk-17-jre-headless`',
  mvn: 'install Maven, e.g. `sudo apt-get install maven`',
  docker: 'install Docker and start its engine, or use the default native provider (`--infra native`)',
  kcat: 'install kcat, e.g. `sudo apt-get install kafkacat`',
};
