//go:build race

package enrich

// raceBuild: the race detector slows every memory access about tenfold.
const raceBuild = true
