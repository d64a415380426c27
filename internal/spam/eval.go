package spam

import "fmt"

// Metrics are the counts of an evaluation and the measures drawn from them.
type Metrics struct {
	TP, FP, TN, FN int
	// HeldSpam and HeldHam count the examples not called spam but held for
	// a moderator (Decision.Review): missed spam that still stays unseen,
	// and ham that waits.
	HeldSpam, HeldHam int
}

// Add counts one verdict against the truth.
func (m *Metrics) Add(predicted, actual bool) {
	switch {
	case predicted && actual:
		m.TP++
	case predicted:
		m.FP++
	case actual:
		m.FN++
	default:
		m.TN++
	}
}

// N is the number of examples counted.
func (m Metrics) N() int { return m.TP + m.FP + m.TN + m.FN }

// Precision is the share of comments called spam that were spam (1 when
// nothing was called spam).
func (m Metrics) Precision() float64 { return ratio(m.TP, m.TP+m.FP) }

// Recall is the share of spam that was caught (1 when there was no spam).
func (m Metrics) Recall() float64 { return ratio(m.TP, m.TP+m.FN) }

// F1 is the harmonic mean of precision and recall.
func (m Metrics) F1() float64 {
	p, r := m.Precision(), m.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// String is the line "kiosque spam eval" ends with:
// precision=0.982 recall=0.931 f1=0.956 n=370.
func (m Metrics) String() string {
	return fmt.Sprintf("precision=%.3f recall=%.3f f1=%.3f n=%d", m.Precision(), m.Recall(), m.F1(), m.N())
}

// Evaluate judges each example's text with CheckText and counts the
// verdicts (Spam, not Discard, is what counts as "called spam").
func Evaluate(c *Classifier, examples []Example) Metrics {
	var m Metrics
	for _, e := range examples {
		d := c.CheckText(e.Comment)
		m.Add(d.Spam, e.Spam)
		switch {
		case d.Review && e.Spam:
			m.HeldSpam++
		case d.Review:
			m.HeldHam++
		}
	}
	return m
}
