package wxr

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// num parses an integer field, noting a bad value.
func (d *Decoder) num(k, v string) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		d.fieldErrs = append(d.fieldErrs, fmt.Sprintf("%s: %q is not a number", k, v))
	}
	return n
}

// date parses a GMT date field, noting a bad value.
func (d *Decoder) date(k, v string) time.Time {
	t, err := ParseDate(v)
	if err != nil {
		d.fieldErrs = append(d.fieldErrs, fmt.Sprintf("%s: %q is not a date", k, strings.TrimSpace(v)))
	}
	return t
}

func (d *Decoder) author() (*Author, error) {
	a := &Author{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:author_id":
			a.ID = d.num(k, v)
		case "wp:author_login":
			a.Login = strings.TrimSpace(v)
		case "wp:author_email":
			a.Email = strings.TrimSpace(v)
		case "wp:author_display_name":
			a.DisplayName = v
		case "wp:author_first_name":
			a.FirstName = v
		case "wp:author_last_name":
			a.LastName = v
		}
	}, nil)
	return a, err
}

// meta returns a nested handler that appends a <wp:*meta> pair to *list.
func (d *Decoder) meta(list *[]Meta) func(xml.StartElement) error {
	return func(xml.StartElement) error {
		var m Meta
		err := d.fields(func(k, v string) {
			switch k {
			case "wp:meta_key":
				m.Key = v
			case "wp:meta_value":
				m.Value = v
			}
		}, nil)
		if m.Key != "" && !d.overflow {
			*list = append(*list, m)
		}
		return err
	}
}

func (d *Decoder) category() (*Category, error) {
	c := &Category{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			c.TermID = d.num(k, v)
		case "wp:category_nicename":
			c.Slug = strings.TrimSpace(v)
		case "wp:category_parent":
			c.Parent = strings.TrimSpace(v)
		case "wp:cat_name":
			c.Name = v
		case "wp:category_description":
			c.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&c.Meta)})
	return c, err
}

func (d *Decoder) tag() (*Tag, error) {
	t := &Tag{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			t.TermID = d.num(k, v)
		case "wp:tag_slug":
			t.Slug = strings.TrimSpace(v)
		case "wp:tag_name":
			t.Name = v
		case "wp:tag_description":
			t.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&t.Meta)})
	return t, err
}

func (d *Decoder) term() (*Term, error) {
	t := &Term{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			t.TermID = d.num(k, v)
		case "wp:term_taxonomy":
			t.Taxonomy = strings.TrimSpace(v)
		case "wp:term_slug":
			t.Slug = strings.TrimSpace(v)
		case "wp:term_parent":
			t.Parent = strings.TrimSpace(v)
		case "wp:term_name":
			t.Name = v
		case "wp:term_description":
			t.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&t.Meta)})
	return t, err
}

func (d *Decoder) item() (*Item, error) {
	it := &Item{}
	nested := map[string]func(xml.StartElement) error{
		"wp:postmeta": d.meta(&it.Meta),
		"wp:comment": func(xml.StartElement) error {
			c, err := d.comment()
			if err == nil && !d.overflow {
				it.Comments = append(it.Comments, c)
			}
			return err
		},
		"category": func(t xml.StartElement) error {
			ref := TermRef{Domain: "category"}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "domain":
					ref.Domain = a.Value
				case "nicename":
					ref.Slug = a.Value
				}
			}
			name, err := d.text("category")
			ref.Name = name
			if ref.Slug != "" || strings.TrimSpace(name) != "" {
				it.Terms = append(it.Terms, ref)
			}
			return err
		},
	}
	err := d.fields(func(k, v string) { d.itemField(it, k, v) }, nested)
	return it, err
}

func (d *Decoder) itemField(it *Item, k, v string) {
	switch k {
	case "title":
		it.Title = v
	case "link":
		it.Link = strings.TrimSpace(v)
	case "pubDate":
		it.PubDate = rfc822(v)
	case "dc:creator":
		it.Creator = strings.TrimSpace(v)
	case "guid":
		it.GUID = strings.TrimSpace(v)
	case "description":
		it.Description = v
	case "content:encoded":
		it.Content = v
	case "excerpt:encoded":
		it.Excerpt = v
	case "wp:post_id":
		it.PostID = d.num(k, v)
	case "wp:post_date":
		it.PostDateLocal = strings.TrimSpace(v)
	case "wp:post_date_gmt":
		it.PostDate = d.date(k, v)
	case "wp:post_modified_gmt":
		it.Modified = d.date(k, v)
	case "wp:comment_status":
		it.CommentStatus = strings.TrimSpace(v)
	case "wp:ping_status":
		it.PingStatus = strings.TrimSpace(v)
	case "wp:post_name":
		it.Name = strings.TrimSpace(v)
	case "wp:status":
		it.Status = strings.TrimSpace(v)
	case "wp:post_parent":
		it.Parent = d.num(k, v)
	case "wp:menu_order":
		it.MenuOrder = int(d.num(k, v))
	case "wp:post_type":
		it.Type = strings.TrimSpace(v)
	case "wp:post_password":
		it.Password = v
	case "wp:is_sticky":
		it.Sticky = strings.TrimSpace(v) == "1"
	case "wp:attachment_url":
		it.AttachmentURL = strings.TrimSpace(v)
	}
}

func (d *Decoder) comment() (Comment, error) {
	var c Comment
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:comment_id":
			c.ID = d.num(k, v)
		case "wp:comment_author":
			c.Author = v
		case "wp:comment_author_email":
			c.AuthorEmail = strings.TrimSpace(v)
		case "wp:comment_author_url":
			c.AuthorURL = strings.TrimSpace(v)
		case "wp:comment_author_IP":
			c.AuthorIP = strings.TrimSpace(v)
		case "wp:comment_date":
			c.DateLocal = strings.TrimSpace(v)
		case "wp:comment_date_gmt":
			c.Date = d.date(k, v)
		case "wp:comment_content":
			c.Content = v
		case "wp:comment_approved":
			c.Approved = strings.TrimSpace(v)
		case "wp:comment_type":
			c.Type = strings.TrimSpace(v)
		case "wp:comment_parent":
			c.Parent = d.num(k, v)
		case "wp:comment_user_id":
			c.UserID = d.num(k, v)
		}
	}, map[string]func(xml.StartElement) error{"wp:commentmeta": d.meta(&c.Meta)})
	return c, err
}
