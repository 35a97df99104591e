package webhooks

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// Keyring holds the ES256 keys webhooks are signed with: the current one
// and every rotated-out one, which still verify and show expired_at.
type Keyring struct {
	mu      sync.RWMutex
	keys    []*webhookKey // oldest first; the last is current
	seed    int64
	n       uint64 // keys derived from the seed so far
	changed func() // called after a rotation (for --state saving)
}

type webhookKey struct {
	kid       string
	priv      *ecdsa.PrivateKey
	createdAt int64
	expiredAt *int64
}

// JWK is Plaid's JWKPublicKey.
type JWK struct {
	Alg       string `json:"alg"`
	Crv       string `json:"crv"`
	Kid       string `json:"kid"`
	Kty       string `json:"kty"`
	Use       string `json:"use"`
	X         string `json:"x"`
	Y         string `json:"y"`
	CreatedAt int64  `json:"created_at"`
	ExpiredAt *int64 `json:"expired_at"`
}

// NewKeyring makes the first key: loaded from keyFile when it exists,
// written there when it does not (so verification survives restarts), or,
// without a file, derived from the seed (so a run repeats exactly).
func NewKeyring(seed int64, keyFile string, now time.Time) (*Keyring, error) {
	kr := &Keyring{seed: seed}
	if keyFile == "" {
		kr.keys = []*webhookKey{kr.derive(now)}
		return kr, nil
	}
	data, err := os.ReadFile(keyFile)
	switch {
	case errors.Is(err, os.ErrNotExist):
		priv, gerr := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if gerr != nil {
			return nil, gerr
		}
		der, _ := x509.MarshalECPrivateKey(priv)
		if werr := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); werr != nil {
			return nil, fmt.Errorf("webhook key %s: %w", keyFile, werr)
		}
		kr.keys = []*webhookKey{{kid: kidOf(priv), priv: priv, createdAt: now.Unix()}}
		return kr, nil
	case err != nil:
		return nil, fmt.Errorf("webhook key %s: %w", keyFile, err)
	}
	priv, err := parseECKey(data)
	if err != nil {
		return nil, fmt.Errorf("webhook key %s: %w", keyFile, err)
	}
	kr.keys = []*webhookKey{{kid: kidOf(priv), priv: priv, createdAt: now.Unix()}}
	return kr, nil
}

func parseECKey(data []byte) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found")
	}
	if k, err := x509.ParseECPrivateKey(block.Bytes); err == nil {
		return checkP256(k)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("not an EC private key (SEC 1 or PKCS #8 PEM)")
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an EC private key")
	}
	return checkP256(ek)
}

func checkP256(k *ecdsa.PrivateKey) (*ecdsa.PrivateKey, error) {
	if k.Curve != elliptic.P256() {
		return nil, errors.New("the key must be on curve P-256 (ES256)")
	}
	return k, nil
}

// kidOf names a key by its public half, so a loaded key keeps its kid.
func kidOf(priv *ecdsa.PrivateKey) string {
	pub, _ := priv.PublicKey.Bytes()
	sum := sha256.Sum256(pub)
	u, _ := uuid.FromBytes(sum[:16])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u.String()
}

// derive makes the next key from the seed. Callers hold kr.mu or own kr.
func (kr *Keyring) derive(now time.Time) *webhookKey {
	for {
		kr.n++
		var buf [16]byte
		binary.BigEndian.PutUint64(buf[:8], uint64(kr.seed))
		binary.BigEndian.PutUint64(buf[8:], kr.n)
		sum := sha256.Sum256(append([]byte("plaid-emulator webhook key"), buf[:]...))
		priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), sum[:])
		if err == nil { // fails only for a scalar ≥ the group order: try the next
			return &webhookKey{kid: kidOf(priv), priv: priv, createdAt: now.Unix()}
		}
	}
}

// Rotate makes a new current key; the old ones expire now but still verify.
func (kr *Keyring) Rotate(now time.Time) *webhookKey {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	ts := now.Unix()
	for _, k := range kr.keys {
		if k.expiredAt == nil {
			k.expiredAt = &ts
		}
	}
	var k *webhookKey
	if len(kr.keys) > 0 && kr.n == 0 { // a loaded key: new ones are random
		priv, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		k = &webhookKey{kid: kidOf(priv), priv: priv, createdAt: ts}
	} else {
		k = kr.derive(now)
	}
	kr.keys = append(kr.keys, k)
	if kr.changed != nil {
		kr.changed()
	}
	return k
}

// JWK returns the public key with kid, if any.
func (kr *Keyring) JWK(kid string) (JWK, bool) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	for _, k := range kr.keys {
		if k.kid == kid {
			return k.JWK(), true
		}
	}
	return JWK{}, false
}

func (k *webhookKey) JWK() JWK {
	raw, _ := k.priv.PublicKey.Bytes() // 0x04 || X || Y
	enc := base64.RawURLEncoding
	return JWK{Alg: "ES256", Crv: "P-256", Kid: k.kid, Kty: "EC", Use: "sig",
		X: enc.EncodeToString(raw[1:33]), Y: enc.EncodeToString(raw[33:65]), CreatedAt: k.createdAt, ExpiredAt: k.expiredAt}
}

// sign makes the Plaid-Verification JWT for body with the current key.
func (kr *Keyring) current() *webhookKey {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.keys[len(kr.keys)-1]
}

func (kr *Keyring) sign(body []byte, now time.Time) (string, error) {
	k := kr.current()
	sum := sha256.Sum256(body)
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
		"iat":                 now.Unix(),
		"request_body_sha256": fmt.Sprintf("%x", sum),
	})
	tok.Header["kid"] = k.kid
	return tok.SignedString(k.priv)
}

// SavedKey is a signing key as kept with --state.
type SavedKey struct {
	Kid       string
	DER       []byte
	CreatedAt int64
	ExpiredAt *int64
}

// Snapshot returns every key and how many were derived from the seed.
func (kr *Keyring) Snapshot() ([]SavedKey, uint64, error) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	var out []SavedKey
	for _, k := range kr.keys {
		der, err := x509.MarshalECPrivateKey(k.priv)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, SavedKey{k.kid, der, k.createdAt, k.expiredAt})
	}
	return out, kr.n, nil
}

// Restore replaces the keys with saved ones (nothing when list is empty).
func (kr *Keyring) Restore(list []SavedKey, n uint64) error {
	if len(list) == 0 {
		return nil
	}
	keys := make([]*webhookKey, 0, len(list))
	for _, k := range list {
		priv, err := x509.ParseECPrivateKey(k.DER)
		if err != nil {
			return fmt.Errorf("corrupt webhook key: %w", err)
		}
		keys = append(keys, &webhookKey{kid: k.Kid, priv: priv, createdAt: k.CreatedAt, expiredAt: k.ExpiredAt})
	}
	kr.mu.Lock()
	defer kr.mu.Unlock()
	kr.keys, kr.n = keys, n
	return nil
}

// SetOnChange names what to call after a rotation (for --state saving).
func (kr *Keyring) SetOnChange(f func()) {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	kr.changed = f
}

// Sign makes a Plaid-Verification JWT for body, as a delivery does (for
// forwarding a logged webhook elsewhere: `plaid-emulator listen`).
func (kr *Keyring) Sign(body []byte, now time.Time) (string, error) { return kr.sign(body, now) }
