//go:build !unix

package iostreams

func catchSIGPIPE() {}
