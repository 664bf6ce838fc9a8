// Package rendertest renders in one step, for tests whose Input already
// holds every value: zenv itself prepares first and reads the key only when
// the plan needs it (render.Prepare, Plan.Render).
package rendertest

import "github.com/zenv-dev/zenv/render"

// Render renders form of target t ("" for the default), with the api key
// that in already holds.
func Render(t *render.Target, form string, in render.Input, o render.Options) ([]byte, error) {
	f, err := t.Form(form)
	if err != nil {
		return nil, err
	}
	p, err := render.Prepare(t, f, in, o)
	if err != nil {
		return nil, err
	}
	key := ""
	for _, v := range in.Vars {
		if v.Field == "api_key" {
			key = v.Value
		}
	}
	return p.Render(key)
}
