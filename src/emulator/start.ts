/** Standalone emulator: `node dist/emulator/start.js` listens on EMULATOR_PORT (default 4010) at 127.0.0.1. */
import { z } from 'zod';
import { startZoomEmulator } from './index';

const PORT_MESSAGE = 'EMULATOR_PORT must be a port number (0-65535; 0 means any free port)';

/**
 * The emulator's one setting, checked here rather than through the app's config (the emulator never
 * imports the app). Digits only: Number() would read "0x10" as 16, "1e3" as 1000 and "" as 0.
 */
const EmulatorEnv = z.object({
  EMULATOR_PORT: z.string().regex(/^\d{1,5}$/, PORT_MESSAGE).transform(Number).pipe(z.number().max(65535, PORT_MESSAGE)).default(4010),
});

function readPort(env: NodeJS.ProcessEnv): number {
  const parsed = EmulatorEnv.safeParse(env);
  if (!parsed.success) throw new Error(`${parsed.error.issues[0].message}, got ${JSON.stringify(env.EMULATOR_PORT)}`);
  return parsed.data.EMULATOR_PORT;
}

async function main(): Promise<void> {
  const emulator = await startZoomEmulator({ port: readPort(process.env) });
  console.log(`Zoom emulator listening on ${emulator.url}`);
  console.log('Client id: sandbox-client-id  Client secret: sandbox-client-secret');
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('Zoom emulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
