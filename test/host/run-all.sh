#!/usr/bin/env bash
# The real-VS Code part of `npm test` (after unit tests and packaging):
# install the test host, run the in-editor mocha suite, then the UI smoke test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash test/host/setup.sh
node test/host/run-editor-tests.mjs --extension . --tests out/test/editor/index.js
if [ -f test/host/ui-smoke.mjs ]; then
  node test/host/ui-smoke.mjs
else
  echo "[run-all] test/host/ui-smoke.mjs does not exist yet: UI smoke test skipped"
fi
