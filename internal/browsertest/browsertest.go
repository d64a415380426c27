// Package browsertest gives tests a headless Chromium (Debian's chromium
// package) driven by chromedp, with the flags this machine needs. Without
// a browser the test is skipped, except under CI=true, where that fails:
// CI must run the browser tests (.ci/run installs chromium).
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the browser to drive ($KIOSQUE_CHROMIUM, then Debian's
// paths), skipping or failing the test when there is none.
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("KIOSQUE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium at /usr/bin/chromium: CI must run the browser tests (apt-get install chromium)")
	}
	t.Skip("browser test skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set KIOSQUE_CHROMIUM)")
	return ""
}

// New starts a headless browser with a width×height window and returns a
// chromedp context for it, bounded by timeout; everything is closed when
// the test ends. In -short mode the test is skipped.
func New(t testing.TB, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path(t)), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(width, height))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}
