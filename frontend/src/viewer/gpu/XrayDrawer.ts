// An OpenSeadragon drawer that renders lossless 16-bit X-ray tiles with WebGL2.
//
// OpenSeadragon's maintainers point custom shaders to a class extending WebGLDrawer, passed
// as the `drawer` option (openseadragon issue #2674, discussion #2633). This one keeps
// WebGLDrawer's canvases, resizing, tile cache plumbing and context recovery, and replaces
// what is drawn: each tile arrives decoded by a worker (tileLoader.ts, pngTile.ts) and is
// uploaded once as float values and a class map. A new view draws the tiles with VALUE
// (shaders.ts) as raw values and classes and reads them back; a tool change runs COLOUR once
// into a colour table and reads that back. Every frame then looks each screen pixel up in the
// table (`applyColours`) into WebGLDrawer's 2D output canvas: a tool change is a table and a
// lookup, with no request, no re-upload and no pass over the screen on the GPU.

import OpenSeadragon from 'openseadragon';
import type { DecodedTile } from './pngTile';
import type { GpuRenderState, Uniforms } from './renderState';
import { CLASS_SLOTS, COLOUR_FS, QUAD_VS, VALUE_FS } from './shaders';
import { CLASS_NAMES, HISTOGRAM_BINS, MATERIAL_HUES } from './renderConstants';
import { TILE_TYPE } from './tileLoader';
import { applyColours } from './lookup';

/** One tile on the GPU: its values (high, low, edge-enhanced high and low) and its class map. */
interface TileTextures {
  /** Tells a view's read-back values apart from another's (a tile's textures are made again after eviction). */
  id: number;
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
  values: Program;
  fbo: WebGLFramebuffer;
  cdf: WebGLTexture;
  cdfKey: string;
  /** COLOUR's table (RGBA8, 256 wide, 256 rows per class), read back as one RGBA word per
   * index (class * 65536 + value), and what it was made for. */
  colours: WebGLTexture;
  coloursKey: string;
  table: Uint32Array;
  /** VALUE's target for the screen (RGBA8, the canvas's size). */
  screen: { texture: WebGLTexture; width: number; height: number } | null;
  /** Bilinear sampling of the values, for tiles drawn larger than they are. */
  linear: WebGLSampler | null;
  nearest: WebGLSampler;
}

// WebGLDrawer's private members this subclass relies on (OpenSeadragon 6).
interface WebGLDrawerInternals {
  _glContext: { getContext(): WebGL2RenderingContext | WebGLRenderingContext | null } | null;
  _outputContext: CanvasRenderingContext2D;
  _outputCanvas: HTMLCanvasElement;
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
const VALUE_UNIFORMS = ['u_xform', 'u_texRect', 'u_data', 'u_class', 'u_size'];
const CLASS_ROWS = CLASS_NAMES.length * 256;

/** Compile everything and set the fixed state of a WebGL2 context; throws if it cannot. */
export function setUpGpu(gl: WebGL2RenderingContext): Gpu {
  const colour = compile(gl, COLOUR_FS, COLOUR_UNIFORMS);
  const values = compile(gl, VALUE_FS, VALUE_UNIFORMS);
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
  gl.useProgram(values.program);
  gl.uniform1i(values.uniforms.u_data, 0);
  gl.uniform1i(values.uniforms.u_class, 1);
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
    values,
    fbo: gl.createFramebuffer()!,
    cdf,
    cdfKey: '',
    colours,
    coloursKey: '',
    table: new Uint32Array(0),
    screen: null,
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

let tileIds = 0;

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
  return { id: ++tileIds, classes, values, width, height, gl };
}

export function freeTile(t: TileTextures): void {
  t.gl.deleteTexture(t.classes);
  for (const v of t.values) t.gl.deleteTexture(v);
}

/** The colour table for `u` (made again when `key` says it changed): COLOUR into its texture,
 * read back. One word per class * 65536 + value, as many classes as `u` reads. With `read`
 * false the table is drawn but neither read back nor kept (to have the GPU compile it). */
export function colourTable(gpu: Gpu, u: Uniforms, cdf: Float32Array | null, key: string, read = true): Uint32Array {
  const { gl } = gpu;
  if (gpu.coloursKey === key) return gpu.table;
  const byClass = u.material || u.strip >= 0;
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
  const rows = byClass ? CLASS_ROWS : 256;
  gl.viewport(0, 0, 256, rows);
  gl.disable(gl.BLEND);
  gl.bindVertexArray(gpu.vao);
  gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  const table = new Uint32Array(256 * rows);
  if (read) gl.readPixels(0, 0, 256, rows, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(table.buffer));
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  if (!read) return gpu.table;
  gpu.table = table;
  gpu.coloursKey = key;
  return table;
}

/** One tile (or part of it) to draw: `xform` maps the unit quad to clip space, `texRect` is
 * the part of the tile's texture it shows; `magnified` tiles are sampled bilinearly (on the
 * unpacked values). */
export interface TileDraw {
  tex: TileTextures;
  xform: number[];
  texRect: number[];
  magnified: boolean;
}

/** VALUE for each tile, in order, onto the bound framebuffer (cleared first): `plane` is the
 * energy shown (0 high, 1 low, +2 edge-enhanced). */
export function drawValues(gpu: Gpu, draws: TileDraw[], plane: number): void {
  const { gl } = gpu;
  const r = gpu.values.uniforms;
  gl.clearColor(0, 0, 0, 0);
  gl.clear(gl.COLOR_BUFFER_BIT);
  // Tiles are opaque (blendTime 0, osdSetup.ts): a later, finer tile simply covers a coarser one.
  gl.disable(gl.BLEND);
  gl.useProgram(gpu.values.program);
  gl.bindVertexArray(gpu.vao);
  for (const { tex, xform, texRect, magnified } of draws) {
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, tex.values[plane]);
    gl.bindSampler(0, magnified && gpu.linear ? gpu.linear : gpu.nearest);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, tex.classes);
    gl.uniform2i(r.u_size, tex.width, tex.height);
    gl.uniform4fv(r.u_xform, xform);
    gl.uniform4fv(r.u_texRect, texRect);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }
}

/** Bind (making or resizing it first) the screen-sized target VALUE draws into. */
function bindScreen(gpu: Gpu, width: number, height: number): void {
  const { gl } = gpu;
  if (!gpu.screen || gpu.screen.width !== width || gpu.screen.height !== height) {
    if (gpu.screen) gl.deleteTexture(gpu.screen.texture);
    const texture = gl.createTexture()!;
    gl.activeTexture(gl.TEXTURE4);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    nearest(gl);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, width, height);
    gpu.screen = { texture, width, height };
  }
  gl.bindFramebuffer(gl.FRAMEBUFFER, gpu.fbo);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, gpu.screen.texture, 0);
  gl.viewport(0, 0, width, height);
}

function unbindScreen(gpu: Gpu): void {
  const { gl } = gpu;
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
}

/** A frame's work on a tiny made-up tile, with the programs and formats of a real one: a
 * software GPU compiles what a draw needs at its first use, so a context does this when it
 * is set up (while the first tiles are on their way), not in the first image's frame. */
function rehearse(gpu: Gpu): void {
  const { gl } = gpu;
  const n = 4;
  const plane = new Float32Array(n * n);
  const classes = new Uint8Array(n * n);
  const tex = uploadTile(gpu, { width: n, height: n, planes: [plane, plane, plane, plane], classes });
  const u: Uniforms = {
    channel: 0,
    edge: false,
    lo: 0,
    hi: 65535,
    equalize: false,
    cLo: 0,
    cHi: 1,
    hipen: false,
    invGamma: 1,
    invert: false,
    cmap: 0,
    material: false,
    strip: -1,
    cdfChannel: 'high',
  };
  colourTable(gpu, u, null, 'rehearsal', false);
  bindScreen(gpu, n, n);
  drawValues(gpu, [{ tex, xform: [2, -1, 2, -1], texRect: [0, 0, 1, 1], magnified: false }], 0);
  // Not read back: the GPU compiles while this thread goes on with the page.
  gl.flush();
  unbindScreen(gpu);
  freeTile(tex);
}

let supported: boolean | null = null;

/** WebGL2 with float render targets and our shaders compiling: checked once per page. */
export function gpuSupported(): boolean {
  if (supported === null) {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2');
    try {
      const gpu = gl && setUpGpu(gl);
      if (gpu) rehearse(gpu);
      supported = !!gpu;
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
// A new image's first view: a few tiles of it help no one on a fast link, and every partial
// frame takes the two cores of a thin client from decoding the rest. So nothing is drawn until
// it is complete, or this long after it started (a slow link still sees progress); the
// navigator waits for the viewer's view to be complete.
const FIRST_VIEW_WAIT_MS = 800;

/** A drawer class bound to a render state (the viewer's and its navigator's drawers share it). */
export function makeXrayDrawer(state: GpuRenderState): typeof OpenSeadragon.DrawerBase {
  class XrayDrawer extends OpenSeadragon.WebGLDrawer {
    private gpu: Gpu | null = null;
    private lastFrame = { at: -Infinity, version: -1 };
    /** When the tiled image now shown asked for its first frame, until its view was first complete. */
    private firstView: { item: OpenSeadragon.TiledImage; since: number; done: boolean } | null = null;
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

    // Each tile uploaded as it arrives (OpenSeadragon then prepares the drawer's cache ahead),
    // not all of them in the frame that first shows them.
    get defaultOptions() {
      return { ...super.defaultOptions, preloadCache: true };
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
      if (!this.gpu || this.gpu.gl !== gl) {
        this.gpu = setUpGpu(gl);
        rehearse(this.gpu);
      }
      return this.gpu;
    }

    internalCacheCreate(
      cache: { data: unknown },
      _tile: OpenSeadragon.Tile,
    ): TileTextures | Record<string, never> | Promise<TileTextures | Record<string, never>> {
      const tile = cache.data as DecodedTile | null;
      if (!tile?.planes) return {};
      const upload = () => {
        const gpu = this.ensureGpu();
        if (!gpu) return {};
        return uploadTile(gpu, tile);
      };
      // The navigator's tiles (and its context's set-up) wait for the viewer's view to be complete.
      if (!this.mainViewComplete()) {
        return new Promise((resolve) => {
          const later = () =>
            this.mainViewComplete() ? resolve(upload()) : window.setTimeout(later, LOADING_FRAME_MS);
          later();
        });
      }
      return upload();
    }

    /** The viewer this navigator belongs to (null for the viewer's own drawer). */
    private get mainViewer(): OpenSeadragon.Viewer | null {
      return (this.viewer as unknown as { viewer?: OpenSeadragon.Viewer }).viewer ?? null;
    }

    /** For a navigator: whether its viewer's view is complete (always true for the viewer's own drawer). */
    private mainViewComplete(): boolean {
      const shown = this.mainViewer?.world?.getItemAt(0);
      return !shown || shown.getFullyLoaded();
    }

    internalCacheFree(data: Partial<TileTextures>): void {
      if (data?.classes && data.values && data.gl && !data.gl.isContextLost()) freeTile(data as TileTextures);
    }

    /** Put off a frame asked for while tiles are loading, and ask again later. */
    private deferWhileLoading(tiledImages: OpenSeadragon.TiledImage[]): boolean {
      const now = performance.now();
      const loading = tiledImages.some((item) => !item.getFullyLoaded());
      let wait = 0;
      if (this.mainViewer) {
        // The navigator: after the viewer's own view.
        if (!this.mainViewComplete()) wait = LOADING_FRAME_MS;
      } else {
        const item = tiledImages[0];
        if (item && this.firstView?.item !== item) this.firstView = { item, since: now, done: false };
        const first = this.firstView;
        if (first && !first.done) {
          if (!loading) first.done = true;
          else wait = first.since + FIRST_VIEW_WAIT_MS - now;
        }
      }
      if (wait <= 0 && loading && this.lastFrame.version === state.version) {
        wait = this.lastFrame.at + LOADING_FRAME_MS - now;
      }
      if (wait <= 0) return false;
      if (!this.mainViewer) this.ensureGpu(); // compile while the tiles come, not in the first frame
      if (!this.deferred) {
        this.deferred = window.setTimeout(() => {
          this.deferred = 0;
          this.viewer.forceRedraw();
        }, wait);
      }
      return true;
    }

    /** The view's values as last read back, and what they were drawn from. */
    private view: { key: string; words: Uint32Array } = { key: '', words: new Uint32Array(0) };
    private image: ImageData | null = null;

    // Replaces WebGLDrawer's frame: every tile of every tiled image as values (only when the
    // view or the energy shown changed), then each pixel's colour from the table.
    _draw(tiledImages: OpenSeadragon.TiledImage[]): void {
      if (this.deferWhileLoading(tiledImages)) return;
      const started = performance.now();
      this.lastFrame = { at: started, version: state.version };
      const gpu = this.ensureGpu();
      const uniforms = state.uniforms();
      const { _outputContext: out, _outputCanvas: canvas } = this.internals;
      if (!gpu) return;
      const { gl } = gpu;
      const { width, height } = canvas;
      const draws: TileDraw[] = [];
      if (uniforms) {
        const view = this.viewport.getBoundsNoRotateWithMargins(true);
        for (const item of tiledImages) {
          if (item.getOpacity() === 0) continue;
          for (const info of item.getTilesToDraw()) {
            const tex = this.getDataToDraw(info.tile) as TileTextures | undefined;
            if (!tex?.values) continue;
            const [xform, texRect] = placement(info.tile, tex, view);
            // Screen pixels across against texels across: more means the tile is magnified.
            const magnified = (xform[0] / 2) * width > (texRect[2] - texRect[0]) * tex.width * 1.01;
            // Upside down, so the rows read back top first, as the 2D canvas wants them.
            draws.push({ tex, xform: [xform[0], xform[1], -xform[2], -xform[3]], texRect, magnified });
          }
        }
      }
      if (!uniforms || width * height === 0) {
        out.clearRect(0, 0, width, height);
        return;
      }
      const plane = uniforms.channel + (uniforms.edge ? 2 : 0);
      const key = `${width}x${height}:${plane}:${draws
        .map((d) => `${d.tex.id}${d.magnified ? 'm' : ''}@${d.xform.join(',')}/${d.texRect.join(',')}`)
        .join(';')}`;
      if (key !== this.view.key || this.view.words.length !== width * height) {
        bindScreen(gpu, width, height);
        drawValues(gpu, draws, plane);
        const words = this.view.words.length === width * height ? this.view.words : new Uint32Array(width * height);
        gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(words.buffer));
        unbindScreen(gpu);
        this.view = { key, words };
      }
      const table = colourTable(
        gpu,
        uniforms,
        state.cdf(uniforms.cdfChannel),
        `${uniforms.cdfChannel}:${state.version}`,
      );
      if (!this.image || this.image.width !== width || this.image.height !== height) {
        this.image = out.createImageData(width, height);
      }
      applyColours(this.view.words, table, new Uint32Array(this.image.data.buffer));
      out.putImageData(this.image, 0, 0);
      if (!this.mainViewer) {
        state.onFrame?.({ version: state.version, tiles: draws.length, ms: performance.now() - started });
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

/** Render one decoded tile at 1:1 with the viewer's own programs and lookup, and read it back
 * (RGBA, top row first): the browser test compares it with the server's rendering. */
export function renderTileToPixels(
  gl: WebGL2RenderingContext,
  tile: DecodedTile,
  state: GpuRenderState,
): { width: number; height: number; pixels: Uint8Array } {
  const gpu = setUpGpu(gl);
  const tex = uploadTile(gpu, tile);
  const u = state.uniforms();
  if (!u) throw new Error('no parameters or histogram yet');
  const table = colourTable(gpu, u, state.cdf(u.cdfChannel), 'test');
  bindScreen(gpu, tex.width, tex.height);
  // Texture row 0 (the tile's top) to framebuffer row 0, so rows read back top first.
  drawValues(
    gpu,
    [{ tex, xform: [2, -1, 2, -1], texRect: [0, 0, 1, 1], magnified: false }],
    u.channel + (u.edge ? 2 : 0),
  );
  const words = new Uint32Array(tex.width * tex.height);
  gl.readPixels(0, 0, tex.width, tex.height, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(words.buffer));
  unbindScreen(gpu);
  const pixels = new Uint32Array(words.length);
  applyColours(words, table, pixels);
  freeTile(tex);
  gl.deleteTexture(gpu.screen!.texture);
  return { width: tex.width, height: tex.height, pixels: new Uint8Array(pixels.buffer) };
}
