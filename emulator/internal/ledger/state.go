// Package ledger is an Item's transactions as a data structure: compact rows,
// the append-only change log that /transactions/sync pages through with
// cursors, the histories fixtures describe, recurring streams, and rows
// rendered to Plaid's JSON. It is pure: no HTTP, no webhooks, no locks; its
// owner (the emulator's store) serialises access.
package ledger

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"time"
)

// Transactions are kept per Item as a list of rows plus an append-only log
// of changes (added, modified, removed). /transactions/sync pages through
// the log from a cursor; /transactions/get reads the live rows. Rows are
// compact (merchant details live once in the catalogue), so a stored row
// costs a few hundred bytes.

// Transactions update statuses.
const (
	NotReady           = "NOT_READY"
	InitialComplete    = "INITIAL_UPDATE_COMPLETE"
	HistoricalComplete = "HISTORICAL_UPDATE_COMPLETE"
)

// InitialWindowDays is how much history the initial pull brings (Plaid's 30 days).
const InitialWindowDays = 30

type txKind uint32

const (
	evAdded txKind = iota
	evModified
	evRemoved
)

// Row is one transaction row. It holds no pointers, so a history of any
// length costs the garbage collector nothing to scan.
type Row struct {
	ID        RowID
	PendingID RowID   // for a posted row that replaced a pending one (zero: none)
	Currency  [3]byte // ISO code; zero means USD
	Pending   bool
	Removed   bool
	Amount    float64 // positive: money out
	Name      int32   // index into txState.names; -1: the merchant's name
	Account   int32   // index into the Item's accounts
	Merchant  int32   // index into the catalogue; -1 for none
	Date      int32   // days since 1970-01-01 (posted date; transacted date while pending)
	AuthDate  int32
	PostOn    int32  // for a pending row: the day it posts (0: on the next refresh)
	N         uint32 // ID is the State's IDs.At(N)
	PendingN  uint32 // PendingID is IDs.At(PendingN-1); 0: none
}

const IDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// RowID is a 37-character transaction id, kept inline.
type RowID [37]byte

func (id RowID) String() string { return string(id[:]) }

func (id RowID) IsZero() bool { return id == RowID{} }

// State is one Item's transactions.
type State struct {
	Status     string
	Days       int  // days_requested
	SyncCalled bool // SYNC_UPDATES_AVAILABLE fires only after the first sync
	Kind       string
	Staged     []Row // history not yet pulled (before the initial/historical updates)
	Rows       []Row
	IDs        RowIDs     // the rows' ids
	Names      []string   // descriptions of rows without a merchant; append-only
	Log        []uint32   // idx<<2 | kind
	AcctLog    [][]uint32 // per account: positions in log
	sorted     []int32    // live rows newest first; nil when stale
	LastUpdate time.Time
	Rounds     int // refreshes done (dynamic histories)
	// recurringSig is the streams last announced by RECURRING_TRANSACTIONS_UPDATE.
	RecurringSig string
}

func NewState(nAccounts, days int, kind string) *State {
	return &State{Status: NotReady, Days: days, Kind: kind, AcctLog: make([][]uint32, nAccounts)}
}

// Add appends a row and its "added" event.
func (ts *State) Add(t Row) int32 {
	idx := int32(len(ts.Rows))
	ts.Rows = append(ts.Rows, t)
	ts.event(idx, evAdded)
	return idx
}

func (ts *State) event(idx int32, k txKind) {
	pos := uint32(len(ts.Log))
	ts.Log = append(ts.Log, uint32(idx)<<2|uint32(k))
	a := ts.Rows[idx].Account
	ts.AcctLog[a] = append(ts.AcctLog[a], pos)
	ts.sorted = nil
}

// Trim gives back spare capacity after a pull (copies to exact sizes).
func (ts *State) Trim() {
	ts.Rows = exact(ts.Rows)
	ts.Log = exact(ts.Log)
	for i, l := range ts.AcctLog {
		ts.AcctLog[i] = exact(l)
	}
}

func exact[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}

// remove marks a row removed and logs it.
func (ts *State) remove(idx int32) {
	ts.Rows[idx].Removed = true
	ts.event(idx, evRemoved)
}

// Day converts a time to our day number.
func Day(t time.Time) int32 { return int32(t.UTC().Unix() / 86400) }

// DayString formats a day number as YYYY-MM-DD.
func DayString(d int32) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// LiveSorted returns live rows newest first (date, then most recent insertion).
func (ts *State) LiveSorted() []int32 {
	if ts.sorted != nil {
		return ts.sorted
	}
	out := make([]int32, 0, len(ts.Rows))
	for i := range ts.Rows {
		if !ts.Rows[i].Removed {
			out = append(out, int32(i))
		}
	}
	slices.SortStableFunc(out, func(a, b int32) int {
		if d := ts.Rows[b].Date - ts.Rows[a].Date; d != 0 {
			return int(d)
		}
		return int(b - a)
	})
	ts.sorted = out
	return out
}

// A cursor is opaque to clients: base64url of a version byte, an 8-byte
// fingerprint of the Item and stream, the log position, the stream length
// when it was issued, and whether more pages were pending then. It holds no
// secret and no clock, so it stays valid across a restart of the same state.
type cursor struct {
	Pos       uint64
	StreamLen uint64
	HasMore   bool
}

const cursorVersion = 1

func fingerprint(itemID, accountID string) []byte {
	sum := sha256.Sum256([]byte(itemID + "/" + accountID))
	return sum[:8]
}

func (c cursor) Encode(itemID, accountID string) string {
	b := make([]byte, 0, 32)
	b = append(b, cursorVersion)
	b = append(b, fingerprint(itemID, accountID)...)
	b = binary.AppendUvarint(b, c.Pos)
	b = binary.AppendUvarint(b, c.StreamLen)
	flag := byte(0)
	if c.HasMore {
		flag = 1
	}
	return base64.RawURLEncoding.EncodeToString(append(b, flag))
}

func DecodeCursor(s, itemID, accountID string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 12 || b[0] != cursorVersion || string(b[1:9]) != string(fingerprint(itemID, accountID)) {
		return cursor{}, false
	}
	rest := b[9:]
	pos, n := binary.Uvarint(rest)
	if n <= 0 {
		return cursor{}, false
	}
	rest = rest[n:]
	slen, n := binary.Uvarint(rest)
	if n <= 0 || len(rest[n:]) != 1 || rest[n] > 1 || pos > slen {
		return cursor{}, false
	}
	return cursor{Pos: pos, StreamLen: slen, HasMore: rest[n] == 1}, true
}

// SyncPage is what one /transactions/sync call returns, copied out of the store.
type SyncPage struct {
	Added, Modified []Row
	Removed         []Row
	Next            cursor
	Names           []string // the txState's names when copied (append-only, so safe to read)
}

// nameOf gives a row's description a name index: "" keeps the merchant's.
func (ts *State) nameOf(desc string) int32 {
	if desc == "" {
		return -1
	}
	ts.Names = append(ts.Names, desc)
	return int32(len(ts.Names) - 1)
}

// stream returns the positions a sync stream walks: the whole log, or one account's.
func (ts *State) StreamLen(account int32) int {
	if account < 0 {
		return len(ts.Log)
	}
	return len(ts.AcctLog[account])
}

func (ts *State) at(account int32, i int) uint32 {
	if account < 0 {
		return ts.Log[i]
	}
	return ts.Log[ts.AcctLog[account][i]]
}

// Page collects up to count changes from position from. An added or
// modified row that is removed later is left out (its removal is reported);
// a row added and modified in one page is reported once, as added.
func (ts *State) Page(account int32, from uint64, count int) SyncPage {
	n := ts.StreamLen(account)
	var p SyncPage
	var inPage map[int32]bool
	i := int(from)
	for ; i < n && len(p.Added)+len(p.Modified)+len(p.Removed) < count; i++ {
		ev := ts.at(account, i)
		idx, k := int32(ev>>2), txKind(ev&3)
		t := ts.Rows[idx]
		switch k {
		case evAdded:
			if t.Removed {
				continue
			}
			p.Added = append(p.Added, t)
			if inPage == nil {
				inPage = map[int32]bool{}
			}
			inPage[idx] = true
		case evModified:
			if t.Removed || inPage[idx] {
				continue
			}
			if inPage == nil {
				inPage = map[int32]bool{}
			}
			inPage[idx] = true
			p.Modified = append(p.Modified, t)
		case evRemoved:
			p.Removed = append(p.Removed, t)
		}
	}
	p.Next = cursor{Pos: uint64(i), StreamLen: uint64(n), HasMore: i < n}
	p.Names = ts.Names
	return p
}

// Pull makes staged rows visible: those of the last 30 days (the initial
// pull) or all the rest (historical). It returns how many new rows the
// update reports: the initial pull's, or every row after the historical.
func (ts *State) Pull(now time.Time, historical bool) int {
	cut := Day(now) - InitialWindowDays
	// Size the lists once: an Item's history is its bulk of memory.
	grow := len(ts.Staged)
	ts.Rows = slices.Grow(ts.Rows, grow)
	ts.Log = slices.Grow(ts.Log, grow)
	var keep []Row
	n := 0
	for _, t := range ts.Staged {
		if historical || t.Date >= cut {
			ts.Add(t)
			n++
		} else {
			keep = append(keep, t)
		}
	}
	ts.Staged = keep
	ts.Status = InitialComplete
	if historical {
		ts.Trim()
		ts.Status, n = HistoricalComplete, len(ts.Rows)
	}
	ts.LastUpdate = now
	return n
}
