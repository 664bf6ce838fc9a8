package fuzzy

import "testing"

func TestClosestProposesOnlyPlausibleTypos(t *testing.T) {
	targets := []string{"bash", "bat", "batch", "cmd", "dash", "fish", "gha", "github", "github-actions", "posix", "powershell", "prefect", "ps", "pwsh", "sh", "zsh"}
	tests := []struct{ word, want string }{
		{"bsh", "bash"},
		{"powrshell", "powershell"},
		{"githb", "github"},
		{"PWSH", "pwsh"},
		{"pull-stp", ""}, // not among these candidates
		{"json", ""},     // not ps: nothing in common
		{"gitlab", ""},   // not github: three edits in six letters
		{"csh", ""},      // another shell, not a typo of sh
		{"pull-stp", ""},
		{"xyzzy-unrelated", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, targets); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestDistanceCountsASwapAsOneEdit(t *testing.T) {
	if d := Distance("evn", "env"); d != 1 {
		t.Errorf("Distance(evn, env) = %d, want 1", d)
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
}

func TestClosestIsTheSameOnEveryRun(t *testing.T) {
	// cast and cart are both one edit from cat: the first in order wins.
	for i := 0; i < 20; i++ {
		if got := Closest("cat", []string{"cast", "cart"}); got != "cart" {
			t.Fatalf("got %q", got)
		}
	}
}
