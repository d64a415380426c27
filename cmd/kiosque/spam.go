package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kiosque/kiosque/internal/spam"
)

// spamCmd runs "kiosque spam SUBCOMMAND". The only subcommand is eval:
//
//	kiosque spam eval [--train TRAIN.csv] FILE.csv
//
// It judges every row of FILE.csv (header label,content[,author,email,url])
// by its text, as the filter would a comment from the API, and prints the
// confusion counts, then precision, recall, F1 and n as its last line. By
// default it uses the shipped model; --train trains a fresh one from
// TRAIN.csv instead, to measure on data the model never saw.
//
// A wrong command line prints the usage and returns errUsage; -h returns
// flag.ErrHelp.
func spamCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "eval" {
		fmt.Fprintln(stderr, "usage: kiosque spam eval [--train TRAIN.csv] FILE.csv")
		return errUsage
	}
	fs := flag.NewFlagSet("spam eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	train := fs.String("train", "", "train a fresh model from this CSV instead of using the shipped one")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kiosque spam eval [--train TRAIN.csv] FILE.csv")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // Parse has printed the problem and the usage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	test, err := readExamples(fs.Arg(0))
	if err != nil {
		return err
	}
	opts := spam.Options{}
	seen := map[string]bool{}
	if *train != "" {
		if opts.Training, err = readExamples(*train); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "model: trained on %s (%d examples)\n", *train, len(opts.Training))
		for _, e := range opts.Training {
			seen[e.Comment.Content] = true
		}
	} else {
		shipped, err := spam.ShippedExamples()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "model: shipped (%d examples)\n", len(shipped))
		for _, e := range shipped {
			seen[e.Comment.Content] = true
		}
	}
	c, err := spam.New(opts)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	overlap := 0
	for _, e := range test {
		if seen[e.Comment.Content] {
			overlap++
		}
	}
	if overlap > 0 {
		fmt.Fprintf(stdout, "note: %d of %d rows have a text the model was trained on; the numbers are optimistic\n", overlap, len(test))
	}
	m := spam.Evaluate(c, test)
	fmt.Fprintf(stdout, "spam caught=%d missed=%d (held for review %d); ham flagged=%d passed=%d (held for review %d)\n",
		m.TP, m.FN, m.HeldSpam, m.FP, m.TN, m.HeldHam)
	fmt.Fprintln(stdout, m)
	return nil
}

// cmdSpam is spamCmd with the signature of the commands table in run.go:
// register it there as {"spam", "evaluate the spam filter on a labeled CSV", cmdSpam}.
func cmdSpam(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	return spamCmd(ctx, args, stdout, stderr)
}

func readExamples(path string) ([]spam.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("spam eval: %w", err)
	}
	defer f.Close()
	ex, err := spam.ReadExamples(f)
	if err != nil {
		return nil, fmt.Errorf("spam eval: %s: %w", path, err)
	}
	if len(ex) == 0 {
		return nil, fmt.Errorf("spam eval: %s: no examples", path)
	}
	return ex, nil
}
