package lint

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/zenv-dev/zenv/internal/zenml"
)

// utf16Sniff is how much of a file without a byte-order mark is looked at
// to tell UTF-16: every other byte NUL there, and not all of them.
const utf16Sniff = 1 << 10

// decodeUTF16 returns data as UTF-8 when it is UTF-16: little- or
// big-endian with a byte-order mark (Windows PowerShell 5.1's > and
// Out-File write UTF-16 LE with one), or without a mark when every other
// byte of the first KiB is NUL and no other is, which no UTF-8 text and
// few binaries do.
// The mark is dropped, so columns count from the first character as an
// editor shows them; an unpaired surrogate becomes U+FFFD, an odd last
// byte is dropped.
func decodeUTF16(data []byte) ([]byte, bool) {
	var bigEndian bool
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		data = data[2:]
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		data, bigEndian = data[2:], true
	default:
		var ok bool
		if bigEndian, ok = utf16WithoutMark(data[:min(len(data), utf16Sniff)]); !ok {
			return nil, false
		}
	}
	out := make([]byte, 0, len(data)/2+len(data)/4)
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	for i := 0; i+1 < len(data); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			r2 := utf8.RuneError
			if i+3 < len(data) {
				r2 = unit(i + 2)
			}
			if r = utf16.DecodeRune(r, r2); r != utf8.RuneError {
				i += 2
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// utf16WithoutMark reports whether sample looks like UTF-16 without a
// byte-order mark, and in which order: NUL at every odd offset and at no
// even one is little-endian text below U+0100; the reverse is big-endian.
// A binary file, mostly zeros, is neither.
func utf16WithoutMark(sample []byte) (bigEndian, ok bool) {
	sample = sample[:len(sample)&^1]
	if len(sample) < 4 {
		return false, false
	}
	var nul [2]int // per parity of the offset
	for i, b := range sample {
		if b == 0 {
			nul[i&1]++
		}
	}
	half := len(sample) / 2
	switch {
	case nul[1] == half && nul[0] == 0:
		return false, true
	case nul[0] == half && nul[1] == 0:
		return true, true
	}
	return false, false
}

// rawKeys reports each key written in ASCII in data, a file read as bytes
// rather than as text: a binary file (a SQLite database, an archive
// member) or the bytes of a UTF-16 file, where a key appended in another
// encoding would not decode. A byte offset is the only position such a
// file has: the finding is placed on line 1, column 1, which every format
// accepts (SARIF wants a line of at least 1), and says the offset.
func rawKeys(path string, data []byte, what string) []Finding {
	c := checker{path: path}
	for _, k := range findKeys(data) {
		key := "a ZenML API key"
		if k.prefix == zenml.ProKeyPrefix {
			key = "a ZenML Pro API key"
		}
		c.add(RuleLiteralKey, 1, 1, fmt.Sprintf("%s written out %s at byte offset %d: rotate it and read it from a secret store", key, what, k.start))
		if len(c.findings) == maxFindings {
			break
		}
	}
	return c.findings
}
