import { describe, expect, it } from 'vitest';
import { applyColours } from './lookup';

/** A VALUE word as the shader writes it: value low byte, high byte, class, coverage. */
const word = (value: number, cls: number, drawn = true) =>
  new Uint32Array(new Uint8Array([value & 255, value >> 8, cls, drawn ? 255 : 0]).buffer)[0];

describe('colours looked up from read-back values', () => {
  it('reads the table at the value, ignoring the class without class blocks, and leaves undrawn pixels clear', () => {
    const table = new Uint32Array(65536).map((_, v) => 0xff000000 | v);
    const values = Uint32Array.of(word(0, 0), word(65535, 3), word(4660, 2), word(9, 0, false));
    const out = new Uint32Array(4).fill(7);
    applyColours(values, table, out);
    expect(Array.from(out)).toEqual([0xff000000, 0xff00ffff, 0xff001234, 0]);
  });

  it("reads the block of the pixel's class when the table has one per class", () => {
    const table = new Uint32Array(4 * 65536).map((_, i) => (i >> 16) * 1000 + (i & 0xffff));
    const values = Uint32Array.of(word(5, 0), word(5, 1), word(65535, 3));
    const out = new Uint32Array(3);
    applyColours(values, table, out);
    expect(Array.from(out)).toEqual([5, 1005, 3000 + 65535]);
  });
});
