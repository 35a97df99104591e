package statedb

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkWrite: commits of n exchanges' records (a token gone, one
// written) over 20,000 existing keys: the cost a commit and a record.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1, 8, 64} {
		b.Run(fmt.Sprint(n, "-exchanges"), func(b *testing.B) { benchWrite(b, n) })
	}
}

func benchWrite(b *testing.B, per int) {
	db, err := Open(filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	val := make([]byte, 100)
	var seed []Record
	for i := range 20000 {
		seed = append(seed, Record{Kind: "public_token", ID: fmt.Sprintf("public-sandbox-%08x-%d", i*2654435761, i), Value: val})
	}
	if err := db.Write(nil, seed); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		recs := make([]Record, 0, 2*per)
		for j := range per {
			k := (i*per + j) % 20000
			recs = append(recs, Record{Kind: "public_token", ID: seed[k].ID}, Record{Kind: "access_token", ID: fmt.Sprint("item", k), Value: []byte("access-sandbox-0123456789")})
		}
		if err := db.Write(nil, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(2*per), "µs/record")
}
