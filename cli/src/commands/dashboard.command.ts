import type { Command } from 'commander';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description("print the link to the running stack's web dashboard (services, logs, traces, Kafka, TCP, MongoDB)")
    .option('--open', 'open it in the default browser')
    .option('--json', 'print { url } as JSON')
    .action(async (opts) => (await import('../actions/dashboard.action.js')).dashboardAction(opts));
}
