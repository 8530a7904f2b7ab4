import base from './playwright.config.ts';
// Temporary (import helper): own dev server on 5184 so other helpers' servers don't interfere.
export default {
  ...base,
  projects: [{ name: 'media', testDir: 'tests/harness', use: { baseURL: 'http://127.0.0.1:5184' } }],
  webServer: [{ command: 'npx vite --host 127.0.0.1 --port 5184 --strictPort', url: 'http://127.0.0.1:5184/tests/harness/index.html', reuseExistingServer: false, timeout: 60_000 }],
};
