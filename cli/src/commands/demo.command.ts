import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a scripted scenario from demos/: presenter mode on a terminal, --ci for pipelines')
    .argument('[scenario]', 'a scenario name (demos/<name>.yaml) or a path to a scenario file')
    .option('--list', 'list the scenarios with their one-line descriptions')
    .option('--ci', 'run every step without pauses, stop at the first failure with a diff, exit 1 on failure')
    .option('--auto [seconds]', 'presenter mode on a timer instead of Enter (default 2 s between steps)')
    .option('--all', 'run every scenario under demos/, one after another (implies --ci)')
    .option('--junit <file>', 'write a JUnit XML report (one test case per step)')
    .option('--no-checkpoint', "do not reset to the scenario's checkpoint before the first step")
    .option('--json', 'print the results as JSON (implies --ci)')
    .addHelpText(
      'after',
      `
Without a terminal (CI, pipes) and without --auto, scenarios run as with --ci: they never wait for input.

Examples:
  platform demo --list
  platform demo happy-path                 # presenter: Enter runs the next step, q quits
  platform demo happy-path --auto 3        # a step every 3 s
  platform demo happy-path --ci --junit reports/demo.xml
  platform demo ./my-story.yaml --ci
  platform demo --all --ci`,
    )
    .action(async (scenario: string | undefined, opts) => (await import('../actions/demo.action.js')).demoAction(scenario, opts));
}
