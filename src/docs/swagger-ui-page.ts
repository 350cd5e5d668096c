/**
 * The Swagger UI page and its start-up script, served by ApiDocsController with the
 * assets of swagger-ui-dist. No inline script: the page works under a strict CSP.
 * The script reads the session's CSRF token so "Try it out" works for POST/PATCH too.
 */
export const SWAGGER_UI_HTML = `<!doctype html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Mesa de Ayuda — API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

export const SWAGGER_UI_INIT_JS = `(function () {
  var csrfToken = null;
  fetch('/api/auth/session', { credentials: 'same-origin' })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (session) { csrfToken = session && session.csrfToken; })
    .catch(function () { csrfToken = null; });
  window.ui = SwaggerUIBundle({
    url: '/api/docs-json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    requestInterceptor: function (request) {
      if (csrfToken && !/^(GET|HEAD|OPTIONS)$/i.test(request.method || 'GET')) request.headers['X-CSRF-Token'] = csrfToken;
      return request;
    }
  });
})();
`;
