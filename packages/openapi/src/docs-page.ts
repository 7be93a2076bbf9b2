/*
 * The Swagger UI page and its initializer, kept in code rather than in files: the services ship as
 * one esbuild bundle, where a package's own directory does not exist at runtime.
 */

/** The page; the initializer reads the spec URL from data-spec-url, so there is no inline script. */
export function docsPage(specUrl: string): string {
  const escaped = specUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pulse API</title>
    <link rel="stylesheet" href="swagger-ui.css" />
    <link rel="icon" type="image/png" href="favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui" data-spec-url="${escaped}"></div>
    <script src="swagger-ui-bundle.js"></script>
    <script src="swagger-initializer.js"></script>
  </body>
</html>
`;
}

/** Starts Swagger UI on the spec named by #swagger-ui[data-spec-url] (a file: `script-src 'self'`). */
export const DOCS_INITIALIZER = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    // No call to the public validator: an outside origin, and the spec is linted in CI.
    validatorUrl: null,
  });
});
`;
