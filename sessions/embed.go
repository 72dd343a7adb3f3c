// Package sessions holds the built-in routines, the pose library they use,
// and the built-in voice pack that speaks them.
package sessions

import "embed"

// FS holds the routines (*.yaml), the pose library (poses.yaml) and the
// voice pack (voice/manifest.json and its FLAC clips).
//
//go:embed *.yaml voice
var FS embed.FS
