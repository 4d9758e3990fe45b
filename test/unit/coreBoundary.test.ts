import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const coreDir = path.resolve(__dirname, '../../../src/core');

describe('src/core boundary', () => {
  it('no file in src/core imports vscode, so the core runs and is tested in plain Node', () => {
    const files = fs.readdirSync(coreDir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 5, `expected the core sources in ${coreDir}`);
    const offenders = files.filter((f) => {
      const text = fs.readFileSync(path.join(coreDir, f), 'utf8');
      return /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(text);
    });
    assert.deepEqual(offenders, []);
  });
});
