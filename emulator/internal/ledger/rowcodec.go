package ledger

import (
	"encoding/binary"
	"errors"
	"math"
)

// txnSize is a packed row: id, pending id, currency, flags, amount and six int32s.
const txnSize = 37 + 37 + 3 + 1 + 8 + 6*4

// PackRows encodes rows in a fixed-size binary form (for --state).
func PackRows(rows []Row) []byte {
	b := make([]byte, 0, len(rows)*txnSize)
	for _, t := range rows {
		b = append(b, t.ID[:]...)
		b = append(b, t.PendingID[:]...)
		b = append(b, t.Currency[:]...)
		var flags byte
		if t.Pending {
			flags |= 1
		}
		if t.Removed {
			flags |= 2
		}
		b = append(b, flags)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t.Amount))
		for _, v := range [...]int32{t.Name, t.Account, t.Merchant, t.Date, t.AuthDate, t.PostOn} {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

// UnpackRows decodes what PackRows wrote.
func UnpackRows(b []byte) ([]Row, error) {
	if len(b)%txnSize != 0 {
		return nil, errors.New("transaction rows are truncated")
	}
	rows := make([]Row, len(b)/txnSize)
	for i := range rows {
		p := b[i*txnSize:]
		t := &rows[i]
		copy(t.ID[:], p[0:37])
		copy(t.PendingID[:], p[37:74])
		copy(t.Currency[:], p[74:77])
		t.Pending, t.Removed = p[77]&1 != 0, p[77]&2 != 0
		t.Amount = math.Float64frombits(binary.LittleEndian.Uint64(p[78:86]))
		ints := [6]*int32{&t.Name, &t.Account, &t.Merchant, &t.Date, &t.AuthDate, &t.PostOn}
		for j, dst := range ints {
			*dst = int32(binary.LittleEndian.Uint32(p[86+4*j:]))
		}
	}
	return rows, nil
}
