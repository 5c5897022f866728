import { defineConfig } from 'vite';
import { defaultWorldPlugin } from './build/default-world-plugin';

// React's JSX is compiled by Vite's built-in transform (tsconfig "jsx": "react-jsx"); no plugin needed.
export default defineConfig({
  base: './',
  plugins: [defaultWorldPlugin()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1200 },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.conformance.test.ts'],
  },
});
