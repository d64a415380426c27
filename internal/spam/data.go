package spam

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Example is one labeled comment, for training and evaluation.
type Example struct {
	Spam    bool
	Comment Comment
}

// ReadExamples reads labeled comments from CSV with a header naming at
// least the columns label and content, and optionally author, email and url,
// in any order. label is "spam" or "ham". Errors name the line.
func ReadExamples(r io.Reader) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("spam: read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["label"]; !ok {
		return nil, errors.New("spam: header has no label column")
	}
	if _, ok := col["content"]; !ok {
		return nil, errors.New("spam: header has no content column")
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("spam: read examples: %w", err)
		}
		line, _ := cr.FieldPos(0)
		var isSpam bool
		switch l := strings.ToLower(strings.TrimSpace(get(rec, "label"))); l {
		case "spam", "1":
			isSpam = true
		case "ham", "0":
		default:
			return nil, fmt.Errorf("spam: line %d: label %q is neither spam nor ham", line, l)
		}
		out = append(out, Example{Spam: isSpam, Comment: Comment{
			Content: get(rec, "content"),
			Author:  get(rec, "author"),
			Email:   get(rec, "email"),
			URL:     get(rec, "url"),
		}})
	}
}
