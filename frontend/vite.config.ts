import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { pixiNoEval } from './pixiNoEval';

// The Flask backend (python -m flask / waitress) listens here during development.
const backend = 'http://127.0.0.1:5000';

export default defineConfig({
  // pixiNoEval: region drawing under CIPS's Content-Security-Policy (see the file).
  plugins: [preact(), pixiNoEval()],
  base: '/',
  build: {
    // Flask serves the built SPA from app/spa_dist (index.html for client routes).
    outDir: '../app/spa_dist',
    emptyOutDir: true,
    sourcemap: false,
    // The region-drawing chunk (Annotorious with PixiJS, ~600 kB) is loaded
    // on demand after the image shows; nothing on the first paint is this big.
    chunkSizeWarningLimit: 700,
    // Fonts stay files: the Content-Security-Policy refuses data: fonts, and a small
    // subset of Noto Sans SC inlined as one would leave its characters as boxes.
    assetsInlineLimit: (file) => (/\.woff2?$/.test(file) ? false : undefined),
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
});
