// Package fakerelease lays out a zenv release on disk as goreleaser
// publishes it (zenv_<version>_<os>_<arch>.tar.gz and checksums.txt), so
// the GitHub Action's download and checksum verification run against a
// file:// URL in tests, with no network.
package fakerelease

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
)

// Write puts the zenv binary bin into dir as the linux/amd64 archive of
// version, with a checksums.txt naming it, and returns the archive's name
// and SHA-256.
func Write(dir, bin, version string) (archive, sum string, err error) {
	exe, err := os.ReadFile(bin)
	if err != nil {
		return "", "", err
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "zenv", Mode: 0o755, Size: int64(len(exe))}); err != nil {
		return "", "", err
	}
	if _, err := tw.Write(exe); err != nil {
		return "", "", err
	}
	if err := tw.Close(); err != nil {
		return "", "", err
	}
	if err := gz.Close(); err != nil {
		return "", "", err
	}
	archive = "zenv_" + version + "_linux_amd64.tar.gz"
	if err := os.WriteFile(filepath.Join(dir, archive), buf.Bytes(), 0o644); err != nil {
		return "", "", err
	}
	sum = fmt.Sprintf("%x", sha256.Sum256(buf.Bytes()))
	return archive, sum, os.WriteFile(filepath.Join(dir, "checksums.txt"), []byte(sum+"  "+archive+"\n"), 0o644)
}
