// Vite build of the renderer. `base: './'` makes every asset URL relative, so the same build loads
// from a file:// URL in Electron and from the static server of the end-to-end test.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP allows no inline code, so Vite must not inline small assets as data: scripts.
    assetsInlineLimit: 0,
    // The Electron page is served from file://: a modulepreload polyfill would add nothing.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // The zxcvbn-ts dictionaries make one bundle of about 2 MB. It loads from local disk, so the
    // default 500 kB warning adds nothing here.
    chunkSizeWarningLimit: 2500,
  },
});
