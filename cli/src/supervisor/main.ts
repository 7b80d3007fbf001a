// The supervisor process: `node supervisor/main.js <plan.json>`, spawned detached by `platform up`.
import { readFileSync } from 'node:fs';
import { Supervisor } from './supervisor.js';
import type { SupervisorPlan } from './plan.js';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SupervisorPlan;
const supervisor = new Supervisor(plan);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => void supervisor.stop().then(() => process.exit(0)));
}
await supervisor.run();
