package syndication

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Settings keys of the translation provider. Both empty (the default)
// means machine translation is off.
const (
	SettingTranslateURL = "translate.url"
	SettingTranslateKey = "translate.api_key"
)

// ErrNoTranslator means a source asks for translation but no provider is
// configured: its items are not imported until one is (see
// SettingTranslateURL), rather than published untranslated.
var ErrNoTranslator = errors.New("machine translation is off: set translate.url in the settings to a LibreTranslate-compatible service")

// Translator translates HTML from one language to another.
type Translator interface {
	Translate(ctx context.Context, html, from, to string) (string, error)
}

// LibreTranslate calls a service speaking LibreTranslate's HTTP API
// (POST /translate with q, source, target, format and api_key).
type LibreTranslate struct {
	URL    string // base URL, e.g. https://translate.example.org
	Key    string // api_key; may be empty
	Client *http.Client
}

// TranslatorFromSettings returns the configured provider, or nil when
// none is (translation off).
func TranslatorFromSettings(kv map[string]string, client *http.Client) Translator {
	u := strings.TrimSpace(kv[SettingTranslateURL])
	if u == "" {
		return nil
	}
	return &LibreTranslate{URL: strings.TrimRight(u, "/"), Key: kv[SettingTranslateKey], Client: client}
}

// Translate implements Translator.
func (lt *LibreTranslate) Translate(ctx context.Context, html, from, to string) (string, error) {
	if strings.TrimSpace(html) == "" {
		return html, nil
	}
	body, err := json.Marshal(map[string]string{"q": html, "source": from, "target": to, "format": "html", "api_key": lt.Key})
	if err != nil {
		return "", err
	}
	client := lt.Client
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lt.URL+"/translate", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("translate: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("translate: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		TranslatedText string `json:"translatedText"`
		Error          string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&out); err != nil {
		return "", fmt.Errorf("translate: HTTP %d, unreadable answer: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || out.Error != "" {
		return "", fmt.Errorf("translate: HTTP %d: %s", resp.StatusCode, out.Error)
	}
	return out.TranslatedText, nil
}
