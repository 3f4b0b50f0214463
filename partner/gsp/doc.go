// Package gsp runs a GeoCatalog service-provider (GSP) job: a search over
// one or more source collections of a customer's catalog, split into
// deterministic shards (shard k of n, by a stable hash of the source item
// ID), a user Processor that reads the source assets through SAS-signed,
// streaming, retried range reads, and derived items written back to an
// output collection through the partner write path, each linked to its
// sources by "derived_from" links and stamped with processing fields.
//
// A job is checkpointed in a partner.Journal: a source item whose derived
// items were all written is recorded as done, so a shard that is killed and
// restarted with the same journal does no completed work again and loses
// nothing. Every source item gets its own result in the Report; one that
// fails (an asset that cannot be read, a processor error) fails alone. A
// customer that revokes the partner's access stops the job with an error
// that matches tenancy.ErrAccessRevoked and a Report of what was done.
//
// A job is cut into shards by Plan: one id-only pass over the search cuts
// the source items into n Manifests, and a shard run with its manifest
// (Job.Manifest) fetches only its own items, so every item is read once in
// total. Without a manifest a shard pages through the whole search and keeps
// the items whose ID hashes to it (ShardOf): the fallback for a search too
// large to list. The shard of a process comes from the environment
// (GSP_SHARD_INDEX and GSP_SHARD_COUNT, set per task of an Azure Batch job);
// see ShardFromEnv. The union of the n shards of a job is the whole search,
// with no item in two shards.
package gsp
