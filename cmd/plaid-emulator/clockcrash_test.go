package main

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestClockMoveSurvivesKill9Whole: Items of the dynamic user hold pending
// rows; the clock moves 720 h (postings, 8 scheduled updates) and the
// binary, with --state, is killed with SIGKILL at a random moment during
// the move. After the restart the state is the one before the move (the
// old clock, every pending row still pending, no new row) or the one after
// it (the new clock, none of the old pending rows left, new rows from the
// updates): never the new clock with the move half done.
// PLAID_EMULATOR_CLOCK_CRASH_ROUNDS sets the rounds (default 6).
func TestClockMoveSurvivesKill9Whole(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the binary; runs without -short (and in CI)")
	}
	rounds := 6
	if n, err := strconv.Atoi(os.Getenv("PLAID_EMULATOR_CLOCK_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = min(n, 100)
	}
	bin := buildBinary(t)
	const start = "2026-03-02T09:00:00Z"
	args := func(state string) []string {
		return []string{"--state", state, instant, "--freeze-clock", "--start-time", start, "--scheduled-updates=true", "--item-ageing=false"}
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill moments from seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 11))
	var moveTook time.Duration
	before, after := 0, 0
	for round := range rounds + 1 {
		state := filepath.Join(t.TempDir(), "state.db")
		cmd, url := startBinary(t, bin, args(state)...)
		var tokens []string
		for range 30 {
			pt := post(t, url+"/sandbox/public_token/create", `{"institution_id":"ins_109508","initial_products":["transactions"],"options":{"override_username":"user_transactions_dynamic","override_password":"x"}}`)
			tokens = append(tokens, post(t, url+"/item/public_token/exchange", `{"public_token":"`+pt["public_token"].(string)+`"}`)["access_token"].(string))
		}
		was := rowsOf(t, url, tokens)
		if was.oldPending == 0 {
			t.Fatal("the dynamic user's Items hold no pending rows for the move to post")
		}
		moved := make(chan time.Duration, 1)
		t0 := time.Now()
		go func() {
			resp, err := http.Post(url+"/_emulator/clock", "application/json", strings.NewReader(`{"advance":"720h"}`))
			if err == nil {
				resp.Body.Close()
			}
			moved <- time.Since(t0)
		}()
		if round == 0 { // the first round measures how long a move takes
			moveTook = <-moved
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Logf("a move of 30 Items takes %v", moveTook)
			continue
		}
		time.Sleep(time.Duration(rng.Int64N(int64(moveTook) + 1))) // the random moment of the kill is the point
		_ = cmd.Process.Kill()
		_ = cmd.Wait()

		cmd, url = startBinary(t, bin, args(state)...)
		var clock map[string]any
		getJSON(t, url+"/_emulator/clock", &clock)
		now := rowsOf(t, url, tokens)
		switch clock["now"] {
		case start:
			before++
			if now != was {
				t.Errorf("round %d: the old clock, but the rows changed: %+v → %+v", round, was, now)
			}
		case "2026-04-01T09:00:00Z":
			after++
			if now.oldPending != 0 || now.total <= was.total {
				t.Errorf("round %d: the new clock, but the move is not whole: %d old pending rows left, %d rows (were %d)", round, now.oldPending, now.total, was.total)
			}
		default:
			t.Errorf("round %d: the clock is %v, neither before nor after the move", round, clock["now"])
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	t.Logf("%d rounds: %d restarted before the move, %d after it", rounds, before, after)
}

// rows are what the Items hold: every live row, and the pending ones dated
// on or before the start.
type rows struct{ total, oldPending int }

func rowsOf(t *testing.T, url string, tokens []string) rows {
	t.Helper()
	var r rows
	for _, tok := range tokens {
		got := post(t, url+"/transactions/get", `{"access_token":"`+tok+`","start_date":"2000-01-01","end_date":"2100-01-01","options":{"count":500}}`)
		r.total += int(got["total_transactions"].(float64))
		for _, x := range got["transactions"].([]any) {
			row := x.(map[string]any)
			if row["pending"] == true && row["date"].(string) <= "2026-03-02" {
				r.oldPending++
			}
		}
	}
	return r
}

func getJSON(t *testing.T, url string, into any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v %s", url, err, b)
	}
}
