// An OpenSeadragon drawer that renders lossless 16-bit X-ray tiles with WebGL2.
//
// OpenSeadragon's maintainers point custom shaders to a class extending WebGLDrawer, passed
// as the `drawer` option (openseadragon issue #2674, discussion #2633). This one keeps
// WebGLDrawer's canvases, resizing, tile cache plumbing and context recovery, and replaces
// what is drawn: each tile's packed PNG (app/tiles/packed.py) is uploaded as it arrives and
// unpacked once into float values (UNPACK in shaders.ts); every frame then draws each tile
// with RENDER, whose uniforms carry the render parameters. A tool change is a new set of
// uniforms and one redraw: no request, no re-upload.

import OpenSeadragon from 'openseadragon';
import type { GpuRenderState, Uniforms } from './renderState';
import { CLASS_SLOTS, QUAD_VS, RENDER_FS, UNPACK_FS } from './shaders';
import { CLASSES_PER_TEXEL, HISTOGRAM_BINS, MATERIAL_HUES } from './renderConstants';

/** One tile on the GPU: the packed bytes (for the class map) and the unpacked values. */
interface TileTextures {
  packed: WebGLTexture;
  data: WebGLTexture;
  width: number;
  height: number;
  gl: WebGL2RenderingContext;
}

interface Program {
  program: WebGLProgram;
  uniforms: Record<string, WebGLUniformLocation | null>;
}

interface Gpu {
  gl: WebGL2RenderingContext;
  quad: WebGLBuffer;
  vao: WebGLVertexArrayObject;
  unpack: Program;
  render: Program;
  fbo: WebGLFramebuffer;
  cdf: WebGLTexture;
  cdfKey: string;
  linear: boolean;
}

// WebGLDrawer's private members this subclass relies on (OpenSeadragon 6).
interface WebGLDrawerInternals {
  _glContext: { getContext(): WebGL2RenderingContext | WebGLRenderingContext | null } | null;
  _outputContext: CanvasRenderingContext2D;
  _outputCanvas: HTMLCanvasElement;
  _renderingCanvas: HTMLCanvasElement;
}

function compile(gl: WebGL2RenderingContext, fs: string, names: string[]): Program {
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`WebGL shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const program = gl.createProgram()!;
  gl.attachShader(program, shader(gl.VERTEX_SHADER, QUAD_VS));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, fs));
  gl.bindAttribLocation(program, 0, 'a_pos');
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`WebGL program: ${gl.getProgramInfoLog(program)}`);
  const uniforms: Program['uniforms'] = {};
  for (const n of names) uniforms[n] = gl.getUniformLocation(program, n);
  return { program, uniforms };
}

const RENDER_UNIFORMS = [
  'u_xform', 'u_texRect', 'u_data', 'u_packed', 'u_cdf', 'u_size', 'u_channel', 'u_edge', 'u_lo', 'u_hi',
  'u_equalize', 'u_cLo', 'u_cHi', 'u_hipen', 'u_invGamma', 'u_invert', 'u_cmap', 'u_material', 'u_strip',
  'u_hues', 'u_opacity',
];

/** Compile everything and set the fixed state of a WebGL2 context; throws if it cannot. */
export function setUpGpu(gl: WebGL2RenderingContext): Gpu {
  if (!gl.getExtension('EXT_color_buffer_float')) throw new Error('WebGL2 without float render targets');
  const linear = !!gl.getExtension('OES_texture_float_linear');
  const unpack = compile(gl, UNPACK_FS, ['u_xform', 'u_texRect', 'u_packed', 'u_size']);
  const render = compile(gl, RENDER_FS, RENDER_UNIFORMS);
  const quad = gl.createBuffer()!;
  const vao = gl.createVertexArray()!;
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, quad);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.bindVertexArray(null);
  const hues = new Float32Array(CLASS_SLOTS * 3).fill(1);
  MATERIAL_HUES.forEach((hue, i) => hues.set(hue, i * 3));
  gl.useProgram(render.program);
  gl.uniform3fv(render.uniforms.u_hues, hues);
  gl.uniform1i(render.uniforms.u_data, 0);
  gl.uniform1i(render.uniforms.u_packed, 1);
  gl.uniform1i(render.uniforms.u_cdf, 2);
  gl.useProgram(unpack.program);
  gl.uniform1i(unpack.uniforms.u_packed, 1);
  const cdf = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, cdf);
  nearest(gl);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, HISTOGRAM_BINS + 1, 1, 0, gl.RED, gl.FLOAT, new Float32Array(HISTOGRAM_BINS + 1));
  return { gl, quad, vao, unpack, render, fbo: gl.createFramebuffer()!, cdf, cdfKey: '', linear };
}

function nearest(gl: WebGL2RenderingContext, filter: number = gl.NEAREST): void {
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
}

/** The data width of a packed tile `packedWidth` texels wide (w + ceil(w / 4) = packedWidth). */
export function dataWidth(packedWidth: number): number {
  for (let w = Math.floor((packedWidth * CLASSES_PER_TEXEL) / (CLASSES_PER_TEXEL + 1)); w <= packedWidth; w++) {
    if (w + Math.ceil(w / CLASSES_PER_TEXEL) === packedWidth) return w;
  }
  throw new Error(`${packedWidth} texels is not a packed tile width`);
}

/** Upload a packed tile image exactly (no colour conversion, no premultiplied alpha) and
 * unpack it on the GPU. Leaves the default framebuffer bound. */
export function uploadTile(gpu: Gpu, image: TexImageSource & { width: number; height: number }): TileTextures {
  const { gl } = gpu;
  const width = dataWidth(image.width);
  const height = image.height;
  const packed = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE1);
  gl.bindTexture(gl.TEXTURE_2D, packed);
  nearest(gl);
  gl.pixelStorei(gl.UNPACK_COLORSPACE_CONVERSION_WEBGL, gl.NONE);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, gl.RGBA, gl.UNSIGNED_BYTE, image);

  const data = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, data);
  nearest(gl, gpu.linear ? gl.LINEAR : gl.NEAREST);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, width, height);
  gl.bindFramebuffer(gl.FRAMEBUFFER, gpu.fbo);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, data, 0);
  gl.viewport(0, 0, width, height);
  gl.disable(gl.BLEND);
  gl.useProgram(gpu.unpack.program);
  gl.uniform4f(gpu.unpack.uniforms.u_xform, 2, -1, 2, -1);
  gl.uniform4f(gpu.unpack.uniforms.u_texRect, 0, 0, 1, 1);
  gl.uniform2i(gpu.unpack.uniforms.u_size, width, height);
  gl.bindVertexArray(gpu.vao);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return { packed, data, width, height, gl };
}

export function freeTile(t: TileTextures): void {
  t.gl.deleteTexture(t.packed);
  t.gl.deleteTexture(t.data);
}

/** Set the per-frame uniforms (and the CDF texture when its histogram changed). */
export function useRender(gpu: Gpu, u: Uniforms, cdf: Float32Array | null, cdfKey: string): void {
  const { gl } = gpu;
  const r = gpu.render.uniforms;
  gl.useProgram(gpu.render.program);
  gl.uniform1i(r.u_channel, u.channel);
  gl.uniform1i(r.u_edge, u.edge ? 1 : 0);
  gl.uniform1f(r.u_lo, u.lo);
  gl.uniform1f(r.u_hi, u.hi);
  gl.uniform1i(r.u_equalize, u.equalize ? 1 : 0);
  gl.uniform1f(r.u_cLo, u.cLo);
  gl.uniform1f(r.u_cHi, u.cHi);
  gl.uniform1i(r.u_hipen, u.hipen ? 1 : 0);
  gl.uniform1f(r.u_invGamma, u.invGamma);
  gl.uniform1i(r.u_invert, u.invert ? 1 : 0);
  gl.uniform1i(r.u_cmap, u.cmap);
  gl.uniform1i(r.u_material, u.material ? 1 : 0);
  gl.uniform1i(r.u_strip, u.strip);
  gl.uniform1f(r.u_opacity, 1);
  gl.activeTexture(gl.TEXTURE2);
  gl.bindTexture(gl.TEXTURE_2D, gpu.cdf);
  if (cdf && gpu.cdfKey !== cdfKey) {
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, cdf.length, 1, gl.RED, gl.FLOAT, cdf);
    gpu.cdfKey = cdfKey;
  }
  gl.bindVertexArray(gpu.vao);
}

/** Draw (part of) one tile: `xform` maps the unit quad to clip space, `texRect` is the part
 * of the tile's texture it shows. `useRender` must have run first. */
export function drawTile(gpu: Gpu, t: TileTextures, xform: number[], texRect: number[], opacity = 1): void {
  const { gl } = gpu;
  const r = gpu.render.uniforms;
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, t.data);
  gl.activeTexture(gl.TEXTURE1);
  gl.bindTexture(gl.TEXTURE_2D, t.packed);
  gl.uniform2i(r.u_size, t.width, t.height);
  gl.uniform4fv(r.u_xform, xform);
  gl.uniform4fv(r.u_texRect, texRect);
  gl.uniform1f(r.u_opacity, opacity);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
}

let supported: boolean | null = null;

/** WebGL2 with float render targets and our shaders compiling: checked once per page. */
export function gpuSupported(): boolean {
  if (supported === null) {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    try {
      supported = !!gl && !!setUpGpu(gl);
    } catch {
      supported = false;
    } finally {
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
  return supported;
}

/** A drawer class bound to a render state (the viewer's and its navigator's drawers share it). */
export function makeXrayDrawer(state: GpuRenderState): typeof OpenSeadragon.DrawerBase {
  class XrayDrawer extends OpenSeadragon.WebGLDrawer {
    private gpu: Gpu | null = null;

    static isSupported(): boolean {
      return gpuSupported();
    }

    getType(): string {
      return 'cips-xray';
    }

    canRotate(): boolean {
      return false;
    }

    /** Only the decoded image: a 2D canvas would premultiply alpha and lose the low bytes. */
    getSupportedDataFormats(): string[] {
      return ['image'];
    }

    private get internals(): WebGLDrawerInternals {
      return this as unknown as WebGLDrawerInternals;
    }

    private ensureGpu(): Gpu | null {
      const gl = this.internals._glContext?.getContext();
      if (!gl || !(gl instanceof WebGL2RenderingContext)) return null;
      if (!this.gpu || this.gpu.gl !== gl) this.gpu = setUpGpu(gl);
      return this.gpu;
    }

    internalCacheCreate(cache: { data: unknown }, _tile: OpenSeadragon.Tile): TileTextures | Record<string, never> {
      const gpu = this.ensureGpu();
      const image = cache.data as unknown;
      if (!gpu || !(image instanceof HTMLImageElement || image instanceof ImageBitmap)) return {};
      return uploadTile(gpu, image);
    }

    internalCacheFree(data: Partial<TileTextures>): void {
      if (data?.packed && data.data && data.gl && !data.gl.isContextLost()) freeTile(data as TileTextures);
    }

    // Replaces WebGLDrawer's frame: every tile of every tiled image, drawn in one pass.
    _draw(tiledImages: OpenSeadragon.TiledImage[]): void {
      const started = performance.now();
      const gpu = this.ensureGpu();
      const uniforms = state.uniforms();
      const { _outputContext: out, _outputCanvas: canvas, _renderingCanvas: target } = this.internals;
      if (!gpu) return;
      const { gl } = gpu;
      // Upload first (a new tile's unpack pass changes the GL state), then draw.
      const jobs: { tile: OpenSeadragon.Tile; tex: TileTextures; opacity: number }[] = [];
      for (const item of tiledImages) {
        if (item.getOpacity() === 0) continue;
        for (const info of item.getTilesToDraw()) {
          const tex = this.getDataToDraw(info.tile) as TileTextures | undefined;
          if (tex?.data) jobs.push({ tile: info.tile, tex, opacity: item.getOpacity() * (info.tile.opacity ?? 1) });
        }
      }
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.viewport(0, 0, target.width, target.height);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      if (uniforms) {
        gl.enable(gl.BLEND);
        gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
        useRender(gpu, uniforms, state.cdf(uniforms.cdfChannel), `${uniforms.cdfChannel}:${state.version}`);
        const view = this.viewport.getBoundsNoRotateWithMargins(true);
        for (const { tile, tex, opacity } of jobs) {
          const [xform, texRect] = placement(tile, tex, view);
          drawTile(gpu, tex, xform, texRect, opacity);
        }
      }
      out.clearRect(0, 0, canvas.width, canvas.height);
      out.drawImage(target, 0, 0);
      if (!(this.viewer as unknown as { viewer?: unknown }).viewer) {
        state.onFrame?.({ version: state.version, tiles: jobs.length, ms: performance.now() - started });
      }
    }

    _setupRenderer(): void {
      (OpenSeadragon.WebGLDrawer.prototype as unknown as { _setupRenderer(this: unknown): void })._setupRenderer.call(this);
      this.gpu = null; // a new context (first set-up or recovery): compile again on first use
    }
  }
  return XrayDrawer as unknown as typeof OpenSeadragon.DrawerBase;
}

/** Where a tile goes on screen (clip space) and which part of its texture it shows: the
 * overlap with its neighbours is left to them, as OpenSeadragon's drawers do. */
function placement(tile: OpenSeadragon.Tile, tex: TileTextures, view: OpenSeadragon.Rect): [number[], number[]] {
  const b = tile.positionedBounds;
  const overlap = tile.tiledImage?.source.tileOverlap ?? 0;
  const fx = overlap / tex.width;
  const fy = overlap / tex.height;
  const u0 = tile.x === 0 ? 0 : fx;
  const v0 = tile.y === 0 ? 0 : fy;
  const u1 = tile.isRightMost ? 1 : 1 - fx;
  const v1 = tile.isBottomMost ? 1 : 1 - fy;
  const x0 = b.x + b.width * u0;
  const x1 = b.x + b.width * u1;
  const y0 = b.y + b.height * v0;
  const y1 = b.y + b.height * v1;
  const sx = ((x1 - x0) / view.width) * 2;
  const sy = (-(y1 - y0) / view.height) * 2;
  return [
    [sx, ((x0 - view.x) / view.width) * 2 - 1, sy, 1 - ((y0 - view.y) / view.height) * 2],
    [u0, v0, u1, v1],
  ];
}

/** Render one packed tile at 1:1 with the viewer's own programs and read it back (RGBA,
 * top row first): the browser test compares it with the server's rendering. */
export function renderTileToPixels(gl: WebGL2RenderingContext, image: HTMLImageElement, state: GpuRenderState): { width: number; height: number; pixels: Uint8Array } {
  const gpu = setUpGpu(gl);
  const tex = uploadTile(gpu, image);
  const u = state.uniforms();
  if (!u) throw new Error('no parameters or histogram yet');
  const target = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, target);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, tex.width, tex.height);
  gl.bindFramebuffer(gl.FRAMEBUFFER, gpu.fbo);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
  gl.viewport(0, 0, tex.width, tex.height);
  gl.disable(gl.BLEND);
  useRender(gpu, u, state.cdf(u.cdfChannel), 'test');
  // Texture row 0 (the tile's top) to framebuffer row 0, so rows read back top first.
  drawTile(gpu, tex, [2, -1, 2, -1], [0, 0, 1, 1]);
  const pixels = new Uint8Array(tex.width * tex.height * 4);
  gl.readPixels(0, 0, tex.width, tex.height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  freeTile(tex);
  gl.deleteTexture(target);
  return { width: tex.width, height: tex.height, pixels };
}
