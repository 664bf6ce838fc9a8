package config

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestEncodeDocumentKeepsAnotherFilesCommentsAndBlankLines(t *testing.T) {
	original := []byte("# deployments\nname: flows\n\npull:\n  # first\n  - step: a\n\ndeployments: []\n")
	var doc yaml.Node
	if err := yaml.Unmarshal(original, &doc); err != nil {
		t.Fatal(err)
	}
	pull := doc.Content[0].Content[3]
	pull.Content = append(pull.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{str("step"), str("b")}})
	out, err := EncodeDocument("prefect.yaml", &doc, original)
	if err != nil {
		t.Fatal(err)
	}
	want := "# deployments\nname: flows\n\npull:\n  # first\n  - step: a\n  - step: b\n\ndeployments: []\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	if n, err := CountDocuments([]byte("a: 1\n---\nb: 2\n")); err != nil || n != 2 {
		t.Errorf("CountDocuments: %d %v", n, err)
	}
}
