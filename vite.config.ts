import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  build: {
    // RW_OUT_DIR lets parallel test runs build and serve separate copies.
    outDir: process.env.RW_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    manifest: true,
  },
  worker: { format: 'es' },
  // The media harness pages (dev server) import mediabunny and mp4box: pre-bundle them at server start, or
  // the first page that reaches them makes Vite optimise them mid-test and reload the page.
  optimizeDeps: { include: ['mediabunny', 'mp4box'] },
  preview: { port: 4173, strictPort: true },
  plugins: [
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        id: '/',
        name: 'Reelwright',
        short_name: 'Reelwright',
        description:
          'An offline-first studio for short vertical AI dramas: your assets, prompts, clips and episodes stay on your device.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#14161c',
        background_color: '#14161c',
        categories: ['productivity', 'entertainment'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell only: media lives in IndexedDB and is never precached.
        globPatterns: ['**/*.{js,css,html,webmanifest}', 'icons/*.{png,svg}'],
        globIgnores: ['**/*.map'],
        cleanupOutdatedCaches: true,
        // The first install takes control at once, so lazy chunks (workers, encoders) are served from the
        // precache even if the connection drops during the first visit. Updates still wait for consent.
        clientsClaim: true,
        navigateFallback: '/index.html',
        runtimeCaching: [],
      },
    }),
  ],
});
