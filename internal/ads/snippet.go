package ads

import (
	"strings"

	"golang.org/x/net/html"
)

// snippetProblem reports what in a snippet would spill over the rest of the
// page it is pasted into, as a rule name ("" when nothing) and the tag at
// fault:
//   - html_open: an element left open. A <div> would swallow the page's
//     layout, a <script>, <style>, <textarea> or <title> its whole text;
//   - html_close: a closing tag for an element the snippet did not open,
//     which would close one of the page's own;
//   - html_comment: a comment left open, which hides the rest of the page;
//   - html_tag: <html>, <head>, <body> or <base>, which belong to the page.
//
// A <p>, <li>, <dt>, <dd> or <option> may be closed implicitly by its
// parent's closing tag, as HTML allows; every other element must be closed.
// Snippets stay trusted otherwise (see the package comment).
func snippetProblem(snippet string) (rule, tag string) {
	if !strings.Contains(snippet, "<") {
		return "", ""
	}
	z := html.NewTokenizer(strings.NewReader(snippet))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken: // the end: strings.Reader has no other error
			if len(open) > 0 {
				return "html_open", "<" + open[len(open)-1] + ">"
			}
			return "", ""
		case html.CommentToken:
			raw := string(z.Raw())
			closed := strings.HasSuffix(raw, ">")
			if strings.HasPrefix(raw, "<!--") {
				closed = raw == "<!-->" || raw == "<!--->" || strings.HasSuffix(raw, "-->") || strings.HasSuffix(raw, "--!>")
			}
			if !closed {
				return "html_comment", ""
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if pageTags[n] {
				return "html_tag", "<" + n + ">"
			}
			if !voidElements[n] {
				open = append(open, n)
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if n := string(name); pageTags[n] {
				return "html_tag", "<" + n + ">"
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			n := string(name)
			if voidElements[n] && n != "br" {
				continue // </img> and the like are ignored by browsers
			}
			i := len(open) - 1
			for i >= 0 && open[i] != n && impliedEnd[open[i]] {
				i--
			}
			if i < 0 || open[i] != n {
				return "html_close", "</" + n + ">"
			}
			open = open[:i]
		}
	}
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
	"link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// impliedEnd are the elements whose closing tag may be left out before
// their parent's.
var impliedEnd = map[string]bool{"p": true, "li": true, "dt": true, "dd": true, "option": true}

// pageTags belong to the page, never inside a slot.
var pageTags = map[string]bool{"html": true, "head": true, "body": true, "base": true}
