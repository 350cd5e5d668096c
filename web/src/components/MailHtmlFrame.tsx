import { useCallback, useRef, useState } from 'react';

/**
 * A mail's HTML, already sanitized by the server, shown in a sandboxed iframe: no
 * `allow-scripts`, so nothing in it can run even if the sanitizer missed something, and
 * its own Content-Security-Policy (on top of the page's, which it inherits) lets it load
 * nothing from the network: no tracking pixels, no CSS exfiltration. `allow-same-origin`
 * only lets this page measure its height; without scripts it grants the mail nothing.
 */
const FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

export function mailFrameDocument(sanitizedHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}"><base target="_blank"><style>body{font:14px/1.5 system-ui,sans-serif;color:#1b1f24;margin:0;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style></head><body>${sanitizedHtml}</body></html>`;
}

export function MailHtmlFrame({ html, title }: { html: string; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const fit = useCallback(() => {
    const body = frame.current?.contentDocument?.body;
    if (body) setHeight(Math.min(2000, Math.max(60, body.scrollHeight + 8)));
  }, []);
  return (
    <iframe
      ref={frame}
      className="mail-html"
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={mailFrameDocument(html)}
      style={{ height }}
      onLoad={fit}
    />
  );
}
