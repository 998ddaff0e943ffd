/**
 * The console's one page: no data and no inline script or style, so the Content-Security-Policy can
 * allow this server's own files only. The bundle reads the session and draws everything else.
 */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clinic console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/console.css">
<script type="module" src="/console/assets/main.js"></script>
</head>
<body>
<noscript>The clinic console needs JavaScript.</noscript>
<div id="console"></div>
</body>
</html>
`;

/**
 * Sent with the page and its files. connect-src 'self' covers the API and its event stream;
 * frame-ancestors and X-Frame-Options keep the console out of other sites' frames (clickjacking).
 */
export const CONSOLE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};
