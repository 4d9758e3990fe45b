import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const coreDir = path.resolve(__dirname, '../../../src/core');
const VSCODE_IMPORT = /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/;

/** Every .ts file under `dir`, subfolders included, as paths relative to it. */
function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'));
}

describe('src/core boundary', () => {
  it('no file in src/core or its subfolders imports vscode, so the core runs and is tested in plain Node', () => {
    const files = sourcesUnder(coreDir);
    assert.ok(files.length >= 5, `expected the core sources in ${coreDir}`);
    const offenders = files.filter((f) => VSCODE_IMPORT.test(fs.readFileSync(path.join(coreDir, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the file walk reaches subfolders (a core folder by domain is checked too)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-boundary-'));
    try {
      fs.mkdirSync(path.join(dir, 'net', 'deep'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'net', 'deep', 'x.ts'), "import vscode = require('vscode');\n");
      const found = sourcesUnder(dir);
      assert.deepEqual(found, ['net/deep/x.ts']);
      assert.ok(VSCODE_IMPORT.test(fs.readFileSync(path.join(dir, found[0]), 'utf8')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
