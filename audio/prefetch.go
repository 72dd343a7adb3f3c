package audio

import (
	"sync"

	"github.com/stretchguide/guide/script"
)

// Prefetch returns Clips that decode the phrases of tl on a background
// goroutine, in the order they are first spoken and at most ahead clips in
// advance, so that playback never waits on the decoder: decoding a long
// clip takes longer than a device buffer lasts. stop ends the goroutine.
//
// It prefetches the phrases whose loudness profiles src knows: those are
// the ones a Session decodes while it plays. The others a Session decodes
// before it starts, all at once; they are passed on to src as they are
// asked for, and do not move the prefetcher on (which would drop what it
// decoded ahead of them).
//
// A clip asked for out of order (after a seek) is decoded on the spot, and
// the prefetcher carries on after it.
func Prefetch(tl *script.Timeline, src Clips, ahead int) (c Clips, stop func()) {
	p := &prefetcher{src: src, ahead: max(ahead, 1), index: map[string]int{}, ready: map[string]decoded{}}
	p.cond = sync.NewCond(&p.mu)
	for _, e := range tl.Events {
		if _, seen := p.index[e.Text]; e.Sound != script.Speech || seen {
			continue
		}
		if _, ok := src.Profile(e.Text); ok {
			p.index[e.Text] = len(p.order)
			p.order = append(p.order, e.Text)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.run()
	}()
	return p, func() {
		p.mu.Lock()
		p.closed = true
		p.cond.Broadcast()
		p.mu.Unlock()
		<-done
	}
}

type prefetcher struct {
	src   Clips
	ahead int
	order []string       // phrases in the order they are first spoken
	index map[string]int // position of each phrase in order

	mu      sync.Mutex
	cond    *sync.Cond
	ready   map[string]decoded // decoded, not yet taken
	next    int                // the next phrase to decode
	taken   int                // phrases before this one are taken or skipped
	working string             // the phrase being decoded now
	closed  bool
}

type decoded struct {
	clip []int16
	err  error
}

func (p *prefetcher) run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for !p.closed && (p.next >= len(p.order) || p.next-p.taken >= p.ahead) {
			p.cond.Wait()
		}
		if p.closed {
			return
		}
		text := p.order[p.next]
		p.next++
		p.working = text
		p.mu.Unlock()
		c, err := p.src.Clip(text)
		p.mu.Lock()
		p.working = ""
		p.ready[text] = decoded{c, err}
		p.cond.Broadcast()
	}
}

// Profile passes on the loudness profiles of the source.
func (p *prefetcher) Profile(text string) ([]float32, bool) { return p.src.Profile(text) }

// Clip returns the clip for text, decoded ahead when it could be.
func (p *prefetcher) Clip(text string) ([]int16, error) {
	p.mu.Lock()
	i, known := p.index[text]
	for known && p.working == text {
		p.cond.Wait() // half done already: waiting is quicker than starting over
	}
	if d, ok := p.ready[text]; ok {
		delete(p.ready, text)
		p.advance(i + 1)
		p.mu.Unlock()
		return d.clip, d.err
	}
	if known {
		p.advance(i + 1)
	}
	p.mu.Unlock()
	return p.src.Clip(text)
}

// advance marks every phrase before i as taken or skipped, dropping the
// skipped ones' clips, and lets the prefetcher go on from there.
func (p *prefetcher) advance(i int) {
	if i <= p.taken {
		return
	}
	for _, t := range p.order[p.taken:i] {
		delete(p.ready, t)
	}
	p.taken = i
	p.next = max(p.next, i)
	p.cond.Broadcast()
}
