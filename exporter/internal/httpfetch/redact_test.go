package httpfetch

import "testing"

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/data/t.csv", "https://example.org/data/t.csv"},
		{"https://u:pw@example.org/t.csv", "https://u:xxxxx@example.org/t.csv"},
		{"https://bucket.s3.example/t.csv?X-Amz-Signature=abc&X-Amz-Date=1", "https://bucket.s3.example/t.csv?X-Amz-Signature=xxxxx&X-Amz-Date=xxxxx"},
		{"https://gitlab.example/raw?private_token=abc", "https://gitlab.example/raw?private_token=xxxxx"},
		{"https://example.org/t.csv?abc#frag", "https://example.org/t.csv?xxxxx"},
		{"https://example.org/t.csv#access_token=abc", "https://example.org/t.csv"},
		{"http://127.0.0.1:port/x", "<invalid url>"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
