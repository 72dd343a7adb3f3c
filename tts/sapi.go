package tts

import (
	"encoding/base64"
	"strings"
	"unicode/utf16"
)

// SAPI is Windows' own text-to-speech (System.Speech), through PowerShell.
const SAPI = "sapi"

// sapiScript is the PowerShell program that speaks the text on standard
// input into speech.wav in the current directory (Speak runs engines in a
// directory of their own). The words never appear in the program: they are
// read, as UTF-8, from standard input. %VOICE% is the voice's name, which
// Find has checked holds no quote.
const sapiScript = `$ErrorActionPreference = 'Stop'
[Console]::InputEncoding = [Text.Encoding]::UTF8
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$v = '%VOICE%'
if ($v -ne '') { $s.SelectVoice($v) }
$s.Rate = -2
$s.SetOutputToWaveFile((Join-Path (Get-Location).Path 'speech.wav'))
$s.Speak([Console]::In.ReadToEnd())
$s.Dispose()
`

// sapiArgs returns PowerShell's command line for voice: the program,
// encoded as PowerShell's -EncodedCommand takes it (base64 of UTF-16LE), so
// no shell or PowerShell parser sees anything but guide's own code.
func sapiArgs(voice string) []string {
	script := strings.ReplaceAll(sapiScript, "%VOICE%", voice)
	u := utf16.Encode([]rune(script))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return []string{"-NoProfile", "-NonInteractive", "-EncodedCommand", base64.StdEncoding.EncodeToString(b)}
}
