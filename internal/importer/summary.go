// Package importer brings content into Kiosque from elsewhere: WordPress
// exports (WXR) and, through package syndication, RSS and Atom feeds. Each
// article is stored whole or not at all; a bad entry becomes one line in the
// Summary and the rest goes on. Imports are idempotent: an article carries
// the external id of what it came from ("wp:123"), and running the same
// import again changes nothing.
package importer

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Summary counts what an import did and lists what it could not do, one
// line per problem. Lines are in English for the operator's terminal.
type Summary struct {
	Authors    int // author profiles created
	Categories int // categories created
	Tags       int // tags created
	Articles   int // articles created (posts and pages)
	Existing   int // articles already imported by an earlier run, left as they were
	Comments   int // comments stored
	Redirects  int // old URLs stored
	// Skipped counts entries deliberately left out, by reason
	// ("private post", "nav_menu_item").
	Skipped map[string]int
	// Problems are entries that could not be imported, one line each.
	Problems []string
	// Warnings are things imported in a degraded way, one line each.
	Warnings []string
}

func (s *Summary) skip(reason string) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason]++
}

func (s *Summary) problem(format string, args ...any) {
	s.Problems = append(s.Problems, fmt.Sprintf(format, args...))
}

func (s *Summary) warn(format string, args ...any) {
	s.Warnings = append(s.Warnings, fmt.Sprintf(format, args...))
}

// Line is the one-line result printed at the end of an import.
func (s *Summary) Line() string {
	skipped := 0
	for _, n := range s.Skipped {
		skipped += n
	}
	return fmt.Sprintf("imported %d articles (%d already there), %d comments, %d authors, %d categories, %d tags, %d redirects; %d skipped, %d problems, %d warnings",
		s.Articles, s.Existing, s.Comments, s.Authors, s.Categories, s.Tags, s.Redirects, skipped, len(s.Problems), len(s.Warnings))
}

// Write prints the skipped reasons, warnings and problems, one per line,
// then Line.
func (s *Summary) Write(w io.Writer) error {
	var b strings.Builder
	reasons := make([]string, 0, len(s.Skipped))
	for r := range s.Skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(&b, "skipped: %d × %s\n", s.Skipped[r], r)
	}
	for _, l := range s.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", l)
	}
	for _, l := range s.Problems {
		fmt.Fprintf(&b, "problem: %s\n", l)
	}
	b.WriteString(s.Line() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}
