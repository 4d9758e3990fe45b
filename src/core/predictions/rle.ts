/**
 * Label Studio's brush RLE (PREDICTIONS.md §3.4), decoded from its description: a bit stream, most
 * significant bit first, of a 32-bit value count, a 5-bit word size − 1, four 4-bit run-length bit
 * sizes − 1, then groups of [flag bit, 2-bit size class k, sizes[k] bits n]: flag 1 = one word
 * repeated n + 1 times, flag 0 = n + 1 literal words. The values are the RGBA bytes of the mask,
 * row-major; the mask is the alpha byte.
 */
import * as l10n from '../text/l10n';

export class RleError extends Error {}

export interface RleHeader {
  /** Number of values the stream decodes to (W × H × 4 for a mask). */
  count: number;
  wordBits: number;
  runBits: [number, number, number, number];
}

const HEADER_BITS = 32 + 5 + 4 * 4;

class BitReader {
  private pos = 0;
  constructor(private readonly bytes: ArrayLike<number>) {}

  get remaining(): number {
    return this.bytes.length * 8 - this.pos;
  }

  read(bits: number): number {
    if (bits > this.remaining) throw new RleError(l10n.t('The RLE ends before all values are decoded (the list is cut short).'));
    let value = 0;
    for (let i = 0; i < bits; i++) {
      const byte = this.bytes[this.pos >> 3];
      const bit = (byte >> (7 - (this.pos & 7))) & 1;
      value = value * 2 + bit; // not `<<`: a 32-bit count must stay positive
      this.pos++;
    }
    return value;
  }
}

/** Reads the header only (cheap): enough to check the value count against the image size. */
export function readRleHeader(rle: ArrayLike<number>): RleHeader {
  checkBytes(rle, Math.ceil(HEADER_BITS / 8));
  const r = new BitReader(rle);
  const count = r.read(32);
  const wordBits = r.read(5) + 1;
  const runBits: RleHeader['runBits'] = [r.read(4) + 1, r.read(4) + 1, r.read(4) + 1, r.read(4) + 1];
  return { count, wordBits, runBits };
}

/** The W × H × 4 RGBA bytes of a brush mask; throws RleError when the stream does not fit that size. */
export function decodeRle(rle: ArrayLike<number>, width: number, height: number): Uint8Array {
  const header = readRleHeader(rle);
  const expected = width * height * 4;
  if (header.count !== expected) {
    throw new RleError(
      l10n.t('The RLE holds {0} values, but a {1}×{2} mask needs {3} (width × height × 4).', header.count, width, height, expected),
    );
  }
  checkBytes(rle, rle.length);
  const out = new Uint8Array(expected);
  const r = new BitReader(rle);
  r.read(HEADER_BITS);
  let i = 0;
  while (i < expected) {
    const repeat = r.read(1) === 1;
    const n = r.read(header.runBits[r.read(2)]) + 1;
    if (i + n > expected) throw new RleError(l10n.t("The RLE describes more values than its header's {0}.", expected));
    if (repeat) {
      out.fill(r.read(header.wordBits) & 0xff, i, i + n);
      i += n;
    } else {
      for (let k = 0; k < n; k++) out[i++] = r.read(header.wordBits) & 0xff;
    }
  }
  return out;
}

function checkBytes(rle: ArrayLike<number>, upTo: number): void {
  if (rle.length < Math.ceil(HEADER_BITS / 8))
    throw new RleError(l10n.t('The RLE is {0} numbers long: too short even for its header.', rle.length));
  for (let i = 0; i < upTo; i++) {
    const v = rle[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
      throw new RleError(l10n.t("The RLE's item {0} is {1}: every item must be a byte (an integer 0–255).", i, JSON.stringify(v)));
    }
  }
}
