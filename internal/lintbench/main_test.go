package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestTreeMustBeOutsideAGitWorkTree: inside one, .gitignore can hide the
// tree from zenv lint (the repository ignores .cache/, where the tree
// used to be, and zenv lint read nothing); outside, the bench runs.
func TestTreeMustBeOutsideAGitWorkTree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	if out, err := exec.Command("git", "init", "-q", repo).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	if err := outsideGit(filepath.Join(repo, ".cache", "bench", "linttree")); err == nil {
		t.Error("a tree inside a work tree (not yet made) was accepted")
	}
	if err := outsideGit(filepath.Join(t.TempDir(), "linttree")); err != nil {
		t.Error(err)
	}
}

// TestCountFilesCountsEveryRegularFile: the count the bench holds zenv
// lint's report to.
func TestCountFilesCountsEveryRegularFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tree")
	if err := ensureTree(dir, 40); err != nil {
		t.Fatal(err)
	}
	n, err := countFiles(dir)
	if err != nil || n != 41 { // 40 and the stamp
		t.Errorf("counted %d (%v), want 41", n, err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err == nil {
		if m, _ := countFiles(dir); m != n {
			t.Errorf("a symlink counted: %d", m)
		}
	}
}
