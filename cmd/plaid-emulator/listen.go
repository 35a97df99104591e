package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// streamed is one event of /_emulator/webhooks/stream.
type streamed struct {
	Webhook struct {
		ID          string `json:"id"`
		ItemID      string `json:"item_id"`
		WebhookType string `json:"webhook_type"`
		WebhookCode string `json:"webhook_code"`
	} `json:"webhook"`
	Signed struct {
		Body              []byte `json:"body"`
		PlaidVerification string `json:"plaid_verification"`
	} `json:"signed"`
}

// listen streams webhooks from the emulator and forwards each new one,
// once, to --forward-to: the exact signed body with a fresh
// Plaid-Verification header, so a receiver's JWT check passes. It prints a
// line per webhook with the receiver's answer.
func (c *client) listen(ctx context.Context, fs *flag.FlagSet, args []string) error {
	to := fs.String("forward-to", "", "where to POST each webhook, e.g. http://localhost:3000/hooks")
	events := fs.String("events", "", "only these webhook codes, comma-separated (e.g. SYNC_UPDATES_AVAILABLE,ERROR)")
	limit := fs.Int("count", 0, "stop after forwarding this many (0: run until stopped)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		fs.Usage()
		return errors.New("--forward-to is required")
	}
	if u, err := url.Parse(*to); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--forward-to must be an http(s) URL, got %q", *to)
	}
	q := url.Values{"since": {"now"}}
	if *events != "" {
		q.Set("codes", *events)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.base, "/")+"/_emulator/webhooks/stream?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := (&http.Client{}).Do(req) // no timeout: a stream lasts
	if err != nil {
		return fmt.Errorf("cannot reach the emulator at %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the webhook stream answered %d", resp.StatusCode)
	}
	fmt.Fprintf(c.out, "listening to %s, forwarding to %s\n", c.base, *to)
	seen := map[string]bool{}
	forwarded := 0
	post := &http.Client{Timeout: 10 * time.Second}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var ev streamed
		if json.Unmarshal([]byte(data), &ev) != nil || seen[ev.Webhook.ID] {
			continue
		}
		seen[ev.Webhook.ID] = true
		start := time.Now()
		status, ferr := forward(post, *to, ev)
		w := ev.Webhook
		line := fmt.Sprintf("%s  %s  %s %s  item %s  → ", start.UTC().Format(time.TimeOnly), w.ID, w.WebhookType, w.WebhookCode, orDash(w.ItemID))
		if ferr != nil {
			fmt.Fprintf(c.out, "%s%v\n", line, ferr)
		} else {
			fmt.Fprintf(c.out, "%s%d (%d ms)\n", line, status, time.Since(start).Milliseconds())
		}
		if forwarded++; *limit > 0 && forwarded >= *limit {
			return nil
		}
	}
	if ctx.Err() != nil {
		return nil // stopped by a signal
	}
	return errors.New("the emulator closed the webhook stream")
}

func forward(c *http.Client, to string, ev streamed) (int, error) {
	req, err := http.NewRequest(http.MethodPost, to, bytes.NewReader(ev.Signed.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Plaid-Verification", ev.Signed.PlaidVerification)
	req.Header.Set("Plaid-Emulator-Webhook-Id", ev.Webhook.ID)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
