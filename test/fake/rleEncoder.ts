/**
 * TEST-ONLY encoder of Label Studio's brush RLE (never shipped), written from the format's
 * description: header (32-bit count, 5-bit word size − 1, four 4-bit run-length sizes − 1), then
 * groups [flag, 2-bit class, n − 1] — runs (flag 1) in the smallest class that fits, and literal
 * chunks (flag 0) either one value at a time (like label-studio-converter) or several at once (like
 * the editor's library). Zero bits pad to a byte boundary.
 */

export interface EncodeOptions {
  /** Bits of each run-length class (default 3, 4, 8, 16). */
  runBits?: [number, number, number, number];
  /** Group consecutive non-repeating values into one literal chunk (default false: one per value). */
  multiLiterals?: boolean;
  /** Shortest run written as a repeat (default 2). */
  minRun?: number;
}

class BitWriter {
  private readonly bits: number[] = [];

  write(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
  }

  bytes(): number[] {
    while (this.bits.length % 8) this.bits.push(0);
    const out: number[] = [];
    for (let i = 0; i < this.bits.length; i += 8) out.push(this.bits.slice(i, i + 8).reduce((a, b) => a * 2 + b, 0));
    return out;
  }
}

export function encodeRle(values: ArrayLike<number>, options: EncodeOptions = {}): number[] {
  const runBits = options.runBits ?? [3, 4, 8, 16];
  const maxN = 2 ** runBits[3];
  const minRun = options.minRun ?? 2;
  const w = new BitWriter();
  w.write(values.length, 32);
  w.write(7, 5);
  for (const b of runBits) w.write(b - 1, 4);
  const group = (repeat: boolean, n: number) => {
    const k = runBits.findIndex((b) => n <= 2 ** b);
    w.write(repeat ? 1 : 0, 1);
    w.write(k, 2);
    w.write(n - 1, runBits[k]);
  };
  let literals: number[] = [];
  const flush = () => {
    for (let i = 0; i < literals.length; i += maxN) {
      const chunk = literals.slice(i, i + maxN);
      if (options.multiLiterals) {
        group(false, chunk.length);
        for (const v of chunk) w.write(v, 8);
      } else {
        for (const v of chunk) {
          group(false, 1);
          w.write(v, 8);
        }
      }
    }
    literals = [];
  };
  let i = 0;
  while (i < values.length) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i] && j - i < maxN) j++;
    if (j - i >= minRun) {
      flush();
      group(true, j - i);
      w.write(values[i], 8);
    } else {
      for (let k = i; k < j; k++) literals.push(values[k]);
    }
    i = j;
  }
  flush();
  return w.bytes();
}

/** RGBA bytes of a W × H mask from a predicate: painted pixels get [255, 255, 255, 255]. */
export function maskBytes(width: number, height: number, painted: (x: number, y: number) => boolean): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (painted(x, y)) out.fill(255, (y * width + x) * 4, (y * width + x) * 4 + 4);
  return out;
}
