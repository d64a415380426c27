package admin

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strconv"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/kiosque/kiosque/internal/media"
	"github.com/kiosque/kiosque/internal/store"
)

// VariantWidths are the widths of the resized copies made of every upload
// (media.Widths), used in srcset on public pages. A copy is only made when
// the original is wider.
var VariantWidths = media.Widths

// maxPixels refuses images whose header announces more than 50 megapixels
// before decoding them, so a small file cannot ask for gigabytes of memory.
const maxPixels = 50_000_000

// errImageType and errImageTooBig are the upload refusals shown to users.
var (
	errImageType   = errors.New("admin: not a JPEG, PNG, GIF or WebP image")
	errImageTooBig = errors.New("admin: image dimensions too large")
)

// sniffImage returns the MIME type of an image from its first bytes, "" for
// anything but JPEG, PNG, GIF and WebP.
func sniffImage(b []byte) string {
	switch ct := http.DetectContentType(b); ct {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return ct
	}
	return ""
}

// processImage checks an upload (type from the bytes, dimensions) and
// returns its record with the original and the resized variants. JPEG and
// WebP variants are encoded as JPEG, PNG and GIF ones as PNG (x/image has no
// WebP encoder; GIF variants keep only the first frame).
func processImage(name string, data []byte) (*store.Media, error) {
	mime := sniffImage(data)
	if mime == "" {
		return nil, errImageType
	}
	var decodeConfig func([]byte) (image.Config, error)
	var decode func([]byte) (image.Image, error)
	switch mime {
	case "image/jpeg":
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case "image/png":
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	case "image/gif":
		decodeConfig = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }
	case "image/webp":
		decodeConfig = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
	}
	cfg, err := decodeConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errImageType, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, errImageTooBig
	}
	img, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errImageType, err)
	}
	m := &store.Media{Name: name, MIME: mime, Width: cfg.Width, Height: cfg.Height, Size: int64(len(data))}
	m.Variants = append(m.Variants, store.MediaVariant{Name: "orig", MIME: mime, Width: cfg.Width, Height: cfg.Height, Data: data})
	for _, w := range VariantWidths {
		if w >= cfg.Width {
			continue
		}
		v, err := resize(img, w, mime)
		if err != nil {
			return nil, err
		}
		m.Variants = append(m.Variants, *v)
	}
	return m, nil
}

func resize(src image.Image, width int, mime string) (*store.MediaVariant, error) {
	b := src.Bounds()
	height := max(1, b.Dy()*width/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	v := &store.MediaVariant{Name: strconv.Itoa(width), Width: width, Height: height}
	if mime == "image/jpeg" || mime == "image/webp" {
		v.MIME = "image/jpeg"
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
			return nil, fmt.Errorf("admin: encode variant: %w", err)
		}
	} else {
		v.MIME = "image/png"
		if err := png.Encode(&buf, dst); err != nil {
			return nil, fmt.Errorf("admin: encode variant: %w", err)
		}
	}
	v.Data = buf.Bytes()
	return v, nil
}
