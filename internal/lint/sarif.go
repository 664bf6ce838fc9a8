package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 as GitHub code scanning reads it
// (docs.github.com "SARIF support for code scanning"): one run, the tool's
// rules with a default level and help, results with a rule index, a level,
// a message and a physical location whose URI is relative to the checkout
// (uriBaseId %SRCROOT%). The upload action computes fingerprints itself.
// Skipped files become tool execution notifications, so they are seen
// without counting as alerts. TestSARIFMatchesSchema validates the output
// against the OASIS schema.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

// sarifLevel maps a Level to SARIF's words: info is a "note".
func sarifLevel(l Level) string {
	if l == Info {
		return "note"
	}
	return string(l)
}

// WriteSARIF writes r as a SARIF 2.1.0 log.
func WriteSARIF(w io.Writer, r Report, t Tool) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: t.Name, Version: t.Version,
			InformationURI: t.URI, Rules: make([]sarifRule, len(Rules))}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Results:     make([]sarifResult, 0, len(r.Findings)),
		ColumnKind:  "unicodeCodePoints",
	}
	for i, rule := range Rules {
		props := map[string]any{"tags": []string{"zenml"}}
		if rule.ID == RuleLiteralKey || rule.ID == RulePullStepSecret {
			// GitHub ranks security alerts by this score (CVSS scale).
			props["tags"] = []string{"zenml", "security"}
			props["security-severity"] = "8.0"
		}
		run.Tool.Driver.Rules[i] = sarifRule{
			ID: rule.ID, Name: rule.Name,
			ShortDescription:     sarifText{rule.Summary},
			FullDescription:      sarifText{rule.Summary + ". Example: " + rule.Example},
			Help:                 sarifText{rule.Fix},
			DefaultConfiguration: sarifConfig{sarifLevel(rule.Level)},
			Properties:           props,
		}
	}
	for _, f := range r.Findings {
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: ruleIndex(f.Rule), Level: sarifLevel(f.Level),
			Message:   sarifText{f.Message},
			Locations: []sarifLocation{location(f.Path, &sarifRegion{f.Line, f.Col})},
		})
	}
	for _, s := range r.Skipped {
		inv := &run.Invocations[0]
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "note", Message: sarifText{s.Reason},
			Locations: []sarifLocation{location(s.Path, nil)},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// location makes a path a URI: relative to the checkout when relative, a
// file: URI when absolute.
func location(p string, region *sarifRegion) sarifLocation {
	u := url.URL{Path: p}
	a := sarifArtifact{URI: u.EscapedPath(), URIBaseID: "%SRCROOT%"}
	if filepath.IsAbs(filepath.FromSlash(p)) {
		u := url.URL{Scheme: "file", Path: "/" + strings.TrimPrefix(p, "/")}
		a = sarifArtifact{URI: u.String()}
	}
	return sarifLocation{sarifPhysical{ArtifactLocation: a, Region: region}}
}
