package lint

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeUTF16 writes s as UTF-16, with a byte-order mark when bom.
func encodeUTF16(s string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	if bom {
		out = order.AppendUint16(out, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

// lintFile writes data to dir/name, lints the directory with opts and
// checks that no output format holds any part of key.
func lintFile(t *testing.T, name string, data []byte, key string, opts Options) Report {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(t.Context(), []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := allOutput(t, rep)
	body := strings.TrimPrefix(key, "ZENKEY_")
	for i := 0; i+16 <= len(body); i += 8 {
		if bytes.Contains(out.Bytes(), []byte(body[i:i+16])) {
			t.Fatalf("output holds part of the key: %q", body[i:i+16])
		}
	}
	return rep
}

// has reports whether rep holds a finding of rule at line:col.
func has(rep Report, rule string, line, col int) bool {
	for _, f := range rep.Findings {
		if f.Rule == rule && f.Line == line && f.Col == col {
			return true
		}
	}
	return false
}

// TestUTF16DotenvIsLintedAsText: a .env written by Windows PowerShell 5.1's
// > (UTF-16 LE with a byte-order mark, CRLF) or in UTF-16 BE, with a mark
// or without, is decoded and linted as any .env: the key and the wrong
// name are found at their line and column in the decoded text, and the run
// fails. Before, it was skipped as binary and the run passed.
func TestUTF16DotenvIsLintedAsText(t *testing.T) {
	key := realKey("ZENKEY_", 16)
	text := "ZENML_STORE_API_KEY=" + key + "\r\nZENML_URL=https://zenml.example.com\r\n# café\r\n"
	for _, tt := range []struct {
		name  string
		order binary.AppendByteOrder
		bom   bool
	}{
		{"LE with BOM", binary.LittleEndian, true},
		{"BE with BOM", binary.BigEndian, true},
		{"LE without BOM", binary.LittleEndian, false},
		{"BE without BOM", binary.BigEndian, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := text
			if tt.bom {
				// Past U+00FF no byte is NUL: only a marked file can say so.
				text += "# ☕ 𝄞\r\n"
			}
			rep := lintFile(t, ".env", encodeUTF16(text, tt.order, tt.bom), key, Options{})
			if !has(rep, RuleLiteralKey, 1, 21) || !has(rep, RuleWrongName, 2, 1) {
				t.Errorf("want ZL003 at 1:21 and ZL001 at 2:1; findings: %+v, skipped: %+v", rep.Findings, rep.Skipped)
			}
			if rep.ExitCode() != ExitFindings || len(rep.Skipped) != 0 || rep.Files != 1 {
				t.Errorf("exit %d, files %d, skipped %+v", rep.ExitCode(), rep.Files, rep.Skipped)
			}
		})
	}
}

// TestUTF16DecodingKeepsEveryCharacter: the decoder turns UTF-16 (LE and
// BE, surrogate pairs included) back into the text that was encoded.
func TestUTF16DecodingKeepsEveryCharacter(t *testing.T) {
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, bom := range []bool{true, false} {
			text := "ZENML_URL=x # café\n"
			if bom {
				text += "☕ 𝄞 \U0010FFFF\n"
			}
			got, ok := decodeUTF16(encodeUTF16(text, order, bom))
			if !ok || string(got) != text {
				t.Errorf("%v bom=%v: decoded %q, %v; want %q", order, bom, got, ok, text)
			}
		}
	}
	if _, ok := decodeUTF16([]byte("ZENML_URL=x\n")); ok {
		t.Error("UTF-8 text taken for UTF-16")
	}
}

// sqliteLike is a binary file as SQLite writes it: a header with NUL
// bytes, pages of zeros, and the row's text at offset at.
func sqliteLike(size, at int, row string) []byte {
	data := make([]byte, size)
	copy(data, "SQLite format 3\x00\x10\x00\x01\x01")
	for i := 100; i < size; i += 4096 {
		data[i] = 0x0d // page headers, so the file is not all zeros
	}
	copy(data[at:], row)
	return data
}

// TestKeyInBinaryFileIsFound: a key in a binary file (a SQLite database
// with the key in a row) is reported, on line 1 with the byte offset in the
// message, and fails the run. Before, the file was skipped unsearched.
func TestKeyInBinaryFileIsFound(t *testing.T) {
	key := realKey("ZENKEY_", 17)
	const at = 5000
	rep := lintFile(t, "app.db", sqliteLike(64<<10, at, "\x01\x02"+key+"\x00"), key, Options{})
	want := fmt.Sprintf("at byte offset %d", at+2)
	if len(rep.Findings) != 1 || !has(rep, RuleLiteralKey, 1, 1) || !strings.Contains(rep.Findings[0].Message, want) {
		t.Fatalf("want one ZL003 at 1:1 saying %q; findings: %+v", want, rep.Findings)
	}
	if rep.ExitCode() != ExitFindings {
		t.Errorf("exit %d, want %d", rep.ExitCode(), ExitFindings)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "binary file, checked for keys only" {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
}

// TestKeyPastFirstMiBOfLargeBinaryIsFound: the whole of a binary file
// within the read bound is searched, not its first MiB (the parse cap) or
// the sniffed first 8 KiB.
func TestKeyPastFirstMiBOfLargeBinaryIsFound(t *testing.T) {
	key := realKey("ZENPROKEY_", 18)
	const size, at = 3 << 20, 2<<20 + 12345
	rep := lintFile(t, "big.bin", sqliteLike(size, at, key), key, Options{})
	want := fmt.Sprintf("a ZenML Pro API key written out in a binary file at byte offset %d", at)
	if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, want) {
		t.Fatalf("want one finding saying %q; findings: %+v", want, rep.Findings)
	}
}

// TestBinaryFileWithoutKeyStaysQuiet: a binary file that holds no key, not
// even with the prefix and a short or non-base64 tail, gives no finding and
// leaves the run passing.
func TestBinaryFileWithoutKeyStaysQuiet(t *testing.T) {
	data := sqliteLike(64<<10, 3000, "ZENKEY_short\x00ZENKEY_...\x00XZENKEY_"+strings.Repeat("A", 40)+"\x00")
	for i := 10000; i < 20000; i++ {
		data[i] = byte(i * 7919 >> 3)
	}
	rep := lintFile(t, "blob.bin", data, "", Options{})
	if len(rep.Findings) != 0 || rep.ExitCode() != ExitClean {
		t.Errorf("findings: %+v", rep.Findings)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "binary file, checked for keys only" {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
}

// TestMostlyZeroBinaryIsNotTakenForUTF16: a binary file of zeros with a few
// bytes at even offsets has NUL at every odd offset, but also at even ones:
// it stays binary.
func TestMostlyZeroBinaryIsNotTakenForUTF16(t *testing.T) {
	data := make([]byte, 4096)
	data[0], data[2] = 1, 7
	if _, ok := decodeUTF16(data); ok {
		t.Error("a mostly-zero binary taken for UTF-16")
	}
}
