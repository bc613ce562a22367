// GLSL ES 3.00 for rendering 16-bit dual-energy tiles in the browser.
//
// Two programs. UNPACK runs once per tile when it arrives: it reads the packed RGBA8 texture
// (app/tiles/packed.py) with texelFetch (exact bytes, no filtering), rebuilds both 16-bit
// energies and their edge-enhanced values (app/tiles/edge.py: the same integer-exact sums)
// into an RGBA32F texture. RENDER runs every frame for every tile: window/level or
// equalisation, high penetration, gamma, invert, colour map or material colour and class
// stripping — the formulas of app/tiles/render.py and colormaps.py, which a browser test
// compares pixel by pixel. Filtering only ever happens on the unpacked values.

import {
  CLASSES_PER_TEXEL,
  EDGE_AMOUNT,
  EDGE_KERNEL_1D,
  EDGE_KERNEL_SUM,
  EDGE_RADIUS,
  HIPEN_GAIN,
  HISTOGRAM_BINS,
  HISTOGRAM_BIN_WIDTH,
  MATERIAL_WHITEN,
  STRIP_GHOST,
} from './renderConstants';

/** Room for class codes in the hue table (the classifier may add codes). */
export const CLASS_SLOTS = 16;

const f = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

export const QUAD_VS = `#version 300 es
in vec2 a_pos;               // unit quad, 0..1
uniform vec4 u_xform;        // clip x = a.x * sx + tx, clip y = a.y * sy + ty
uniform vec4 u_texRect;      // u0, v0, u1, v1 of the part of the tile to draw
out vec2 v_tex;
void main() {
  gl_Position = vec4(a_pos.x * u_xform.x + u_xform.y, a_pos.y * u_xform.z + u_xform.w, 0.0, 1.0);
  v_tex = mix(u_texRect.xy, u_texRect.zw, a_pos);
}`;

export const UNPACK_FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_packed;
uniform ivec2 u_size;        // data pixels of the tile (the class columns follow them)
out vec4 o_data;

const float K[${EDGE_KERNEL_1D.length}] = float[](${EDGE_KERNEL_1D.map(f).join(', ')});

vec2 energies(ivec2 p) {     // (high, low) at p, the tile's edge repeated beyond it
  vec4 b = floor(texelFetch(u_packed, clamp(p, ivec2(0), u_size - 1), 0) * 255.0 + 0.5);
  return vec2(b.r * 256.0 + b.g, b.b * 256.0 + b.a);
}

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec2 v = energies(p);
  vec2 s = vec2(0.0);        // integer sums below 2^24: exact in float32
  for (int i = -${EDGE_RADIUS}; i <= ${EDGE_RADIUS}; i++) {
    for (int j = -${EDGE_RADIUS}; j <= ${EDGE_RADIUS}; j++) {
      s += K[i + ${EDGE_RADIUS}] * K[j + ${EDGE_RADIUS}] * energies(p + ivec2(j, i));
    }
  }
  vec2 sharp = v + ${f(EDGE_AMOUNT)} * (v - s / ${f(EDGE_KERNEL_SUM)});
  o_data = vec4(v, clamp(floor(sharp + 0.5), 0.0, 65535.0));
}`;

export const RENDER_FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_data;    // RGBA32F: high, low, edge-enhanced high, edge-enhanced low
uniform highp sampler2D u_packed;  // the class map: bytes after the data columns
uniform highp sampler2D u_cdf;     // R32F, ${HISTOGRAM_BINS + 1} cumulative fractions at the bin edges
uniform ivec2 u_size;
uniform int u_channel;             // 0 high, 1 low
uniform bool u_edge;
uniform float u_lo;                // window edges in raw units
uniform float u_hi;
uniform bool u_equalize;
uniform float u_cLo;               // cdf at the window edges
uniform float u_cHi;
uniform bool u_hipen;
uniform float u_invGamma;
uniform bool u_invert;
uniform int u_cmap;                // 0 grey, 1 hot, 2 rainbow, 3 bone
uniform bool u_material;
uniform int u_strip;               // class shown alone, -1 none
uniform vec3 u_hues[${CLASS_SLOTS}];
uniform float u_opacity;
in vec2 v_tex;
out vec4 o_colour;

float cdfAt(float v) {             // np.interp(v + 1, bin edges, cumulative counts) / total
  float p = (clamp(v, 0.0, 65535.0) + 1.0) / ${f(HISTOGRAM_BIN_WIDTH)};
  int i = int(floor(p));
  float a = texelFetch(u_cdf, ivec2(min(i, ${HISTOGRAM_BINS}), 0), 0).r;
  float b = texelFetch(u_cdf, ivec2(min(i + 1, ${HISTOGRAM_BINS}), 0), 0).r;
  return mix(a, b, p - float(i));
}

vec3 hot(float t) { return clamp(vec3(3.0 * t, 3.0 * t - 1.0, 3.0 * t - 2.0), 0.0, 1.0); }

vec3 colourMap(float t) {
  if (u_cmap == 1) return hot(t);
  if (u_cmap == 2) return clamp(vec3(1.5 - abs(4.0 * t - 3.0), 1.5 - abs(4.0 * t - 2.0), 1.5 - abs(4.0 * t - 1.0)), 0.0, 1.0);
  if (u_cmap == 3) return (7.0 * vec3(t) + hot(t).bgr) / 8.0;
  return vec3(t);
}

void main() {
  vec4 d = texture(u_data, v_tex);
  float v = u_channel == 0 ? (u_edge ? d.b : d.r) : (u_edge ? d.a : d.g);
  ivec2 q = clamp(ivec2(floor(v_tex * vec2(u_size))), ivec2(0), u_size - 1);
  vec4 packedClasses = texelFetch(u_packed, ivec2(u_size.x + q.x / ${CLASSES_PER_TEXEL}, q.y), 0);
  int cls = int(floor(packedClasses[q.x % ${CLASSES_PER_TEXEL}] * 255.0 + 0.5));

  float t = u_equalize ? (cdfAt(v) - u_cLo) / max(u_cHi - u_cLo, 1e-12) : (v - u_lo) / (u_hi - u_lo);
  t = clamp(t, 0.0, 1.0);
  if (u_hipen) t = log(1.0 + ${f(HIPEN_GAIN)} * t) / log(1.0 + ${f(HIPEN_GAIN)});
  t = pow(t, u_invGamma);
  if (u_invert) t = 1.0 - t;

  vec3 rgb;
  if (u_material) {
    float w = ${f(MATERIAL_WHITEN)} * t * t;
    rgb = t * (u_hues[min(cls, ${CLASS_SLOTS - 1})] * (1.0 - w) + w);
  } else {
    rgb = colourMap(t);
  }
  if (u_strip >= 0 && cls != u_strip) rgb = 1.0 - (1.0 - rgb) * ${f(STRIP_GHOST)};
  o_colour = vec4(rgb, 1.0) * u_opacity;
}`;
