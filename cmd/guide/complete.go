package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/stretchguide/guide/audio/export"
	"github.com/stretchguide/guide/internal/config"
	"github.com/stretchguide/guide/internal/session"
)

// version is stamped by the Makefile (-ldflags "-X main.version=...");
// without it, guide --version says what the build info knows.
var version string

// versionString returns guide's version: the stamped one, the module's
// (go install ...@v1.2.3), or the commit it was built from.
func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 && (v == "" || v == "(devel)") {
			v = "devel " + s.Value[:12]
		}
	}
	return v
}

// completions sets up shell completion (guide completion bash|zsh|fish|
// powershell, cobra's): routine names for ROUTINE, the keys and values of
// --set, the audio files and rates of render.
func completions(root *cobra.Command) {
	routines := func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return session.RoutineNames(os.Environ()), cobra.ShellCompDirectiveDefault // and routine files
	}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if strings.Contains(c.Use, "[ROUTINE]") {
			c.ValidArgsFunction = routines
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.RegisterFlagCompletionFunc("set", func(cmd *cobra.Command, args []string, typed string) ([]string, cobra.ShellCompDirective) {
		return config.Complete(typed), cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	})
	if render, _, err := root.Find([]string{"render"}); err == nil {
		var exts []string
		for _, f := range export.Formats {
			exts = append(exts, string(f))
		}
		render.MarkFlagFilename("output", exts...)
		render.RegisterFlagCompletionFunc("rate", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var rs []string
			for _, r := range export.Rates {
				rs = append(rs, fmt.Sprint(r))
			}
			return rs, cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// newManCmd writes guide's man pages, one per command, made from the
// commands themselves: make install puts them in share/man/man1.
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write guide's man pages into DIR",
		Hidden: true,
		Args:   argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // the same pages from the same guide
			return doc.GenManTree(root, &doc.GenManHeader{Title: "GUIDE", Section: "1", Source: "guide " + versionString(), Manual: "guide manual"}, args[0])
		},
	}
}
