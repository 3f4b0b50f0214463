package partner

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blockblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// DefaultSASLifetime is how long a staged asset's read SAS stays valid when
// StagerOptions.SASLifetime is zero. It must cover the time between staging
// and the catalog's copy of the asset (which happens while the create
// operation runs), with room for retries and throttling.
const DefaultSASLifetime = 6 * time.Hour

// singleShotLimit is the largest file uploaded in one request, with an MD5
// the service checks on arrival; larger files are uploaded in blocks, each
// block checked, with the whole file's MD5 stored and compared afterwards.
const singleShotLimit = 64 << 20

// StagerOptions configures a Stager. A nil *StagerOptions means the defaults.
type StagerOptions struct {
	// Prefix is prepended to every blob name ("deliveries/2026-11" ...).
	Prefix string
	// SASLifetime is the validity of the read SAS URLs. Zero means
	// DefaultSASLifetime.
	SASLifetime time.Duration
	// UserDelegationCredential signs SAS URLs when the container client was
	// built with an Entra credential rather than a shared key.
	UserDelegationCredential *service.UserDelegationCredential
}

// Stager uploads local asset files into the partner's blob container and
// hands out read-only SAS URLs for the catalog to copy them from.
// A Stager is safe for concurrent use.
type Stager struct {
	container *container.Client
	opts      StagerOptions
}

// GuardedContainerOptions returns a copy of o (nil: the defaults) whose
// Transport is wrapped by geocatalog.GuardTransport. Build the container
// client of a Stager with it: the azblob pipeline then follows no redirect
// (a 3xx would otherwise take the upload, its Authorization header or its
// SAS query to the server the Location names) and logs no secret from a
// response header.
func GuardedContainerOptions(o *container.ClientOptions) *container.ClientOptions {
	var out container.ClientOptions
	if o != nil {
		out = *o
	}
	out.Transport = geocatalog.GuardTransport(out.Transport)
	return &out
}

// NewStager returns a Stager over an azblob container client. The container
// is created by EnsureContainer (or beforehand). Build c with
// GuardedContainerOptions.
func NewStager(c *container.Client, options *StagerOptions) *Stager {
	s := &Stager{container: c}
	if options != nil {
		s.opts = *options
	}
	if s.opts.SASLifetime <= 0 {
		s.opts.SASLifetime = DefaultSASLifetime
	}
	return s
}

// ContainerURL returns the container's URL without a query.
func (s *Stager) ContainerURL() string { return s.container.URL() }

// EnsureContainer creates the container unless it exists; the response
// says which. options may be nil.
func (s *Stager) EnsureContainer(ctx context.Context, options *EnsureContainerOptions) (EnsureContainerResponse, error) {
	_, err := s.container.Create(ctx, nil)
	switch {
	case err == nil:
		return EnsureContainerResponse{Created: true}, nil
	case bloberror.HasCode(err, bloberror.ContainerAlreadyExists):
		return EnsureContainerResponse{}, nil
	}
	return EnsureContainerResponse{}, fmt.Errorf("partner: creating staging container: %w", err)
}

// StagedAsset describes a file in the staging container.
type StagedAsset struct {
	Blob      string    // blob name in the container
	URL       string    // blob URL without SAS
	SignedURL string    // URL with a read-only SAS
	ExpiresOn time.Time // end of the SAS validity
	Size      int64
	MD5       []byte
	Uploaded  bool // false when an identical blob was already there
}

// FileDigest is the size and MD5 of a local file.
type FileDigest struct {
	Size int64
	MD5  []byte
}

// Checksum returns the digest as a STAC file-extension multihash
// ("d510" + hex MD5).
func (d FileDigest) Checksum() string { return "d510" + hex.EncodeToString(d.MD5) }

// DigestFile reads a file and returns its size and MD5.
func DigestFile(name string) (FileDigest, error) {
	f, err := os.Open(name)
	if err != nil {
		return FileDigest{}, err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileDigest{}, err
	}
	return FileDigest{Size: n, MD5: h.Sum(nil)}, nil
}

// BlobName joins the stager's prefix and the parts into a blob name.
func (s *Stager) BlobName(parts ...string) string {
	all := append([]string{s.opts.Prefix}, parts...)
	return strings.TrimPrefix(path.Join(all...), "/")
}

// StageFile uploads the local file to blobName unless a blob with the same
// size and MD5 is already there, verifies the stored MD5, and returns the
// blob with a read-only SAS URL valid for the stager's SASLifetime.
// options may be nil.
func (s *Stager) StageFile(ctx context.Context, localPath, blobName string, options *StageFileOptions) (StageFileResponse, error) {
	var digest *FileDigest
	if options != nil {
		digest = options.Digest
	}
	out, err := s.stageFile(ctx, localPath, blobName, digest, true)
	if err != nil {
		return StageFileResponse{}, err
	}
	return StageFileResponse{StagedAsset: *out}, nil
}

// stageFile is StageFile; check=false skips the look for an identical blob
// (for blobs known to be new).
func (s *Stager) stageFile(ctx context.Context, localPath, blobName string, digest *FileDigest, check bool) (*StagedAsset, error) {
	if digest == nil {
		d, err := DigestFile(localPath)
		if err != nil {
			return nil, fmt.Errorf("partner: reading asset file: %w", err)
		}
		digest = &d
	}
	bb := s.container.NewBlockBlobClient(blobName)
	out := &StagedAsset{Blob: blobName, URL: bb.URL(), Size: digest.Size, MD5: digest.MD5}
	var props blob.GetPropertiesResponse
	err := errNotLooked
	if check {
		props, err = bb.GetProperties(ctx, nil)
	}
	switch {
	case err == nil && props.ContentLength != nil && *props.ContentLength == digest.Size && bytes.Equal(props.ContentMD5, digest.MD5):
		// already staged with this content
	case err != nil && err != errNotLooked && !bloberror.HasCode(err, bloberror.BlobNotFound):
		return nil, fmt.Errorf("partner: staging %s: %w", blobName, err)
	default:
		if err := s.upload(ctx, bb, localPath, *digest); err != nil {
			return nil, err
		}
		out.Uploaded = true
	}
	if err := s.sign(bb.BlobClient(), out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Stager) upload(ctx context.Context, bb *blockblob.Client, localPath string, d FileDigest) error {
	f, err := os.Open(localPath)
	if err != nil {
		return fmt.Errorf("partner: reading asset file: %w", err)
	}
	defer f.Close()
	headers := &blob.HTTPHeaders{BlobContentMD5: d.MD5}
	if ct := mime.TypeByExtension(filepath.Ext(localPath)); ct != "" {
		headers.BlobContentType = to.Ptr(ct)
	}
	if d.Size <= singleShotLimit {
		// The service checks the request's Content-MD5 (refusing the upload
		// on a mismatch) and returns the MD5 it stored.
		resp, err := bb.Upload(ctx, f, &blockblob.UploadOptions{
			HTTPHeaders:             headers,
			TransactionalValidation: blob.TransferValidationTypeMD5(d.MD5),
		})
		if err != nil {
			return stagingError("uploading", bb.URL(), err)
		}
		if !bytes.Equal(resp.ContentMD5, d.MD5) {
			return &ChecksumMismatchError{Blob: bb.URL(), Want: d.MD5, Got: resp.ContentMD5}
		}
		return nil
	}
	if _, err := bb.UploadFile(ctx, f, &blockblob.UploadFileOptions{HTTPHeaders: headers}); err != nil {
		return stagingError("uploading", bb.URL(), err)
	}
	props, err := bb.GetProperties(ctx, nil)
	if err != nil {
		return stagingError("checking", bb.URL(), err)
	}
	if !bytes.Equal(props.ContentMD5, d.MD5) || props.ContentLength == nil || *props.ContentLength != d.Size {
		return &ChecksumMismatchError{Blob: bb.URL(), Want: d.MD5, Got: props.ContentMD5}
	}
	return nil
}

// UploadBytes writes data to blobName (for example a static catalog's JSON)
// with its MD5 checked by the service, and returns the blob URL without
// SAS. options may be nil.
func (s *Stager) UploadBytes(ctx context.Context, blobName string, data []byte, options *UploadBytesOptions) (UploadBytesResponse, error) {
	var contentType string
	if options != nil {
		contentType = options.ContentType
	}
	if contentType == "" {
		contentType = mime.TypeByExtension(path.Ext(blobName))
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	sum := md5.Sum(data)
	bb := s.container.NewBlockBlobClient(blobName)
	_, err := bb.Upload(ctx, streaming.NopCloser(bytes.NewReader(data)), &blockblob.UploadOptions{
		HTTPHeaders:             &blob.HTTPHeaders{BlobContentMD5: sum[:], BlobContentType: to.Ptr(contentType)},
		TransactionalValidation: blob.TransferValidationTypeMD5(sum[:]),
	})
	if err != nil {
		return UploadBytesResponse{}, stagingError("uploading", bb.URL(), err)
	}
	return UploadBytesResponse{URL: bb.URL(), ContentMD5: sum[:]}, nil
}

func (s *Stager) sign(b *blob.Client, out *StagedAsset) error {
	out.ExpiresOn = time.Now().UTC().Add(s.opts.SASLifetime)
	u, err := s.signBlob(b, out.ExpiresOn)
	out.SignedURL = u
	return err
}

// SignURL returns blobURL (a blob of the stager's container, without query)
// with a read-only SAS, valid until options.ExpiresOn (nil options: for the
// stager's SASLifetime). It is a URL builder: it signs locally, with the
// container client's shared key or the StagerOptions'
// UserDelegationCredential, and sends no request.
func (s *Stager) SignURL(blobURL string, options *SignURLOptions) (string, error) {
	var o SignURLOptions
	if options != nil {
		o = *options
	}
	parts, err := blob.ParseURL(blobURL)
	if err != nil {
		return "", err
	}
	return s.signBlob(s.container.NewBlobClient(parts.BlobName), sasExpiry(o.ExpiresOn, s.opts.SASLifetime))
}

func (s *Stager) signBlob(b *blob.Client, expiry time.Time) (string, error) {
	start := time.Now().UTC().Add(-5 * time.Minute) // clock skew
	if udc := s.opts.UserDelegationCredential; udc != nil {
		parts, err := blob.ParseURL(b.URL())
		if err != nil {
			return "", err
		}
		q, err := sas.BlobSignatureValues{
			Protocol:      sas.ProtocolHTTPSandHTTP,
			StartTime:     start,
			ExpiryTime:    expiry.UTC(),
			Permissions:   (&sas.BlobPermissions{Read: true}).String(),
			ContainerName: parts.ContainerName,
			BlobName:      parts.BlobName,
		}.SignWithUserDelegation(udc)
		if err != nil {
			return "", fmt.Errorf("partner: signing staged blob: %w", err)
		}
		return b.URL() + "?" + q.Encode(), nil
	}
	u, err := b.GetSASURL(sas.BlobPermissions{Read: true}, expiry.UTC(), &blob.GetSASURLOptions{StartTime: &start})
	if err != nil {
		return "", fmt.Errorf("partner: signing staged blob: %w", err)
	}
	return u, nil
}

// ContainerSASURL returns the container's URL with a read and list (sp=rl)
// SAS for the whole container, valid until options.ExpiresOn (nil options:
// for the stager's SASLifetime); its query is the SAS token an ingestion
// source takes. It is a URL builder: it signs locally with the container
// client's shared key (it needs one) and sends no request.
func (s *Stager) ContainerSASURL(options *ContainerSASURLOptions) (string, error) {
	var o ContainerSASURLOptions
	if options != nil {
		o = *options
	}
	start := time.Now().UTC().Add(-5 * time.Minute)
	u, err := s.container.GetSASURL(sas.ContainerPermissions{Read: true, List: true}, sasExpiry(o.ExpiresOn, s.opts.SASLifetime), &container.GetSASURLOptions{StartTime: &start})
	if err != nil {
		return "", fmt.Errorf("partner: signing staging container: %w", err)
	}
	return u, nil
}

// errNotLooked stands for "the blob was not looked for".
var errNotLooked = errors.New("not looked up")

// ChecksumMismatchError reports a staged blob whose stored MD5 differs from
// the local file's.
type ChecksumMismatchError struct {
	Blob      string
	Want, Got []byte
}

// Error names the blob and both checksums.
func (e *ChecksumMismatchError) Error() string {
	return fmt.Sprintf("partner: staged blob %s has MD5 %s, want %s", e.Blob,
		base64.StdEncoding.EncodeToString(e.Got), base64.StdEncoding.EncodeToString(e.Want))
}
