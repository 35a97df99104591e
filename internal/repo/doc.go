// Package repo holds tests of the repository itself (what git tracks),
// not of any program.
package repo
