//go:build race

package geocatalog_test

// raceAllocFactor scales allocation bounds: under -race the same refusal
// was measured at twice the allocation of a normal build (32.5 MiB against
// 16.3 MiB at an 8 MiB limit), the instrumented build allocating more.
const raceAllocFactor = 2
