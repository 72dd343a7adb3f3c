package audio

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchguide/guide/audio/dsp"
	"github.com/stretchguide/guide/audio/internal/testclip"
	"github.com/stretchguide/guide/audio/voicepack"
	"github.com/stretchguide/guide/internal/streamtest"
	"github.com/stretchguide/guide/script"
	"github.com/stretchguide/guide/sessions"
)

// builtinSession compiles a built-in routine at the default pace.
func builtinSession(t testing.TB, name string) (*script.Timeline, *voicepack.Pack) {
	t.Helper()
	cat, err := script.LoadCatalog(sessions.FS, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	pack, err := voicepack.Open(sessions.FS, "voice")
	if err != nil {
		t.Fatal(err)
	}
	r, err := cat.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	pace := script.Pace{Inhale: 4 * time.Second, Exhale: 5 * time.Second, Hold: 1, Settle: 4 * time.Second, Move: 8 * time.Second}
	tl, err := script.Compile(r, script.Options{Pace: pace, Safety: true}, pack)
	if err != nil {
		t.Fatal(err)
	}
	return tl, pack
}

// measure streams s to the end and measures it, as mono.
func measure(t testing.TB, s *Session) *dsp.Meter {
	t.Helper()
	m := dsp.NewMeter(1, script.Rate)
	buf := make([]float32, 8192)
	for {
		n, ok := s.StreamMono(buf)
		m.Write(buf[:n])
		if !ok {
			break
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSessionsMeetTheLoudnessTarget(t *testing.T) {
	// Every built-in routine is rendered and measured with ffmpeg by the
	// command's tests; here the shortest at the default balance, and a
	// minute of every kind of sound at any balance.
	tl, pack := builtinSession(t, "desk-break")
	check := func(what string, s *Session) {
		t.Helper()
		m := measure(t, s)
		// The meter measured one channel; the file has two.
		lufs, tp := m.Integrated()+10*math.Log10(2), m.TruePeak()
		if math.Abs(lufs-DefaultLoudness) > 0.5 || tp > DefaultCeiling+0.05 {
			t.Errorf("%s: %.2f LUFS, %.2f dBTP; want %.0f +-0.5 and at most %.1f (planned %.2f before a gain of %.2f dB)",
				what, lufs, tp, DefaultLoudness, DefaultCeiling, s.Level().Measured, s.Level().Gain)
		}
	}
	check("desk-break", NewSession(tl, pack, Levels{1, 0.6}, DefaultMix()))
	for _, lv := range []Levels{{1, 0.6}, {0.3, 1}, {1, 0}, {0, 1}, {0.02, 0.01}} {
		check(fmt.Sprintf("%+v", lv), NewSession(mixTimeline(), toneClips{}, lv, DefaultMix()))
	}
}

// toneClips says every phrase as a 300 Hz tone, loud enough to limit. It
// knows no profiles.
type toneClips struct{}

func (toneClips) Clip(text string) ([]int16, error) {
	x := make([]float32, len(text)*2000)
	for i := range x {
		x[i] = float32(0.9 * math.Sin(2*math.Pi*300*float64(i)/script.Rate))
	}
	fadeEdges(x)
	c := make([]int16, len(x))
	for i, v := range x {
		c[i] = dsp.ToInt16(v)
	}
	return c, nil
}

func (toneClips) Profile(string) ([]float32, bool) { return nil, false }

// mixTimeline is a minute of every kind of event.
func mixTimeline() *script.Timeline {
	tl := &script.Timeline{Length: 60 * script.Rate}
	at := func(s float64) int { return int(s * script.Rate) }
	tl.Events = []script.Event{
		{Start: at(0.5), Length: at(4), Sound: script.Bell},
		{Start: at(2), Length: 24 * 2000, Sound: script.Speech, Text: "welcome to the session"},
		{Start: at(5), Length: at(4), Sound: script.Inhale},
		{Start: at(5), Length: 12 * 2000, Sound: script.Speech, Text: "breathe in.."},
		{Start: at(9), Length: at(5), Sound: script.Exhale},
		{Start: at(20), Length: at(2), Sound: script.Switch},
		{Start: at(21), Length: 5 * 2000, Sound: script.Speech, Text: "again"},
		{Start: at(30), Length: at(4), Sound: script.Inhale},
		{Start: at(34), Length: at(5), Sound: script.Exhale},
		{Start: at(50), Length: at(6), Sound: script.Close},
		{Start: at(52), Length: 5 * 2000, Sound: script.Speech, Text: "again"},
	}
	return tl
}

func TestSessionWithEveryEffectKeepsTheStreamContractAndSeeks(t *testing.T) {
	brown, err := NoiseAmbience(BrownNoise, 1)
	if err != nil {
		t.Fatal(err)
	}
	mix := DefaultMix()
	mix.Ambience = brown
	tl := mixTimeline()
	whole := streamtest.Drain(t, NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, mix), 4096)
	if len(whole) != tl.Length {
		t.Fatalf("%d samples, want %d", len(whole), tl.Length)
	}
	for _, sizes := range [][]int{{1, 333, 4096}, {9000}} {
		got := streamtest.Drain(t, NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, mix), sizes...)
		if !slices.Equal(got, whole) {
			t.Errorf("buffers of %v: the samples differ", sizes)
		}
		// The one-channel stream keeps the contract too, and is the same mix.
		mono := streamtest.DrainMono(t, NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, mix), sizes...)
		if len(mono) != len(whole) {
			t.Fatalf("StreamMono, buffers of %v: %d samples, want %d", sizes, len(mono), len(whole))
		}
		for i, v := range mono {
			if float64(v) != whole[i][0] || whole[i][0] != whole[i][1] {
				t.Fatalf("StreamMono, buffers of %v: sample %d = %v; Stream gives %v", sizes, i, v, whole[i])
			}
		}
	}
	for _, p := range []int{0, 1, 2*script.Rate + 100, 21 * script.Rate, 59 * script.Rate, tl.Length} {
		s := NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, mix)
		streamtest.Drain(t, &limited{s, 3 * script.Rate}) // play a little first
		if err := s.Seek(p); err != nil {
			t.Fatal(err)
		}
		got := streamtest.Drain(t, s, 1000)
		if !slices.Equal(got, whole[p:]) {
			t.Errorf("Seek(%d): the samples that follow differ from streaming", p)
		}
		// And in one channel, after playing a little in it.
		s = NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, mix)
		streamtest.DrainMono(t, &limitedMono{s, 2*script.Rate + 7})
		if err := s.Seek(p); err != nil {
			t.Fatal(err)
		}
		mono := streamtest.DrainMono(t, s, 777)
		if len(mono) != len(whole)-p {
			t.Fatalf("StreamMono after Seek(%d): %d samples follow, want %d", p, len(mono), len(whole)-p)
		}
		for i, v := range mono {
			if float64(v) != whole[p+i][0] {
				t.Fatalf("StreamMono after Seek(%d): sample %d = %v, want %v", p, p+i, v, whole[p+i][0])
			}
		}
	}
}

// limitedMono streams at most n samples of s, in one channel.
type limitedMono struct {
	s *Session
	n int
}

func (l *limitedMono) StreamMono(samples []float32) (int, bool) {
	if l.n <= 0 {
		return 0, false
	}
	k, ok := l.s.StreamMono(samples[:min(len(samples), l.n)])
	l.n -= k
	return k, ok
}

// limited streams at most n samples of s.
type limited struct {
	s *Session
	n int
}

func (l *limited) Stream(samples [][2]float64) (int, bool) {
	if l.n <= 0 {
		return 0, false
	}
	k, ok := l.s.Stream(samples[:min(len(samples), l.n)])
	l.n -= k
	return k, ok
}

func (l *limited) Err() error { return nil }

// silentClips says every phrase as silence, 2 s long.
type silentClips struct{}

func (silentClips) Clip(string) ([]int16, error)     { return make([]int16, 2*script.Rate), nil }
func (silentClips) Profile(string) ([]float32, bool) { return nil, false }

func TestNoiseIsSeededAndLoopsSeamlessly(t *testing.T) {
	for _, color := range []string{BrownNoise, PinkNoise} {
		a, err := NoiseAmbience(color, 7)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NoiseAmbience(color, 7)
		c, _ := NoiseAmbience(color, 8)
		if !slices.Equal(a.loop, b.loop) || slices.Equal(a.loop, c.loop) {
			t.Errorf("%s: the same seed must give the same noise, another seed another", color)
		}
		// Across the seam the noise moves no more than it does elsewhere.
		P := len(a.loop)
		x := make([]float32, 2*P)
		a.add(x, 10*script.Rate, 1<<40, 1)
		seam := P - 10*script.Rate%P
		jump := func(i int) float64 { return math.Abs(float64(x[i] - x[i-1])) }
		var typical, worst float64
		for i := 1; i < len(x); i++ {
			typical = max(typical, jump(i))
		}
		for i := seam - 5; i < seam+5; i++ {
			worst = max(worst, jump(i))
		}
		if worst > typical {
			t.Errorf("%s: a jump of %g at the seam against %g elsewhere", color, worst, typical)
		}
		// Equal power through the cross-fade.
		fadeLen := SampleRate.N(noiseFade)
		in, out := rms(x[seam:seam+fadeLen]), rms(x[seam+fadeLen:seam+P-fadeLen])
		if d := 20 * math.Log10(in/out); math.Abs(d) > 1 {
			t.Errorf("%s: the cross-fade is %.1f dB off the rest of the loop", color, d)
		}
	}
	if _, err := NoiseAmbience("white", 1); err == nil {
		t.Error("white noise: no error")
	}
}

func TestFileAmbience(t *testing.T) {
	// A WAV loop of 3 s: a 200 Hz tone.
	x := make([]float64, 3*script.Rate)
	for i := range x {
		x[i] = 0.5 * math.Sin(2*math.Pi*200*float64(i)/script.Rate)
	}
	data := testclip.WAV(script.Rate, 2, false, x)
	a, err := FileAmbience("rain.wav", data)
	if err != nil {
		t.Fatal(err)
	}
	// The last quarter cross-fades into the start.
	if a.Name() != "rain.wav" || len(a.loop) != 3*script.Rate-3*script.Rate/4 {
		t.Errorf("loop of %d samples", len(a.loop))
	}
	// Every ambience sits at the same loudness.
	m := dsp.NewMeter(1, script.Rate)
	y := make([]float32, 20*script.Rate)
	a.add(y, 5*script.Rate, 1<<40, 1)
	m.Write(y)
	if l := m.Integrated(); math.Abs(l-ambienceLoudness) > 0.5 {
		t.Errorf("loudness %.2f LUFS, want %.0f", l, ambienceLoudness)
	}
	if _, err := FileAmbience("short.wav", testclip.WAV(script.Rate, 1, false, x[:script.Rate])); err == nil || err.Error() != "ambience short.wav lasts 1s; want a loop of at least 2 s" {
		t.Errorf("a 1 s loop: %v; want it too short", err)
	}
	long := make([]float64, int(MaxAmbience.Seconds()+1)*8000)
	if _, err := FileAmbience("long.wav", testclip.WAV(8000, 1, false, long)); err == nil || !strings.HasPrefix(err.Error(), "ambience long.wav lasts 1m31s; want a loop of at most 1m30s (cut one with: sox long.wav") {
		t.Errorf("a loop over the limit: %v; want it too long, with how to cut one", err)
	}
	if _, err := FileAmbience("quiet.wav", testclip.WAV(script.Rate, 1, false, make([]float64, 3*script.Rate))); err == nil || err.Error() != "ambience quiet.wav is silent" {
		t.Errorf("a silent loop: %v; want it silent", err)
	}
	if _, err := FileAmbience("text.wav", []byte("hello")); err == nil || !strings.HasPrefix(err.Error(), "ambience text.wav: ") {
		t.Errorf("a loop that is no audio: %v; want the file named", err)
	}
}

func TestToneStylesAndSoftBell(t *testing.T) {
	for _, st := range Styles {
		for _, s := range []script.Sound{script.Inhale, script.Exhale, script.Bell, script.Switch, script.Close, script.SoftBell} {
			x := st.Tone(s, 6*script.Rate)
			if len(x) != 6*script.Rate {
				t.Fatalf("%s %s: %d samples", st, s, len(x))
			}
			var peak, jump float64
			for i := range x {
				peak = max(peak, math.Abs(float64(x[i])))
				if i > 0 {
					jump = max(jump, math.Abs(float64(x[i]-x[i-1])))
				}
			}
			if x[0] != 0 || math.Abs(float64(x[len(x)-1])) > 1e-4 || jump > peak*0.5 || peak < 0.03 || peak > 0.5 {
				t.Errorf("%s %s: peak %.3f, largest step %.4f, ends %g %g", st, s, peak, jump, x[0], x[len(x)-1])
			}
		}
	}
	if got, want := pitch(Soft.Tone(script.Inhale, 4*script.Rate)[3*script.Rate:]), pitch(Soft.Tone(script.Inhale, 4*script.Rate)[:script.Rate]); got <= want*1.2 {
		t.Errorf("soft inhale: %0.f Hz late, %.0f Hz early; want rising", got, want)
	}
	if _, err := ParseStyle("loud"); err == nil {
		t.Error(`ParseStyle("loud"): no error`)
	}
	// The styles differ: soft has no harmonics.
	if slices.Equal(Bowl.Tone(script.Bell, script.Rate), Soft.Tone(script.Bell, script.Rate)) {
		t.Error("the bowl and soft bells are the same")
	}
}

func TestNoBreathLeavesTheBells(t *testing.T) {
	tl := &script.Timeline{Length: 10 * script.Rate, Events: []script.Event{
		{Start: 0, Length: 4 * script.Rate, Sound: script.Bell},
		{Start: 5 * script.Rate, Length: 4 * script.Rate, Sound: script.Inhale},
	}}
	got := streamtest.Drain(t, NewSession(tl, silentClips{}, Levels{Tones: 1}, Mix{NoBreath: true}))
	var bell, breath float64
	for i, v := range got {
		if i < 4*script.Rate {
			bell = max(bell, math.Abs(v[0]))
		} else {
			breath = max(breath, math.Abs(v[0]))
		}
	}
	if bell < 0.1 || breath != 0 {
		t.Errorf("bell peak %.3f, breath peak %.3f; want a bell and no breath", bell, breath)
	}
}

func TestLoudnessPlanMatchesTheMeter(t *testing.T) {
	// The plan adds up each sound's loudness profile; the meter measures
	// the mix. They agree within a fraction of a decibel.
	brown, _ := NoiseAmbience(PinkNoise, 3)
	for _, mix := range []Mix{{}, {Duck: 10}, {Duck: 20, Ambience: brown}} {
		s := NewSession(mixTimeline(), toneClips{}, Levels{Voice: 0.5, Tones: 0.8}, mix)
		m := measure(t, s)
		if got, want := m.Integrated()+10*math.Log10(2), s.Level().Measured; math.Abs(got-want) > 0.3 {
			t.Errorf("mix %+v: measured %.2f LUFS, planned %.2f", mix, got, want)
		}
	}
}

// profiledClips knows its clips' loudness without decoding them, and counts
// the decoding.
type profiledClips struct {
	toneClips
	decoded []string
}

func (p *profiledClips) Clip(text string) ([]int16, error) {
	p.decoded = append(p.decoded, text)
	return p.toneClips.Clip(text)
}

func (p *profiledClips) Profile(text string) ([]float32, bool) {
	c, _ := p.toneClips.Clip(text)
	return dsp.Profile(c), true
}

func TestProfilesStartWithoutDecoding(t *testing.T) {
	tl := mixTimeline()
	want := streamtest.Drain(t, NewSession(tl, toneClips{}, Levels{Voice: 1, Tones: 1}, DefaultMix()))
	clips := &profiledClips{}
	s := NewSession(tl, clips, Levels{Voice: 1, Tones: 1}, DefaultMix())
	if len(clips.decoded) != 0 {
		t.Errorf("NewSession decoded %q; with profiles it need not", clips.decoded)
	}
	if got := streamtest.Drain(t, s, 3000); !slices.Equal(got, want) {
		t.Error("a session with profiles sounds different")
	}
	// "again" is said twice: decoded once, kept packed in between.
	if w := []string{"welcome to the session", "breathe in..", "again"}; !slices.Equal(clips.decoded, w) {
		t.Errorf("decoded %q, want %q", clips.decoded, w)
	}
}
