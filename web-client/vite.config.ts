import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The dev server proxies the API and the event bus to a server started with scripts/run.
export default defineConfig({
  plugins: [vue()],
  // sockjs-client (under the event-bus client) refers to Node's `global`
  define: { global: 'globalThis' },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/eventbus': { target: 'http://localhost:8080', ws: true },
    },
  },
  build: {
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
