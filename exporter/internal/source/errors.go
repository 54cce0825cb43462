package source

import (
	"errors"
	"net/url"
)

// unwrapURLError drops net/url's "Get <url>:" prefix: the URL is already in
// the message, redacted, and the raw one may hold credentials.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
