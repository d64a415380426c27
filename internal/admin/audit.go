package admin

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kiosque/kiosque/internal/user"
)

const auditPerPage = 50

type auditData struct {
	Page
	Entries []user.AuditEntry
	PageNum int
	PrevURL string
	NextURL string
}

func (h *Handler) auditList(w http.ResponseWriter, r *http.Request) error {
	d := &auditData{Page: h.page(r, "audit")}
	d.Title = d.T("admin.nav.audit")
	d.PageNum, _ = strconv.Atoi(r.URL.Query().Get("page")) // unreadable: first page
	if d.PageNum < 1 {
		d.PageNum = 1
	}
	entries, total, err := h.store.ListAudit(r.Context(), auditPerPage, (d.PageNum-1)*auditPerPage)
	if err != nil {
		return fmt.Errorf("admin: audit log: %w", err)
	}
	d.Entries = entries
	if d.PageNum > 1 {
		d.PrevURL = fmt.Sprintf("/admin/audit/?page=%d", d.PageNum-1)
	}
	if d.PageNum*auditPerPage < total {
		d.NextURL = fmt.Sprintf("/admin/audit/?page=%d", d.PageNum+1)
	}
	return h.render(w, r, http.StatusOK, "audit", d)
}
