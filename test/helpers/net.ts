import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { Express } from 'express';

/** A port nothing listens on right now, for a process whose BASE_URL must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The app on a real loopback port, for clients that need a URL (fetch, many parallel connections). */
export async function listenOnLoopback(app: Express): Promise<{ server: Server; base: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { server, base, close };
}
