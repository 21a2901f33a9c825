// The results panel's HTML. Pure (no `vscode` import): the host passes the webview's cspSource,
// a fresh nonce and the URIs from asWebviewUri. The CSP relaxes nothing: no inline script, no
// eval (Vega runs on its expression interpreter), styles only from the extension or nonced.
export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per render (letters and digits). */
  nonce: string;
  /** The webview bundle (media/webview.js). */
  scriptUri: string;
  /** Stylesheets, in order (media/panel.css). */
  styleUris: string[];
  title: string;
}

/** Text for element content and double-quoted attributes (the CSP's single quotes stay readable). */
const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderPanelHtml({ cspSource, nonce, scriptUri, styleUris, title }: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('The nonce must be letters and digits only.');
  const links = styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(cspSource, nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <div id="app"></div>
    <script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
  </body>
</html>
`;
}
