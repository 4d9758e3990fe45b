import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { decodeRle, readRleHeader, RleError } from '../../../src/core/predictions/rle';
import { encodeRle, maskBytes } from '../../fake/rleEncoder';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/label-studio');
const sample = JSON.parse(fs.readFileSync(path.join(fixtures, 'brush-rle-sample.json'), 'utf8'));

function alphaGrid(bytes: Uint8Array, width: number, height: number): number[][] {
  return Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => bytes[(y * width + x) * 4 + 3]));
}

describe('brush RLE', () => {
  it('decodes the Label Studio sample (6×4) to its expected alpha grid', () => {
    const bytes = decodeRle(sample.rle, sample.original_width, sample.original_height);
    assert.equal(bytes.length, 96);
    assert.deepEqual(alphaGrid(bytes, 6, 4), sample.expected_alpha);
    assert.deepEqual(readRleHeader(sample.rle), { count: 96, wordBits: 8, runBits: [3, 4, 8, 16] });
  });

  it('the test encoder reproduces the sample byte for byte (converter style) — so it encodes the same format', () => {
    const mask = maskBytes(6, 4, (x, y) => x >= 2 && x <= 4 && y >= 1 && y <= 2);
    const ours = encodeRle(mask);
    assert.deepEqual(decodeRle(ours, 6, 4), mask);
    assert.deepEqual(ours.slice(0, 16), sample.rle.slice(0, 16));
  });

  for (const [name, options] of [
    ['single-value literals and runs', {}],
    ["multi-value literals (the editor's library)", { multiLiterals: true }],
    ['other run-length bit sizes', { runBits: [2, 5, 10, 15] as [number, number, number, number], multiLiterals: true }],
    ['everything literal', { minRun: 1_000_000, multiLiterals: true }],
  ] as const) {
    it(`round-trips masks encoded with ${name}`, () => {
      const shapes: [number, number, (x: number, y: number) => boolean][] = [
        [1, 1, () => true],
        [7, 5, (x, y) => (x + y) % 2 === 0],
        [40, 30, (x, y) => (x - 20) ** 2 + (y - 15) ** 2 < 100],
        [300, 2, (x) => x > 17],
        [130, 130, () => false],
      ];
      for (const [w, h, painted] of shapes) {
        const mask = maskBytes(w, h, painted);
        assert.deepEqual(decodeRle(encodeRle(mask, options), w, h), mask, `${w}×${h}`);
      }
    });
  }

  it('round-trips arbitrary byte arrays (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (w, h, multi, seed) => {
          let s = seed;
          const bytes = new Uint8Array(w * h * 4).map(
            () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % 3 === 0 ? 0 : s % 3 === 1 ? 255 : s % 256),
          );
          assert.deepEqual(decodeRle(encodeRle(bytes, { multiLiterals: multi }), w, h), bytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes a 1000×1000 mask (runs longer than 65536 split)', () => {
    const mask = maskBytes(1000, 1000, (x, y) => x > 100 && x < 900 && y > 200 && y < 800);
    const decoded = decodeRle(encodeRle(mask), 1000, 1000);
    assert.equal(decoded.length, 4_000_000);
    assert.ok(decoded.every((v, i) => v === mask[i]));
  });

  it('a count that does not fit the size, a cut stream and non-bytes are clear errors', () => {
    assert.throws(
      () => decodeRle(sample.rle, 4, 6 + 1),
      (e: unknown) => e instanceof RleError && /96 values.*4×7 mask needs 112/.test(e.message),
    );
    assert.throws(
      () => decodeRle(sample.rle.slice(0, 10), 6, 4),
      (e: unknown) => e instanceof RleError && /cut short/.test(e.message),
    );
    assert.throws(
      () => decodeRle([0, 0, 0, 96, 57, 27, 254, -1, 0], 6, 4),
      (e: unknown) => e instanceof RleError && /item 7/.test(e.message),
    );
    assert.throws(
      () => decodeRle([1, 2], 6, 4),
      (e: unknown) => e instanceof RleError && /too short/.test(e.message),
    );
  });
});
