// Builds the web console (apps/console) into dist/console: index.html, one JS bundle, one CSS file.
// `npm run build` runs it after tsc; the browser tests run it when the bundle is missing.
// Usage: node scripts/build-console.mjs [outDir]   (default dist/console)
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'apps', 'console');

/**
 * Bundles the console into `outDir`; resolves when the files are written. Each file is written
 * under a temporary name and renamed over the old one, so a gateway serving the directory (or a
 * second build, as when two browser test files start at once) never reads half a file.
 */
export async function buildConsole(outDir = join(ROOT, 'dist', 'console')) {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(SOURCE, 'src', 'main.tsx'), styles: join(SOURCE, 'src', 'styles.css') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    tsconfig: join(SOURCE, 'tsconfig.json'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // Code shared with the server must not drag Node in: a `node:` import fails the build here.
    logLevel: 'warning',
    write: false,
  });
  const files = [
    ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: join(outDir, 'index.html'), contents: readFileSync(join(SOURCE, 'index.html')) },
  ];
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = await buildConsole(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`[build-console] ${outDir}`);
}
