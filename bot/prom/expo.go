package prom

import (
	"bufio"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The Prometheus text exposition format, version 0.0.4, as much of it as
// these metrics need: counters and histograms with labels, gauges read at
// each scrape. A family is written as
//
//	# HELP name help
//	# TYPE name counter|gauge|histogram
//	name{label="value",…} value
//
// with a histogram's samples as name_bucket{…,le="bound"} (cumulative,
// the last le="+Inf"), name_sum and name_count. Families are written
// sorted by name and their samples by label values; a family with labels
// and no sample yet is left out, as client_golang leaves out a vector no
// one has used. Help text escapes \ and newline; label values also ".
// runtime.go writes one summary too (go_gc_duration_seconds: quantile
// samples, _sum and _count).

// contentType is the exposition format's media type.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// family is a metric family that can write its samples.
type family interface {
	name() string
	write(w *bufio.Writer)
}

// vec holds a family's samples by their label values, joined by \xff,
// which valid UTF-8 never holds (the values are constants of this program
// or text decoded from the Bot API's JSON).
type vec struct {
	fname, help, kind string
	labels            []string
	buckets           []float64 // histograms only: the upper bounds, ascending

	mu      sync.Mutex
	samples map[string]*sample
}

// sample is one child of a vector: a counter's value, or a histogram's
// count by bucket, sum and count.
type sample struct {
	values []string
	value  float64  // a counter's value; a histogram's sum
	counts []uint64 // a histogram's observations by bucket (not cumulative)
	count  uint64
}

// newVec returns a family of kind counter or histogram; one without
// labels has its one sample from the start (0, as client_golang writes a
// histogram no one has observed yet).
func newVec(kind, name, help string, buckets []float64, labels ...string) *vec {
	v := &vec{fname: name, help: help, kind: kind, labels: labels, buckets: buckets, samples: map[string]*sample{}}
	if len(labels) == 0 {
		v.child(nil)
	}
	return v
}

func (v *vec) name() string { return v.fname }

// child returns the sample of the label values, made on first use; the
// caller holds v.mu.
func (v *vec) child(values []string) *sample {
	if len(values) != len(v.labels) {
		panic("prom: " + v.fname + ": " + strconv.Itoa(len(values)) + " label values for " + strconv.Itoa(len(v.labels)) + " labels")
	}
	key := strings.Join(values, "\xff")
	s := v.samples[key]
	if s == nil {
		s = &sample{values: slices.Clone(values)}
		if v.kind == "histogram" {
			s.counts = make([]uint64, len(v.buckets))
		}
		v.samples[key] = s
	}
	return s
}

// add adds d to the counter of the label values.
func (v *vec) add(d float64, values ...string) {
	v.mu.Lock()
	v.child(values).value += d
	v.mu.Unlock()
}

// observe records x in the histogram of the label values.
func (v *vec) observe(x float64, values ...string) {
	v.mu.Lock()
	s := v.child(values)
	if i := sort.SearchFloat64s(v.buckets, x); i < len(v.buckets) {
		s.counts[i]++ // the first bound at or above x
	}
	s.value += x
	s.count++
	v.mu.Unlock()
}

func (v *vec) write(w *bufio.Writer) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.samples) == 0 {
		return
	}
	header(w, v.fname, v.help, v.kind)
	keys := make([]string, 0, len(v.samples))
	for k := range v.samples {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		s := v.samples[k]
		if v.kind != "histogram" {
			line(w, v.fname, v.labels, s.values, "", "", s.value)
			continue
		}
		var cum uint64
		for i, b := range v.buckets {
			cum += s.counts[i]
			line(w, v.fname+"_bucket", v.labels, s.values, "le", formatValue(b), float64(cum))
		}
		line(w, v.fname+"_bucket", v.labels, s.values, "le", "+Inf", float64(s.count))
		line(w, v.fname+"_sum", v.labels, s.values, "", "", s.value)
		line(w, v.fname+"_count", v.labels, s.values, "", "", float64(s.count))
	}
}

// gauges is a family of gauges read at each scrape: read returns their
// values by label values (nil labels: one gauge without labels).
type gauges struct {
	fname, help string
	labels      []string
	read        func() []labelled
}

// labelled is a gauge's value with its label values.
type labelled struct {
	values []string
	value  float64
}

func (g gauges) name() string { return g.fname }

func (g gauges) write(w *bufio.Writer) {
	samples := g.read()
	if len(samples) == 0 {
		return
	}
	header(w, g.fname, g.help, "gauge")
	for _, s := range samples {
		line(w, g.fname, g.labels, s.values, "", "", s.value)
	}
}

// gauge is a family of one gauge without labels, read by fn.
func gauge(name, help string, fn func() float64) gauges {
	return gauges{fname: name, help: help, read: func() []labelled { return []labelled{{value: fn()}} }}
}

// writeFamilies writes fams, sorted by name, to out.
func writeFamilies(out io.Writer, fams []family) error {
	sorted := slices.Clone(fams)
	slices.SortFunc(sorted, func(a, b family) int { return strings.Compare(a.name(), b.name()) })
	w := bufio.NewWriter(out)
	for _, f := range sorted {
		f.write(w)
	}
	return w.Flush()
}

func header(w *bufio.Writer, name, help, kind string) {
	w.WriteString("# HELP " + name + " " + helpEscaper.Replace(help) + "\n")
	w.WriteString("# TYPE " + name + " " + kind + "\n")
}

// line writes one sample: name, the labels with their values and an extra
// label (le of a histogram's bucket) if extra is set, then the value.
func line(w *bufio.Writer, name string, labels, values []string, extra, extraValue string, v float64) {
	w.WriteString(name)
	if len(labels) > 0 || extra != "" {
		w.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(l + `="` + valueEscaper.Replace(values[i]) + `"`)
		}
		if extra != "" {
			if len(labels) > 0 {
				w.WriteByte(',')
			}
			w.WriteString(extra + `="` + extraValue + `"`)
		}
		w.WriteByte('}')
	}
	w.WriteByte(' ')
	w.WriteString(formatValue(v))
	w.WriteByte('\n')
}

// formatValue writes a sample's value as the format wants it (+Inf, -Inf,
// NaN, else Go's shortest form).
func formatValue(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	valueEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)
