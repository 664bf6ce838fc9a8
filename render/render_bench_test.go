package render_test

import (
	"fmt"
	"testing"

	"github.com/zenv-dev/zenv/internal/profile"
	"github.com/zenv-dev/zenv/render"
)

func benchProfile(extras int) *profile.Profile {
	p := &profile.Profile{URL: "https://zenml.example.com", Env: map[string]string{}}
	for i := 0; i < extras; i++ {
		p.Env[fmt.Sprintf("EXTRA_%04d", i)] = fmt.Sprintf("value %d with 'quotes' and $dollars", i)
	}
	return p
}

func benchmarkRender(b *testing.B, target string, extras int) {
	t, err := render.Lookup(target)
	if err != nil {
		b.Fatal(err)
	}
	p := benchProfile(extras)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Render(t, p, "ZENKEY_abc", render.Options{}); err != nil {
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
