package ledger

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// An Item's transactions as one compact record (for the --state database):
// about 12 bytes a row. A row's id is stored as its n (RowIDs derives the
// id), amounts in cents when that is exact, days as small differences; the
// per-account log positions are not stored, being derived from the log.

const stateCodecVersion = 2

// Row flags in the encoding.
const (
	rfPending = 1 << iota
	rfRemoved
	rfPendingID
	rfCurrency
	rfRawAmount
	rfRawID
	rfPostOn
	rfRawPending
)

// EncodeState encodes ts.
func EncodeState(ts *State) []byte {
	b := make([]byte, 0, 64+len(ts.Rows)*42+len(ts.Staged)*42+len(ts.Log)*2)
	b = append(b, stateCodecVersion)
	b = appendString(b, ts.Status)
	b = binary.AppendVarint(b, int64(ts.Days))
	b = appendBool(b, ts.SyncCalled)
	b = appendString(b, ts.Kind)
	b = appendTime(b, ts.LastUpdate)
	b = binary.AppendVarint(b, int64(ts.Rounds))
	b = appendString(b, ts.RecurringSig)
	b = binary.AppendUvarint(b, uint64(ts.IDs.Next))
	b = binary.AppendUvarint(b, uint64(len(ts.IDs.Epochs)))
	for _, e := range ts.IDs.Epochs {
		b = binary.AppendUvarint(b, uint64(e.From))
		b = binary.LittleEndian.AppendUint64(b, e.K0)
		b = binary.LittleEndian.AppendUint64(b, e.K1)
	}
	b = binary.AppendUvarint(b, uint64(len(ts.AcctLog)))
	b = binary.AppendUvarint(b, uint64(len(ts.Names)))
	for _, n := range ts.Names {
		b = appendString(b, n)
	}
	b = appendRows(b, &ts.IDs, ts.Rows)
	b = appendRows(b, &ts.IDs, ts.Staged)
	b = binary.AppendUvarint(b, uint64(len(ts.Log)))
	prev := int64(0)
	for _, e := range ts.Log {
		b = binary.AppendVarint(b, int64(e)-prev)
		prev = int64(e)
	}
	return b
}

// DecodeState decodes what EncodeState wrote.
func DecodeState(data []byte) (*State, error) {
	d := decoder{b: data}
	if d.byte() != stateCodecVersion {
		return nil, errors.New("transactions record: unknown version")
	}
	ts := &State{Status: d.string(), Days: int(d.varint()), SyncCalled: d.byte() != 0, Kind: d.string(),
		LastUpdate: d.time(), Rounds: int(d.varint()), RecurringSig: d.string()}
	ts.IDs.Next = uint32(d.uvarint(1<<32 - 1))
	if n := d.count(); n > 0 {
		ts.IDs.Epochs = make([]IDEpoch, n)
		for i := range ts.IDs.Epochs {
			e := &ts.IDs.Epochs[i]
			e.From = uint32(d.uvarint(1<<32 - 1))
			e.K0 = binary.LittleEndian.Uint64(d.take(8))
			e.K1 = binary.LittleEndian.Uint64(d.take(8))
		}
	}
	nAcct := int(d.uvarint(1 << 16))
	if n := d.count(); n > 0 {
		ts.Names = make([]string, n)
		for i := range ts.Names {
			ts.Names[i] = d.string()
		}
	}
	ts.Rows = d.rows(&ts.IDs)
	ts.Staged = d.rows(&ts.IDs)
	if n := d.count(); n > 0 {
		ts.Log = make([]uint32, n)
		prev := int64(0)
		for i := range ts.Log {
			prev += d.varint()
			ts.Log[i] = uint32(prev)
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	ts.AcctLog = make([][]uint32, nAcct)
	for pos, e := range ts.Log {
		idx := int(e >> 2)
		if idx >= len(ts.Rows) {
			return nil, errors.New("transactions record: the log names a missing row")
		}
		a := ts.Rows[idx].Account
		if a < 0 || int(a) >= nAcct {
			return nil, errors.New("transactions record: a row names a missing account")
		}
		ts.AcctLog[a] = append(ts.AcctLog[a], uint32(pos))
	}
	return ts, nil
}

func appendRows(b []byte, ids *RowIDs, rows []Row) []byte {
	b = binary.AppendUvarint(b, uint64(len(rows)))
	prevDate, prevN := int32(0), int64(0)
	for _, t := range rows {
		var flags byte
		if t.Pending {
			flags |= rfPending
		}
		if t.Removed {
			flags |= rfRemoved
		}
		if t.PendingID != (RowID{}) {
			flags |= rfPendingID
		}
		if t.Currency != ([3]byte{}) {
			flags |= rfCurrency
		}
		cents, exact := centsOf(t.Amount)
		if !exact {
			flags |= rfRawAmount
		}
		derived := ids.At(t.N) == t.ID
		if !derived {
			flags |= rfRawID
		}
		if t.PendingID != (RowID{}) && (t.PendingN == 0 || ids.At(t.PendingN-1) != t.PendingID) {
			flags |= rfRawPending
		}
		if t.PostOn != 0 {
			flags |= rfPostOn
		}
		b = append(b, flags)
		b = binary.AppendVarint(b, int64(t.N)-prevN)
		prevN = int64(t.N)
		if !derived { // not made by ids: kept as it is
			b = append(b, t.ID[:]...)
		}
		if flags&rfPendingID != 0 {
			b = binary.AppendUvarint(b, uint64(t.PendingN))
			if flags&rfRawPending != 0 {
				b = append(b, t.PendingID[:]...)
			}
		}
		if flags&rfCurrency != 0 {
			b = append(b, t.Currency[:]...)
		}
		if exact {
			b = binary.AppendVarint(b, cents)
		} else {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t.Amount))
		}
		b = binary.AppendVarint(b, int64(t.Name))
		b = binary.AppendVarint(b, int64(t.Account))
		b = binary.AppendVarint(b, int64(t.Merchant))
		b = binary.AppendVarint(b, int64(t.Date)-int64(prevDate))
		b = binary.AppendVarint(b, int64(t.AuthDate)-int64(t.Date))
		if t.PostOn != 0 {
			b = binary.AppendVarint(b, int64(t.PostOn)-int64(t.Date))
		}
		prevDate = t.Date
	}
	return b
}

func (d *decoder) rows(ids *RowIDs) []Row {
	n := d.count()
	if n == 0 || d.err != nil {
		return nil
	}
	rows := make([]Row, n)
	prevDate, prevN := int32(0), int64(0)
	for i := range rows {
		t := &rows[i]
		flags := d.byte()
		t.Pending, t.Removed = flags&rfPending != 0, flags&rfRemoved != 0
		prevN += d.varint()
		t.N = uint32(prevN)
		if flags&rfRawID != 0 {
			copy(t.ID[:], d.take(len(t.ID)))
		} else {
			t.ID = ids.At(t.N)
		}
		if flags&rfPendingID != 0 {
			t.PendingN = uint32(d.uvarint(1<<32 - 1))
			if flags&rfRawPending != 0 {
				copy(t.PendingID[:], d.take(len(t.PendingID)))
			} else {
				t.PendingID = ids.At(t.PendingN - 1)
			}
		}
		if flags&rfCurrency != 0 {
			copy(t.Currency[:], d.take(3))
		}
		if flags&rfRawAmount != 0 {
			t.Amount = math.Float64frombits(binary.LittleEndian.Uint64(d.take(8)))
		} else {
			t.Amount = float64(d.varint()) / 100
		}
		t.Name, t.Account, t.Merchant = int32(d.varint()), int32(d.varint()), int32(d.varint())
		t.Date = prevDate + int32(d.varint())
		t.AuthDate = t.Date + int32(d.varint())
		if flags&rfPostOn != 0 {
			t.PostOn = t.Date + int32(d.varint())
		}
		prevDate = t.Date
		if d.err != nil {
			return nil
		}
	}
	return rows
}

// centsOf is a in cents when a decodes back from them bit for bit.
func centsOf(a float64) (int64, bool) {
	if math.IsNaN(a) || math.Abs(a) > 1e13 {
		return 0, false
	}
	c := int64(math.Round(a * 100))
	return c, math.Float64bits(float64(c)/100) == math.Float64bits(a)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendTime keeps the instant (UTC, to the nanosecond); zero stays zero.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// decoder reads what the append functions wrote; the first fault sticks.
type decoder struct {
	b   []byte
	err error
}

var errTruncated = errors.New("transactions record is truncated")

func (d *decoder) take(n int) []byte {
	if d.err != nil || n > len(d.b) {
		d.err = errTruncated
		return make([]byte, n)
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte { return d.take(1)[0] }

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errTruncated
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count is a length, bounded by what is left (each item takes a byte at least).
func (d *decoder) count() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > uint64(len(d.b)) {
		d.err = errTruncated
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// uvarint reads an unsigned value of at most limit.
func (d *decoder) uvarint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > limit {
		d.err = errTruncated
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string { return string(d.take(d.count())) }

func (d *decoder) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec := d.varint()
	ns := d.uvarint(999999999)
	return time.Unix(sec, int64(ns)).UTC()
}
