import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('send a message already on a topic again, as it is or edited')
    .argument('<topic>', 'the topic it is on')
    .argument('<partition:offset>', 'where it is, e.g. 0:42 (see `platform tail <topic> --format json`)')
    .option('--value <value>', 'replace the value: JSON or text, @file, or - for stdin')
    .option('-k, --key <key>', 'replace the key')
    .option('-H, --header <k=v>', 'set a header (repeatable); the others are kept', collect, [])
    .option('--to <topic>', 'send it to another topic (default: the same one)')
    .option('--save <name>', 'also save the (edited) message as requests/<name>.yaml')
    .option('--json', 'print the delivery as JSON')
    .addHelpText(
      'after',
      `
Examples (on the scratch topic of the \`platform send kafka\` examples):
  platform replay scratch.events 0:0
  platform replay scratch.events 0:0 --value '{"type":"hello","edited":true}' -H edited=yes`,
    )
    .action(async (topic: string, at: string, opts) => (await import('../actions/replay.action.js')).replayAction(topic, at, opts));
}
