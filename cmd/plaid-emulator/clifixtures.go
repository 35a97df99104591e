package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
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
		name := filepath.Base(path)
		req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.base, "/")+"/_emulator/fixtures?name="+url.QueryEscape(name), bytes.NewReader(data))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/yaml")
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			return fmt.Errorf("cannot reach the emulator at %s: %w", c.base, err)
		}
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		var got struct {
			Error        string `json:"error"`
			Institutions int    `json:"institutions"`
			Users        int    `json:"users"`
			Securities   int    `json:"securities"`
			Clients      int    `json:"clients"`
		}
		_ = json.Unmarshal(raw, &got)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s refused (%d): %s", path, resp.StatusCode, strings.TrimPrefix(got.Error, "nothing was loaded:\n"))
		}
		fmt.Fprintf(c.out, "%s: loaded %d institutions, %d users, %d securities, %d clients\n", path, got.Institutions, got.Users, got.Securities, got.Clients)
	}
	return nil
}
