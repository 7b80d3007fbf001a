/**
 * Staged start. Loading a NestJS service's code takes about a second; connecting takes tens of
 * milliseconds. `platform up` therefore spawns services early, while Kafka's JVM is still starting,
 * with PLATFORM_STAGED_START=1 and an IPC channel; the service loads its code, says
 * `platform:loaded`, and waits for `platform:start`, which the supervisor sends once the service's
 * dependencies are healthy. Start-up order is kept; only the loading overlaps.
 * Without that variable (or without IPC) it returns at once.
 */
export async function waitForStartSignal(): Promise<void> {
  if (process.env.PLATFORM_STAGED_START !== '1' || !process.send) return;
  await new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => {
      if (message !== 'platform:start') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.send!('platform:loaded');
  });
  // The channel must not keep a stopped service alive.
  process.channel?.unref();
}
