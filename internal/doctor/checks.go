package doctor

import (
	"context"
	"time"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// check is one row of doctor's table. id is the Result.ID it reports (a
// check that reports one result per finding uses the ids in parts for
// them), title the name the README's tables give it. run reads the state
// the checks above it left and writes the fields state documents as its
// own.
type check struct {
	id, title string
	parts     []string
	online    bool
	// applies says whether the check has anything to look at; nil is
	// always. An online check that applies but cannot run because an
	// earlier one failed reports Skip with the reason (a failure is then
	// already in the report, so the exit code is 1).
	applies func(st *state) bool
	// informational: runs whenever it applies, even after an online check
	// failed, and never fails the report on its own.
	informational bool
	run           func(ctx context.Context, st *state) []Result
}

// checks is doctor's table, in the order the checks run and print:
// offline (the variables alone), then online in the client's own order
// (trust, health, info, login, account, key, project, stack), and the
// local client's version last.
// An array literal of plain functions, no calls: built at link time,
// nothing at start-up.
var checks = [...]check{
	{id: "names", title: "names", parts: []string{"name"}, run: checkNames},
	{id: "store", title: "store", run: checkStore},
	{id: "credentials", title: "credentials", run: checkCredentials},
	{id: "url", title: "server url", run: checkURL, applies: func(st *state) bool { return st.env[zenml.StoreURL] != "" }},
	{id: "key", title: "api key", parts: []string{"key-paste"}, run: checkKey, applies: func(st *state) bool { return st.keySet }},
	{id: "verify-ssl", title: "verify_ssl", run: checkVerifySSL, applies: func(st *state) bool { _, set := st.env[zenml.StoreVerifySSL]; return set }},
	{id: "project-id", title: "project id", run: checkProjectID, applies: hasProject},
	{id: "stack-id", title: "stack id", run: checkStackID, applies: hasStack},
	{id: "values", title: "values", parts: []string{"value"}, run: checkValues},

	{id: "trust", title: "tls trust", online: true, run: checkTrust},
	{id: "health", title: "health", online: true, run: checkHealth},
	{id: "info", title: "server info", online: true, run: checkInfo},
	{id: "login", title: "login", online: true, run: checkLogin},
	{id: "account", title: "account", online: true, run: checkAccount},
	{id: "key-age", title: "key age", online: true, run: checkKeyAge, applies: func(st *state) bool { return st.keyID != "" }},
	{id: "project", title: "project", online: true, run: checkProject, applies: hasProject},
	{id: "stack", title: "stack", online: true, run: checkStack, applies: hasStack},
	// Last: it waits for the local python3, which by now has answered
	// during the server's own work (a login takes the server ~0.7 s).
	{id: "client-version", title: "client version", online: true, run: checkClientVersion, informational: true,
		applies: func(st *state) bool { return st.serverInfo != nil }},
}

// crossChecks are RunAll's, across profiles (CrossCheck).
var crossChecks = [...]struct{ id, title string }{
	{"shared-key", "shared key"},
	{"shared-account", "shared account"},
}

// CheckInfo names a check for documentation and its test: Parts are the
// ids of its results besides ID.
type CheckInfo struct {
	ID, Title string
	Parts     []string
	Online    bool
}

func hasProject(st *state) bool { _, set := st.env[zenml.ActiveProject]; return set }
func hasStack(st *state) bool   { _, set := st.env[zenml.ActiveStack]; return set }

// runChecks runs the table over st. The online part starts only with a
// server URL: without one it is one result, a failure unless --offline or
// a SQL store (the client then talks to no server). The local Python is
// asked once, in the background, as soon as a server will be contacted:
// the trust check may need its certifi, the version check its zenml.
func runChecks(ctx context.Context, st *state) []Result {
	var out []Result
	for _, c := range checks {
		if c.online {
			continue
		}
		if c.applies == nil || c.applies(st) {
			out = append(out, c.run(ctx, st)...)
		}
	}
	switch {
	case st.in.Offline:
		return append(out, Result{ID: "server", Status: Skip, Title: "server", Detail: "not contacted (--offline)"})
	case st.sqlStore:
		return append(out, Result{ID: "server", Status: Skip, Title: "server", Detail: "not contacted: the store is a SQL database, which the client opens itself"})
	case st.url == "":
		return append(out, Result{ID: "server", Status: Fail, Title: "server", Detail: "not contacted: no usable " + zenml.StoreURL,
			Fix: "set " + zenml.StoreURL + " to the server's https:// address; doctor checks nothing online without it"})
	}
	st.probe = startProbe(ctx, st.in.Probe, st.in.Timeout)
	for _, c := range checks {
		if !c.online || c.applies != nil && !c.applies(st) {
			continue
		}
		if st.stop != "" && !c.informational {
			out = append(out, Result{ID: c.id, Status: Skip, Title: c.title, Detail: "not run: " + st.stop})
			continue
		}
		out = append(out, c.run(ctx, st)...)
	}
	return failClosed(out)
}

// failClosed: an online check that did not run never leaves a report
// that passes. The table skips only after a failure; should a future
// check skip on its own, its skip becomes a failure here.
func failClosed(results []Result) []Result {
	if ExitCode(results) != 0 {
		return results
	}
	for i, r := range results {
		if r.Status == Skip && !informational(r.ID) {
			results[i].Status = Fail
		}
	}
	return results
}

// startProbe runs probe once in the background, bounded by timeout, and
// returns a function that waits for its answer.
func startProbe(ctx context.Context, probe func(context.Context) (ClientInfo, error), timeout time.Duration) func() (ClientInfo, error) {
	var (
		info ClientInfo
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		pctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		info, err = probe(pctx)
	}()
	return func() (ClientInfo, error) {
		<-done
		return info, err
	}
}

// informational reports whether a Skip of id may stand in a passing
// report: the local client's version, the key's record (the key itself
// worked), and a SQL store's "server" (there is none to ask).
func informational(id string) bool {
	return id == "client-version" || id == "key-age" || id == "server"
}
