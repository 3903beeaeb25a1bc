import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The desktop shell loads dist/ from tauri://localhost; the HTTP server serves
// the same files. During `npm run dev`, API calls go to a local `zonepress serve`.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': 'http://127.0.0.1:8470' },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
