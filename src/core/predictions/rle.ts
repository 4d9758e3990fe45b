// TEMP stub of the core half's RLE decoder (branch `inspector`); replaced by theirs on merge.
export function decodeRle(rle: number[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  let bit = 0;
  const read = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, bit++) v = (v << 1) | ((rle[bit >> 3] >> (7 - (bit & 7))) & 1);
    return v >>> 0;
  };
  const num = read(32);
  const word = read(5) + 1;
  const sizes = [read(4) + 1, read(4) + 1, read(4) + 1, read(4) + 1];
  let i = 0;
  while (i < num && bit < rle.length * 8) {
    const repeat = read(1);
    const n = read(sizes[read(2)]) + 1;
    if (repeat) {
      const v = read(word);
      for (let j = 0; j < n && i < num; j++) out[i++] = v;
    } else for (let j = 0; j < n && i < num; j++) out[i++] = read(word);
  }
  return out;
}
