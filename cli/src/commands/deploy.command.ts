import type { Command } from 'commander';

export function registerDeploy(program: Command): void {
  const deploy = program
    .command('deploy')
    .description(
      "take the stack to Kubernetes: a Helm chart (Strimzi Kafka, MongoDB replica set, KEDA) and Dockerfiles, from the services' declarations",
    );
  const action = (name: 'deployRenderAction' | 'deployCheckAction' | 'deployImagesAction') => async (opts: object) =>
    (await import('../actions/deploy.action.js'))[name](opts);

  deploy
    .command('render')
    .description('write a Helm chart (<out>/chart) and a Dockerfile per service (<out>/docker) from services/*/package.json')
    .option('--out <dir>', 'output folder, relative to the project root', 'deploy')
    .option('--values <file>', 'YAML chart values over the defaults (unknown keys are refused)')
    .option('--json', 'print what was rendered as JSON')
    .addHelpText(
      'after',
      `
Refuses (exit 2) a declaration that cannot be deployed: a port two services claim, a topic consumed
but produced by no service, a dependency cycle. Values: see <out>/chart/values.yaml after a render;
e.g. keda.enabled: true turns on lag-driven scaling, kafka.topics.<topic>.partitions sets partitions.
Examples:
  platform deploy render
  platform deploy render --values prod.yaml --out deploy/prod`,
    )
    .action(action('deployRenderAction'));

  deploy
    .command('check')
    .description(
      "validate the rendered chart with no cluster: helm lint, helm template, every object decoded strictly (Kubernetes API types, operators' CRDs)",
    )
    .option('--out <dir>', 'the folder `render` wrote', 'deploy')
    .option('--values <file>', 'extra values to check the chart with')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
The first run builds helm v3.22.0 and the checker with Go into the platform cache (a few minutes).`,
    )
    .action(action('deployCheckAction'));

  deploy
    .command('images')
    .description('the docker build command of each service image, from the Dockerfiles `render` wrote')
    .option('--print', 'print the commands (the platform does not drive Docker)')
    .option('--out <dir>', 'the folder `render` wrote', 'deploy')
    .option('--values <file>', 'values with image.registry / image.tag')
    .option('--json', 'print the commands as JSON')
    .action(action('deployImagesAction'));
}
