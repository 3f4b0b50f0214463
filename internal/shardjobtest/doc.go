// Package shardjobtest is the test world of sharded GSP jobs on Batch,
// shared by the tests of partner/batch and examples/batch/submit: a
// GeoCatalog emulator whose source collection holds items with a "data"
// asset, a fake Entra ID with a managed-identity endpoint (the pool's
// identities and the submitter's), Azurite (manifests and reports), and a
// Batch emulator whose nodes run examples/batch/shardtask as processes.
//
// A test package using it calls Cleanup from its TestMain after m.Run.
package shardjobtest
