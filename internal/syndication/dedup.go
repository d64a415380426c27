package syndication

import (
	"hash/fnv"
	"math/bits"
	"strings"
	"unicode"
)

// Fingerprint is a 64-bit SimHash of a text's word trigrams: two texts
// that say nearly the same thing (an agency story and its lightly edited
// copy) have fingerprints a few bits apart. Texts of fewer than 8 words
// get 0, which never matches.
func Fingerprint(text string) uint64 {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) < 8 {
		return 0
	}
	var v [64]int
	h := fnv.New64a()
	for i := 0; i+3 <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+3] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		for b := 0; b < 64; b++ {
			if x&(1<<b) != 0 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var fp uint64
	for b := 0; b < 64; b++ {
		if v[b] > 0 {
			fp |= 1 << b
		}
	}
	if fp == 0 {
		fp = 1 // 0 means "no fingerprint"
	}
	return fp
}

// NearDuplicateBits is the largest Hamming distance between two
// fingerprints of texts considered the same story.
const NearDuplicateBits = 6

// NearDuplicate reports whether fp is within NearDuplicateBits of one of
// the known fingerprints. A zero fingerprint matches nothing.
func NearDuplicate(fp uint64, known []uint64) bool {
	if fp == 0 {
		return false
	}
	for _, k := range known {
		if k != 0 && bits.OnesCount64(fp^k) <= NearDuplicateBits {
			return true
		}
	}
	return false
}
