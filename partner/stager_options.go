package partner

import "time"

// EnsureContainerOptions are the optional parameters of
// Stager.EnsureContainer (none yet; nil is the default).
type EnsureContainerOptions struct{}

// EnsureContainerResponse is the outcome of Stager.EnsureContainer.
type EnsureContainerResponse struct {
	// Created is true when the call created the container, false when it
	// was already there.
	Created bool
}

// StageFileOptions are the optional parameters of Stager.StageFile.
type StageFileOptions struct {
	// Digest is the size and MD5 of the local file, when the caller has
	// them already. Nil means StageFile reads the file to compute them.
	Digest *FileDigest
}

// StageFileResponse is the outcome of Stager.StageFile: the staged blob
// with its read-only SAS URL.
type StageFileResponse struct {
	StagedAsset
}

// UploadBytesOptions are the optional parameters of Stager.UploadBytes.
type UploadBytesOptions struct {
	// ContentType is the blob's Content-Type. Empty means the type of the
	// blob name's extension (mime.TypeByExtension), or
	// application/octet-stream for an unknown one.
	ContentType string
}

// UploadBytesResponse is the outcome of Stager.UploadBytes.
type UploadBytesResponse struct {
	// URL is the blob's URL without SAS.
	URL string
	// ContentMD5 is the MD5 of the data, as the service checked and stored it.
	ContentMD5 []byte
}

// SignURLOptions are the optional parameters of Stager.SignURL.
type SignURLOptions struct {
	// ExpiresOn is the end of the SAS validity. Zero means now plus the
	// stager's SASLifetime.
	ExpiresOn time.Time
}

// ContainerSASURLOptions are the optional parameters of
// Stager.ContainerSASURL.
type ContainerSASURLOptions struct {
	// ExpiresOn is the end of the SAS validity. Zero means now plus the
	// stager's SASLifetime.
	ExpiresOn time.Time
}

// sasExpiry returns t, or now plus lifetime when t is zero.
func sasExpiry(t time.Time, lifetime time.Duration) time.Time {
	if t.IsZero() {
		return time.Now().UTC().Add(lifetime)
	}
	return t.UTC()
}
