//go:build !race

package enrich

const raceBuild = false
