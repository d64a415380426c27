// Package media knows the URLs of uploaded images and their resized
// variants, so that public pages can offer them with srcset. The admin
// makes the variants (package admin); the store keeps their bytes.
package media

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Widths are the widths of the variants made of every upload, narrowest
// first. /media/{id}/{width} of a width the original does not exceed serves
// the original, so every width may be listed.
var Widths = []int{480, 960, 1600}

// URL is the address of an image variant: "orig" or a width from Widths.
func URL(id int64, variant string) string { return fmt.Sprintf("/media/%d/%s", id, variant) }

var uploadPath = regexp.MustCompile(`^/media/(\d+)/[a-z0-9]+$`)

// ID returns the upload id of an image URL such as "/media/12/orig", and
// false for any other URL (a remote image, a demo file).
func ID(url string) (int64, bool) {
	m := uploadPath.FindStringSubmatch(url)
	if m == nil {
		return 0, false
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	return id, err == nil
}

// Srcset returns the srcset attribute value for an uploaded image of the
// given original width: each variant narrower than the original, then the
// original itself ("/media/12/480 480w, /media/12/orig 1200w"). It returns
// "" for an image that is not an upload or whose width is unknown.
func Srcset(url string, width int) string {
	id, ok := ID(url)
	if !ok || width <= 0 {
		return ""
	}
	var parts []string
	for _, w := range Widths {
		if w < width {
			parts = append(parts, fmt.Sprintf("%s %dw", URL(id, strconv.Itoa(w)), w))
		}
	}
	parts = append(parts, fmt.Sprintf("%s %dw", URL(id, "orig"), width))
	return strings.Join(parts, ", ")
}
