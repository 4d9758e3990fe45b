#!/usr/bin/env bash
# The UI tests of the packaged .vsix in code-server (UPDATE_SCREENSHOTS=1 refreshes the README's pictures).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
for scenario in ui-smoke ui-demo-flow ui-backend-actions ui-servers ui-hostile-text ui-inspector ui-local-backends ui-l10n; do
  node "test/host/$scenario.mjs"
done
