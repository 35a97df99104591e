package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The client subcommands: they talk to a running emulator's /_emulator
// API (--url, or PLAID_EMULATOR_URL), as the dashboard does.

// cliCommands are the subcommands that talk to a running emulator, with
// what each does (for --help).
var cliCommands = map[string]string{
	"listen":   "stream webhooks as they are sent and forward each, signed, to --forward-to",
	"trigger":  "provoke a webhook on an Item, a session or a screening (trigger --list names them)",
	"items":    "list Items",
	"webhooks": "list the webhook log",
	"requests": "list the request journal",
	"clock":    "show the emulator clock, or: clock advance 24h | clock set RFC3339 | clock freeze | clock unfreeze",
	"scenario": "scenario list | scenario on NAME [--item ID] | scenario off [NAME]",
	"reset":    "forget every Item, token and webhook (--client ID: only that client's)",
	"fixtures": "fixtures load FILE...: lay fixture files (institutions, users, securities, clients) over a running emulator's",
	"snapshot": "snapshot save NAME | snapshot restore NAME | snapshot list | snapshot delete NAME: the whole state, named",
}

// client is a connection to a running emulator.
type client struct {
	base, token string
	http        *http.Client
	out, errw   io.Writer
	json        bool
}

// cliFlags is the flag set every client subcommand shares.
func cliFlags(name string, getenv func(string) string, out io.Writer) (*flag.FlagSet, *client) {
	fs := flag.NewFlagSet("plaid-emulator "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	c := &client{http: &http.Client{Timeout: 30 * time.Second}, out: out}
	def := getenv("PLAID_EMULATOR_URL")
	if def == "" {
		def = "http://127.0.0.1:7777"
	}
	fs.StringVar(&c.base, "url", def, "the running emulator (env PLAID_EMULATOR_URL)")
	fs.StringVar(&c.token, "admin-token", getenv("PLAID_EMULATOR_ADMIN_TOKEN"), "its --admin-token, if it has one (env PLAID_EMULATOR_ADMIN_TOKEN)")
	fs.BoolVar(&c.json, "json", false, "print JSON instead of a table")
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: plaid-emulator %s [flags]\n\n%s\n\nflags:\n", name, cliCommands[name])
		fs.PrintDefaults()
	}
	return fs, c
}

// do calls the emulator and decodes its JSON answer into out (if not nil).
func (c *client) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	status, raw, err := c.send(method, path, "application/json", rd)
	if err != nil {
		return err
	}
	if status >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, status, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// send makes one request of the emulator, with its admin token; it
// returns the status and up to 64 MiB of the answer.
func (c *client) send(method, path, contentType string, body io.Reader) (int, []byte, error) {
	req, err := http.NewRequest(method, strings.TrimSuffix(c.base, "/")+path, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("cannot reach the emulator at %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return resp.StatusCode, raw, nil
}

// table prints rows under a header, or the raw value with --json.
func (c *client) table(raw any, header []string, rows [][]string) {
	if c.json {
		enc := json.NewEncoder(c.out)
		enc.SetIndent("", "  ")
		_ = enc.Encode(raw)
		return
	}
	tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	_ = tw.Flush()
}

// runCLI runs a client subcommand; it returns the exit code.
func runCLI(ctx context.Context, name string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs, c := cliFlags(name, getenv, stdout)
	c.errw = stderr
	var err error
	switch name {
	case "listen":
		err = c.listen(ctx, fs, args)
	case "trigger":
		err = c.trigger(fs, args)
	case "items", "webhooks", "requests":
		err = c.list(name, fs, args)
	case "clock":
		err = c.clock(fs, args)
	case "scenario":
		err = c.scenario(fs, args)
	case "snapshot":
		err = c.snapshot(fs, args)
	case "fixtures":
		err = c.fixtures(fs, args)
	case "reset":
		client := fs.String("client", "", "forget only this client_id's state")
		if err = parseInterleaved(fs, args); err == nil {
			var body any
			if *client != "" {
				body = map[string]string{"client_id": *client}
			}
			err = c.do(http.MethodPost, "/_emulator/reset", body, nil)
		}
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintln(stderr, "plaid-emulator "+name+":", err)
		return 1
	}
	return 0
}

func (c *client) trigger(fs *flag.FlagSet, args []string) error {
	item := fs.String("item", "", "the Item's item_id")
	id := fs.String("id", "", "for a trigger on a session or a screening (trigger --list says which), its id")
	list := fs.Bool("list", false, "list the triggers")
	if err := parseInterleaved(fs, args); err != nil {
		return err
	}
	var all struct {
		Triggers []struct {
			Name        string `json:"name"`
			WebhookType string `json:"webhook_type"`
			WebhookCode string `json:"webhook_code"`
			Description string `json:"description"`
			Subject     string `json:"subject,omitempty"` // "": an Item (--item); else --id names it
		} `json:"triggers"`
	}
	if *list || fs.NArg() == 0 {
		if err := c.do(http.MethodGet, "/_emulator/triggers", nil, &all); err != nil {
			return err
		}
		var rows [][]string
		for _, t := range all.Triggers {
			rows = append(rows, []string{t.Name, t.WebhookType + " " + t.WebhookCode, cmp.Or(t.Subject, "item"), t.Description})
		}
		c.table(all, []string{"TRIGGER", "WEBHOOK", "ON", "WHAT"}, rows)
		if !*list {
			return errors.New("name a trigger, as in: trigger item.login_required --item ID")
		}
		return nil
	}
	if *item == "" && *id == "" {
		return errors.New("--item is required (--id for a trigger on a session or a screening)")
	}
	var got struct {
		Status int             `json:"status"`
		Body   json.RawMessage `json:"body"`
	}
	if err := c.do(http.MethodPost, "/_emulator/trigger", map[string]string{"trigger": fs.Arg(0), "item_id": *item, "id": *id}, &got); err != nil {
		return err
	}
	if got.Status != http.StatusOK {
		return fmt.Errorf("%s: Plaid answered %d %s", fs.Arg(0), got.Status, got.Body)
	}
	fmt.Fprintf(c.out, "%s: triggered on %s\n", fs.Arg(0), cmp.Or(*id, *item))
	return nil
}

// parseInterleaved parses flags that may come after positional arguments
// (trigger NAME --item ID).
func parseInterleaved(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

func (c *client) list(name string, fs *flag.FlagSet, args []string) error {
	q := url.Values{}
	filters := map[string]*string{}
	for _, f := range map[string][]string{
		"items":    {"q"},
		"webhooks": {"item_id", "webhook_code", "state"},
		"requests": {"path", "item_id", "client_id", "status"},
	}[name] {
		filters[f] = fs.String(strings.ReplaceAll(f, "_", "-"), "", "only those with this "+f)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	for k, v := range filters {
		if *v != "" {
			q.Set(k, *v)
		}
	}
	var raw map[string]any
	if err := c.do(http.MethodGet, "/_emulator/"+name+"?"+q.Encode(), nil, &raw); err != nil {
		return err
	}
	cols := map[string][]string{
		"items":    {"item_id", "client_id", "institution_name", "username", "status", "created_at"},
		"webhooks": {"id", "item_id", "webhook_type", "webhook_code", "state", "created_at"},
		"requests": {"at", "method", "path", "status", "item_id", "request_id"},
	}[name]
	entries, _ := raw[name].([]any) // each list answers under its own name
	var rows [][]string
	for _, e := range entries {
		m, _ := e.(map[string]any)
		var r []string
		for _, col := range cols {
			r = append(r, fmt.Sprint(orDash(m[col])))
		}
		rows = append(rows, r)
	}
	if name != "items" { // the log and the journal come oldest first: newest first, as the dashboard shows them
		slices.Reverse(rows)
	}
	c.table(raw, upper(cols), rows)
	return nil
}

func orDash(v any) any {
	if v == nil || v == "" {
		return "-"
	}
	return v
}

func upper(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToUpper(v)
	}
	return out
}

func (c *client) clock(fs *flag.FlagSet, args []string) error {
	if err := parseInterleaved(fs, args); err != nil {
		return err
	}
	var body any
	switch a := fs.Args(); {
	case len(a) == 0 || a[0] == "show":
	case a[0] == "advance" && len(a) == 2:
		body = map[string]string{"advance": a[1]}
	case a[0] == "set" && len(a) == 2:
		body = map[string]string{"set": a[1]}
	case a[0] == "freeze" || a[0] == "unfreeze":
		body = map[string]bool{"freeze": a[0] == "freeze"}
	default:
		return errors.New("usage: clock [show] | clock advance 24h | clock set 2026-01-02T15:04:05Z | clock freeze | clock unfreeze")
	}
	var got struct {
		Now    string `json:"now"`
		Frozen bool   `json:"frozen"`
	}
	method := http.MethodGet
	if body != nil {
		method = http.MethodPost
	}
	if err := c.do(method, "/_emulator/clock", body, &got); err != nil {
		return err
	}
	state := "running"
	if got.Frozen {
		state = "frozen"
	}
	c.table(got, []string{"NOW", "CLOCK"}, [][]string{{got.Now, state}})
	return nil
}

func (c *client) scenario(fs *flag.FlagSet, args []string) error {
	item := fs.String("item", "", "only for this Item")
	if err := parseInterleaved(fs, args); err != nil {
		return err
	}
	a := fs.Args()
	switch {
	case len(a) == 0 || a[0] == "list":
		var raw map[string]any
		if err := c.do(http.MethodGet, "/_emulator/scenarios", nil, &raw); err != nil {
			return err
		}
		c.json = true
		c.table(raw, nil, nil)
		return nil
	case a[0] == "on" && len(a) == 2:
		return c.do(http.MethodPost, "/_emulator/scenarios", map[string]string{"activate": a[1], "item_id": *item}, nil)
	case a[0] == "off" && len(a) <= 2:
		path := "/_emulator/scenarios"
		if len(a) == 2 {
			path += "?name=" + url.QueryEscape(a[1])
		}
		return c.do(http.MethodDelete, path, nil, nil)
	}
	return errors.New("usage: scenario list | scenario on NAME [--item ID] | scenario off [NAME]")
}
