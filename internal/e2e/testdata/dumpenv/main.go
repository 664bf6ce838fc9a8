// Command dumpenv prints the named environment variables, each followed by
// NUL, as a Windows process sees them (the UTF-16 environment, decoded by
// Go), with a "-" marker for a variable that is not set.
package main

import (
	"fmt"
	"os"
)

func main() {
	for _, name := range os.Args[1:] {
		v, ok := os.LookupEnv(name)
		if !ok {
			fmt.Print("-\x00")
			continue
		}
		fmt.Print("+" + v + "\x00")
	}
}
