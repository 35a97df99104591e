package statedb

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// TestGroupCommit: 64 writers each mark a record and Sync; each finds its
// record in the database once Sync returns, and they share commits (far
// fewer commits than writers).
func TestGroupCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	values := map[string]string{}
	var commits atomic.Int64
	c := NewCommitter(db, func(keys []Key, whole []string) ([]Record, error) {
		commits.Add(1)
		mu.Lock()
		defer mu.Unlock()
		var out []Record
		for _, k := range keys {
			out = append(out, Record{Kind: k.Kind, ID: k.ID, Value: []byte(values[k.ID])})
		}
		return out, nil
	}, func(err error) { t.Error(err) })
	const writers = 64
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			since := c.Marked()
			id := fmt.Sprint("w", i)
			mu.Lock()
			values[id] = "v" + id
			mu.Unlock()
			c.Mark("k", id)
			if err := c.Sync(since); err != nil {
				t.Error(err)
				return
			}
			var got []byte
			if err := db.sql.QueryRow(`SELECT value FROM records WHERE kind='k' AND id=?`, id).Scan(&got); err != nil || string(got) != "v"+id {
				t.Errorf("%s after Sync: %q %v", id, got, err)
			}
		}()
	}
	wg.Wait()
	if n := commits.Load(); n >= writers {
		t.Errorf("%d commits for %d writers: none shared", n, writers)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n := again.Count(); n != writers {
		t.Fatalf("%d records after reopening, want %d", n, writers)
	}
}

// TestSyncReportsAFailedCommit: a commit that fails is Sync's error (the
// writer must not answer success), and the next good commit writes it.
func TestSyncReportsAFailedCommit(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	var fail atomic.Bool
	fail.Store(true)
	c := NewCommitter(db, func(keys []Key, _ []string) ([]Record, error) {
		if fail.Load() {
			return nil, fmt.Errorf("disk full")
		}
		var out []Record
		for _, k := range keys {
			out = append(out, Record{Kind: k.Kind, ID: k.ID, Value: []byte("x")})
		}
		return out, nil
	}, nil)
	defer c.Close()
	since := c.Marked()
	c.Mark("k", "a")
	if err := c.Sync(since); err == nil {
		t.Fatal("Sync succeeded though the commit failed")
	}
	fail.Store(false)
	since = c.Marked()
	c.Mark("k", "b")
	if err := c.Sync(since); err != nil {
		t.Fatal(err)
	}
	if n := db.Count(); n != 2 {
		t.Fatalf("%d records, want a and b", n)
	}
}

// TestOpenRefusesOtherFiles: a JSON state file, a file that is not
// SQLite, and a database of another format are refused untouched.
func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	json := filepath.Join(dir, "old.json")
	_ = os.WriteFile(json, []byte(`{"format":"plaid-emulator-state/1"}`), 0o600)
	if _, err := Open(json); err != ErrJSONState {
		t.Errorf("JSON state: %v", err)
	}
	junk := filepath.Join(dir, "junk")
	_ = os.WriteFile(junk, []byte("hello"), 0o600)
	if _, err := Open(junk); err == nil {
		t.Error("a text file opened as a database")
	}
	other := filepath.Join(dir, "other.db")
	db, err := Open(other)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = db.sql.Exec(`UPDATE meta SET value = 'x/9' WHERE key = 'format'`)
	db.Close()
	if _, err := Open(other); err == nil {
		t.Error("a database of another format opened")
	}
	if _, err := Open(filepath.Join(dir, "no", "such.db")); err == nil {
		t.Error("opened in a missing directory")
	}
}

// TestCleaningFreesSpace: 100 records rewritten 200 times leave a file
// the size of 100 records once tidied, each record its last value, and
// deletions stay deleted across a reopen.
func TestCleaningFreesSpace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	val := func(i, round int) []byte { return []byte(fmt.Sprintf("%04d-%04d-%0400d", i, round, 0)) }
	for round := range 200 {
		var recs []Record
		for i := range 100 {
			recs = append(recs, Record{Kind: "k", ID: fmt.Sprint(i), Value: val(i, round)})
		}
		if err := db.Write(nil, recs); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Write(nil, []Record{{Kind: "k", ID: "7"}}); err != nil { // a deletion
		t.Fatal(err)
	}
	for more, steps := true, 0; more; steps++ {
		if steps > 1000 {
			t.Fatal("tidying did not finish")
		}
		if more, err = db.Tidy(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Size() > 200<<10 {
		t.Errorf("file is %d bytes after tidying 99 live records of ~400 bytes", fi.Size())
	}
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	got := map[string]string{}
	var mu sync.Mutex
	if err := again.Each(func(_, id string, v []byte) error { mu.Lock(); got[id] = string(v); mu.Unlock(); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 99 || got["7"] != "" || got["3"] != string(val(3, 199)) {
		t.Fatalf("%d records after reopening; 3 = %.20q, 7 present = %v", len(got), got["3"], got["7"] != "")
	}
}
