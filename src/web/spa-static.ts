import * as fs from 'fs';
import * as path from 'path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Where `npm run build:web` writes the UI (web/dist), from src/web or dist/web alike. */
export const WEB_UI_DIR = path.resolve(__dirname, '../../web/dist');

/**
 * The UI's policy: only our own scripts, no inline script, no plugin, never framed.
 * Inline styles are allowed because a mail's sanitized HTML (shown in a srcdoc iframe,
 * which inherits this policy) keeps its `style` attributes; the iframe adds its own
 * stricter policy and no `allow-scripts` (web/src/components/MailHtmlFrame.tsx).
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="es-CO"><meta charset="utf-8"><title>Mesa de Ayuda</title>
<p>La interfaz web no está compilada. Ejecute <code>npm run build:web</code> y recargue; la API sigue disponible en <code>/api</code>.</p></html>`;

function setSecurityHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', UI_CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Serves the single-page app from the same process and port as the API: hashed assets
 * cached for a year, and index.html (never cached) for every other GET outside /api, so
 * deep links like /tickets/MDA-2024-000123 load the app. Plain middleware rather than a
 * controller: it needs no session (the login page is part of it) and holds no data.
 */
export function spaStatic(directory: string = WEB_UI_DIR): RequestHandler {
  const assets = express.static(directory, {
    index: false,
    fallthrough: true,
    setHeaders(response, filePath) {
      const hashed = filePath.startsWith(path.join(directory, 'assets') + path.sep);
      response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const indexFile = path.join(directory, 'index.html');
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.path === '/api' || request.path.startsWith('/api/')) return next();
    setSecurityHeaders(response);
    assets(request, response, () => {
      // A missing file with an extension is a 404 (Nest's JSON), not the app.
      if (path.extname(request.path)) return next();
      if (!fs.existsSync(indexFile)) {
        response.status(503).type('html').send(NOT_BUILT_PAGE);
        return;
      }
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(indexFile);
    });
  };
}
