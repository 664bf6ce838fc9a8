package lint

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/zenv-dev/zenv/internal/fsutil"

	"github.com/zenv-dev/zenv/internal/redact"
)

// skippedDirs are never entered: git's own data and vendored code, which the
// project does not write and cannot fix.
func skippedDir(name string) bool {
	switch name {
	case ".git", "vendor", "node_modules", "third_party":
		return true
	}
	return false
}

// job is one file to check: the path as reported, and the path to open.
type job struct{ report, open string }

// result is what checking one file gave.
type result struct {
	findings []Finding
	skip     *Skip
}

// scan walks paths in one goroutine and checks files in opts.Jobs others.
// Order does not matter here: Run sorts the report.
func scan(ctx context.Context, paths []string, opts Options) (Report, error) {
	for _, p := range paths {
		if _, err := os.Lstat(p); err != nil {
			return Report{}, fmt.Errorf("cannot lint %s: %w", p, fsutil.BareError(err))
		}
	}
	jobs := make(chan job, 64)
	results := make(chan result, 64)
	var rep Report
	collected := make(chan struct{})
	go func() {
		for r := range results {
			rep.Findings = append(rep.Findings, r.findings...)
			if r.skip != nil {
				rep.Skipped = append(rep.Skipped, *r.skip)
			} else {
				rep.Files++
			}
		}
		close(collected)
	}()
	var wg sync.WaitGroup
	for range opts.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // reused: most files are small, and so is the garbage
			for j := range jobs {
				results <- checkPath(j, opts.MaxFileSize, &buf)
			}
		}()
	}
	w := walker{ctx: ctx, opts: opts, jobs: jobs, results: results}
	var err error
	for _, p := range paths {
		if err = w.root(p); err != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if err != nil {
		return Report{}, err
	}
	return rep, ctx.Err()
}

type walker struct {
	ctx     context.Context
	opts    Options
	jobs    chan<- job
	results chan<- result
}

func (w *walker) note(path, reason string) {
	w.results <- result{skip: &Skip{Path: filepath.ToSlash(path), Reason: reason}}
}

// root handles one command-line path. A file named there is checked
// whatever its name and whether or not git ignores it: the user asked.
// A symbolic link is never followed, there or below, so the walk cannot
// leave the tree or loop.
func (w *walker) root(p string) error {
	info, err := os.Lstat(p)
	if err != nil {
		return fmt.Errorf("cannot lint %s: %w", p, fsutil.BareError(err))
	}
	clean := filepath.Clean(p)
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		w.note(clean, "symbolic link, not followed")
	case info.IsDir():
		ign, note := gitIgnored(w.ctx, clean, w.opts.GitTimeout)
		if note != "" {
			w.note(clean, note)
		}
		return w.dir(clean, clean, ign)
	case info.Mode().IsRegular():
		w.jobs <- job{report: filepath.ToSlash(clean), open: clean}
	default:
		w.note(clean, "not a regular file")
	}
	return nil
}

// dir walks one directory, depth first, in name order.
func (w *walker) dir(root, dir string, ign ignored) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.note(dir, "cannot read directory: "+fsutil.BareError(err).Error())
		return nil
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		rel, _ := filepath.Rel(root, path)
		t := e.Type()
		switch {
		case t&fs.ModeSymlink != 0:
			w.note(path, "symbolic link, not followed")
		case t.IsDir():
			if skippedDir(e.Name()) || ign.has(rel, true) {
				continue
			}
			if err := w.dir(root, path, ign); err != nil {
				return err
			}
		case t.IsRegular():
			if !ign.has(rel, false) {
				w.jobs <- job{report: filepath.ToSlash(path), open: path}
			}
		}
		// Sockets, pipes and devices are not files anyone commits.
	}
	return nil
}

// checkPath reads one file with a bound into *buf and checks it. Nothing
// the check returns points into *buf.
func checkPath(j job, maxSize int64, buf *[]byte) result {
	skip := func(reason string) result {
		return result{skip: &Skip{Path: j.report, Reason: redact.KeyShaped(reason)}}
	}
	f, err := openNoFollow(j.open)
	if err != nil {
		return skip("cannot read: " + fsutil.BareError(err).Error())
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return skip("cannot read: " + fsutil.BareError(err).Error())
	}
	if !info.Mode().IsRegular() {
		return skip("not a regular file")
	}
	if info.Size() > maxSize {
		return skip(fmt.Sprintf("larger than %s, not read", sizeString(maxSize)))
	}
	// The file may grow between Stat and read: read one byte past the cap.
	data, err := readAll(io.LimitReader(f, maxSize+1), (*buf)[:0], info.Size()+1)
	*buf = data
	if err != nil {
		return skip("cannot read: " + fsutil.BareError(err).Error())
	}
	if int64(len(data)) > maxSize {
		return skip(fmt.Sprintf("larger than %s, not read", sizeString(maxSize)))
	}
	if text, ok := decodeUTF16(data); ok {
		// Linted as the text it is, positions in the decoded text; its
		// bytes are searched too, for a key appended in ASCII.
		c := newChecker(j.report, text)
		c.check()
		return result{findings: append(c.findings, rawKeys(j.report, data, "in ASCII in a UTF-16 file")...), skip: c.skip}
	}
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
		// Not text, but a key in it is as committed as in a .env file.
		return result{findings: rawKeys(j.report, data, "in a binary file"), skip: &Skip{Path: j.report, Reason: "binary file, checked for keys only"}}
	}
	c := newChecker(j.report, data)
	c.check()
	return result{findings: c.findings, skip: c.skip}
}

// readAll is io.ReadAll into buf, sized from the start for the expected
// length.
func readAll(r io.Reader, buf []byte, expect int64) ([]byte, error) {
	if int64(cap(buf)) < expect {
		buf = make([]byte, 0, expect)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func sizeString(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
