import type { Command } from 'commander';
import { registerInit } from './init.command.js';
import { registerUp } from './up.command.js';
import { registerDown } from './down.command.js';
import { registerStatus } from './status.command.js';
import { registerLogs } from './logs.command.js';
import { registerDoctor } from './doctor.command.js';
import { registerInfra } from './infra.command.js';
import { registerSend } from './send.command.js';
import { registerPatterns } from './patterns.command.js';
import { registerTail } from './tail.command.js';
import { registerKafka } from './kafka.command.js';
import { registerSeed } from './seed.command.js';
import { registerKeys } from './keys.command.js';
import { registerDb } from './db.command.js';
import { registerDemo } from './demo.command.js';
import { registerReset } from './reset.command.js';
import { registerScale } from './scale.command.js';
import { registerKill } from './kill.command.js';
import { registerRestart } from './restart.command.js';
import { registerGenerate } from './generate.command.js';
import { registerTrace } from './trace.command.js';
import { registerDashboard } from './dashboard.command.js';
import { registerReplay } from './replay.command.js';
import { registerDeploy } from './deploy.command.js';

/** The one list of commands. Each command file declares flags and help; its action loads lazily. */
export function registerCommands(program: Command): void {
  for (const register of [
    registerInit,
    registerUp,
    registerDown,
    registerStatus,
    registerLogs,
    registerDoctor,
    registerInfra,
    registerSend,
    registerPatterns,
    registerTail,
    registerKafka,
    registerSeed,
    registerKeys,
    registerDb,
    registerDemo,
    registerReset,
    registerScale,
    registerKill,
    registerRestart,
    registerGenerate,
    registerTrace,
    registerDashboard,
    registerReplay,
    registerDeploy,
  ])
    register(program);
}
