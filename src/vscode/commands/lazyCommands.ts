/**
 * Commands whose code loads on first use: the table gets a small handler per id now, and the module
 * that implements them (its own file in dist/, see esbuild.mjs) is loaded when one of them first runs.
 */
import type { CommandHandler, CommandId, CommandTable } from './contributions';

export function lazyCommands<Id extends CommandId>(
  ids: readonly Id[],
  load: () => Promise<{ commands(): Partial<CommandTable> }>,
): Record<Id, CommandHandler> {
  let table: Promise<Partial<CommandTable>> | undefined;
  const handler = (id: Id) => async (a?: unknown, b?: unknown) => {
    const handlers = await (table ??= load().then((m) => m.commands()));
    const run = handlers[id];
    if (!run) throw new Error(`No handler for ${id}`);
    return run(a, b);
  };
  return Object.fromEntries(ids.map((id) => [id, handler(id)])) as Record<Id, CommandHandler>;
}
