// Package batchenv connects a program that runs as an Azure Batch task to a
// GeoCatalog, from the task's environment settings, with the pool's
// user-assigned managed identity. It serves both ways Batch is used:
//
//   - a customer's own pool: the identity (AZURE_CLIENT_ID) holds a
//     GeoCatalog role on the catalog (GEOCATALOG_ENDPOINT) itself;
//   - a partner's pool: PARTNER_CLIENT_ID is set, the identity is the
//     federated credential of the partner's multitenant app, and the task
//     reaches the catalog of a customer in that customer's tenant
//     (GEOCATALOG_TENANT_ID), with no secret anywhere.
//
// On a Batch node azidentity gets the identity's token from the instance
// metadata service (IMDS); elsewhere (App Service, tests) from
// IDENTITY_ENDPOINT and IDENTITY_HEADER.
//
// BindShardFlags gives a task program -shard-index and -shard-count flags
// that win over GSP_SHARD_INDEX and GSP_SHARD_COUNT.
package batchenv
