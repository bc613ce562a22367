import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The Flask backend (python -m flask / waitress) listens here during development.
const backend = 'http://127.0.0.1:5000';

export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    // Flask serves the built SPA from app/spa_dist (index.html for client routes).
    outDir: '../app/spa_dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
});
