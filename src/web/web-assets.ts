import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface WebAsset {
  name: string;
  hash: string;
  contentType: string;
  body: Buffer;
  /** `/static/<hash>/<name>`: a new file gets a new URL, so browsers may cache forever. */
  url: string;
}

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
};

/**
 * The files pages load: the app's CSS and script from templates/web/static, and htmx from
 * node_modules (never from a CDN). Read once at start; the URL carries the content's hash.
 */
export function loadWebAssets(templatesDir: string): Map<string, WebAsset> {
  const require = createRequire(import.meta.url);
  const htmxDir = dirname(require.resolve('htmx.org/package.json'));
  const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));
  const files: Array<[string, string]> = [
    ['app.css', join(templatesDir, 'web/static/app.css')],
    ['app.js', join(templatesDir, 'web/static/app.js')],
    ['htmx.min.js', join(htmxDir, 'dist/htmx.min.js')],
    // The customer portal's document viewer: pdf.js draws each page on a canvas, on any phone.
    ['portal.css', join(templatesDir, 'web/static/portal.css')],
    ['portal-viewer.js', join(templatesDir, 'web/static/portal-viewer.js')],
    ['pdf.min.mjs', join(pdfjsDir, 'build/pdf.min.mjs')],
    ['pdf.worker.min.mjs', join(pdfjsDir, 'build/pdf.worker.min.mjs')],
  ];
  const assets = new Map<string, WebAsset>();
  for (const [name, path] of files) {
    const body = readFileSync(path);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const extension = name.slice(name.lastIndexOf('.') + 1);
    const contentType = CONTENT_TYPES[extension];
    assets.set(name, { name, hash, contentType, body, url: `/static/${hash}/${name}` });
  }
  return assets;
}
