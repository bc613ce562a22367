// GLSL ES 3.00 for rendering 16-bit dual-energy tiles in the browser.
//
// Each tile arrives unpacked (pngTile.ts) into four R32F textures (both energies and their
// edge-enhanced values) and an R8UI texture of the class map.
//
// COLOUR runs once per tool change: for every raw value 0..65535 (and every class, when
// material colour or a class filter needs it) it computes the displayed colour — window /
// level or equalisation, high penetration, gamma, invert, colour map or material colour,
// class stripping: the formulas of app/tiles/render.py and colormaps.py, which a browser
// test compares pixel by pixel — into a 256 x 256-per-class RGBA8 table, as the server
// folds them into one lookup table. VALUE draws the tiles as they lie on screen, but as raw
// values and classes, not colours; the drawer reads them back once per view and looks each
// screen pixel up in the table on the CPU (lookup.ts). On a software GPU (SwiftShader,
// thin clients) a pass with every branch of COLOUR per pixel cost three times a plain
// window/level pass, and even a table lookup per pixel in a shader costs as much as one such
// pass (~35 ms at 1600x850 here), where the same lookup in JavaScript takes ~2 ms: so a tool
// change redraws no tile at all, and a new view costs one pass without the lookup.
// Filtering only ever happens on unpacked values, and the class is read at the nearest pixel.

import { HIPEN_GAIN, HISTOGRAM_BINS, HISTOGRAM_BIN_WIDTH, MATERIAL_WHITEN, STRIP_GHOST } from './renderConstants';

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

/** The colour table: texel (x, y) is raw value (y % 256) * 256 + x of class y / 256. */
export const COLOUR_FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_cdf;     // R32F, ${HISTOGRAM_BINS + 1} cumulative fractions at the bin edges
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
  ivec2 p = ivec2(gl_FragCoord.xy);
  float v = float((p.y % 256) * 256 + p.x);
  int cls = p.y / 256;

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
  o_colour = vec4(rgb, 1.0);
}`;

/** The tiles as raw values, one RGBA8 texel per screen pixel: the value's low byte, its high
 * byte, the class, and 255 where a tile is drawn. Read back as little-endian 32-bit words,
 * `word & 0xffffff` is the value's index in COLOUR's table (class * 65536 + value) and
 * `word >>> 24` says whether anything is there. */
export const VALUE_FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D u_data;    // R32F: the energy shown, edge-enhanced or not
uniform highp usampler2D u_class;  // R8UI: the class map
uniform ivec2 u_size;
in vec2 v_tex;
out vec4 o_value;

void main() {
  int v = int(clamp(floor(texture(u_data, v_tex).r + 0.5), 0.0, 65535.0));
  int cls = int(texelFetch(u_class, clamp(ivec2(floor(v_tex * vec2(u_size))), ivec2(0), u_size - 1), 0).r);
  o_value = vec4(float(v & 255), float(v >> 8), float(min(cls, 255)), 255.0) / 255.0;
}`;
