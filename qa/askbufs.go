package qa

import "github.com/visitbot/visitbot/knowledge/analysis"

// askBufs is the memory one question fills and throws away once it is
// answered: its concepts and the words they stand for, its tokens and its
// feature vectors, kept for
// the next question of the model (model.bufs) instead of allocated anew.
// With a base in memory the garbage collector marks the whole base each
// cycle, so each byte a question allocates costs far more than its
// allocation.
type askBufs struct {
	// asker is the question's asker (Engine.begin), kept here so that
	// asking allocates none.
	asker asker
	// concepts are carved a query at a time (asker.conceptSlice).
	concepts []concept
	// floats are carved a feature vector at a time (asker.floatSlice).
	floats []float64
	// strs are carved a concept's alternatives at a time
	// (asker.stringSlice), f32s their credits (asker.float32Slice).
	strs []string
	f32s []float32
	// toks holds the last segmentation (asker.tokens), which the next
	// overwrites.
	toks []analysis.Token
	// lackConcepts, lackFloats, lackStrs and lackF32s count what the
	// carvings of this question found no room for: the buffers grow by
	// that much, up to their bounds, for the next question.
	lackConcepts, lackFloats, lackStrs, lackF32s int
}

// The most concepts, floats, strings and tokens an askBufs keeps between
// questions: a few times what a long question of several parts needs.
const (
	maxKeptConcepts = 256
	maxKeptFloats   = 1024
	maxKeptTokens   = 512
	maxKeptStrings  = 512
)

// getBufs returns a question's buffers, empty, from the model's pool.
func (m *model) getBufs() *askBufs {
	b, _ := m.bufs.Get().(*askBufs)
	if b == nil {
		b = &askBufs{}
	}
	return b
}

// putBufs empties b and gives it back to the model's pool, grown by what
// its question lacked: nothing carved from it, nor the tokens it holds,
// nor its asker, may be read after.
func (m *model) putBufs(b *askBufs) {
	b.asker = asker{}           // (it holds the question's Text)
	clear(b.concepts)           // (the concepts, strings and tokens hold strings: let them go)
	clear(b.strs)               // (an append within a carving stays within len(b.strs))
	clear(b.toks[:cap(b.toks)]) // a question cut again into fewer tokens left the first cut's beyond its end
	b.concepts = regrow(b.concepts, b.lackConcepts, maxKeptConcepts)
	b.floats = regrow(b.floats, b.lackFloats, maxKeptFloats)
	b.strs = regrow(b.strs, b.lackStrs, maxKeptStrings)
	b.f32s = regrow(b.f32s, b.lackF32s, maxKeptStrings)
	b.toks = regrow(b.toks, 0, maxKeptTokens)
	b.lackConcepts, b.lackFloats, b.lackStrs, b.lackF32s = 0, 0, 0, 0
	m.bufs.Put(b)
}

// regrow returns buf emptied, or a new empty buffer of lack more room
// when buf lacked some, within most; nil for a buffer past most.
func regrow[T any](buf []T, lack, most int) []T {
	switch {
	case cap(buf) > most:
		return nil
	case lack > 0 && cap(buf)+lack <= most:
		return make([]T, 0, cap(buf)+lack)
	}
	return buf[:0]
}

// carve returns a slice of length 0 and capacity n from the free end of
// *buf, which it extends over it, or a new one when fewer than n are free
// (counted in *lack). An append past n moves the slice out of *buf, never
// over what follows it.
func carve[T any](buf *[]T, lack *int, n int) []T {
	b := *buf
	k := len(b)
	if cap(b)-k < n {
		*lack += n
		return make([]T, 0, n)
	}
	*buf = b[:k+n]
	return b[k : k : k+n]
}

// conceptSlice returns an empty slice of concepts with room for n, from
// the question's buffers if it has them.
func (m *asker) conceptSlice(n int) []concept {
	if m.bufs == nil {
		return make([]concept, 0, n)
	}
	return carve(&m.bufs.concepts, &m.bufs.lackConcepts, n)
}

// floatSlice returns an empty slice of floats with room for n, from the
// question's buffers if it has them.
func (m *asker) floatSlice(n int) []float64 {
	if m.bufs == nil {
		return make([]float64, 0, n)
	}
	return carve(&m.bufs.floats, &m.bufs.lackFloats, n)
}

// stringSlice returns an empty slice of strings with room for n (no more:
// an append past n moves it out), from the question's buffers if it has
// them: a concept's alternatives.
func (m *asker) stringSlice(n int) []string {
	if m.bufs == nil {
		return make([]string, 0, n)
	}
	return carve(&m.bufs.strs, &m.bufs.lackStrs, n)
}

// float32Slice returns an empty slice of float32s with room for n (no
// more), from the question's buffers if it has them: the credits of a
// concept's alternatives.
func (m *asker) float32Slice(n int) []float32 {
	if m.bufs == nil {
		return make([]float32, 0, n)
	}
	return carve(&m.bufs.f32s, &m.bufs.lackF32s, n)
}
