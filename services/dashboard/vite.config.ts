/**
 * The dashboard build: plain TypeScript modules and ECharts, bundled into dist/ for the API to serve.
 * `npm run dev -w @pilewatch/dashboard` serves it with hot reload and passes /api to a running API
 * (PILEWATCH_API_URL, default http://127.0.0.1:8080).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts is most of the bundle; one chunk for it keeps the app's own chunk small and cacheable.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : undefined) } },
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': process.env.PILEWATCH_API_URL ?? 'http://127.0.0.1:8080' } },
});
