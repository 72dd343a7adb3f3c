// Command phrases prints every phrase the built-in routines can speak, one
// per line, sorted: the input of tools/mkvoice.
package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

func main() {
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		fmt.Fprintln(os.Stderr, "phrases:", err)
		os.Exit(1)
	}
	var all []string
	for _, name := range cat.Names() {
		all = append(all, script.Phrases(cat.Routines[name])...)
	}
	slices.Sort(all)
	for _, p := range slices.Compact(all) {
		fmt.Println(p)
	}
}
