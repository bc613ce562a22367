// An OpenSeadragon drawer that renders lossless 16-bit X-ray tiles with WebGL2.
//
// OpenSeadragon's maintainers point custom shaders to a class extending WebGLDrawer, passed
// as the `drawer` option (openseadragon issue #2674, discussion #2633). This one keeps
// WebGLDrawer's canvases, resizing, tile cache plumbing and context recovery, and replaces
// what is drawn: each tile arrives decoded by a worker (tileLoader.ts, pngTile.ts) and is
// uploaded once as float values and a class map. A tool change runs COLOUR (shaders.ts) once
// into a colour table, and every frame draws each tile with RENDER, which looks its pixels
// up in that table: no request, no re-upload.

import OpenSeadragon from 'openseadragon';
import type { DecodedTile } from './pngTile';
import type { GpuRenderState, Uniforms } from './renderState';
import { CLASS_SLOTS, COLOUR_FS, QUAD_VS, RENDER_FS } from './shaders';
import { CLASS_NAMES, HISTOGRAM_BINS, MATERIAL_HUES } from './renderConstants';
import { TILE_TYPE } from './tileLoader';

/** One tile on the GPU: its values (high, low, edge-enhanced high and low) and its class map. */
interface TileTextures {
  classes: WebGLTexture;
  values: WebGLTexture[];
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
  colour: Program;
  render: Program;
  fbo: WebGLFramebuffer;
  cdf: WebGLTexture;
  cdfKey: string;
  /** COLOUR's table (RGBA8, 256 wide, 256 rows per class) and what it was made for. */
  colours: WebGLTexture;
  coloursKey: string;
  /** Bilinear sampling of the values, for tiles drawn larger than they are. */
  linear: WebGLSampler | null;
  nearest: WebGLSampler;
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
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`WebGL program: ${gl.getProgramInfoLog(program)}`);
  const uniforms: Program['uniforms'] = {};
  for (const n of names) uniforms[n] = gl.getUniformLocation(program, n);
  return { program, uniforms };
}

const COLOUR_UNIFORMS = [
  'u_xform',
  'u_texRect',
  'u_cdf',
  'u_lo',
  'u_hi',
  'u_equalize',
  'u_cLo',
  'u_cHi',
  'u_hipen',
  'u_invGamma',
  'u_invert',
  'u_cmap',
  'u_material',
  'u_strip',
  'u_hues',
];
const RENDER_UNIFORMS = ['u_xform', 'u_texRect', 'u_data', 'u_class', 'u_colours', 'u_byClass', 'u_size', 'u_opacity'];
const CLASS_ROWS = CLASS_NAMES.length * 256;

/** Compile everything and set the fixed state of a WebGL2 context; throws if it cannot. */
export function setUpGpu(gl: WebGL2RenderingContext): Gpu {
  const colour = compile(gl, COLOUR_FS, COLOUR_UNIFORMS);
  const render = compile(gl, RENDER_FS, RENDER_UNIFORMS);
  const sampler = (filter: number) => {
    const s = gl.createSampler()!;
    gl.samplerParameteri(s, gl.TEXTURE_MIN_FILTER, filter);
    gl.samplerParameteri(s, gl.TEXTURE_MAG_FILTER, filter);
    gl.samplerParameteri(s, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.samplerParameteri(s, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return s;
  };
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
  gl.useProgram(colour.program);
  gl.uniform3fv(colour.uniforms.u_hues, hues);
  gl.uniform1i(colour.uniforms.u_cdf, 3);
  gl.uniform4f(colour.uniforms.u_xform, 2, -1, 2, -1);
  gl.uniform4f(colour.uniforms.u_texRect, 0, 0, 1, 1);
  gl.useProgram(render.program);
  gl.uniform1i(render.uniforms.u_data, 0);
  gl.uniform1i(render.uniforms.u_class, 1);
  gl.uniform1i(render.uniforms.u_colours, 2);
  const colours = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE2);
  gl.bindTexture(gl.TEXTURE_2D, colours);
  nearest(gl);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, 256, CLASS_ROWS);
  const cdf = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE3);
  gl.bindTexture(gl.TEXTURE_2D, cdf);
  nearest(gl);
  gl.texImage2D(
    gl.TEXTURE_2D,
    0,
    gl.R32F,
    HISTOGRAM_BINS + 1,
    1,
    0,
    gl.RED,
    gl.FLOAT,
    new Float32Array(HISTOGRAM_BINS + 1),
  );
  const linear = gl.getExtension('OES_texture_float_linear') ? sampler(gl.LINEAR) : null;
  return {
    gl,
    quad,
    vao,
    colour,
    render,
    fbo: gl.createFramebuffer()!,
    cdf,
    cdfKey: '',
    colours,
    coloursKey: '',
    linear,
    nearest: sampler(gl.NEAREST),
  };
}

function nearest(gl: WebGL2RenderingContext, filter: number = gl.NEAREST): void {
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
}

/** Upload a decoded tile: each value plane (R32F) and its class map (R8UI). */
export function uploadTile(gpu: Gpu, tile: DecodedTile): TileTextures {
  const { gl } = gpu;
  const { width, height } = tile;
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.activeTexture(gl.TEXTURE0);
  const values = tile.planes.map((plane) => {
    const t = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, t);
    nearest(gl);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, width, height, 0, gl.RED, gl.FLOAT, plane);
    return t;
  });
  const classes = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE1);
  gl.bindTexture(gl.TEXTURE_2D, classes);
  nearest(gl);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8UI, width, height, 0, gl.RED_INTEGER, gl.UNSIGNED_BYTE, tile.classes);
  return { classes, values, width, height, gl };
}

export function freeTile(t: TileTextures): void {
  t.gl.deleteTexture(t.classes);
  for (const v of t.values) t.gl.deleteTexture(v);
}

/** Make the colour table for `u` (when `key` says it changed) and set up the frame's program.
 * Leaves the default framebuffer bound; the caller sets its viewport. */
export function bindRender(gpu: Gpu, u: Uniforms, cdf: Float32Array | null, key: string): void {
  const { gl } = gpu;
  const byClass = u.material || u.strip >= 0;
  if (gpu.coloursKey !== key) {
    if (cdf && gpu.cdfKey !== key) {
      gl.activeTexture(gl.TEXTURE3);
      gl.bindTexture(gl.TEXTURE_2D, gpu.cdf);
      gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, cdf.length, 1, gl.RED, gl.FLOAT, cdf);
      gpu.cdfKey = key;
    }
    const c = gpu.colour.uniforms;
    gl.useProgram(gpu.colour.program);
    gl.uniform1f(c.u_lo, u.lo);
    gl.uniform1f(c.u_hi, u.hi);
    gl.uniform1i(c.u_equalize, u.equalize ? 1 : 0);
    gl.uniform1f(c.u_cLo, u.cLo);
    gl.uniform1f(c.u_cHi, u.cHi);
    gl.uniform1i(c.u_hipen, u.hipen ? 1 : 0);
    gl.uniform1f(c.u_invGamma, u.invGamma);
    gl.uniform1i(c.u_invert, u.invert ? 1 : 0);
    gl.uniform1i(c.u_cmap, u.cmap);
    gl.uniform1i(c.u_material, u.material ? 1 : 0);
    gl.uniform1i(c.u_strip, u.strip);
    gl.bindFramebuffer(gl.FRAMEBUFFER, gpu.fbo);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, gpu.colours, 0);
    // The class blocks only when material colour or a class filter reads them.
    gl.viewport(0, 0, 256, byClass ? CLASS_ROWS : 256);
    gl.disable(gl.BLEND);
    gl.bindVertexArray(gpu.vao);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gpu.coloursKey = key;
  }
  gl.useProgram(gpu.render.program);
  gl.uniform1i(gpu.render.uniforms.u_byClass, byClass ? 1 : 0);
  gl.activeTexture(gl.TEXTURE2);
  gl.bindTexture(gl.TEXTURE_2D, gpu.colours);
  gl.bindVertexArray(gpu.vao);
}

/** Draw (part of) one tile: `xform` maps the unit quad to clip space, `texRect` is the part
 * of the tile's texture it shows; `magnified` tiles are sampled bilinearly (on the unpacked
 * values). `bindRender` must have run first. */
export function drawTile(
  gpu: Gpu,
  t: TileTextures,
  u: Uniforms,
  xform: number[],
  texRect: number[],
  opacity = 1,
  magnified = false,
): void {
  const { gl } = gpu;
  const r = gpu.render.uniforms;
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, t.values[u.channel + (u.edge ? 2 : 0)]);
  gl.bindSampler(0, magnified && gpu.linear ? gpu.linear : gpu.nearest);
  gl.activeTexture(gl.TEXTURE1);
  gl.bindTexture(gl.TEXTURE_2D, t.classes);
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

// While tiles stream in, OpenSeadragon asks for a frame per arriving tile; on a software
// GPU each frame is a full shader pass, which then competes with decoding the next tiles.
// So while loading, frames come at most this often (a tool change is always drawn at once).
const LOADING_FRAME_MS = 200;

/** A drawer class bound to a render state (the viewer's and its navigator's drawers share it). */
export function makeXrayDrawer(state: GpuRenderState): typeof OpenSeadragon.DrawerBase {
  class XrayDrawer extends OpenSeadragon.WebGLDrawer {
    private gpu: Gpu | null = null;
    private lastFrame = { at: -Infinity, version: -1 };
    private deferred = 0;

    static isSupported(): boolean {
      return gpuSupported();
    }

    getType(): string {
      return 'cips-xray';
    }

    canRotate(): boolean {
      return false;
    }

    /** Only tiles decoded by tileLoader.ts. */
    getSupportedDataFormats(): string[] {
      return [TILE_TYPE];
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
      const tile = cache.data as DecodedTile | null;
      if (!gpu || !tile?.planes) return {};
      return uploadTile(gpu, tile);
    }

    internalCacheFree(data: Partial<TileTextures>): void {
      if (data?.classes && data.values && data.gl && !data.gl.isContextLost()) freeTile(data as TileTextures);
    }

    /** Put off a frame asked for while tiles are loading, and ask again later. */
    private deferWhileLoading(tiledImages: OpenSeadragon.TiledImage[]): boolean {
      const since = performance.now() - this.lastFrame.at;
      const loading = tiledImages.some((item) => !item.getFullyLoaded());
      if (!loading || since >= LOADING_FRAME_MS || this.lastFrame.version !== state.version) return false;
      if (!this.deferred) {
        this.deferred = window.setTimeout(() => {
          this.deferred = 0;
          this.viewer.forceRedraw();
        }, LOADING_FRAME_MS - since);
      }
      return true;
    }

    // Replaces WebGLDrawer's frame: every tile of every tiled image, drawn in one pass.
    _draw(tiledImages: OpenSeadragon.TiledImage[]): void {
      if (this.deferWhileLoading(tiledImages)) return;
      const started = performance.now();
      this.lastFrame = { at: started, version: state.version };
      const gpu = this.ensureGpu();
      const uniforms = state.uniforms();
      const { _outputContext: out, _outputCanvas: canvas, _renderingCanvas: target } = this.internals;
      if (!gpu) return;
      const { gl } = gpu;
      // Upload first, then the colour table (both change the GL state), then draw.
      const jobs: { tile: OpenSeadragon.Tile; tex: TileTextures; opacity: number }[] = [];
      for (const item of tiledImages) {
        if (item.getOpacity() === 0) continue;
        for (const info of item.getTilesToDraw()) {
          const tex = this.getDataToDraw(info.tile) as TileTextures | undefined;
          if (tex?.values) jobs.push({ tile: info.tile, tex, opacity: item.getOpacity() * (info.tile.opacity ?? 1) });
        }
      }
      if (uniforms)
        bindRender(gpu, uniforms, state.cdf(uniforms.cdfChannel), `${uniforms.cdfChannel}:${state.version}`);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.viewport(0, 0, target.width, target.height);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      if (uniforms) {
        gl.enable(gl.BLEND);
        gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
        const view = this.viewport.getBoundsNoRotateWithMargins(true);
        for (const { tile, tex, opacity } of jobs) {
          const [xform, texRect] = placement(tile, tex, view);
          // Screen pixels across against texels across: more means the tile is magnified.
          const magnified = (xform[0] / 2) * target.width > (texRect[2] - texRect[0]) * tex.width * 1.01;
          drawTile(gpu, tex, uniforms, xform, texRect, opacity, magnified);
        }
      }
      // The WebGL canvas onto WebGLDrawer's 2D output canvas (what the loupe and the page read).
      out.clearRect(0, 0, canvas.width, canvas.height);
      out.drawImage(target, 0, 0);
      if (!(this.viewer as unknown as { viewer?: unknown }).viewer) {
        state.onFrame?.({ version: state.version, tiles: jobs.length, ms: performance.now() - started });
      }
    }

    destroy(): void {
      window.clearTimeout(this.deferred);
      super.destroy();
    }

    _setupRenderer(): void {
      (OpenSeadragon.WebGLDrawer.prototype as unknown as { _setupRenderer(this: unknown): void })._setupRenderer.call(
        this,
      );
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

/** Render one decoded tile at 1:1 with the viewer's own programs and read it back (RGBA,
 * top row first): the browser test compares it with the server's rendering. */
export function renderTileToPixels(
  gl: WebGL2RenderingContext,
  tile: DecodedTile,
  state: GpuRenderState,
): { width: number; height: number; pixels: Uint8Array } {
  const gpu = setUpGpu(gl);
  const tex = uploadTile(gpu, tile);
  const u = state.uniforms();
  if (!u) throw new Error('no parameters or histogram yet');
  bindRender(gpu, u, state.cdf(u.cdfChannel), 'test');
  const target = gl.createTexture()!;
  gl.activeTexture(gl.TEXTURE4);
  gl.bindTexture(gl.TEXTURE_2D, target);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, tex.width, tex.height);
  gl.bindFramebuffer(gl.FRAMEBUFFER, gpu.fbo);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
  gl.viewport(0, 0, tex.width, tex.height);
  gl.disable(gl.BLEND);
  // Texture row 0 (the tile's top) to framebuffer row 0, so rows read back top first.
  drawTile(gpu, tex, u, [2, -1, 2, -1], [0, 0, 1, 1]);
  const pixels = new Uint8Array(tex.width * tex.height * 4);
  gl.readPixels(0, 0, tex.width, tex.height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  freeTile(tex);
  gl.deleteTexture(target);
  return { width: tex.width, height: tex.height, pixels };
}
