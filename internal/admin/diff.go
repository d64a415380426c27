package admin

import (
	"fmt"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
)

// diffOp is one line of a line diff.
type diffOp struct {
	Kind string // "same", "add", "del"
	Text string
}

// maxDiffCells bounds the LCS table (lines × lines); past it the diff shows
// the whole old text removed and the new one added, which is still correct.
const maxDiffCells = 4_000_000

// lineDiff returns the edit script turning a into b, line by line, based on
// a longest common subsequence. Common leading and trailing lines are
// trimmed first, so the table stays small for typical edits.
func lineDiff(a, b []string) []diffOp {
	var head, tail []diffOp
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		head = append(head, diffOp{"same", a[0]})
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		tail = append([]diffOp{{"same", a[len(a)-1]}}, tail...)
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	var mid []diffOp
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, l := range a {
			mid = append(mid, diffOp{"del", l})
		}
		for _, l := range b {
			mid = append(mid, diffOp{"add", l})
		}
	} else {
		mid = lcsDiff(a, b)
	}
	return append(append(head, mid...), tail...)
}

func lcsDiff(a, b []string) []diffOp {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var out []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, diffOp{"same", a[i]})
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			out = append(out, diffOp{"del", a[i]})
			i++
		default:
			out = append(out, diffOp{"add", b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffOp{"del", a[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffOp{"add", b[j]})
	}
	return out
}

// revisionText lays an article out as lines for comparison: the fields an
// editor changes, then the body. Labels come from the catalog via label.
func revisionText(a *article.Article, label func(string, ...any) string) []string {
	lines := []string{
		label("admin.field.title") + ": " + a.Title,
		label("admin.field.slug") + ": " + a.Slug,
		label("admin.field.lead") + ": " + a.Lead,
		label("admin.field.lang") + ": " + a.Lang,
	}
	if a.Category != nil {
		lines = append(lines, label("admin.field.category")+": "+a.Category.Name)
	}
	var tags, authors []string
	for _, t := range a.Tags {
		tags = append(tags, t.Name)
	}
	for _, au := range a.Authors {
		authors = append(authors, au.Name)
	}
	lines = append(lines,
		label("admin.field.tags")+": "+strings.Join(tags, ", "),
		label("admin.field.authors")+": "+strings.Join(authors, ", "),
		label("admin.field.image_url")+": "+a.Image.URL,
		fmt.Sprintf("%s: %s", label("admin.field.source_name"), a.Source.Name),
		"",
	)
	return append(lines, strings.Split(strings.ReplaceAll(a.Body, "\r\n", "\n"), "\n")...)
}
