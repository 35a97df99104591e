package product

import (
	"fmt"
	"strconv"
)

// Cents parses a money amount as Plaid's payment products send it
// ("10.00") to cents; ok is false unless it is a positive decimal with at
// most two places.
func Cents(s string) (int64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 1e13 {
		return 0, false
	}
	for i, c := range s {
		if c == '.' && len(s)-i-1 > 2 {
			return 0, false
		}
		if (c < '0' || c > '9') && c != '.' {
			return 0, false
		}
	}
	return int64(f*100 + 0.5), true
}

// Money writes cents as Plaid's payment products answer amounts: "-1.50".
func Money(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
