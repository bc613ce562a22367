// The last step of a frame, in the page rather than on the GPU: each screen pixel's colour
// looked up in COLOUR's table (shaders.ts) from the raw value and class VALUE drew there. On
// a software GPU a lookup per pixel in a shader costs as much as a whole window/level pass;
// here it is one read of a typed array.

/** Colours (RGBA words, as ImageData holds them) from read-back VALUE words: `table[class *
 * 65536 + value]` where a tile was drawn, transparent elsewhere. Words are little-endian, as
 * on every platform browsers run on: the low 16 bits are the value, the next 8 the class,
 * the top 8 non-zero where a tile was drawn. A table of one class block (65536 words) is
 * looked up by value alone. */
export function applyColours(values: Uint32Array, table: Uint32Array, out: Uint32Array): void {
  const mask = table.length > 65536 ? 0xffffff : 0xffff;
  const n = Math.min(values.length, out.length);
  for (let i = 0; i < n; i++) {
    const w = values[i];
    out[i] = w >>> 24 ? table[w & mask] : 0;
  }
}
