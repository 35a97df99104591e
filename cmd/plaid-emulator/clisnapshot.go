package main

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// snapshot save|restore|list|delete: named snapshots of the whole state.
func (c *client) snapshot(fs *flag.FlagSet, args []string) error {
	if err := parseInterleaved(fs, args); err != nil {
		return err
	}
	verb, name := fs.Arg(0), fs.Arg(1)
	needName := func() error {
		if name == "" || fs.NArg() != 2 {
			return fmt.Errorf("snapshot %s takes one name, as in: snapshot %s base", verb, verb)
		}
		return nil
	}
	type info struct {
		Status  string `json:"status"`
		Name    string `json:"name"`
		TakenAt string `json:"taken_at"`
		Clock   string `json:"clock"`
		Items   int    `json:"items"`
		Bytes   int    `json:"bytes"`
	}
	var got info
	var err error
	switch verb {
	case "list", "":
		var all struct {
			Snapshots []info `json:"snapshots"`
		}
		if err := c.do(http.MethodGet, "/_emulator/snapshots", nil, &all); err != nil {
			return err
		}
		var rows [][]string
		for _, s := range all.Snapshots {
			rows = append(rows, []string{s.Name, s.TakenAt, s.Clock, strconv.Itoa(s.Items), strconv.Itoa(s.Bytes)})
		}
		c.table(all, []string{"NAME", "TAKEN_AT", "CLOCK", "ITEMS", "BYTES"}, rows)
		return nil
	case "save":
		if err = needName(); err == nil {
			err = c.do(http.MethodPost, "/_emulator/snapshots", map[string]string{"name": name}, &got)
		}
	case "restore":
		if err = needName(); err == nil {
			err = c.do(http.MethodPost, "/_emulator/snapshots/"+url.PathEscape(name)+"/restore", nil, &got)
		}
	case "delete":
		if err = needName(); err == nil {
			err = c.do(http.MethodDelete, "/_emulator/snapshots/"+url.PathEscape(name), nil, &got)
		}
	default:
		return errors.New("snapshot takes save NAME, restore NAME, list or delete NAME, not " + strconv.Quote(verb))
	}
	if err != nil {
		return err
	}
	if c.json {
		c.table(got, nil, nil)
		return nil
	}
	switch verb {
	case "delete":
		fmt.Fprintf(c.out, "snapshot %s deleted\n", name)
	default:
		items := "Items"
		if got.Items == 1 {
			items = "Item"
		}
		fmt.Fprintf(c.out, "snapshot %s %s: %d %s, emulator clock %s\n", name, got.Status, got.Items, items, got.Clock)
	}
	return nil
}
