package emulator

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
	txNotReady   = "NOT_READY"
	txInitial    = "INITIAL_UPDATE_COMPLETE"
	txHistorical = "HISTORICAL_UPDATE_COMPLETE"
)

// initialWindowDays is how much history the initial pull brings (Plaid's 30 days).
const initialWindowDays = 30

type txKind uint32

const (
	evAdded txKind = iota
	evModified
	evRemoved
)

// txn is one transaction row. It holds no pointers, so a history of any
// length costs the garbage collector nothing to scan.
type txn struct {
	id        txID
	pendingID txID    // for a posted row that replaced a pending one (zero: none)
	currency  [3]byte // ISO code; zero means USD
	pending   bool
	removed   bool
	amount    float64 // positive: money out
	name      int32   // index into txState.names; -1: the merchant's name
	account   int32   // index into the Item's accounts
	merchant  int32   // index into the catalogue; -1 for none
	date      int32   // days since 1970-01-01 (posted date; transacted date while pending)
	authDate  int32
	postOn    int32 // for a pending row: the day it posts (0: on the next refresh)
}

// txID is a 37-character transaction id, kept inline.
type txID [37]byte

func (id txID) String() string { return string(id[:]) }

func (id txID) isZero() bool { return id == txID{} }

// txState is one Item's transactions.
type txState struct {
	status     string
	days       int  // days_requested
	syncCalled bool // SYNC_UPDATES_AVAILABLE fires only after the first sync
	kind       string
	staged     []txn // history not yet pulled (before the initial/historical updates)
	rows       []txn
	names      []string   // descriptions of rows without a merchant; append-only
	log        []uint32   // idx<<2 | kind
	acctLog    [][]uint32 // per account: positions in log
	sorted     []int32    // live rows newest first; nil when stale
	lastUpdate time.Time
	rounds     int // refreshes done (dynamic histories)
	// recurringSig is the streams last announced by RECURRING_TRANSACTIONS_UPDATE.
	recurringSig string
}

func newTxState(nAccounts, days int, kind string) *txState {
	return &txState{status: txNotReady, days: days, kind: kind, acctLog: make([][]uint32, nAccounts)}
}

// add appends a row and its "added" event.
func (ts *txState) add(t txn) int32 {
	idx := int32(len(ts.rows))
	ts.rows = append(ts.rows, t)
	ts.event(idx, evAdded)
	return idx
}

func (ts *txState) event(idx int32, k txKind) {
	pos := uint32(len(ts.log))
	ts.log = append(ts.log, uint32(idx)<<2|uint32(k))
	a := ts.rows[idx].account
	ts.acctLog[a] = append(ts.acctLog[a], pos)
	ts.sorted = nil
}

// trim gives back spare capacity after a pull (copies to exact sizes).
func (ts *txState) trim() {
	ts.rows = exact(ts.rows)
	ts.log = exact(ts.log)
	for i, l := range ts.acctLog {
		ts.acctLog[i] = exact(l)
	}
}

func exact[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}

// remove marks a row removed and logs it.
func (ts *txState) remove(idx int32) {
	ts.rows[idx].removed = true
	ts.event(idx, evRemoved)
}

// day converts a time to our day number.
func day(t time.Time) int32 { return int32(t.UTC().Unix() / 86400) }

// dayString formats a day number as YYYY-MM-DD.
func dayString(d int32) string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// liveSorted returns live rows newest first (date, then most recent insertion).
func (ts *txState) liveSorted() []int32 {
	if ts.sorted != nil {
		return ts.sorted
	}
	out := make([]int32, 0, len(ts.rows))
	for i := range ts.rows {
		if !ts.rows[i].removed {
			out = append(out, int32(i))
		}
	}
	slices.SortStableFunc(out, func(a, b int32) int {
		if d := ts.rows[b].date - ts.rows[a].date; d != 0 {
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
	pos       uint64
	streamLen uint64
	hasMore   bool
}

const cursorVersion = 1

func fingerprint(itemID, accountID string) []byte {
	sum := sha256.Sum256([]byte(itemID + "/" + accountID))
	return sum[:8]
}

func (c cursor) encode(itemID, accountID string) string {
	b := make([]byte, 0, 32)
	b = append(b, cursorVersion)
	b = append(b, fingerprint(itemID, accountID)...)
	b = binary.AppendUvarint(b, c.pos)
	b = binary.AppendUvarint(b, c.streamLen)
	flag := byte(0)
	if c.hasMore {
		flag = 1
	}
	return base64.RawURLEncoding.EncodeToString(append(b, flag))
}

func decodeCursor(s, itemID, accountID string) (cursor, bool) {
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
	return cursor{pos: pos, streamLen: slen, hasMore: rest[n] == 1}, true
}

// syncPage is what one /transactions/sync call returns, copied out of the store.
type syncPage struct {
	added, modified []txn
	removed         []txn
	next            cursor
	names           []string // the txState's names when copied (append-only, so safe to read)
}

// nameOf gives a row's description a name index: "" keeps the merchant's.
func (ts *txState) nameOf(desc string) int32 {
	if desc == "" {
		return -1
	}
	ts.names = append(ts.names, desc)
	return int32(len(ts.names) - 1)
}

// stream returns the positions a sync stream walks: the whole log, or one account's.
func (ts *txState) streamLen(account int32) int {
	if account < 0 {
		return len(ts.log)
	}
	return len(ts.acctLog[account])
}

func (ts *txState) at(account int32, i int) uint32 {
	if account < 0 {
		return ts.log[i]
	}
	return ts.log[ts.acctLog[account][i]]
}

// page collects up to count changes from position from. An added or
// modified row that is removed later is left out (its removal is reported);
// a row added and modified in one page is reported once, as added.
func (ts *txState) page(account int32, from uint64, count int) syncPage {
	n := ts.streamLen(account)
	var p syncPage
	var inPage map[int32]bool
	i := int(from)
	for ; i < n && len(p.added)+len(p.modified)+len(p.removed) < count; i++ {
		ev := ts.at(account, i)
		idx, k := int32(ev>>2), txKind(ev&3)
		t := ts.rows[idx]
		switch k {
		case evAdded:
			if t.removed {
				continue
			}
			p.added = append(p.added, t)
			if inPage == nil {
				inPage = map[int32]bool{}
			}
			inPage[idx] = true
		case evModified:
			if t.removed || inPage[idx] {
				continue
			}
			if inPage == nil {
				inPage = map[int32]bool{}
			}
			inPage[idx] = true
			p.modified = append(p.modified, t)
		case evRemoved:
			p.removed = append(p.removed, t)
		}
	}
	p.next = cursor{pos: uint64(i), streamLen: uint64(n), hasMore: i < n}
	p.names = ts.names
	return p
}
