package ledger

import "math/rand/v2"

// RowIDs makes an Item's transaction ids. The n-th id is derived from n and
// the key in force when it was made, so the --state codec keeps n (a byte
// or two) rather than the id (37 characters). A key comes from the
// emulator's id source, so ids differ per run as every other id does, and
// Rekey after a restart keeps ids made from then on from repeating any
// made before, whatever the saved state held.
type RowIDs struct {
	Epochs []IDEpoch
	Next   uint32 // n of the next id
}

// IDEpoch is a key and the first n it makes.
type IDEpoch struct {
	From   uint32
	K0, K1 uint64
}

// Rekey makes the ids from the next one on with a new key.
func (r *RowIDs) Rekey(k0, k1 uint64) {
	if n := len(r.Epochs); n > 0 && r.Epochs[n-1].From == r.Next {
		r.Epochs[n-1] = IDEpoch{r.Next, k0, k1}
		return
	}
	r.Epochs = append(r.Epochs, IDEpoch{r.Next, k0, k1})
}

// New is the next id and its n.
func (r *RowIDs) New() (RowID, uint32) {
	n := r.Next
	r.Next++
	return r.At(n), n
}

// At is the n-th id.
func (r *RowIDs) At(n uint32) RowID {
	var e IDEpoch
	for _, x := range r.Epochs {
		if x.From > n {
			break
		}
		e = x
	}
	var p rand.PCG
	p.Seed(e.K0^uint64(n)*0x9e3779b97f4a7c15, e.K1+uint64(n))
	var id RowID
	var v uint64
	bits := 0
	for i := range id {
		if bits < 6 {
			v, bits = p.Uint64(), 64
		}
		id[i] = IDAlphabet[(v&63)%uint64(len(IDAlphabet))]
		v >>= 6
		bits -= 6
	}
	return id
}
