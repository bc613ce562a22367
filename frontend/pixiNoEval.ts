// Build-time patch: Annotorious bundles its own copy of PixiJS 7, which
// compiles uniform-upload functions with `new Function` and refuses to start
// when the page's Content-Security-Policy forbids 'unsafe-eval' (CIPS sends
// `default-src 'self'`, so region drawing would fail). PixiJS's official fix,
// @pixi/unsafe-eval, patches `ShaderSystem` in @pixi/core, which the bundled
// copy does not use; this plugin applies the same two overrides to the
// bundled class: a no-op `systemCheck()` and the static (eval-free)
// `syncUniforms` from @pixi/unsafe-eval. If Annotorious's bundle changes
// shape the build fails here rather than the drawing failing in production.

import type { Plugin } from 'vite';

const TARGET = /@annotorious[\\/]openseadragon[\\/]dist[\\/]annotorious-openseadragon\.es\.js$/;
const MARKER = 'does not allow unsafe-eval';
// The package's "exports" hide lib/syncUniforms.mjs (self-contained, no imports).
const SYNC_UNIFORMS_ID = '\0cips-pixi-sync-uniforms';
const SYNC_UNIFORMS_FILE = decodeURIComponent(
  new URL('./node_modules/@pixi/unsafe-eval/lib/syncUniforms.mjs', import.meta.url).pathname,
);

const SYSTEM_CHECK =
  /systemCheck\(\) \{\s*if \(!\w+\(\)\)\s*throw new Error\("Current environment does not allow unsafe-eval[^"]*"\);\s*\}/;
const SYNC_METHOD =
  /syncUniforms\((\w), (\w), (\w)\) \{\s*\(\1\.syncUniforms\[this\.shader\.program\.id\] \|\| this\.createSyncGroups\(\1\)\)\(\2\.uniformData, \1\.uniforms, this\.renderer, \3\);\s*\}/;

export function pixiNoEval(): Plugin {
  return {
    name: 'cips-pixi-no-eval',
    enforce: 'pre',
    resolveId(id) {
      return id === SYNC_UNIFORMS_ID ? SYNC_UNIFORMS_FILE : null;
    },
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0]) || !code.includes(MARKER)) return null;
      if (!SYSTEM_CHECK.test(code) || !SYNC_METHOD.test(code)) {
        this.error(
          'pixiNoEval: the bundled PixiJS in @annotorious/openseadragon changed; update frontend/pixiNoEval.ts',
        );
      }
      const patched = code
        .replace(SYSTEM_CHECK, 'systemCheck() {}')
        .replace(
          SYNC_METHOD,
          (_m, group, glProgram) =>
            `syncUniforms(${group}, ${glProgram}) { __cipsSyncUniforms(${group}, this.shader.program.uniformData, ${glProgram}.uniformData, ${group}.uniforms, this.renderer); }`,
        );
      const header = `import { syncUniforms as __cipsSyncUniforms } from ${JSON.stringify(SYNC_UNIFORMS_ID)};\n`;
      return { code: header + patched, map: null };
    },
  };
}
