// Package templates holds one text/template per target form. Each reads
// like the output it makes; the values arrive already quoted, so a template
// decides layout and nothing else.
package templates

import "embed"

// FS holds the templates, embedded in the binary.
//
//go:embed *.tmpl
var FS embed.FS

// Partials is the file of the text several templates share; every
// template is parsed with it.
const Partials = "partials.tmpl"
