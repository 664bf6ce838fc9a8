package roundtrip

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Locale is a multibyte locale in which the byte 0x5C (\) can be the second
// byte of a character: a shell running in it may read a backslash zenv
// writes as part of the character before it. glibc does not ship them
// compiled, so the tests build them with localedef (Debian package
// locales) into a directory of their own and point LOCPATH at it.
type Locale struct {
	Name    string // the LC_ALL value
	Source  string // localedef -i
	Charmap string // localedef -f, as `locale charmap` prints it
	// Backslashed are characters of the charmap whose last byte is 0x5C,
	// checked with iconv (TestBackslashedCharactersEndInBackslash).
	Backslashed []string
	// Other are characters of the charmap that do not end in 0x5C.
	Other []string
}

// MultibyteLocales are the locales the round trips add to C and C.UTF-8.
var MultibyteLocales = []Locale{
	{Name: "zh_TW.BIG5", Source: "zh_TW", Charmap: "BIG5",
		// 許 功 蓋 餐 淚 枯
		Backslashed: []string{"\xb3\x5c", "\xa5\x5c", "\xbb\x5c", "\xc0\x5c", "\xb2\x5c", "\xac\x5c"},
		Other:       []string{"\xa4\xa4"}}, // 中
	{Name: "zh_CN.GBK", Source: "zh_CN", Charmap: "GBK",
		// 乗 誠 運 黒 淺 錦
		Backslashed: []string{"\x81\x5c", "\xd5\x5c", "\xdf\x5c", "\xfc\x5c", "\x9c\x5c", "\xe5\x5c"},
		Other:       []string{"\xd6\xd0", "\xa8\xa6"}}, // 中 é
	{Name: "zh_CN.GB18030", Source: "zh_CN", Charmap: "GB18030",
		// 乗 誠 運 黒 㘎
		Backslashed: []string{"\x81\x5c", "\xd5\x5c", "\xdf\x5c", "\xfc\x5c", "\xfe\x5c"},
		Other:       []string{"\xd6\xd0", "\x94\x39\xfc\x36"}}, // 中 😀 (four bytes)
	{Name: "ja_JP.SJIS", Source: "ja_JP", Charmap: "SHIFT_JIS",
		// ソ 表 能 十 申 予
		Backslashed: []string{"\x83\x5c", "\x95\x5c", "\x94\x5c", "\x8f\x5c", "\x90\x5c", "\x97\x5c"},
		Other:       []string{"\x92\x86"}}, // 中
}

// BuildLocales makes every multibyte locale usable under dir (the LOCPATH
// the shells get): a locale that `locale charmap` already reports there is
// kept, any other is built with localedef. It fails when one cannot be built,
// so that a test never runs "in Big5" while glibc silently falls back to C.
func BuildLocales(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, l := range MultibyteLocales {
		if l.works(dir) == nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		// SHIFT_JIS maps 0x5C and 0x7E to yen and overline, so localedef
		// warns that it is not ASCII compatible and exits 1 unless told.
		out, err := exec.CommandContext(ctx, "localedef", "--no-warnings=ascii",
			"-i", l.Source, "-f", l.Charmap, filepath.Join(dir, l.Name)).CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("localedef -i %s -f %s: %v: %s", l.Source, l.Charmap, err, tail(string(out), 300))
		}
		if err := l.works(dir); err != nil {
			return err
		}
	}
	return nil
}

// works checks that glibc loads l from dir.
func (l Locale) works(dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "locale", "charmap")
	cmd.Env = []string{"LOCPATH=" + dir, "LC_ALL=" + l.Name}
	out, err := cmd.Output()
	if got := strings.TrimSpace(string(out)); err != nil || got != l.Charmap {
		return fmt.Errorf("LOCPATH=%s LC_ALL=%s: locale charmap says %q (%v), want %s", dir, l.Name, got, err, l.Charmap)
	}
	return nil
}

// followers are what a backslash-ending character is put right before: the
// characters zenv's quoting escapes or must keep away from escapes.
var followers = []string{"'", "'", "\\", "\\", "\\'", "'\\''", "\x01", "\n", "\t", "\r", "\x1b", "\x7f",
	"$(touch pwned)", "; touch pwned #", "\"", "`", "$", "a", "0", "9", ":", " "}

// LocaleValues returns n values for l, reproducible from seed: characters
// of l's charset (mostly ones that end in 0x5C) and UTF-8 text whose last
// byte may start a character in l (中 is E4 B8 AD), each followed by a quote,
// a backslash, a control character, shell syntax, or the end of the value.
func LocaleValues(l Locale, seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x5c5c5c5c5c5c5c5c))
	chars := append(append(append([]string(nil), l.Backslashed...), l.Backslashed...), l.Other...)
	chars = append(chars, "中", "日本", "\xad", "\xff")
	vals := make([]string, n)
	for i := range vals {
		var b strings.Builder
		for k := r.IntN(6); k >= 0; k-- {
			b.WriteString(chars[r.IntN(len(chars))])
			if k == 0 && r.IntN(3) == 0 {
				break // the character ends the value
			}
			b.WriteString(followers[r.IntN(len(followers))])
		}
		vals[i] = b.String()
	}
	return vals
}
