import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ExitCode, PlatformError } from './errors.js';
import { registerCommands } from './commands/index.js';
import { colors } from './ui/colors.js';

export function buildProgram(): Command {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const program = new Command('platform')
    .description('Start, inspect and talk to a NestJS + Kafka + MongoDB stack')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ outputError: () => {} });
  registerCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** The one place that turns errors into messages and exit codes. */
export async function run(argv: string[]): Promise<void> {
  // `platform logs | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    process.exitCode = report(e);
  }
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    process.stderr.write(
      `${colors.red('error:')} ${e.message.replace(/^error: /, '')}\n${colors.dim('Run `platform --help` (or `platform <command> --help`) for usage.')}\n`,
    );
    return ExitCode.usage;
  }
  if (e instanceof PlatformError) {
    process.stderr.write(`${colors.red('error:')} ${e.message}\n`);
    if (e.hint) process.stderr.write(`${colors.dim('hint:')} ${e.hint}\n`);
    return e.exitCode;
  }
  // A bug of ours, not a user mistake: show the stack so it can be reported.
  process.stderr.write(`${colors.red('internal error:')} ${(e as Error)?.stack ?? String(e)}\n`);
  return ExitCode.failed;
}
