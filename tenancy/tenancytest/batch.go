package tenancytest

// BatchAudience is the audience of Azure Batch tokens (the resource of the
// scope https://batch.core.windows.net//.default).
const BatchAudience = "https://batch.core.windows.net/"

// BatchTokenValidator returns a function that accepts the Azure Batch
// tokens of this fake (signature, expiry, issuer and audience
// BatchAudience checked): pass it as batchtest.Options.ValidateToken.
// Managed identities (NewManagedIdentityServer) get such tokens.
func (e *Entra) BatchTokenValidator() func(token string) error {
	return func(token string) error {
		_, err := e.verifyToken(token, BatchAudience)
		return err
	}
}
