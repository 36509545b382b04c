package analysis

import (
	"math"
	"reflect"
	"sync"
	"unsafe"

	"github.com/go-ego/gse"
)

// Building an analyzer ends with what gse's Segmenter.CalcToken does: give
// every token of the dictionary its distance, log2(total frequency) −
// log2(its frequency), the cost segmenting minimises. CalcToken also cuts
// every token into the sub-words gse's search mode prints, which Tokens
// never asks for; that cutting was seven tenths of building the default
// base's analyzer, which every open does. gse keeps the distance in an
// unexported field and offers no other way to set it, so setDistances
// finds the field by name through reflection, once, and writes it as
// CalcToken would, bit for bit. If a gse release renames or retypes the
// field, setDistances falls back to CalcToken (slower, same segmentation);
// TestSetDistancesMatchesCalcToken fails in either case so the fallback
// is not silent.

// distanceField is the byte offset of gse.Token's distance field, and
// whether it was found as a float32.
var distanceField = sync.OnceValues(func() (uintptr, bool) {
	f, ok := reflect.TypeFor[gse.Token]().FieldByName("distance")
	if !ok || len(f.Index) != 1 || f.Type != reflect.TypeFor[float32]() {
		return 0, false // missing, retyped, or promoted from an embedded struct (its offset is not Token's)
	}
	return f.Offset, true
})

// setDistances gives every token of seg's dictionary its distance, as
// seg.CalcToken does, without the search-mode sub-words. It reports
// whether it could (false: it called CalcToken instead).
func setDistances(seg *gse.Segmenter) bool {
	off, ok := distanceField()
	if !ok {
		seg.CalcToken()
		return false
	}
	d := seg.Dict
	logTotal := float32(math.Log2(d.TotalFreq()))
	for i := range d.Tokens {
		t := &d.Tokens[i]
		*(*float32)(unsafe.Add(unsafe.Pointer(t), off)) = logTotal - float32(math.Log2(t.Freq()))
	}
	return true
}
