import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See ARCHITECTURE.md: the extension lives in extension/, built to .output/<browser>-mv3.
export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  // WXT_OUT_DIR lets several e2e runs on one machine build side by side (default .output).
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Sync Health',
    description: 'HubSpot ↔ Salesforce sync health next to the records you browse.',
    permissions: ['storage', 'alarms', 'notifications', 'tabs'],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    // A team's shared server (https): asked for its one origin when pairing (ProxyForm), never up front.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: 'Sync Health' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'sync-health@sync-health.local',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
