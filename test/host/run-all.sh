#!/usr/bin/env bash
# The real-VS Code part of `npm test` (after unit tests and packaging): install the test host,
# run the in-editor mocha suite, the UI tests of the installed .vsix, and check the demo starts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bash test/host/setup.sh
node test/host/run-editor-tests.mjs --extension . --tests out/test/editor/index.js
bash test/host/run-ui.sh
node test/demo/demo.mjs --no-build --check
