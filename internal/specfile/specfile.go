// Package specfile finds Plaid's OpenAPI spec for the tests, in this
// order: $PLAID_OPENAPI_SPEC (the value plaid-go asks for the last resort);
// shared/plaid-openapi/2020-09-14.yml beside
// the repository (or any parent folder); else the api/openapi.yaml that
// ships inside the plaid-go module the tests already depend on, located
// with `go mod download -json` (which fetches it into the module cache
// when missing). The last is an older spec: checks that need a path it
// lacks skip, and say so.
package specfile

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Env names the variable that overrides the search.
const Env = "PLAID_OPENAPI_SPEC"

// PlaidGo is the module whose api/openapi.yaml is the last resort.
const PlaidGo = "github.com/plaid/plaid-go/v20"

// NotCurrent is why a test that compares with Plaid's current spec skips
// when only the fallback was found.
const NotCurrent = "compares with Plaid's current spec, and only plaid-go's older one was found (put it in ../shared or PLAID_OPENAPI_SPEC)"

// Spec is where the spec was found.
type Spec struct {
	Path string
	// Fallback: the spec is plaid-go's, older than the shared one.
	Fallback bool
	// Err says why none was found (Path empty).
	Err string
}

var (
	once  sync.Once
	found Spec
)

// Find locates the spec once per process.
func Find() Spec {
	once.Do(func() { found = find() })
	return found
}

func find() Spec {
	switch p := os.Getenv(Env); p {
	case "plaid-go": // ask for the last resort by name (to check a fresh clone's run)
		return fromModule()
	case "":
	default:
		return Spec{Path: p}
	}
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if p := filepath.Join(d, "shared", "plaid-openapi", "2020-09-14.yml"); exists(p) {
			return Spec{Path: p}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return fromModule()
}

func fromModule() Spec {
	out, err := exec.Command("go", "mod", "download", "-json", PlaidGo).Output()
	if err != nil {
		return Spec{Err: "Plaid's spec is not in " + Env + " nor ../shared, and `go mod download " + PlaidGo + "` failed: " + err.Error()}
	}
	var m struct{ Dir, Error string }
	if json.Unmarshal(out, &m) != nil || m.Dir == "" {
		return Spec{Err: "`go mod download " + PlaidGo + "` gave no module folder: " + m.Error}
	}
	p := filepath.Join(m.Dir, "api", "openapi.yaml")
	if !exists(p) {
		return Spec{Err: p + " does not exist"}
	}
	return Spec{Path: p, Fallback: true}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
