import { defineConfig } from 'vite';

/**
 * The agents' web UI, built into web/dist and served by the NestJS service itself
 * (src/web/spa-static.ts), so one process and one port run everything.
 * No React plugin: Vite's own transform handles JSX; Fast Refresh is not needed for a build.
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The strict Content-Security-Policy forbids inline scripts: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
