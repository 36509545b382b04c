// Package prom exports the bot's measurements (bot.Metrics) and the
// program's (reloads, the knowledge base, the build) to Prometheus, with
// the Go runtime's and the process's collectors, on one registry of its
// own.
//
// Names follow the Prometheus conventions: a visitbot_ prefix, _total for
// counters, base units (_seconds), histograms for latencies.
package prom

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Build labels visitbot_build_info.
type Build struct {
	Version, Commit, GoVersion string
	Schema                     int // knowledge base schema version
}

// Base reports the knowledge base in use, read at each scrape; ok is false
// when none is loaded.
type Base func() (version uint64, documents, sentences int, ok bool)

// Metrics implements bot.Metrics and records reloads. Its zero value is
// not usable; use New.
type Metrics struct {
	reg *prometheus.Registry

	updates     *prometheus.CounterVec
	questions   *prometheus.CounterVec
	answerSecs  prometheus.Histogram
	sends       *prometheus.CounterVec
	sendSecs    *prometheus.HistogramVec
	receives    *prometheus.CounterVec
	storeErrors *prometheus.CounterVec
	reloads     *prometheus.CounterVec
	reloadSecs  prometheus.Histogram
	lastReceive atomic.Int64 // unix nanoseconds of the last successful receive; 0: none yet
	lastFailure atomic.Int64 // unix nanoseconds of the last failed receive
	queue       atomic.Pointer[func() int]
}

// New returns metrics registered on a new registry, with the Go and
// process collectors.
func New(build Build, base Base) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := factory{m.reg}
	m.updates = f.counterVec("visitbot_updates_total", "Updates received, by kind and chat type.", "kind", "chat_type")
	m.questions = f.counterVec("visitbot_questions_total", "Questions answered and declined.", "outcome")
	m.answerSecs = f.histogram("visitbot_answer_seconds", "Time the engine took to answer a question.",
		[]float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1})
	m.sends = f.counterVec("visitbot_sends_total", "Bot API requests that deliver replies, by method and result (ok, 429, 403, 4xx, 5xx, network, canceled).", "method", "result")
	m.sendSecs = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "visitbot_send_seconds",
		Help: "Time a Bot API request that delivers a reply took, by method.", Buckets: prometheus.DefBuckets}, []string{"method"})
	m.reg.MustRegister(m.sendSecs)
	m.receives = f.counterVec("visitbot_receives_total", "getUpdates requests and webhook deliveries, by result (ok, error).", "result")
	m.storeErrors = f.counterVec("visitbot_store_errors_total", "Writes to the store that failed (retried), by operation.", "op")
	m.reloads = f.counterVec("visitbot_reloads_total", "Knowledge base reloads, by result (ok, unchanged, error).", "result")
	m.reloadSecs = f.histogram("visitbot_reload_seconds", "Time a knowledge base reload took.",
		[]float64{.01, .1, .5, 1, 2.5, 5, 10, 30, 60, 120})
	f.gauge("visitbot_send_queue_depth", "Replies waiting to be sent.", func() float64 {
		if q := m.queue.Load(); q != nil {
			return float64((*q)())
		}
		return 0
	})
	f.gauge("visitbot_last_receive_timestamp_seconds", "Unix time of the last successful getUpdates or webhook delivery (0: none yet).", func() float64 {
		return float64(m.lastReceive.Load()) / 1e9
	})
	baseGauge := func(name, help string, pick func(v uint64, d, s int) float64) {
		f.gauge(name, help, func() float64 {
			v, d, s, ok := base()
			if !ok {
				return 0
			}
			return pick(v, d, s)
		})
	}
	baseGauge("visitbot_kb_version", "Version of the knowledge base in use (0: none).", func(v uint64, _, _ int) float64 { return float64(v) })
	baseGauge("visitbot_kb_documents", "Documents in the knowledge base in use.", func(_ uint64, d, _ int) float64 { return float64(d) })
	baseGauge("visitbot_kb_sentences", "Sentences in the knowledge base in use.", func(_ uint64, _, s int) float64 { return float64(s) })
	info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "visitbot_build_info", Help: "Build information; the value is 1.",
		ConstLabels: prometheus.Labels{"version": build.Version, "commit": build.Commit, "goversion": build.GoVersion, "schema": strconv.Itoa(build.Schema)}})
	info.Set(1)
	m.reg.MustRegister(info,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

type factory struct{ reg *prometheus.Registry }

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	f.reg.MustRegister(h)
	return h
}

func (f factory) gauge(name, help string, fn func() float64) {
	f.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// SetQueue sets how the send queue's depth is read (the bot's QueueDepth).
func (m *Metrics) SetQueue(depth func() int) { m.queue.Store(&depth) }

// Update counts an update (bot.Metrics).
func (m *Metrics) Update(kind, chatType string) {
	if chatType == "" {
		chatType = "none"
	}
	m.updates.WithLabelValues(kind, chatType).Inc()
}

// Question counts a question and observes its latency (bot.Metrics).
func (m *Metrics) Question(answered bool, took time.Duration) {
	outcome := "declined"
	if answered {
		outcome = "answered"
	}
	m.questions.WithLabelValues(outcome).Inc()
	m.answerSecs.Observe(took.Seconds())
}

// Send counts a send and observes its latency (bot.Metrics).
func (m *Metrics) Send(method, result string, took time.Duration) {
	m.sends.WithLabelValues(method, result).Inc()
	m.sendSecs.WithLabelValues(method).Observe(took.Seconds())
}

// Receive records a getUpdates or webhook delivery (bot.Metrics).
func (m *Metrics) Receive(ok bool) {
	now := time.Now().UnixNano()
	if ok {
		m.receives.WithLabelValues("ok").Inc()
		m.lastReceive.Store(now)
		return
	}
	m.receives.WithLabelValues("error").Inc()
	m.lastFailure.Store(now)
}

// StoreError counts a failed store write (bot.Metrics).
func (m *Metrics) StoreError(op string) { m.storeErrors.WithLabelValues(op).Inc() }

// Reload counts a knowledge base reload and observes its duration; result
// is "ok", "unchanged" or "error".
func (m *Metrics) Reload(result string, took time.Duration) {
	m.reloads.WithLabelValues(result).Inc()
	m.reloadSecs.Observe(took.Seconds())
}

// LastReceive returns when the last getUpdates or webhook delivery
// succeeded and when the last one failed (zero times: never).
func (m *Metrics) LastReceive() (ok, failed time.Time) {
	if n := m.lastReceive.Load(); n != 0 {
		ok = time.Unix(0, n)
	}
	if n := m.lastFailure.Load(); n != 0 {
		failed = time.Unix(0, n)
	}
	return ok, failed
}
