#!/usr/bin/env node
// `npm run test:electron`: the in-editor suite in desktop VS Code through @vscode/test-electron.
// It downloads VS Code (or uses VSCODE_EXECUTABLE_PATH), so it needs update.code.visualstudio.com;
// where that is out of reach, `npm test` runs the same suite in the offline VS Code server.
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = resolve(import.meta.dirname, '../..');
try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: resolve(repo, 'out/test/editor/index.js'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    version: process.env.VSCODE_VERSION || 'stable',
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|fetch failed|getaddrinfo/i.test(String(error?.stack ?? error));
  console.error(
    offline
      ? `[test:electron] VS Code could not be downloaded (${error.message ?? error}).\n` +
          '  Set VSCODE_EXECUTABLE_PATH to a local VS Code, or run `npm test`, which runs this suite in the offline VS Code server.'
      : `[test:electron] ${error?.stack ?? error}`,
  );
  process.exit(1);
}
