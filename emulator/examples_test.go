package emulator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/emulatortest"
)

// TestTransferJourneyScript runs examples/transfer-journey.sh, the curl
// journey the README shows, against an emulator and checks it prints
// what the README says it prints.
func TestTransferJourneyScript(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			toolUnavailable(t, "the curl journey", "examples", tool+" is not installed (apt-get install "+tool+")")
		}
	}
	srv := emulatortest.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	script, _ := filepath.Abs(filepath.Join("..", "examples", "transfer-journey.sh"))
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = append(cmd.Environ(), "U="+srv.URL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the script failed: %v\n%s", err, out)
	}
	const want = `decision: approved
status: funds_available
events: ["pending","posted","settled","funds_available"]
ledger: {"available":"140.00","pending":"0.00"}
ledger: {"available":"110.00","pending":"0.00"}
return: ["returned","R01"]
originator: approved
originator ledger: {"available":"25.00","pending":"0.00"}
`
	if string(out) != want {
		t.Fatalf("the script printed:\n%s\nwant (as in the README):\n%s", out, want)
	}
}

// TestReadmeLinkPictures: the README shows a committed picture of every
// pane the browser test photographs, and every picture it names exists.
func TestReadmeLinkPictures(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, pane := range linkScreenshots {
		if !strings.Contains(string(readme), "docs/images/link/"+pane+".png") {
			t.Errorf("the README shows no picture of the %s pane", pane)
		}
	}
	for _, m := range regexp.MustCompile(`docs/images/[\w/.-]+\.(png|jpg)`).FindAllString(string(readme), -1) {
		if b, err := os.ReadFile(filepath.Join("..", m)); err != nil || len(b) > 64<<10 {
			t.Errorf("%s: %v (%d bytes; pictures stay under 64 KiB)", m, err, len(b))
		}
	}
}

// TestReadmeCurlWalkThrough runs the README's curl walk-through as written
// and checks each "# → " line it shows against what the command printed.
func TestReadmeCurlWalkThrough(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			toolUnavailable(t, "the README's curl walk-through", "the README", tool+" is not installed (apt-get install "+tool+")")
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)[strings.Index(string(readme), "## A walk through the flow with curl"):]
	block := section[strings.Index(section, "```sh\n")+6:]
	block = block[:strings.Index(block, "```")]
	var want []string
	for _, line := range strings.Split(block, "\n") {
		if w, ok := strings.CutPrefix(line, "# → "); ok {
			want = append(want, strings.TrimSuffix(w, "…"))
		}
	}
	srv := emulatortest.NewServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", block)
	cmd.Env = append(cmd.Environ(), "U="+srv.URL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-through failed: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(got) != len(want) || len(want) < 4 {
		t.Fatalf("printed %q, the README shows %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("line %d: printed %q, the README shows %q", i+1, got[i], want[i])
		}
	}
}
