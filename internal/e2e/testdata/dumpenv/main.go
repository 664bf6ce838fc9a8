// Command dumpenv prints, as NAME=VALUE followed by NUL, every environment
// variable whose name starts with one of its arguments, as a Windows process
// sees them: the UTF-16 environment, decoded by Go. It reads back what cmd
// set more faithfully than parsing the output of `set`.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	for _, kv := range os.Environ() {
		for _, prefix := range os.Args[1:] {
			if strings.HasPrefix(kv, prefix) {
				fmt.Print(kv + "\x00")
				break
			}
		}
	}
}
