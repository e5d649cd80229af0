import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Partner Hub. `npm run build:portal` writes web/dist, which the API server serves at `/`
 * (src/http/portal-static.ts). `npm run dev:portal` serves it with hot reload and sends API
 * calls to a server started with `npm start` (WH_API_URL to use another one).
 */
const api = process.env.WH_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/v1': api, '/openapi.json': api, '/docs': api } },
});
