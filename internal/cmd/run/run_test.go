package run

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/zenv-dev/zenv/internal/cmdutil"
	"github.com/zenv-dev/zenv/internal/profile"
	zenvrun "github.com/zenv-dev/zenv/internal/run"
	"github.com/zenv-dev/zenv/internal/testsupport/cmdtest"
)

const marker = "ZENKEY_eyJpZCI6ICJNQVJLRVIiLCAia2V5IjogIk1BUktFUi02NGhleCJ9"

func testFactory(t *testing.T) (*cmdutil.Factory, *bytes.Buffer) {
	f, _, errOut := cmdtest.Factory(t, func(name string) string {
		if name == "ZK" {
			return marker
		}
		return ""
	})
	return f, errOut
}

func TestFlagsEndAtTheCommand(t *testing.T) {
	tests := []struct {
		args    []string
		profile string
		command []string
	}{
		{[]string{"-p", "prod", "--", "python", "-c", "print(1)"}, "prod", []string{"python", "-c", "print(1)"}},
		{[]string{"-p", "prod", "python", "-c", "print(1)", "--url", "x"}, "prod", []string{"python", "-c", "print(1)", "--url", "x"}},
		{[]string{"--", "zenv", "run", "-p", "other", "--", "true"}, "", []string{"zenv", "run", "-p", "other", "--", "true"}},
	}
	for _, tt := range tests {
		f, _ := testFactory(t)
		var got *RunOptions
		cmd := NewCmdRun(f, func(o *RunOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if got.Profile.Profile != tt.profile || !slices.Equal(got.Command, tt.command) {
			t.Errorf("%q: profile %q, command %q; want %q, %q", tt.args, got.Profile.Profile, got.Command, tt.profile, tt.command)
		}
	}
}

// execRecorder stands in for exec: it keeps what it was given and returns
// what the test says.
type execRecorder struct {
	argv, env []string
	err       error
}

func (r *execRecorder) exec(argv, env []string) error {
	r.argv, r.env = argv, env
	return r.err
}

func runWith(t *testing.T, rec *execRecorder, current []string, args ...string) (stderr *bytes.Buffer, err error) {
	f, errOut := testFactory(t)
	cmd := NewCmdRun(f, func(o *RunOptions) error {
		o.Environ = func() []string { return current }
		o.Resolve = nil // the stand-in exec decides what exists
		o.Exec = rec.exec
		return runRun(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(errOut)
	return errOut, cmd.Execute()
}

func TestTheKeyGoesIntoTheEnvironmentOnly(t *testing.T) {
	rec := &execRecorder{}
	current := []string{"PATH=/usr/bin", "ZENML_STORE_API_TOKEN=stale", "ZENML_ACTIVE_STACK_ID=old"}
	stderr, err := runWith(t, rec, current, "--url", "https://zenml.example.com/", "--api-key-env", "ZK", "--set", "ZENML_LOGGING_VERBOSITY=INFO", "--", "python", "flow.py")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PATH=/usr/bin", "ZENML_STORE_URL=https://zenml.example.com", "ZENML_STORE_API_KEY=" + marker, "ZENML_LOGGING_VERBOSITY=INFO"}
	if !slices.Equal(rec.env, want) {
		t.Errorf("env:\n got %q\nwant %q", rec.env, want)
	}
	if !slices.Equal(rec.argv, []string{"python", "flow.py"}) {
		t.Errorf("argv %q", rec.argv)
	}
	if s := stderr.String(); strings.Contains(s, "MARKER") {
		t.Errorf("stderr holds the key: %q", s)
	}
}

func TestExitCodesReachMain(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code int
		msg  string
	}{
		{"the command's own code", &zenvrun.ExitError{Code: 3}, 3, ""},
		{"not found", &zenvrun.ExitError{Code: 127, Err: errors.New(`command "x" not found in PATH`)}, 127, "not found"},
		{"cannot run", &zenvrun.ExitError{Code: 126, Err: errors.New(`cannot run "x"`)}, 126, "cannot run"},
		{"zenv's own error", errors.New("cannot pass X"), 2, "cannot pass X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runWith(t, &execRecorder{err: tt.err}, nil, "--url", "https://zenml.example.com", "--api-key-env", "ZK", "--", "x")
			if got := cmdutil.ExitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d", got, tt.code)
			}
			if err.Error() != tt.msg && !strings.Contains(err.Error(), tt.msg) || tt.msg == "" && err.Error() != "" {
				t.Errorf("message %q, want %q", err.Error(), tt.msg)
			}
		})
	}
}

func TestNoCommandRunsWithoutAKey(t *testing.T) {
	rec := &execRecorder{}
	_, err := runWith(t, rec, nil, "--url", "https://zenml.example.com", "--api-key-env", "UNSET_KEY_VAR", "--", "python")
	if cmdutil.ExitCode(err) != 2 || rec.argv != nil {
		t.Errorf("exit %d, exec called with %q", cmdutil.ExitCode(err), rec.argv)
	}
}

func TestWarningsAreOutBeforeTheCommandRuns(t *testing.T) {
	f, errOut := testFactory(t)
	f.Getenv = func(string) string { return "not-a-zenml-key" }
	var atExec string
	cmd := NewCmdRun(f, func(o *RunOptions) error {
		o.Environ = func() []string { return nil }
		o.Exec = func(argv, env []string) error { atExec = errOut.String(); return nil }
		return runRun(o)
	})
	cmd.SetArgs([]string{"--url", "https://zenml.example.com", "--api-key-env", "ZK", "--", "true"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(atExec, "zenv: warning: ") {
		t.Errorf("when the command started, stderr held %q; the key's warning must be out by then", atExec)
	}
}

// TestNamesThatLoadCodeAreRefusedUnlessAllowed calls runRun directly with
// fake dependencies: a variable that makes the command load code is
// refused before the key is read and before anything runs, unless
// --allow-name lets it through with a warning; a shell's own special names
// do not matter here, as no shell reads them.
func TestNamesThatLoadCodeAreRefusedUnlessAllowed(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		allow   []string
		err     []string // substrings of the error; nil for success
		warning string   // a substring of the one warning; "" for none
	}{
		{"LD_PRELOAD refused", map[string]string{"LD_PRELOAD": "/tmp/x.so"}, nil,
			[]string{"zenv run refuses the variable LD_PRELOAD: the dynamic loader", "--allow-name LD_PRELOAD"}, ""},
		{"LD_PRELOAD allowed", map[string]string{"LD_PRELOAD": "/tmp/x.so"}, []string{"LD_PRELOAD"}, nil,
			"setting LD_PRELOAD as --allow-name asks"},
		{"PYTHONPATH refused", map[string]string{"PYTHONPATH": "/tmp"}, []string{"LD_PRELOAD"},
			[]string{"zenv run refuses the variable PYTHONPATH"}, ""},
		{"a shell's special name", map[string]string{"SAVEHIST": "1"}, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings, events []string
			rec := &execRecorder{}
			opts := &RunOptions{
				Profile: cmdutil.ProfileOptions{AllowNames: tt.allow},
				Command: []string{"true"},
				LoadProfile: func() (*profile.Profile, error) {
					return &profile.Profile{URL: "https://zenml.example.com", Env: tt.env}, nil
				},
				ReadKey:       func(*profile.Profile) (string, error) { events = append(events, "key"); return marker, nil },
				Warn:          func(m ...string) { warnings = append(warnings, m...) },
				FlushWarnings: func() { events = append(events, "flush") },
				Environ:       func() []string { return nil },
				Exec:          func(argv, env []string) error { events = append(events, "exec"); return rec.exec(argv, env) },
			}
			err := runRun(opts)
			if tt.err != nil {
				if err == nil || cmdutil.ExitCode(err) != cmdutil.ExitInput {
					t.Fatalf("got %v (exit %d), want a refusal", err, cmdutil.ExitCode(err))
				}
				for _, want := range tt.err {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not hold %q", err, want)
					}
				}
				if len(events) != 0 {
					t.Errorf("refused after %q; want nothing read or run", events)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(events, ","); got != "key,flush,exec" {
				t.Errorf("events %s, want key,flush,exec", got)
			}
			for n, v := range tt.env {
				if !slices.Contains(rec.env, n+"="+v) {
					t.Errorf("env %q lacks %s=%s", rec.env, n, v)
				}
			}
			if tt.warning == "" && len(warnings) != 0 || tt.warning != "" && (len(warnings) != 1 || !strings.Contains(warnings[0], tt.warning)) {
				t.Errorf("warnings %q, want %q", warnings, tt.warning)
			}
		})
	}
}

// TestProxyNamesAreRefusedInAnyCase: python (and so the ZenML client)
// reads proxy variables without case, on Unix too (issue 16: Http_Proxy
// sent the login through the attacker's proxy).
func TestProxyNamesAreRefusedInAnyCase(t *testing.T) {
	for _, name := range []string{"Http_Proxy", "Https_Proxy", "hTTPS_pROXY", "All_Proxy", "https_proxy", "NO_PROXY", "KUBECONFIG", "AWS_CONFIG_FILE"} {
		rec := &execRecorder{}
		_, err := runWith(t, rec, nil, "--url", "https://zenml.example.com/", "--api-key-env", "ZK", "--set", name+"=http://attacker.example:3128", "--", "true")
		if err == nil || !strings.Contains(err.Error(), "zenv run refuses the variable "+name) || rec.argv != nil {
			t.Errorf("%s: got %v (ran %q), want it refused before anything runs", name, err, rec.argv)
		}
	}
}

// TestAMissingCommandIsOneLineEvenWithWarnings: the command is looked up
// before the queued warnings are printed, so 127 comes with one line
// (found by the attack review: a key-shape warning came first).
func TestAMissingCommandIsOneLineEvenWithWarnings(t *testing.T) {
	f, errOut := testFactory(t)
	cmd := NewCmdRun(f, nil)
	cmd.SilenceErrors = true // main prints the one line
	// A key of the wrong shape queues a warning.
	cmd.SetArgs([]string{"--url", "https://zenml.example.com", "--api-key-cmd", "echo not-a-zenml-key", "--", "no-such-command-zenv-test"})
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(errOut)
	err := cmd.Execute()
	if cmdutil.ExitCode(err) != 127 || errOut.Len() != 0 {
		t.Errorf("exit %d, stderr before the error %q", cmdutil.ExitCode(err), errOut.String())
	}
}
