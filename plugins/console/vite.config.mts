/**
 * Builds the console (web/) into dist/web: hashed files under assets/ (served immutable), an
 * index.html (served no-cache), a .gz beside each file (sent when the browser accepts gzip).
 * The build measures what a first visit downloads (the entry chunk and its static imports,
 * compressed) apart from the editor chunk loaded later, prints both, and fails above the budget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The first load's budget for compressed JavaScript (issue 16: under 300 kB without the editor). */
const FIRST_LOAD_BUDGET = 300 * 1024;
const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(HERE, 'dist/web');

interface ManifestChunk { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean }

function sizeReport(): Plugin {
  return {
    name: 'relayflow-console-size',
    apply: 'build',
    closeBundle() {
      const manifest = JSON.parse(readFileSync(join(OUT, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
      const gz = (file: string): number => {
        const zipped = gzipSync(readFileSync(join(OUT, file)), { level: 9 });
        writeFileSync(join(OUT, `${file}.gz`), zipped);
        return zipped.length;
      };
      const first = new Set<string>();
      const visit = (key: string): void => {
        const chunk = manifest[key];
        if (!chunk || first.has(chunk.file)) return;
        first.add(chunk.file);
        for (const dep of chunk.imports ?? []) visit(dep);
      };
      for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
      const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
      let firstJs = 0;
      let laterJs = 0;
      let css = 0;
      for (const file of all) {
        const size = gz(file);
        if (file.endsWith('.css')) css += size;
        else if (first.has(file)) firstJs += size;
        else laterJs += size;
      }
      gz('index.html');
      const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`;
      const report = { firstLoadJsGzip: firstJs, editorJsGzip: laterJs, cssGzip: css, budget: FIRST_LOAD_BUDGET };
      writeFileSync(join(OUT, '.vite/size-report.json'), JSON.stringify(report, null, 2));
      process.stdout.write(`console: first load ${kb(firstJs)} of gzipped JavaScript (budget ${kb(FIRST_LOAD_BUDGET)}), editor chunks ${kb(laterJs)} loaded later, CSS ${kb(css)}\n`);
      if (firstJs > FIRST_LOAD_BUDGET) throw new Error(`the console's first load is ${kb(firstJs)} of gzipped JavaScript, over the ${kb(FIRST_LOAD_BUDGET)} budget`);
    },
  };
}

export default defineConfig({
  root: resolve(HERE, 'web'),
  base: './',
  publicDir: false,
  build: {
    outDir: OUT,
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
  },
  plugins: [sizeReport()],
});
