package monitor

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Matching a screening's terms with a watchlist entry: names are folded
// (accents stripped, case and punctuation dropped, word order and legal
// forms such as Inc or Company ignored)
// and compared as the program's name sensitivity allows; a date of birth
// both sides give must agree (a year alone matches any day of it).

// fold is a name as its sorted words, folded.
func fold(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(' ')
		}
	}
	words := strings.Fields(b.String())
	kept := words[:0]
	for _, w := range words {
		if !legalForms[w] {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 {
		words = kept
	}
	sortWords(words)
	return words
}

// legalForms are words of a company's legal form, which matching ignores.
var legalForms = map[string]bool{"co": true, "company": true, "inc": true, "incorporated": true, "corp": true, "corporation": true,
	"llc": true, "ltd": true, "limited": true, "plc": true, "gmbh": true, "sa": true, "the": true}

func sortWords(w []string) {
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && w[j] < w[j-1]; j-- {
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
}

// distance is the Levenshtein distance of a and b (runes), stopping past limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nameMatch compares folded names under a sensitivity: match,
// partial_match (close enough to hit) or no_match.
func nameMatch(terms, entry []string, sensitivity string) string {
	a, b := strings.Join(terms, " "), strings.Join(entry, " ")
	if a == b {
		return "match"
	}
	if sensitivity == "exact" || a == "" || b == "" {
		return "no_match"
	}
	allow := map[string]int{"strict": 1, "balanced": 2, "coarse": 4}[sensitivity]
	if distance(a, b, allow) <= allow {
		return "partial_match"
	}
	if sensitivity != "strict" {
		// every word of the shorter name in the longer one (a middle name left out)
		short, long := terms, entry
		if len(short) > len(long) {
			short, long = long, short
		}
		in := 0
		for _, w := range short {
			for _, x := range long {
				if w == x || sensitivity == "coarse" && distance(w, x, 1) <= 1 {
					in++
					break
				}
			}
		}
		if len(short) >= 2 && in == len(short) {
			return "partial_match"
		}
	}
	return "no_match"
}

// dobMatch compares a date of birth searched (YYYY-MM-DD) with an entry's.
func dobMatch(searched, entry string) string {
	switch {
	case searched == "":
		return "no_input"
	case entry == "":
		return "no_data"
	case searched == entry:
		return "match"
	case len(entry) == 4 && strings.HasPrefix(searched, entry):
		return "partial_match"
	}
	return "no_match"
}

// hit is what a screening's terms and an entry share, or nil when they
// do not hit (the name does not match, or both give birth dates that differ).
type hitAnalysis struct {
	names, dob, docs, locations string
	primary                     int // which of the entry's names matched
}

func analyse(t Terms, e *fixtures.WatchlistEntry, sensitivity string) *hitAnalysis {
	terms := fold(t.LegalName)
	best, at := "no_match", 0
	for i, n := range e.Names {
		if m := nameMatch(terms, fold(n), sensitivity); m == "match" || m == "partial_match" && best == "no_match" {
			best, at = m, i
		}
	}
	if best == "no_match" {
		return nil
	}
	h := &hitAnalysis{names: best, dob: dobMatch(t.DOB, e.DateOfBirth), primary: at, docs: "no_input", locations: "no_input"}
	if h.dob == "no_match" {
		return nil
	}
	if t.Document != "" {
		h.docs = "no_data"
		for _, d := range e.Documents {
			if _, num, _ := strings.Cut(d, ":"); strings.EqualFold(strings.ReplaceAll(num, " ", ""), strings.ReplaceAll(t.Document, " ", "")) {
				h.docs = "match"
			} else if h.docs == "no_data" {
				h.docs = "no_match"
			}
		}
	}
	if t.Country != "" {
		h.locations = "no_data"
		if e.Country != "" {
			h.locations = map[bool]string{true: "match", false: "no_match"}[strings.EqualFold(t.Country, e.Country)]
		}
	}
	return h
}
