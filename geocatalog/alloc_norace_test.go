//go:build !race

package geocatalog_test

// raceAllocFactor scales allocation bounds (see alloc_race_test.go).
const raceAllocFactor = 1
