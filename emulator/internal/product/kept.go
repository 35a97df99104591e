package product

import (
	"iter"
	"slices"
)

// Kept is a module's record of objects by id, oldest first, holding at
// most a bound of them per client (the oldest go first): Identity
// Verification's sessions, Monitor's screenings. Its JSON is the record
// --state keeps. Callers hold their module's lock.
type Kept[T Owned] struct {
	ByID  map[string]T
	Order []string       // ids, oldest first
	count map[string]int // each client's entries (derived; nil: to count again)
}

// Owned is what Kept holds: an object with an id and a client.
type Owned interface{ Owner() (id, clientID string) }

// Fill makes an empty or restored record ready.
func (k *Kept[T]) Fill() {
	if k.ByID == nil {
		k.ByID = map[string]T{}
	}
	k.count = nil
}

// Add keeps v as the newest, dropping its client's oldest beyond max.
func (k *Kept[T]) Add(v T, max int) {
	id, client := v.Owner()
	k.counted()
	k.ByID[id] = v
	k.Order = append(k.Order, id)
	if k.count[client]++; k.count[client] <= max {
		return
	}
	for i, old := range k.Order {
		if o, ok := k.ByID[old]; ok {
			if _, c := o.Owner(); c == client {
				delete(k.ByID, old)
				k.Order = slices.Delete(k.Order, i, i+1)
				k.count[client]--
				return
			}
		}
	}
}

// counted counts each client's entries when they are not counted.
func (k *Kept[T]) counted() {
	if k.ByID == nil {
		k.ByID = map[string]T{}
	}
	if k.count != nil {
		return
	}
	k.count = map[string]int{}
	for _, v := range k.ByID {
		_, c := v.Owner()
		k.count[c]++
	}
}

// Forget removes one client's entries.
func (k *Kept[T]) Forget(clientID string) {
	k.Order = slices.DeleteFunc(k.Order, func(id string) bool {
		v, ok := k.ByID[id]
		if !ok {
			return true
		}
		if _, c := v.Owner(); c == clientID {
			delete(k.ByID, id)
			return true
		}
		return false
	})
	k.count = nil
}

// Newest is every entry, newest first.
func (k *Kept[T]) Newest() iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, id := range slices.Backward(k.Order) {
			if v, ok := k.ByID[id]; ok && !yield(v) {
				return
			}
		}
	}
}
