// Package exportertest gives the black-box tests of every package (the
// exporter's own, the dashboards') one exporter binary per `go test` run,
// instead of one `go build` per test.
package exportertest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

// Binary returns the exporter binary of this `go test` run, building it on
// first use. The test binaries of one run are children of the same go
// command, so the binary is kept in a directory named for that process:
// the first package to ask builds it under a file lock, the others wait
// for it and share it. Directories of runs whose go command has exited are
// removed.
func Binary(t testing.TB) string {
	t.Helper()
	bin, err := Build()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Build is Binary for TestMain, which has no testing.TB.
func Build() (string, error) {
	run := runID(os.Getppid())
	base := filepath.Join(os.TempDir(), "korea-ict-exporter-test")
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(base, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("locking %s: %w", lock.Name(), err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	removeStale(base)
	bin := filepath.Join(base, run, "korea-ict-exporter")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	root, err := buildtool.ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	cmd := exec.Command("go", "build", "-o", bin, "./exporter")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./exporter: %v\n%s", err, out)
	}
	return bin, nil
}

// runID names a process by its PID and start time, so that a PID reused by
// a later run is another name.
func runID(pid int) string {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return strconv.Itoa(pid)
	}
	// Field 22, after the command in parentheses (which may hold spaces).
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 20 {
		return strconv.Itoa(pid)
	}
	return strconv.Itoa(pid) + "-" + fields[19]
}

// removeStale removes the binaries of runs whose go command is gone.
func removeStale(base string) {
	entries, _ := os.ReadDir(base)
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.Split(e.Name(), "-")[0])
		if err != nil || !e.IsDir() {
			continue
		}
		if runID(pid) != e.Name() {
			os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}

// FreeAddr returns a 127.0.0.1 address no one listens on, for a process
// to serve on or for a connection to be refused.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
