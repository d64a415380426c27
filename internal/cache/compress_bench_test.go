package cache

import (
	"strings"
	"testing"
)

// BenchmarkCompress measures preparing the gzip and Brotli variants of a
// 60 KB article page, paid once per cache entry.
func BenchmarkCompress(b *testing.B) {
	body := []byte("<!doctype html><html><body>" + strings.Repeat("<p>Le ministre a rencontré ses homologues d’Asie centrale à Astana. </p>\n", 800))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		compress(body)
	}
}
