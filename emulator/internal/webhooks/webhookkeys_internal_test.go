package webhooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A --webhook-key file is created on first start and reused after, so the
// kid (and verification) survives restarts; a bad file is a startup error
// naming it.
func TestWebhookKeyFileSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "webhook.pem")
	a, err := NewKeyring(1, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("key file not written: %v", err)
	}
	b, err := NewKeyring(1, path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if ka, kb := a.keys[0], b.keys[0]; ka.kid != kb.kid || !ka.priv.Equal(kb.priv) {
		t.Fatalf("restart changed the key: %s vs %s", ka.kid, kb.kid)
	}
	bad := filepath.Join(t.TempDir(), "bad.pem")
	_ = os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := NewKeyring(1, bad, time.Now()); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("bad key file: %v", err)
	}
}

// Without a file the key derives from the seed: same seed, same kid.
func TestWebhookKeyFromSeed(t *testing.T) {
	a, _ := NewKeyring(5, "", time.Now())
	b, _ := NewKeyring(5, "", time.Now())
	c, _ := NewKeyring(6, "", time.Now())
	if a.keys[0].kid != b.keys[0].kid || a.keys[0].kid == c.keys[0].kid {
		t.Fatal("seeded keys are not repeatable per seed")
	}
}
