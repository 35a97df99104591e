package statedb

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A bundle is many records in one value (a named snapshot of the whole
// state): "pes1", a JSON head saying what it is, then each record as
// kind, id and value, each prefixed by its length (a value's by length+1,
// 0 for none).
const bundleMagic = "pes1"

// ErrCorruptBundle is the error for bytes that are no bundle.
var ErrCorruptBundle = errors.New("corrupt snapshot record")

// EncodeBundle writes recs after a head: head is given the bundle's size
// near enough (for a head that states it) and returns the value to write
// as JSON; the exact size is the result's length.
func EncodeBundle(head func(size int) any, recs []Record) []byte {
	size := len(bundleMagic) + 256
	for _, r := range recs {
		size += len(r.Kind) + len(r.ID) + len(r.Value) + 3*binary.MaxVarintLen32
	}
	b := make([]byte, 0, size)
	b = append(b, bundleMagic...)
	h, _ := json.Marshal(head(size))
	b = binary.AppendUvarint(b, uint64(len(h)))
	b = append(b, h...)
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		b = binary.AppendUvarint(b, uint64(len(r.Kind)))
		b = append(b, r.Kind...)
		b = binary.AppendUvarint(b, uint64(len(r.ID)))
		b = append(b, r.ID...)
		if r.Value == nil {
			b = binary.AppendUvarint(b, 0)
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(r.Value))+1)
		b = append(b, r.Value...)
	}
	return b
}

// BundleHead decodes a bundle's head into head and returns the rest.
func BundleHead(b []byte, head any) ([]byte, error) {
	if !strings.HasPrefix(string(b[:min(len(b), len(bundleMagic))]), bundleMagic) {
		return nil, ErrCorruptBundle
	}
	b = b[len(bundleMagic):]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, ErrCorruptBundle
	}
	if err := json.Unmarshal(b[k:k+int(n)], head); err != nil {
		return nil, ErrCorruptBundle
	}
	return b[k+int(n):], nil
}

// DecodeBundle hands each record of a bundle to fn. The values are slices
// of b, which must not change.
func DecodeBundle(b []byte, fn func(Record) error) error {
	var head json.RawMessage
	b, err := BundleHead(b, &head)
	if err != nil {
		return err
	}
	next := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, true
	}
	count, k := binary.Uvarint(b)
	if k <= 0 {
		return ErrCorruptBundle
	}
	b = b[k:]
	for range count {
		kind, ok1 := next()
		id, ok2 := next()
		n, k := binary.Uvarint(b)
		if !ok1 || !ok2 || k <= 0 || n > uint64(len(b)-k)+1 {
			return ErrCorruptBundle
		}
		var v []byte
		if n > 0 {
			v = b[k : k+int(n)-1]
			b = b[k+int(n)-1:]
		} else {
			b = b[k:]
		}
		if err := fn(Record{Kind: string(kind), ID: string(id), Value: v}); err != nil {
			return fmt.Errorf("%s record %q: %w", kind, id, err)
		}
	}
	return nil
}

// DecodeBundleParallel is DecodeBundle with fn (safe for concurrent use)
// run on every processor (Parallel): decoding is most of a restore's time.
func DecodeBundleParallel(b []byte, fn func(Record) error) error {
	return Parallel(func(yield func(Record) bool) error {
		return DecodeBundle(b, func(r Record) error {
			if !yield(r) {
				return errStopped
			}
			return nil
		})
	}, func(r Record) error {
		if err := fn(r); err != nil {
			return fmt.Errorf("%s record %q: %w", r.Kind, r.ID, err)
		}
		return nil
	})
}

// errStopped ends decoding once a record has failed.
var errStopped = errors.New("stopped after an earlier record failed")
