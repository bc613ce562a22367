// Decoding a lossless data tile (app/tiles/packed.py) into the values the shader samples:
// both energies and their edge-enhanced values as floats, and the class map as bytes.
//
// The PNG is inflated by the browser (DecompressionStream) and unfiltered and unpacked here,
// in a worker (tileWorker.ts): the bytes are exact by construction, whatever the browser's
// image decoder does with alpha, and the edge filter (app/tiles/edge.py, the same integer
// sums) costs a few milliseconds of a worker instead of a 25-tap pass of a software GPU
// (SwiftShader on thin clients), which took ~0.4 s per tile there.

import { CLASSES_PER_TEXEL, EDGE_AMOUNT, EDGE_KERNEL_1D, EDGE_KERNEL_SUM, EDGE_RADIUS } from './renderConstants';

export interface DecodedTile {
  width: number;
  height: number;
  /** Planes of raw values: high, low, edge-enhanced high, edge-enhanced low. */
  planes: [Float32Array, Float32Array, Float32Array, Float32Array];
  /** Per pixel: the material class code. */
  classes: Uint8Array;
}

/** The data width of a packed tile `packedWidth` texels wide (w + ceil(w / 4) = packedWidth). */
export function dataWidth(packedWidth: number): number {
  for (let w = Math.floor((packedWidth * CLASSES_PER_TEXEL) / (CLASSES_PER_TEXEL + 1)); w <= packedWidth; w++) {
    if (w + Math.ceil(w / CLASSES_PER_TEXEL) === packedWidth) return w;
  }
  throw new Error(`${packedWidth} texels is not a packed tile width`);
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** An 8-bit RGBA, non-interlaced PNG to its raw bytes (all five filter types). */
export async function decodeRgbaPng(buffer: ArrayBuffer): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (body[8] !== 8 || body[9] !== 6 || body[12] !== 0)
        throw new Error('expected an 8-bit RGBA, non-interlaced PNG');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  idat.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
  const raw = await inflate(joined);
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const up = row - stride;
    if (filter === 0 || (filter === 2 && y === 0)) {
      rgba.set(raw.subarray(src, src + stride), row);
    } else if (filter === 2) {
      // "Up", the filter app/tiles/packed.py writes: the common case, kept tight.
      for (let x = 0; x < stride; x++) rgba[row + x] = raw[src + x] + rgba[up + x];
    } else {
      for (let x = 0; x < stride; x++) {
        const a = x >= 4 ? rgba[row + x - 4] : 0;
        const b = y > 0 ? rgba[up + x] : 0;
        const c = x >= 4 && y > 0 ? rgba[up + x - 4] : 0;
        let v = raw[src + x];
        if (filter === 1) v += a;
        else if (filter === 3) v += (a + b) >> 1;
        else if (filter === 4) {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        rgba[row + x] = v;
      }
    }
  }
  return { width, height, rgba };
}

/** Edge-enhanced values of one channel (a plane of w x h integers): the binomial blur as a
 * horizontal then a vertical pass of exact integer sums, the edge repeated beyond the tile.
 * (The kernel's five taps are kept in locals: read from its array in the inner loop, the
 * filter took half of a tile's decoding.) */
function enhance(v: Int32Array, w: number, h: number): Float32Array {
  const [k0, k1, k2, k3, k4] = EDGE_KERNEL_1D;
  const r: 2 = EDGE_RADIUS; // the taps below are written out for this radius
  const at = (i: number, n: number) => (i < 0 ? 0 : i >= n ? n - 1 : i);
  const rows = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const i = o + x;
      rows[i] =
        x >= r && x < w - r
          ? k0 * v[i - 2] + k1 * v[i - 1] + k2 * v[i] + k3 * v[i + 1] + k4 * v[i + 2]
          : k0 * v[o + at(x - 2, w)] +
            k1 * v[o + at(x - 1, w)] +
            k2 * v[i] +
            k3 * v[o + at(x + 1, w)] +
            k4 * v[o + at(x + 2, w)];
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const u2 = at(y - 2, h) * w;
    const u1 = at(y - 1, h) * w;
    const d1 = at(y + 1, h) * w;
    const d2 = at(y + 2, h) * w;
    for (let x = 0; x < w; x++) {
      const s = k0 * rows[u2 + x] + k1 * rows[u1 + x] + k2 * rows[o + x] + k3 * rows[d1 + x] + k4 * rows[d2 + x];
      const value = v[o + x];
      const sharp = Math.floor(value + EDGE_AMOUNT * (value - s / EDGE_KERNEL_SUM) + 0.5);
      out[o + x] = sharp < 0 ? 0 : sharp > 65535 ? 65535 : sharp;
    }
  }
  return out;
}

/** A packed data tile (PNG bytes) to the values and classes the shader samples. */
export async function decodeTile(buffer: ArrayBuffer): Promise<DecodedTile> {
  const png = await decodeRgbaPng(buffer);
  const w = dataWidth(png.width);
  const h = png.height;
  const { rgba } = png;
  const high = new Int32Array(w * h);
  const low = new Int32Array(w * h);
  const classes = new Uint8Array(w * h);
  const stride = png.width * 4;
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    const classRow = row + w * 4;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x * 4;
      high[o + x] = (rgba[p] << 8) | rgba[p + 1];
      low[o + x] = (rgba[p + 2] << 8) | rgba[p + 3];
      classes[o + x] = rgba[classRow + x];
    }
  }
  const planes = [Float32Array.from(high), Float32Array.from(low), enhance(high, w, h), enhance(low, w, h)];
  return { width: w, height: h, planes: planes as DecodedTile['planes'], classes };
}

/** Decode a made-up tile of the usual size a few times: a new worker's first tiles run its
 * loops unoptimised (~50 ms a tile against ~6 ms), so it does this before the first scan. */
export async function warmUpDecoder(): Promise<void> {
  const width = 325; // a 260-pixel tile, packed
  const height = 256;
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = y === 0 ? 0 : 2; // "None" then "Up", as app/tiles/packed.py writes
    for (let x = 1; x <= width * 4; x++) raw[y * (width * 4 + 1) + x] = (x * 31 + y * 17) & 0xff;
  }
  const stream = new Blob([raw as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  const idat = new Uint8Array(await new Response(stream).arrayBuffer());
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    new DataView(out.buffer).setUint32(0, body.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(body, 8); // the CRC is left at zero: decodeRgbaPng does not read it
    return out;
  };
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (png.set(p, at), at + p.length), 0);
  for (let i = 0; i < 3; i++) await decodeTile(png.slice().buffer);
}
