package spam

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
)

// linear is a logistic regression over hashed boolean features, scaled by
// 1/sqrt(number of features) so long and short comments weigh alike.
//
// Its weights come in two layers. base is trained from the shipped examples
// when the program starts and is never saved. delta holds what moderators
// taught this site (Learn); it is small, sparse, and is what State saves, so
// a new release can ship a better base without losing the site's learning.
type linear struct {
	base []float32
	bias float64

	mu      sync.RWMutex
	delta   map[uint32]float32
	learned int // moderator examples learned
}

// Training parameters, chosen on the YouTube rows (train on two videos,
// test on the third): see eval_test.go.
const (
	trainEpochs = 10
	trainRate   = 0.5
	trainDecay  = 0.8  // learning rate factor per epoch
	trainL2     = 1e-4 // weight decay per update
	learnRate   = 0.5  // step size of one moderator decision
	learnSteps  = 3    // at most this many steps per decision, while it is still wrong
)

// weighted is a training example with its features and weight.
type weighted struct {
	feats  []uint32
	spam   bool
	weight float64
}

func scale(feats []uint32) float64 { return 1 / math.Sqrt(float64(len(feats)+1)) }

// trainLinear fits a model to the examples by stochastic gradient descent,
// shuffling with a fixed seed so training is reproducible.
func trainLinear(items []weighted) *linear {
	m := &linear{base: make([]float32, 1<<featureBits), delta: map[uint32]float32{}}
	w := make([]float64, len(m.base))
	rng := newRng()
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	eta := trainRate
	for range trainEpochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			it := items[i]
			sc := scale(it.feats)
			z := m.bias
			for _, k := range it.feats {
				z += w[k] * sc
			}
			g := (target(it.spam) - sigmoid(z)) * it.weight * eta
			for _, k := range it.feats {
				w[k] += g*sc - trainL2*w[k]
			}
			m.bias += g * 0.1
		}
		eta *= trainDecay
	}
	for k, v := range w {
		m.base[k] = float32(v)
	}
	return m
}

func target(isSpam bool) float64 {
	if isSpam {
		return 1
	}
	return 0
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// logOdds returns the model's spam log-odds for the features.
func (m *linear) logOdds(feats []uint32) float64 {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.logOddsLocked(feats)
}

func (m *linear) logOddsLocked(feats []uint32) float64 {
	sc := scale(feats)
	z := m.bias
	for _, k := range feats {
		z += (float64(m.base[k]) + float64(m.delta[k])) * sc
	}
	return z
}

// learn moves the site's weights towards the moderator's label, by a few
// gradient steps while the model still disagrees.
func (m *linear) learn(feats []uint32, isSpam bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sc := scale(feats)
	for step := 0; step < learnSteps; step++ {
		p := sigmoid(m.logOddsLocked(feats) + decisionShift)
		if step > 0 && (isSpam && p > 0.8 || !isSpam && p < 0.2) {
			break
		}
		g := (target(isSpam) - p) * learnRate
		for _, k := range feats {
			m.delta[k] += float32(g * sc)
		}
	}
	m.learned++
}

// stateMagic starts a saved state; the digit is the format version.
const stateMagic = "kiosque-spam-1\n"

// state encodes the learned weights: magic, number of examples learned,
// number of weights, then each weight as (feature uvarint, float32 bits).
func (m *linear) state() []byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b := []byte(stateMagic)
	b = binary.AppendUvarint(b, uint64(m.learned))
	b = binary.AppendUvarint(b, uint64(len(m.delta)))
	for k, v := range m.delta {
		b = binary.AppendUvarint(b, uint64(k))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// restore replaces the learned weights with a saved state.
func (m *linear) restore(b []byte) error {
	if len(b) < len(stateMagic) || string(b[:len(stateMagic)]) != stateMagic {
		return errors.New("spam: restore: not a saved filter state")
	}
	b = b[len(stateMagic):]
	learned, n := binary.Uvarint(b)
	if n <= 0 {
		return errors.New("spam: restore: truncated state")
	}
	b = b[n:]
	count, n := binary.Uvarint(b)
	if n <= 0 || count > 1<<featureBits {
		return errors.New("spam: restore: bad weight count")
	}
	b = b[n:]
	delta := make(map[uint32]float32, count)
	for i := uint64(0); i < count; i++ {
		k, n := binary.Uvarint(b)
		if n <= 0 || k > featureMask || len(b) < n+4 {
			return fmt.Errorf("spam: restore: truncated at weight %d", i)
		}
		v := math.Float32frombits(binary.LittleEndian.Uint32(b[n:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("spam: restore: weight %d is not a number", i)
		}
		delta[uint32(k)] = v
		b = b[n+4:]
	}
	if len(b) != 0 {
		return errors.New("spam: restore: trailing bytes")
	}
	m.mu.Lock()
	m.delta, m.learned = delta, int(learned)
	m.mu.Unlock()
	return nil
}

func newRng() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
