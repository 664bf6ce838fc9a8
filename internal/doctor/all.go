package doctor

import (
	"context"
	"slices"
	"strings"
	"sync"
)

// RunAll checks every profile, each result carrying its profile's name,
// then the checks across profiles: the article's first best practice is
// one service account per environment.
func RunAll(ctx context.Context, profiles []NamedInput) []Result {
	var reports []Report
	var out []Result
	shared := onceProbe(pythonProbe) // one python3 for every profile
	for _, p := range profiles {
		if p.Probe == nil {
			p.Probe = shared
		}
		rep := Check(ctx, p.Input)
		rep.Profile = p.Name
		for i := range rep.Results {
			rep.Results[i].Profile = p.Name
		}
		reports = append(reports, rep)
		out = append(out, rep.Results...)
	}
	return append(out, CrossCheck(reports)...)
}

// isProduction: prod, production, prd or live is a word of the name. (No
// regexp: a package-level one compiles at every start of zenv.)
func isProduction(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	return slices.ContainsFunc(words, func(w string) bool {
		return w == "prod" || w == "production" || w == "prd" || w == "live"
	})
}

// CrossCheck warns when two profiles carry the same key id, or when a
// production profile logs in to the same server as the same account as
// another profile: a key leaked from dev then opens production.
func CrossCheck(reports []Report) []Result {
	var out []Result
	id, title := crossChecks[0].id, crossChecks[0].title
	acctID, acctTitle := crossChecks[1].id, crossChecks[1].title
	for i, a := range reports {
		for _, b := range reports[i+1:] {
			switch {
			case a.KeyID != "" && a.KeyID == b.KeyID:
				out = append(out, Result{ID: id, Status: Warn, Title: title,
					Detail: "profiles " + a.Profile + " and " + b.Profile + " carry the same key (id " + a.KeyID + ")",
					Fix:    "give each environment its own service account and key"})
			case a.AccountID != "" && a.AccountID == b.AccountID && a.ServerURL == b.ServerURL &&
				(isProduction(a.Profile) || isProduction(b.Profile)):
				out = append(out, Result{ID: acctID, Status: Warn, Title: acctTitle,
					Detail: "profiles " + a.Profile + " and " + b.Profile + " log in to " + a.ServerURL + " as the same account " + quoteText(a.Account),
					Fix:    "give production its own service account: zenml service-account create " + strings.ToLower(sanitize(a.Profile, 40)) + "-robot"})
			}
		}
	}
	if len(reports) > 1 && len(out) == 0 {
		out = append(out, Result{ID: "separation", Status: Pass, Title: "one account per environment", Detail: "no two profiles share a key, and no production profile shares an account"})
	}
	return out
}

// onceProbe runs probe at most once, for the first caller's context, and
// gives every caller its answer.
func onceProbe(probe func(context.Context) (ClientInfo, error)) func(context.Context) (ClientInfo, error) {
	var (
		once sync.Once
		info ClientInfo
		err  error
	)
	return func(ctx context.Context) (ClientInfo, error) {
		once.Do(func() { info, err = probe(ctx) })
		return info, err
	}
}
