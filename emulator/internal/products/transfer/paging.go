package transfer

import (
	"slices"
	"strings"
	"time"
)

// Paging, as every Transfer list does it.

// paging is a list request's count (default 25) and offset (default 0).
func paging(count, offset *int) (int, int) {
	c, o := 25, 0
	if count != nil {
		c = *count
	}
	if offset != nil {
		o = *offset
	}
	return c, o
}

// byTime sorts items by at (newest first when newest), then by id, so
// that equal times keep one order.
func byTime[T any](items []T, newest bool, at func(T) time.Time, id func(T) string) {
	slices.SortFunc(items, func(x, y T) int {
		c := at(x).Compare(at(y))
		if c == 0 {
			c = strings.Compare(id(x), id(y))
		}
		if newest {
			return -c
		}
		return c
	})
}

// page renders count items from offset.
func page[T any](items []T, count, offset int, render func(T) map[string]any) []map[string]any {
	items = items[min(offset, len(items)):]
	items = items[:min(count, len(items))]
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = render(it)
	}
	return out
}
