package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartup measures the built binary from exec to its first served
// request (ms/start) and its resident memory when idle (MiB-idle-RSS).
func BenchmarkStartup(b *testing.B) {
	bin := buildBinary(b)
	var total time.Duration
	var rss float64
	for i := 0; i < b.N; i++ {
		start := time.Now()
		cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--log-format", "text")
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		url := ""
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, after, ok := strings.Cut(sc.Text(), "url="); ok {
				url, _, _ = strings.Cut(after, " ")
				break
			}
		}
		resp, err := http.Get(url + "/_emulator/health")
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("health: %v", err)
		}
		resp.Body.Close()
		total += time.Since(start)
		rss = idleRSS(b, cmd.Process.Pid)
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/start")
	b.ReportMetric(rss, "MiB-idle-RSS")
}

func idleRSS(b *testing.B, pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
