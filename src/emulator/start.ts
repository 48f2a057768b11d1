/** Standalone emulator: `node dist/emulator/start.js` listens on EMULATOR_PORT (default 4010) at 127.0.0.1. */
import { startZoomEmulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`EMULATOR_PORT must be a port number, got "${process.env.EMULATOR_PORT}"`);
  }
  const emulator = await startZoomEmulator({ port });
  console.log(`Zoom emulator listening on ${emulator.url}`);
  console.log('Client id: sandbox-client-id  Client secret: sandbox-client-secret');
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('Zoom emulator failed to start:', err);
  process.exit(1);
});
