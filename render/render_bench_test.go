package render_test

import (
	"fmt"
	"testing"

	"github.com/zenv-dev/zenv/internal/testsupport/rendertest"
	"github.com/zenv-dev/zenv/render"
)

func benchInput(extras int) render.Input {
	in := render.Input{Vars: []render.Var{
		{Name: "ZENML_STORE_URL", Value: "https://zenml.example.com", Field: "url"},
		{Name: "ZENML_STORE_API_KEY", Value: "ZENKEY_abc", Secret: true, Field: "api_key"},
	}}
	for i := 0; i < extras; i++ {
		in.Vars = append(in.Vars, render.Var{Name: fmt.Sprintf("EXTRA_%04d", i), Value: fmt.Sprintf("value %d with 'quotes' and $dollars", i)})
	}
	return in
}

func benchmarkRender(b *testing.B, target string, extras int) {
	t, err := render.Lookup(target)
	if err != nil {
		b.Fatal(err)
	}
	in := benchInput(extras)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rendertest.Render(t, "", in, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The variables are the URL and key plus extras: 1 variable means the key
// alone besides the URL, 1000 a profile no one writes by hand.
func BenchmarkRenderBash1(b *testing.B)          { benchmarkRender(b, "bash", 0) }
func BenchmarkRenderBash1000(b *testing.B)       { benchmarkRender(b, "bash", 998) }
func BenchmarkRenderPowerShell1000(b *testing.B) { benchmarkRender(b, "powershell", 998) }
func BenchmarkRenderGitHub1000(b *testing.B)     { benchmarkRender(b, "github", 998) }
