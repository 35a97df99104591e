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
// journey docs/transfer.md shows, against an emulator and checks it prints
// what that page says it prints.
func TestTransferJourneyScript(t *testing.T) {
	needCurlTools(t, "the curl journey")
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
		t.Fatalf("the script printed:\n%s\nwant (as in docs/transfer.md):\n%s", out, want)
	}
}

// TestDocsLinkPictures: the Link page of the docs shows a committed
// picture of every pane the browser test photographs, and every picture
// the README or a docs page names exists and stays small.
func TestDocsLinkPictures(t *testing.T) {
	link, err := os.ReadFile(filepath.Join("..", "docs", "link.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, pane := range linkScreenshots {
		if !strings.Contains(string(link), "images/link/"+pane+".png") {
			t.Errorf("docs/link.md shows no picture of the %s pane", pane)
		}
	}
	pics := regexp.MustCompile(`(?:docs/)?images/[\w/.-]+\.(png|jpg)`)
	for _, page := range docPages(t) {
		raw, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pics.FindAllString(string(raw), -1) {
			file := filepath.Join("..", "docs", strings.TrimPrefix(m, "docs/"))
			if b, err := os.ReadFile(file); err != nil || len(b) > 64<<10 {
				t.Errorf("%s names %s: %v (%d bytes; pictures stay under 64 KiB)", page, m, err, len(b))
			}
		}
	}
}
