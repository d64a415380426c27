package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeCSV(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSpamEval(t *testing.T) {
	test := writeCSV(t, "test.csv", "label,content,author,email,url\n"+
		"spam,\"Hey guys check out my new channel and please subscribe!!! http://youtube.com/x\",Promo,,\n"+
		"spam,WINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461.,,,\n"+
		"ham,\"Merci pour cet article très clair, je me demande ce que la France pourra négocier.\",Claire,,\n"+
		"ham,\"Thanks, a clear summary of the talks.\",Tom,,\n")
	var out, errOut bytes.Buffer
	if err := spamCmd(context.Background(), []string{"eval", test}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^precision=[0-9.]+ recall=[0-9.]+ f1=[0-9.]+ n=4$`).MatchString(last) {
		t.Fatalf("last line %q, want precision=… recall=… f1=… n=4", last)
	}
	if last != "precision=1.000 recall=1.000 f1=1.000 n=4" {
		t.Errorf("got %q on four obvious rows", last)
	}
}

func TestSpamEvalTrain(t *testing.T) {
	train := writeCSV(t, "train.csv", "label,content\n"+
		"spam,buy cheap pills now\nspam,cheap pills online now\nham,the meeting is on monday\nham,see you at the meeting\n")
	test := writeCSV(t, "test.csv", "content,label\ncheap pills,spam\nmonday meeting,ham\n")
	var out, errOut bytes.Buffer
	if err := spamCmd(context.Background(), []string{"eval", "--train", train, test}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "trained on") || !strings.HasSuffix(out.String(), "n=2\n") {
		t.Errorf("got %q", out.String())
	}
}

func TestSpamEvalErrors(t *testing.T) {
	bad := writeCSV(t, "bad.csv", "label,content\nmaybe,hello\n")
	noLabel := writeCSV(t, "nolabel.csv", "content\nhello\n")
	for name, tc := range map[string]struct {
		args      []string
		wantUsage bool
	}{
		"no subcommand":   {nil, true},
		"other command":   {[]string{"train"}, true},
		"no file":         {[]string{"eval"}, true},
		"unknown flag":    {[]string{"eval", "--nope", bad}, true},
		"missing file":    {[]string{"eval", filepath.Join(t.TempDir(), "none.csv")}, false},
		"bad label":       {[]string{"eval", bad}, false},
		"no label column": {[]string{"eval", noLabel}, false},
	} {
		var out, errOut bytes.Buffer
		err := spamCmd(context.Background(), tc.args, &out, &errOut)
		if err == nil || errors.Is(err, errUsage) != tc.wantUsage {
			t.Errorf("%s: got %v, want usage error %v", name, err, tc.wantUsage)
		}
	}
}
