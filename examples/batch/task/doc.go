// Command task lists the collections of the GeoCatalog at GEOCATALOG_ENDPOINT
// and prints them as JSON: the Go counterpart of the Azure Batch
// quickstart's task.py. It authenticates with the pool's user-assigned
// managed identity (client ID in AZURE_CLIENT_ID): on a customer's own pool
// the identity holds the GeoCatalog role itself; on a partner's pool
// (PARTNER_CLIENT_ID and GEOCATALOG_TENANT_ID set) it is the federated
// credential of the partner's multitenant app, and the task reaches the
// catalog of a customer in that customer's tenant. See
// examples/batch/README.md and package batchenv for the settings.
package main
