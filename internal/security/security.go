// Package security holds Kiosque's hostile-input test suite: cross-site
// scripting payloads in every field readers and authors write, SQL
// metacharacters, path traversal, invalid UTF-8 and overlong encodings,
// oversized bodies, checked against the real public site (web.New on a
// real SQLite store), by parsing the HTML and in headless Chromium.
//
// It has no code of its own beyond this file: the tests are the package.
// The server-level cases (timeouts, header limits, idle connections, kill
// and shutdown) live in cmd/kiosque, where the real http.Server is built.
package security

// Payloads are the cross-site scripting attempts the suite plants in every
// field. Each one, if it ever ran, would set window.__xss; the browser test
// checks it stays unset, and the HTML checks find no element, attribute or
// URL of theirs that could run.
var Payloads = []string{
	`<script>window.__xss=1</script>`,
	`"><img src=x onerror="window.__xss=1">`,
	`'><svg onload=window.__xss=1>`,
	`javascript:window.__xss=1`,
	` JaVaScRiPt:window.__xss=1`,
	`jav&#x09;ascript:window.__xss=1`,
	`<a href="javascript:window.__xss=1">lien</a>`,
	`[lien](javascript:window.__xss=1)`,
	`![image](javascript:window.__xss=1)`,
	`[lien](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)`,
	`<iframe src="javascript:window.__xss=1"></iframe>`,
	`</textarea><script>window.__xss=1</script>`,
	`</title><script>window.__xss=1</script>`,
	`" autofocus onfocus="window.__xss=1`,
	`<details open ontoggle=window.__xss=1>`,
	`<math><mi xlink:href="javascript:window.__xss=1">x</mi></math>`,
	`<scr<script>ipt>window.__xss=1</script>`,
	`<!--<img src="--><img src=x onerror=window.__xss=1//">`,
	`<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">`,
	`<svg><style><img src=x onerror=window.__xss=1></style></svg>`,
	`<form action="javascript:window.__xss=1"><button>ok</button></form>`,
	`<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">`,
	`<base href="javascript:window.__xss=1//">`,
	`<object data="javascript:window.__xss=1"></object>`,
	`{{.}}{{template "layout"}}`,
	"<img src=x onerror=\u0060window.__xss=1\u0060>",
	`<div style="background:url(javascript:window.__xss=1)">x</div>`,
	`%3Cscript%3Ewindow.__xss=1%3C/script%3E`,
}
