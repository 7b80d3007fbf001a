import { serviceControlStep } from '../service-control.js';

/** `kill: service`: SIGKILL, as a crash would; the supervisor restarts it. */
export const kill = serviceControlStep('kill', {
  $ref: '#/definitions/serviceRef',
  description: 'SIGKILL a service, as a crash would; the supervisor restarts it',
});
