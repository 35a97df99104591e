package plaidtest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"
)

// CheckPDF checks a PDF's header, trailer and that each xref offset lands
// on its object.
func CheckPDF(t testing.TB, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("not a PDF: %.40q … %q", pdf, pdf[max(0, len(pdf)-10):])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[at:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(pdf[at:], -1)
	if len(entries) == 0 {
		t.Fatal("empty xref")
	}
	for i, en := range entries {
		off, _ := strconv.Atoi(string(en[1]))
		if want := fmt.Sprintf("%d 0 obj", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Fatalf("xref entry %d (%d) does not start %q", i+1, off, want)
		}
	}
}
