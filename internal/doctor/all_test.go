package doctor

import (
	"context"
	"strings"
	"testing"
)

func TestAllWarnsWhenEnvironmentsShareAKeyOrAProductionAccount(t *testing.T) {
	_, srv := newFake(t)
	other := makeKey("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f", strings.Repeat("0a", 32))
	// Both keys log in to this server as the same service account.
	shared, sharedSrv := newFake(t)
	shared.also = other
	tests := []struct {
		name     string
		profiles []NamedInput
		id, want string
	}{
		{"the same key in two profiles", []NamedInput{
			{"dev", input(env(srv.URL))}, {"staging", input(env(srv.URL))},
		}, "shared-key", "profiles dev and staging carry the same key (id " + goodKeyID + ")"},
		{"production shares its account", []NamedInput{
			{"dev", input(env(sharedSrv.URL))}, {"prod", input(env(sharedSrv.URL, "ZENML_STORE_API_KEY="+other))},
		}, "shared-account", `profiles dev and prod log in to ` + sharedSrv.URL + ` as the same account "robot2"`},
		{"separate accounts", []NamedInput{
			{"dev", input(env(srv.URL))}, {"staging", input(env(srv.URL, "ZENML_STORE_API_KEY="+other))},
		}, "separation", "no two profiles share a key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results := RunAll(context.Background(), tt.profiles)
			r := find(t, results, tt.id)
			if !strings.Contains(r.Detail, tt.want) {
				t.Errorf("%s: %s %q, want %q", tt.id, r.Status, r.Detail, tt.want)
			}
			for _, r := range results[:len(results)-1] {
				if r.Profile == "" {
					t.Errorf("result %s has no profile", r.ID)
				}
			}
		})
	}
}

func TestProductionProfileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"prod": true, "production": true, "eu-prod": true, "PRD_1": true, "live": true,
		"dev": false, "product-team": false, "staging": false, "prodigy": false,
	} {
		if isProduction(name) != want {
			t.Errorf("isProduction(%q) = %v", name, !want)
		}
	}
}

func TestCrossCheckComparesAccountsPerServer(t *testing.T) {
	reports := []Report{
		{Profile: "dev", ServerURL: "https://a", KeyID: "k1", AccountID: "u1", Account: "robot"},
		{Profile: "prod", ServerURL: "https://a", KeyID: "k2", AccountID: "u1", Account: "robot"},
		{Profile: "prod-eu", ServerURL: "https://b", KeyID: "k3", AccountID: "u1", Account: "robot"},
	}
	got := CrossCheck(reports)
	if len(got) != 1 || got[0].ID != "shared-account" || !strings.Contains(got[0].Detail, "dev and prod log in to https://a") {
		t.Errorf("got:\n%s", dump(got))
	}
}

func TestAllAsksPythonOnce(t *testing.T) {
	calls := 0
	probe := onceProbe(func(context.Context) (ClientInfo, error) { calls++; return ClientInfo{ZenML: "0.98.0"}, nil })
	for i := 0; i < 3; i++ {
		if info, _ := probe(context.Background()); info.ZenML != "0.98.0" {
			t.Fatalf("call %d: %+v", i, info)
		}
	}
	if calls != 1 {
		t.Errorf("python3 was asked %d times", calls)
	}
}
