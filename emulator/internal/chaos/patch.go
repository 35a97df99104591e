package chaos

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/wire"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// PatchHeader tells the client what a scenario's patch did to the answer:
// "applied", or "failed: why" (the answer then is the real one).
const PatchHeader = "Plaid-Emulator-Patch"

// ApplyPatch applies a scenario's JSON Patch to a successful answer's
// JSON. It returns the answer to send and what happened, for the header
// and the journal; a patch that cannot apply is never silent, and neither
// is a patched answer that no longer matches the spec's schema for the
// path ("applied; breaks the spec: …": it is sent as patched).
func ApplyPatch(path string, ops []scenarios.PatchOp, body []byte) ([]byte, string) {
	out, outcome := patchAnswer(ops, body)
	if outcome != "applied" {
		return out, outcome
	}
	before := wire.AnswerProblems(path, body)
	for _, p := range wire.AnswerProblems(path, out) {
		if !slices.Contains(before, p) {
			return out, "applied; breaks the spec: " + p
		}
	}
	return out, outcome
}

func patchAnswer(ops []scenarios.PatchOp, body []byte) ([]byte, string) {
	raw, err := json.Marshal(ops)
	if err != nil {
		return body, "failed: the patch could not be written out"
	}
	p, err := jsonpatch.DecodePatch(raw)
	if err != nil {
		return body, "failed: the patch is not valid JSON Patch"
	}
	out, err := p.Apply(bytes.TrimSpace(body))
	if err != nil {
		return body, "failed: " + patchProblem(err)
	}
	return append(out, '\n'), "applied"
}

// patchProblem says in words why a patch did not apply.
func patchProblem(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "testing value") || strings.Contains(msg, "test failed"):
		return "a test operation did not match the answer"
	case strings.Contains(msg, "missing") || strings.Contains(msg, "doesn't exist") || strings.Contains(msg, "not found") ||
		strings.Contains(msg, "out of bounds") || strings.Contains(msg, "Unable to"):
		return "a path of the patch is not in this answer"
	}
	return "the patch does not apply to this answer"
}

// SetPatchHeader names the patch's outcome on the answer.
func SetPatchHeader(h http.Header, outcome string) {
	if outcome != "" {
		h.Set(PatchHeader, outcome)
	}
}
