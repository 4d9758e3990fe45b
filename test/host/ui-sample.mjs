// The set-up the UI scenarios share: the packaged .vsix, the fake ML server, and a fake Label Studio
// seeded with the sample data (projects, backends in every state, tokens), plus the window the
// README's screenshots are taken in. A scenario starts it, hands `options()` to runUiScenario and
// closes it at the end:
//
//   const world = await startSampleWorld();
//   await runUiScenario('name', world.options(), async ({ page, step }) => { … }).finally(world.close);
import { loadFakes, packagedVsix } from './ui-smoke-lib.mjs';

/** Short health-check limits at the fake, so a backend that does not answer turns Disconnected within a second. */
export const QUICK_HEALTH_CHECK = { connectTimeoutMs: 300, readTimeoutMs: 1000, setupTimeoutMs: 1000 };

/**
 * Starts the fakes. `healthCheck: undefined` keeps the fake's own limits. `options(extra)` gives
 * runUiScenario the .vsix, this server in the settings, the dark theme and a 1280×760 window;
 * `extra` adds to (or replaces) these.
 */
export async function startSampleWorld({ healthCheck = QUICK_HEALTH_CHECK } = {}) {
  const fakes = loadFakes();
  const vsix = packagedVsix();
  const ml = await fakes.FakeMlServer.start();
  const ls = await fakes.FakeLabelStudio.start(healthCheck ? { healthCheck } : {});
  const sample = await fakes.seedSampleData(ls, ml);
  return {
    fakes,
    vsix,
    ml,
    ls,
    sample,
    options: ({ settings, ...extra } = {}) => ({
      vsix,
      settings: { 'labelStudio.servers': [{ url: ls.url }], 'workbench.colorTheme': 'Default Dark Modern', ...settings },
      viewport: { width: 1280, height: 760 },
      ...extra,
    }),
    close: async () => {
      await ls.close();
      await ml.close();
    },
  };
}
