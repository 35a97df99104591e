package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// fixtures load FILE…: each file laid over a running emulator's fixtures,
// in order, through POST /_emulator/fixtures. The first refused file
// stops the load; the files before it stay loaded.
func (c *client) fixtures(fs *flag.FlagSet, args []string) error {
	if err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if fs.Arg(0) != "load" || fs.NArg() < 2 {
		return errors.New("use: fixtures load FILE... (YAML or JSON fixture files) --url URL")
	}
	for _, path := range fs.Args()[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, errors.Unwrap(err))
		}
		status, raw, err := c.send(http.MethodPost, "/_emulator/fixtures?name="+url.QueryEscape(filepath.Base(path)), "application/yaml", bytes.NewReader(data))
		if err != nil {
			return err
		}
		var got struct {
			Error        string `json:"error"`
			Institutions int    `json:"institutions"`
			Users        int    `json:"users"`
			Securities   int    `json:"securities"`
			Clients      int    `json:"clients"`
		}
		_ = json.Unmarshal(raw, &got)
		if status != http.StatusOK {
			return fmt.Errorf("%s refused (%d): %s", path, status, strings.TrimPrefix(got.Error, "nothing was loaded:\n"))
		}
		fmt.Fprintf(c.out, "%s: loaded %d institutions, %d users, %d securities, %d clients\n", path, got.Institutions, got.Users, got.Securities, got.Clients)
	}
	return nil
}
