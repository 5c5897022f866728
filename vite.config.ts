import { defineConfig } from 'vite';
import { defaultWorldPlugin } from './build/default-world-plugin.ts';

/**
 * The vendors get chunks of their own: the first load is the same bytes (issue 4 budgets 250 kB
 * gzip), but a change to the app no longer invalidates the ~200 kB of React and Cytoscape in the
 * browser's cache, and `npm run bench` shows what the app itself adds. xterm.js, the shell and the
 * heavy panels are split by their dynamic `import()`s, not here.
 */
const vendorChunks = [
  { name: 'cytoscape', test: /[\\/]node_modules[\\/]cytoscape[\\/]/ },
  { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  // grep's linear-time matcher (RE2), loaded with the shell's lazy chunk.
  { name: 're2js', test: /[\\/]node_modules[\\/]re2js[\\/]/ },
];

// React's JSX is compiled by Vite's built-in transform (tsconfig "jsx": "react-jsx"); no plugin needed.
export default defineConfig({
  base: './',
  plugins: [defaultWorldPlugin()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: { output: { codeSplitting: { groups: vendorChunks } } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.conformance.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
