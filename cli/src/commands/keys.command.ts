import type { Command } from 'commander';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("merchants' API keys for the gateway (stored only as hashes)");
  keys
    .command('rotate')
    .description('make a new secret key for a merchant, print it once, and revoke all its earlier keys')
    .argument('<merchant>', 'merchant id, e.g. m_acme')
    .option('--mongo-url <url>', 'database URL (default: the running stack)')
    .option('--json', 'print { merchantId, apiKey }')
    .addHelpText(
      'after',
      `
Examples:
  platform keys rotate m_acme
  KEY=$(platform keys rotate m_acme --json | jq -r .apiKey)
  platform seed --reset              # back to the dataset's demo keys`,
    )
    .action(async (merchant: string, opts) => (await import('../actions/keys.action.js')).rotateKeyAction(merchant, opts));
  keys
    .command('list')
    .description('which merchants have a key, its last four characters and when it was made')
    .option('--mongo-url <url>', 'database URL (default: the running stack)')
    .option('--json', 'print as JSON')
    .action(async (opts) => (await import('../actions/keys.action.js')).listKeysAction(opts));
}
