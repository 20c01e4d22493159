import { defineConfig } from 'vite';

/** The console builds to plain static files in `dist/ui`, which `@agent-runtime/server` serves at `/`. */
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist/ui', emptyOutDir: true },
});
