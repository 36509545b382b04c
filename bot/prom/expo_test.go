package prom

import (
	"bytes"
	"math"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestExpositionParses writes families whose help and label values need
// escaping, with a histogram on either side of its bounds, and reads them
// back with Prometheus's own parser.
func TestExpositionParses(t *testing.T) {
	c := newVec("counter", "x_total", "Help with \\ and\na newline.", nil, "l")
	c.add(2, `quote " back \ and`+"\nnewline")
	c.add(1, "plain")
	h := newVec("histogram", "x_seconds", "A histogram.", []float64{0.1, 1})
	for _, v := range []float64{0.05, 0.1, 0.5, 3} {
		h.observe(v)
	}
	empty := newVec("counter", "x_unused_total", "No sample yet.", nil, "l")
	g := gauge("x_inf", "A gauge at +Inf.", func() float64 { return math.Inf(1) })
	var b bytes.Buffer
	if err := writeFamilies(&b, []family{h, g, empty, c}); err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(&b)
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if fams["x_unused_total"] != nil {
		t.Error("a vector with no sample was written")
	}
	if got := fams["x_total"].GetHelp(); got != "Help with \\ and\na newline." {
		t.Errorf("help %q", got)
	}
	byLabel := map[string]float64{}
	for _, m := range fams["x_total"].Metric {
		byLabel[m.Label[0].GetValue()] = m.Counter.GetValue()
	}
	if byLabel[`quote " back \ and`+"\nnewline"] != 2 || byLabel["plain"] != 1 {
		t.Errorf("counter samples %v", byLabel)
	}
	hist := fams["x_seconds"].Metric[0].Histogram
	var cum []uint64
	for _, bk := range hist.Bucket {
		cum = append(cum, bk.GetCumulativeCount())
	}
	if hist.GetSampleCount() != 4 || hist.GetSampleSum() != 3.65 || len(cum) != 3 || cum[0] != 2 || cum[1] != 3 || cum[2] != 4 {
		t.Errorf("histogram count %d sum %v buckets %v; want 4, 3.65, [2 3 4] (0.1 falls in le=0.1; the last is +Inf)", hist.GetSampleCount(), hist.GetSampleSum(), cum)
	}
	if v := fams["x_inf"].Metric[0].Gauge.GetValue(); !math.IsInf(v, 1) {
		t.Errorf("gauge %v, want +Inf", v)
	}
}
