import { serviceControlStep } from '../service-control.js';

/** `restart: service`: stops and starts it, and waits until it is healthy. */
export const restart = serviceControlStep('restart', { $ref: '#/definitions/serviceRef' });
