package env

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/config"
	"github.com/zenv-dev/zenv/internal/fsutil"
	"github.com/zenv-dev/zenv/internal/redact"
	"github.com/zenv-dev/zenv/internal/zenml"
	"github.com/zenv-dev/zenv/render"
)

// maxPrefectYAML bounds what --into reads: a prefect.yaml is kilobytes.
const maxPrefectYAML = 1 << 20

// zenvStepName is the pull step zenv writes: os.environ.update, called
// with the variables as keyword arguments (Prefect >= 3.4.1 resolves the
// module:attribute chain, PrefectHQ/prefect#17976).
const zenvStepName = "os:environ.update"

// checkInto refuses what --into cannot do, before the profile or the key is
// read: it edits the pull step of a prefect.yaml, and the file must never
// hold the key.
func checkInto(opts *EnvOptions, t *render.Target, f *render.Form) error {
	switch {
	case t.Name != "prefect":
		return fmt.Errorf("--into edits a prefect.yaml; for %s, write the output with -o PATH", t.Name)
	case f.Name != "":
		return fmt.Errorf("--into adds zenv's pull step; drop --form %s (or write that form with -o PATH)", f.Name)
	case opts.InlineSecrets:
		return fmt.Errorf("--into refuses --inline-secrets: prefect.yaml is committed, and the key would sit in it in plain text")
	case opts.Unset:
		return fmt.Errorf("--into cannot --unset; delete zenv's os:environ.update step from the file by hand")
	case opts.Output != "":
		return fmt.Errorf("--into and -o both pick where the output goes; keep one")
	}
	return nil
}

// writeInto adds zenv's pull step to the prefect.yaml at opts.Into, or
// replaces the step zenv wrote before (found by its content: an
// os:environ.update step that sets ZENML_STORE_URL). Without a deployment
// name it edits the project's pull:, else that deployment's; a deployment
// without a pull: of its own gets one, the project's steps copied in first,
// since a deployment's pull: replaces the project's. The file is edited
// through yaml.v3 nodes, as zenv's config file is: comments, order and every
// other step stay, and an edit that would change another value or lose a
// comment is refused.
func writeInto(opts *EnvOptions, t *render.Target, f *render.Form, in render.Input, ropts render.Options, key string) error {
	deployment := render.SettingsOf(t, in.Settings)["prefect_deployment"]
	step, err := renderStep(t, f, in, ropts, key)
	if err != nil {
		return err
	}
	path, err := resolvePrefectYAML(opts.Into)
	if err != nil {
		return err
	}
	// Two runs at once (one per deployment) each read the file and write it
	// back: the lock makes the second read the first one's result.
	unlock, err := lockPrefectYAML(opts.Into, path)
	if err != nil {
		return err
	}
	defer unlock()
	original, fi, err := readPrefectYAML(opts.Into, path)
	if err != nil {
		return err
	}
	// yaml.v3 drops a byte order mark; the file keeps it.
	bom := []byte(nil)
	if bytes.HasPrefix(original, utf8BOM) {
		bom, original = utf8BOM, original[len(utf8BOM):]
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(original, &doc); err != nil {
		return fmt.Errorf("%s does not parse as YAML (%v); fix it first, nothing was changed", opts.Into, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s is not a prefect.yaml (its top level is not a mapping); nothing was changed", opts.Into)
	}
	if n, err := config.CountDocuments(original); err != nil || n != 1 {
		return fmt.Errorf("%s holds %d YAML documents; prefect reads one, so zenv edits only a file with one", opts.Into, n)
	}
	root := doc.Content[0]
	if !looksLikePrefectYAML(root) {
		return fmt.Errorf("%s is not a prefect.yaml (none of its top-level keys is %s); --into edits a Prefect project's prefect.yaml, nothing was changed", opts.Into, strings.Join(prefectKeys, ", "))
	}
	if err := duplicateKey(&doc); err != nil {
		return fmt.Errorf("%s: %w; prefect keeps the last one and zenv would edit the first, so merge them, nothing was changed", opts.Into, err)
	}
	managed := func(name string) bool { return zenml.IsClientVar(name) || slices.Contains(in.Clear, name) }
	where, kept, err := placeStep(root, deployment, step, managed)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was changed", opts.Into, err)
	}
	out, err := config.EncodeDocument(opts.Into, &doc, original)
	if err != nil {
		return err
	}
	out = compactSequences(&doc, original, out)
	if lost := lostComments(&doc, out); lost != "" {
		return fmt.Errorf("%s: the edit would lose the comment %q (yaml.v3 cannot keep it there); nothing was changed: add the step by hand, zenv env prefect --deployment NAME prints it", opts.Into, lost)
	}
	out = append(bom, out...)
	original = append(bom, original...)
	if where := literalKey(root); where != "" {
		opts.Warn(fmt.Sprintf("%s holds a literal ZenML api key in %s: anyone who can read the file has it; rotate that key, and delete it from the step (zenv's step reads the key from the Secret block)", opts.Into, where))
	}
	if bytes.Equal(out, original) {
		opts.Notice(fmt.Sprintf("%s already has zenv's step in %s; nothing to change", opts.Into, where))
		return nil
	}
	beforeIntoWrite()
	// The file holds no secret: it keeps the mode, owner and group the
	// project gave it.
	if err := fsutil.ReplaceFileLike(path, out, fi); err != nil {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: fmt.Errorf("cannot write %s: %w", opts.Into, fsutil.BareError(err))}
	}
	opts.Notice(fmt.Sprintf("wrote zenv's step into %s of %s", where, opts.Into))
	if len(kept) > 0 {
		opts.Notice(fmt.Sprintf("kept your own %s in zenv's step", strings.Join(kept, ", ")))
	}
	if deployment == "" {
		if own := ownPulls(root); len(own) > 0 {
			opts.Warn(fmt.Sprintf("deployment(s) %s have a pull: of their own, which replaces the project's, so they do not get this step; give each its own with --deployment NAME", strings.Join(own, ", ")))
		}
	}
	return nil
}

var utf8BOM = []byte("\ufeff")

// prefectKeys are the top-level keys of a prefect.yaml: a mapping with none
// of them is another file (a workflow, zenv's config), which --into must
// not grow a pull: in.
var prefectKeys = []string{"deployments", "pull", "build", "push", "name", "prefect-version"}

func looksLikePrefectYAML(root *yaml.Node) bool {
	if len(root.Content) == 0 {
		return true // an empty mapping ({}) is a project yet to be filled
	}
	for _, k := range prefectKeys {
		if k, _ := mappingPair(root, k); k != nil {
			return true
		}
	}
	return false
}

// duplicateKey refuses a mapping that holds a key twice: yaml.v3 keeps
// both nodes, and zenv's lookups find the first, while PyYAML (Prefect)
// keeps the last, so an edit there would be lost.
func duplicateKey(doc *yaml.Node) error {
	var err error
	walkNodes(doc, func(n *yaml.Node) {
		if err != nil || n.Kind != yaml.MappingNode {
			return
		}
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				continue
			}
			id := k.ShortTag() + "\x00" + k.Value
			if line, ok := seen[id]; ok {
				err = fmt.Errorf("the key %s: appears twice in one mapping (lines %d and %d)", k.Value, line, k.Line)
				return
			}
			seen[id] = k.Line
		}
	})
	return err
}

// literalKey names the first place in a pull: list (the project's or a
// deployment's) where a step's argument is a literal ZenML key, or "".
// It names the variable, never the value.
func literalKey(root *yaml.Node) string {
	lists := []struct {
		where string
		pull  *yaml.Node
	}{{"the project's pull:", mappingValue(root, "pull")}}
	if ds := mappingValue(root, "deployments"); ds != nil && ds.Kind == yaml.SequenceNode {
		for _, d := range ds.Content {
			name := mappingValue(d, "name")
			if pull := mappingValue(d, "pull"); pull != nil && name != nil {
				lists = append(lists, struct {
					where string
					pull  *yaml.Node
				}{"the pull: of deployment " + name.Value, pull})
			}
		}
	}
	for _, l := range lists {
		if l.pull == nil {
			continue
		}
		var found string
		walkNodes(l.pull, func(n *yaml.Node) {
			if found != "" || n.Kind != yaml.MappingNode {
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				if v := n.Content[i+1]; v.Kind == yaml.ScalarNode && redact.LooksLikeKey(v.Value) {
					found = n.Content[i].Value
					return
				}
			}
		})
		if found != "" {
			return fmt.Sprintf("%s (%s)", l.where, redact.KeyShaped(found))
		}
	}
	return ""
}

// ownPulls names the deployments with a pull: of their own, which
// replaces the project's: a step added to the project's never reaches them.
func ownPulls(root *yaml.Node) []string {
	var own []string
	list := mappingValue(root, "deployments")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	for _, d := range list.Content {
		pull, name := mappingValue(d, "pull"), mappingValue(d, "name")
		if pull == nil || name == nil || pull.Kind != yaml.SequenceNode {
			continue
		}
		own = append(own, name.Value)
	}
	return own
}

// renderStep renders the default form without a deployment name and takes
// its one step node: the template and the quoting stay the one source of
// the step's text.
func renderStep(t *render.Target, f *render.Form, in render.Input, ropts render.Options, key string) (*yaml.Node, error) {
	settings := make(map[string]string, len(in.Settings))
	for k, v := range in.Settings {
		if k != "prefect_deployment" {
			settings[k] = v
		}
	}
	in.Settings = settings
	plan, err := render.Prepare(t, f, in, ropts)
	if err != nil {
		return nil, err
	}
	out, err := plan.Render(key)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("zenv's own pull step does not parse (%v); please report this", err)
	}
	pull := mappingValue(doc.Content[0], "pull")
	if pull == nil || pull.Kind != yaml.SequenceNode || len(pull.Content) != 1 {
		return nil, fmt.Errorf("zenv's own pull step has an unexpected shape; please report this")
	}
	step := pull.Content[0]
	step.HeadComment = "" // the template's comments are for a paste
	// Its positions are in zenv's output, not in the file: the encoder
	// reads a position as the line a node had in the file.
	walkNodes(step, func(n *yaml.Node) { n.Line, n.Column = 0, 0 })
	return step, nil
}

// placeStep puts step into the pull: list --into edits and says which.
// managed names the variables zenv owns in its step; the step's other
// entries are the user's and stay, and kept names them.
func placeStep(root *yaml.Node, deployment string, step *yaml.Node, managed func(string) bool) (where string, kept []string, err error) {
	projectPull := mappingValue(root, "pull")
	if deployment == "" {
		where := "the project's pull:"
		if projectPull == nil {
			projectPull = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			insertKey(root, "pull", projectPull, "deployments")
		}
		if err := checkPull(projectPull, where); err != nil {
			return "", nil, err
		}
		kept, err := putStep(projectPull, step, where, managed)
		return where, kept, err
	}
	d, err := findDeployment(root, deployment)
	if err != nil {
		return "", nil, err
	}
	where = fmt.Sprintf("the pull: of deployment %s", deployment)
	pull := mappingValue(d, "pull")
	if pull == nil {
		// A deployment's pull: replaces the project's: copy those steps
		// first, or the flow run would lose its code.
		pull = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if projectPull != nil {
			if err := checkPull(projectPull, "the project's pull:"); err != nil {
				return "", nil, err
			}
			for _, s := range projectPull.Content {
				if !isZenvStep(s) {
					c := deepCopy(s)
					// A copy is a new node: the encoder must not align it
					// with the original's lines.
					walkNodes(c, func(n *yaml.Node) { n.Line, n.Column = 0, 0 })
					pull.Content = append(pull.Content, c)
				}
			}
		}
		insertKey(d, "pull", pull, "")
	}
	if err := checkPull(pull, where); err != nil {
		return "", nil, err
	}
	kept, err = putStep(pull, step, where, managed)
	return where, kept, err
}

// checkPull refuses a pull: zenv cannot edit without changing something
// else: an alias or anchor (an edit would change, or be changed by, the
// other place that shares the node), or something other than a list.
func checkPull(pull *yaml.Node, where string) error {
	var bad string
	walkNodes(pull, func(n *yaml.Node) {
		switch {
		case bad != "":
		case n.Kind == yaml.AliasNode:
			bad = "the alias *" + n.Value
		case n.Anchor != "":
			bad = "the anchor &" + n.Anchor
		case n.Kind == yaml.ScalarNode && n.Tag == "!!merge":
			bad = "a merge key <<"
		}
	})
	if bad != "" {
		return fmt.Errorf("%s holds %s, which zenv does not edit through; write the steps out in full", where, bad)
	}
	if pull.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s is not a list of steps", where)
	}
	return nil
}

// putStep replaces zenv's step in pull, or appends it. Replacing keeps the
// user's own entries of the old step (see mergeArgs) and returns their
// names.
func putStep(pull, step *yaml.Node, where string, managed func(string) bool) ([]string, error) {
	found := -1
	for i, s := range pull.Content {
		if isZenvStep(s) {
			if found >= 0 {
				return nil, fmt.Errorf("%s has two os:environ.update steps that set ZENML_STORE_URL; delete one", where)
			}
			found = i
		}
	}
	if found < 0 {
		pull.Content = append(pull.Content, step)
		return nil, nil
	}
	old := pull.Content[found]
	step.HeadComment, step.LineComment, step.FootComment = old.HeadComment, old.LineComment, old.FootComment
	// The step's key keeps its comments too (a comment above the key
	// inside the list item is the key's).
	if len(old.Content) > 0 && len(step.Content) > 0 {
		k, ok := old.Content[0], step.Content[0]
		ok.HeadComment, ok.LineComment, ok.FootComment = k.HeadComment, k.LineComment, k.FootComment
	}
	kept := mergeArgs(old.Content[1], step.Content[1], managed)
	pull.Content[found] = step
	return kept, nil
}

// mergeArgs makes args, zenv's new arguments, hold the old step's entries
// in their order: an entry zenv sets takes zenv's value and keeps its
// comments; a ZenML client variable zenv manages but does not set (a stack
// the profile no longer names) goes, as zenv env would clear it in a
// shell; every other entry is the user's and stays as written. zenv's
// entries the old step lacked come last. It returns the user's names.
func mergeArgs(old, args *yaml.Node, managed func(string) bool) []string {
	var merged []*yaml.Node
	var kept []string
	used := map[*yaml.Node]bool{}
	for i := 0; i+1 < len(old.Content); i += 2 {
		k, v := old.Content[i], old.Content[i+1]
		if nk, nv := mappingPair(args, k.Value); nk != nil && !used[nk] {
			copyComments(nk, k)
			copyComments(nv, v)
			used[nk] = true
			merged = append(merged, nk, nv)
			continue
		}
		if k.Kind == yaml.ScalarNode && managed(k.Value) {
			continue
		}
		kept = append(kept, k.Value)
		merged = append(merged, k, v)
	}
	for i := 0; i+1 < len(args.Content); i += 2 {
		if !used[args.Content[i]] {
			merged = append(merged, args.Content[i], args.Content[i+1])
		}
	}
	args.Content = merged
	return kept
}

func copyComments(to, from *yaml.Node) {
	to.HeadComment, to.LineComment, to.FootComment = from.HeadComment, from.LineComment, from.FootComment
}

// mappingPair returns the key and value nodes of key in mapping m, or nils.
func mappingPair(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// isZenvStep reports whether a pull step is zenv's: os:environ.update
// setting ZENML_STORE_URL.
func isZenvStep(s *yaml.Node) bool {
	if s.Kind != yaml.MappingNode || len(s.Content) != 2 || s.Content[0].Value != zenvStepName {
		return false
	}
	args := s.Content[1]
	return args.Kind == yaml.MappingNode && mappingValue(args, "ZENML_STORE_URL") != nil
}

// findDeployment returns the entry of deployments: named name.
func findDeployment(root *yaml.Node, name string) (*yaml.Node, error) {
	list := mappingValue(root, "deployments")
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("there is no deployments: list; zenv env prefect --deployment %s (without --into) prints an entry to paste", name)
	}
	var found *yaml.Node
	var names []string
	for _, d := range list.Content {
		if d.Kind == yaml.AliasNode {
			return nil, fmt.Errorf("deployments: holds the alias *%s, which zenv does not edit through; write the deployment out in full", d.Value)
		}
		if d.Kind != yaml.MappingNode {
			continue
		}
		n := mappingValue(d, "name")
		if n == nil || n.Kind != yaml.ScalarNode {
			continue
		}
		names = append(names, n.Value)
		if n.Value == name {
			if found != nil {
				return nil, fmt.Errorf("two deployments are named %s; rename one", name)
			}
			found = d
		}
	}
	if found == nil {
		sort.Strings(names)
		return nil, fmt.Errorf("there is no deployment named %q; deployments: %s", name, strings.Join(names, ", "))
	}
	for i := 0; i+1 < len(found.Content); i += 2 {
		if found.Content[i].Tag == "!!merge" && mappingValue(found, "pull") == nil {
			return nil, fmt.Errorf("deployment %s takes keys from a YAML merge key <<, which may hold a pull:; write its pull: out in full first", name)
		}
	}
	return found, nil
}

// mappingValue returns the value of key in mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	_, v := mappingPair(m, key)
	return v
}

// insertKey adds key: value to mapping m, before the key named before when
// m has it, else at the end.
func insertKey(m *yaml.Node, key string, value *yaml.Node, before string) {
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	at := len(m.Content)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if before != "" && m.Content[i].Value == before {
			at = i
			break
		}
	}
	m.Content = append(m.Content[:at], append([]*yaml.Node{k, value}, m.Content[at:]...)...)
}

func deepCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, ch := range n.Content {
		c.Content[i] = deepCopy(ch)
	}
	return &c
}

func walkNodes(n *yaml.Node, fn func(*yaml.Node)) {
	fn(n)
	for _, c := range n.Content {
		walkNodes(c, fn)
	}
}

// lostComments returns a comment line of doc that out no longer holds, or
// "": yaml.v3 may move a comment, but must not drop one.
func lostComments(doc *yaml.Node, out []byte) string {
	var got yaml.Node
	if err := yaml.Unmarshal(out, &got); err != nil {
		return "(the whole file)"
	}
	count := func(n *yaml.Node) map[string]int {
		m := map[string]int{}
		walkNodes(n, func(n *yaml.Node) {
			for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
				for _, l := range strings.Split(c, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						m[l]++
					}
				}
			}
		})
		return m
	}
	want, have := count(doc), count(&got)
	var lost []string
	for l, n := range want {
		if have[l] < n {
			lost = append(lost, l)
		}
	}
	sort.Strings(lost)
	if len(lost) == 0 {
		return ""
	}
	return lost[0]
}

// resolvePrefectYAML follows a symlink to the file it names, which --into
// replaces (the link stays), and refuses at once what is not a regular
// file (a FIFO would block the read).
func resolvePrefectYAML(name string) (string, error) {
	path, err := filepath.EvalSymlinks(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s does not exist; zenv env prefect --form deployment -o %s writes a new one", name, name)
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", name, fsutil.BareError(err))
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", name, fsutil.BareError(err))
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file; --into edits a prefect.yaml in place", name)
	}
	return path, nil
}

// intoLockTimeout bounds the wait for another --into on the same file; an
// edit takes milliseconds.
var intoLockTimeout = 10 * time.Second

// beforeIntoWrite runs between the read and the write, under the lock; the
// parallel test widens the race window with it.
var beforeIntoWrite = func() {}

// lockPrefectYAML takes .NAME.zenv.lock beside the file with flock, as
// config edits lock the config file; the kernel drops the lock when a
// process dies. The lock file is removed while still held, so the project
// keeps no stray file: a waiter that then gets the lock of the removed
// file sees that the name no longer leads to it, and locks afresh.
func lockPrefectYAML(name, path string) (func(), error) {
	lockPath := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".zenv.lock")
	ctx, cancel := context.WithTimeout(context.Background(), intoLockTimeout)
	defer cancel()
	for {
		l, err := fsutil.Lock(ctx, lockPath)
		if errors.Is(err, fsutil.ErrLockTimeout) {
			return nil, fmt.Errorf("another zenv has held %s for %s; try again when it is done, nothing was changed", lockPath, intoLockTimeout)
		}
		if err != nil {
			return nil, fmt.Errorf("%w; nothing was changed", err)
		}
		held, herr := l.Stat()
		named, nerr := os.Lstat(lockPath)
		if herr == nil && nerr == nil && os.SameFile(held, named) {
			return func() {
				os.Remove(lockPath) // Windows refuses while open: the file stays there
				l.Unlock()
			}, nil
		}
		l.Unlock()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("cannot hold %s for %s (it keeps being replaced); try again, nothing was changed", lockPath, intoLockTimeout)
		}
	}
}

// readPrefectYAML reads path (resolved by resolvePrefectYAML) without
// blocking on what is not a regular file, bounded, and returns what it
// read and the file's information (mode, owner) for the write.
func readPrefectYAML(name, path string) ([]byte, fs.FileInfo, error) {
	f, err := fsutil.OpenRegular(path)
	var nr *fsutil.NotRegularError
	if errors.As(err, &nr) {
		return nil, nil, fmt.Errorf("%s is not a regular file; --into edits a prefect.yaml in place", name)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", name, fsutil.BareError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", name, fsutil.BareError(err))
	}
	// Replacing the file gives it a new inode: its other names would keep
	// the old content, silently.
	if n := fsutil.Links(fi); n > 1 {
		return nil, nil, fmt.Errorf("%s has %d hard links, and --into replaces the file, so the other names would keep the old text; edit one copy without links, nothing was changed", name, n)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxPrefectYAML+1))
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", name, fsutil.BareError(err))
	}
	if len(data) > maxPrefectYAML {
		return nil, nil, fmt.Errorf("%s is larger than %d KiB; that is not a prefect.yaml", name, maxPrefectYAML>>10)
	}
	return data, fi, nil
}
