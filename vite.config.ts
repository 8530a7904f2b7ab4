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
        // Images, clips and audio shared from the phone's gallery land in the asset library. The POST is
        // answered by the service worker (public/share-target.js), offline too.
        share_target: {
          action: '/share-target',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: {
            title: 'title',
            text: 'text',
            url: 'url',
            files: [{ name: 'media', accept: ['image/*', 'video/*', 'audio/*'] }],
          },
        },
        // "Open with Reelwright": media becomes assets, a .zip opens the backup import (src/pwa/launch-files.ts).
        file_handlers: [
          {
            action: '/?open=files',
            accept: {
              'image/png': ['.png'],
              'image/jpeg': ['.jpg', '.jpeg'],
              'image/webp': ['.webp'],
              'video/mp4': ['.mp4'],
              'audio/mp4': ['.m4a'],
              'application/zip': ['.zip'],
            },
          },
        ],
        // A second launch (or an opened file) goes to the window already open.
        launch_handler: { client_mode: ['focus-existing', 'navigate-existing', 'auto'] },
        shortcuts: [
          { name: 'New clip', short_name: 'New clip', url: '/?view=studio&pane=prompt' },
          { name: 'Episodes', url: '/?view=episodes' },
          { name: 'Library', url: '/?view=library' },
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
        // The share-target POST handler: a plain script beside the generated worker, so generateSW (and
        // its precache/update flow) stays as it is. Imported scripts are kept with the worker: offline-safe.
        // connect-guard.js: refuses requests to origins that are not one of the user's connections.
        importScripts: ['share-target.js', 'connect-guard.js'],
        runtimeCaching: [],
      },
    }),
  ],
});
