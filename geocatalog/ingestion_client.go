package geocatalog

// IngestionClient is the client of the ingestion management API (/inma):
// ingestion sources, managed identities, ingestions, runs and operations.
// Get one with Client.Ingestion.
type IngestionClient struct{ c *Client }
