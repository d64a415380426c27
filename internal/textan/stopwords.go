package textan

import (
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// Words Snowball's lists miss but that carry no meaning in news text.
var extraStop = map[string]map[string]bool{
	"fr": set("a", "les", "ils", "elles", "cette", "cet", "comme", "aussi", "tout", "tous",
		"toute", "toutes", "dont", "où", "ou", "selon", "ainsi", "lors", "sans", "sous",
		"très", "si", "car", "donc", "alors", "leurs", "celle", "celui", "ceux", "cela",
		"ça", "ceci", "chez", "vers", "plus", "moins", "entre", "après", "avant", "depuis",
		"encore", "déjà", "quand", "être", "avoir", "fait", "peu",
		"bien", "autre", "autres", "quelle", "quel", "quels", "quelles", "y", "non", "oui",
		"ici", "là", "sont", "ont", "été", "contre", "pendant", "parce", "puis", "lequel",
		"laquelle", "lesquels", "lesquelles", "auquel", "duquel", "chaque", "même", "mêmes"),
	"en": set("also", "would", "could", "may", "might", "must", "shall", "us", "yet", "said",
		"says", "mr", "mrs", "ms", "one", "it's", "that's", "there's", "he's", "she's",
		"i'm", "we're", "they're", "can't", "won't", "don't", "doesn't", "didn't", "isn't",
		"wasn't", "aren't", "weren't", "hasn't", "haven't", "hadn't", "however", "since",
		"many", "much", "even", "still", "another", "around", "among", "within", "without"),
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// IsStop reports whether the lower-case word w is a stop word in lang. For a
// language other than fr or en, both lists apply.
func IsStop(lang, w string) bool { return isStop(lang, w) }

func isStop(lang, w string) bool {
	switch lang {
	case "fr":
		return french.IsStopWord(w) || extraStop["fr"][w]
	case "en":
		return english.IsStopWord(w) || extraStop["en"][w]
	}
	return isStop("fr", w) || isStop("en", w)
}
