/** The context keys the welcome views and menus read, with their values for the current servers. */
import { environmentServer, type Environment } from '../servers/environmentServer';
import type { ServerEntry } from '../servers/serverRegistry';

export interface ServerContextKeys {
  /** How many servers are configured (0 shows the "add a server" welcome). */
  'labelStudio.serverCount': number;
  /** One server without a token: the "set a token" welcome. */
  'labelStudio.needsToken': boolean;
  /** `LABEL_STUDIO_URL` names a valid server: the welcome offers it. */
  'labelStudio.environmentServer': boolean;
}

export function serverContextKeys(entries: readonly ServerEntry[], env: Environment): ServerContextKeys {
  return {
    'labelStudio.serverCount': entries.length,
    'labelStudio.needsToken': entries.length === 1 && !entries[0].client,
    'labelStudio.environmentServer': environmentServer(env) !== undefined,
  };
}
