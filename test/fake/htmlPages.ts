// HTML bodies real deployments send where a client expects JSON. Written from the shape of Label Studio's
// `templates/404.html` (extends `simple.html`; the big opossum SVG is left out), its login page, nginx's
// default error pages and Flask/werkzeug's error pages.

/** Label Studio's 404 page for an unknown route (DEBUG=False, which `label-studio start` uses). */
export function djangoNotFoundPage(): string {
  return `

<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="author" content=""/>
  <meta name="viewport" content="width=device-width, initial-scale=0.9, shrink-to-fit=no">

  <!-- Address string color -->
  <meta name="theme-color" content="#272727">
  <meta name="msapplication-navbutton-color" content="#272727">
  <meta name="apple-mobile-web-app-status-bar-style" content="#272727">

  <link href="/static/css/main.css" rel="stylesheet"/>
  <link href="/react-app/main.css" rel="stylesheet">

  <title>404 | Label Studio</title>
  <title>Label Studio</title>
  <link href="/static/images/favicon.ico" rel="shortcut icon"/>

  <link rel="stylesheet" href="/static/css/error.css"/>
</head>

<body>
<div class="ls-global-error">
<div class="ls-global-error__header">
  <div class="ls-global-error__code">404</div>
  <svg class="ls-global-error__heidi" width="812" height="338" viewBox="0 0 812 338" fill="none" xmlns="http://www.w3.org/2000/svg"><!-- illustration omitted --></svg>
</div>
  <h1>Page not found</h1>
  <h2>The page you are looking for does not exist. Here are some things you can try:</h2>
  <p class="ls-global-error__actions">
    <button onClick="history.back()">Go Back</button>
    <button onClick="window.location.href='/'" class="ls-global-error__primary_button">Go Home</button>
  </p>
</div>

</body>
</html>
`;
}

/** The sign-in page an SSO proxy or an expired session lands on (HTTP 200, text/html). */
export function loginPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Label Studio</title>
  <link href="/static/css/login.css" rel="stylesheet"/>
</head>
<body>
  <div class="login_page">
    <h2>Log in</h2>
    <form id="login-form" action="/user/login/?next=/projects/" method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="fakeCsrfToken0123456789">
      <p><input type="text" class="ls-input" name="email" id="email" placeholder="Email"></p>
      <p><input type="password" class="ls-input" name="password" id="password" placeholder="Password"></p>
      <p><button type="submit" class="ls-button ls-button_look_primary">Log in</button></p>
    </form>
    <p class="text-wrapper">Don't have an account? <a href="/user/signup/">Sign up</a></p>
  </div>
</body>
</html>
`;
}

/** nginx's built-in error page (what a reverse proxy returns for 502/503/504). */
export function nginxErrorPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** werkzeug's error page, used by the fake ML server. */
export function flaskErrorPage(status: number, reason: string, message: string): string {
  return `<!doctype html>\n<html lang=en>\n<title>${status} ${reason}</title>\n<h1>${reason}</h1>\n<p>${message}</p>\n`;
}
