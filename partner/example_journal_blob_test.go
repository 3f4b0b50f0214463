package partner_test

import (
	"context"
	"log"
	"os"
	"path/filepath"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/partner"
)

// Keep a Batch task's journal in an append blob, where a retry of the task
// on another node finds it: the pool's managed identity writes it, a local
// copy in the task directory is replayed, and every record is in the blob
// before Append returns.
func ExampleOpenBlobJournal() {
	ctx := context.Background()
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{
		ID: azidentity.ClientID(os.Getenv("AZURE_CLIENT_ID")),
	})
	if err != nil {
		log.Fatal(err)
	}
	journals, err := container.NewClient("https://partnerstore.blob.core.windows.net/journals", cred, partner.GuardedContainerOptions(nil))
	if err != nil {
		log.Fatal(err)
	}
	job, task := os.Getenv("AZ_BATCH_JOB_ID"), os.Getenv("AZ_BATCH_TASK_ID")
	blob := journals.NewAppendBlobClient(job + "/" + task + ".journal")
	j, err := partner.OpenBlobJournal(ctx, blob, filepath.Join(os.Getenv("AZ_BATCH_TASK_WORKING_DIR"), task+".journal"), nil)
	if err != nil {
		log.Fatal(err) // a *partner.JournalConflictError on Append means two tasks share it
	}
	defer j.Close()
	// Pass j as gsp.Job.Journal or partner.WriterOptions.Journal.
}
