/** The Marketplace apps the emulator knows (options.apps): finding one by client id, with or without its secret. */
import type { EmulatorContext } from '../context';
import type { RegisteredApp } from '../options';

export function appWithId(ctx: EmulatorContext, clientId: string | undefined): RegisteredApp | undefined {
  return ctx.options.apps.find((app) => app.clientId === clientId);
}

/** The app whose id and secret these are, or undefined: a wrong secret is refused exactly as an unknown id is. */
export function authenticatedApp(ctx: EmulatorContext, clientId: string | undefined, secret: string | undefined): RegisteredApp | undefined {
  const app = appWithId(ctx, clientId);
  return app && app.clientSecret === secret ? app : undefined;
}
