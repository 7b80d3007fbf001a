/**
 * The tracing preload: `node --import @platform/nest-kit/tracing dist/main.js` (the supervisor and
 * every service's start script do this). It must run before the service's own modules load:
 * kafkajs, express and the MongoDB driver are instrumented as they are imported, which for ESM
 * needs import-in-the-middle's loader hook, registered here for just the modules we instrument.
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { startTracing, tracingEnabled } from './sdk.js';
import { exitOnSettingError } from '../config.js';

if (tracingEnabled()) {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  try {
    startTracing();
  } catch (e) {
    // A bad OTEL_* variable (what `platform up` shows as the reason).
    exitOnSettingError(e);
  }
  await waitForAllMessagesAcknowledged();
}
