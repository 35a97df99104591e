package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --webhook-key file is created on first start and reused after, so the
// kid (and verification) survives restarts; a bad file is a startup error
// naming it.
func TestWebhookKeyFileSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "webhook.pem")
	a, err := New(Options{WebhookKeyFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("key file not written: %v", err)
	}
	b, err := New(Options{WebhookKeyFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if ka, kb := a.keys.keys[0], b.keys.keys[0]; ka.kid != kb.kid || !ka.priv.Equal(kb.priv) {
		t.Fatalf("restart changed the key: %s vs %s", ka.kid, kb.kid)
	}
	bad := filepath.Join(t.TempDir(), "bad.pem")
	_ = os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := New(Options{WebhookKeyFile: bad}); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("bad key file: %v", err)
	}
}

// Without a file the key derives from the seed: same seed, same kid.
func TestWebhookKeyFromSeed(t *testing.T) {
	a, _ := New(Options{Seed: 5})
	b, _ := New(Options{Seed: 5})
	c, _ := New(Options{Seed: 6})
	if a.keys.keys[0].kid != b.keys.keys[0].kid || a.keys.keys[0].kid == c.keys.keys[0].kid {
		t.Fatal("seeded keys are not repeatable per seed")
	}
}
