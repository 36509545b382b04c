// Package prom exports the bot's measurements (bot.Metrics) and the
// program's (reloads, the knowledge base, the build) to Prometheus, with
// the Go runtime's and the process's own figures, in Prometheus's text
// exposition format (expo.go says how much of it).
//
// It writes the format itself rather than use client_golang: that library
// and the packages it pulls in (protobuf, procfs) are initialised in every
// run of the one binary, also `ask` and `eval`, and cost 4 to 5 ms of a
// 40 ms run of 160 questions (hyperfine, the binary built with and without
// it). The tests read what it writes with Prometheus's own parser
// (prometheus/common/expfmt).
//
// Names follow the Prometheus conventions: a visitbot_ prefix, _total for
// counters, base units (_seconds), histograms for latencies.
package prom

import (
	"bytes"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
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
	fams []family

	updates     *vec
	questions   *vec
	answerSecs  *vec
	sends       *vec
	sendSecs    *vec
	receives    *vec
	storeErrors *vec
	reloads     *vec
	reloadSecs  *vec
	lastReceive atomic.Int64 // unix nanoseconds of the last successful receive; 0: none yet
	lastFailure atomic.Int64 // unix nanoseconds of the last failed receive
	queue       atomic.Pointer[func() int]
}

// defBuckets are client_golang's default buckets of a latency histogram,
// in seconds.
var defBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New returns the metrics, with the Go runtime's and the process's.
func New(build Build, base Base) *Metrics {
	m := &Metrics{}
	counter := func(name, help string, labels ...string) *vec {
		v := newVec("counter", name, help, nil, labels...)
		m.fams = append(m.fams, v)
		return v
	}
	histogram := func(name, help string, buckets []float64, labels ...string) *vec {
		v := newVec("histogram", name, help, buckets, labels...)
		m.fams = append(m.fams, v)
		return v
	}
	gaugeFunc := func(name, help string, fn func() float64) {
		m.fams = append(m.fams, gauge(name, help, fn))
	}
	m.updates = counter("visitbot_updates_total", "Updates received, by kind and chat type.", "kind", "chat_type")
	m.questions = counter("visitbot_questions_total", "Questions answered and declined.", "outcome")
	m.answerSecs = histogram("visitbot_answer_seconds", "Time the engine took to answer a question.",
		[]float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1})
	m.sends = counter("visitbot_sends_total", "Bot API requests that deliver replies, by method and result (ok, 429, 403, 4xx, 5xx, network, canceled).", "method", "result")
	m.sendSecs = histogram("visitbot_send_seconds", "Time a Bot API request that delivers a reply took, by method.", defBuckets, "method")
	m.receives = counter("visitbot_receives_total", "getUpdates requests and webhook deliveries, by result (ok, error).", "result")
	m.storeErrors = counter("visitbot_store_errors_total", "Writes to the store that failed (retried), by operation.", "op")
	m.reloads = counter("visitbot_reloads_total", "Knowledge base reloads, by result (ok, unchanged, error).", "result")
	m.reloadSecs = histogram("visitbot_reload_seconds", "Time a knowledge base reload took.",
		[]float64{.01, .1, .5, 1, 2.5, 5, 10, 30, 60, 120})
	gaugeFunc("visitbot_send_queue_depth", "Replies waiting to be sent.", func() float64 {
		if q := m.queue.Load(); q != nil {
			return float64((*q)())
		}
		return 0
	})
	gaugeFunc("visitbot_last_receive_timestamp_seconds", "Unix time of the last successful getUpdates or webhook delivery (0: none yet).", func() float64 {
		return float64(m.lastReceive.Load()) / 1e9
	})
	baseGauge := func(name, help string, pick func(v uint64, d, s int) float64) {
		gaugeFunc(name, help, func() float64 {
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
	info := labelled{values: []string{build.Commit, build.GoVersion, strconv.Itoa(build.Schema), build.Version}, value: 1}
	m.fams = append(m.fams, gauges{fname: "visitbot_build_info", help: "Build information; the value is 1.",
		labels: []string{"commit", "goversion", "schema", "version"}, read: func() []labelled { return []labelled{info} }},
		goFamilies{}, processFamilies{})
	return m
}

// Handler serves the metrics in the Prometheus text exposition format.
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Written whole before it is sent: no family's lock is held while
		// a slow scraper reads.
		var b bytes.Buffer
		writeFamilies(&b, m.fams) // (a bytes.Buffer does not fail)
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		w.Write(b.Bytes()) // a write error is the client's going away
	})
}

// SetQueue sets how the send queue's depth is read (the bot's QueueDepth).
func (m *Metrics) SetQueue(depth func() int) { m.queue.Store(&depth) }

// Update counts an update (bot.Metrics).
func (m *Metrics) Update(kind, chatType string) {
	if chatType == "" {
		chatType = "none"
	}
	m.updates.add(1, kind, chatType)
}

// Question counts a question and observes its latency (bot.Metrics).
func (m *Metrics) Question(answered bool, took time.Duration) {
	outcome := "declined"
	if answered {
		outcome = "answered"
	}
	m.questions.add(1, outcome)
	m.answerSecs.observe(took.Seconds())
}

// Send counts a send and observes its latency (bot.Metrics).
func (m *Metrics) Send(method, result string, took time.Duration) {
	m.sends.add(1, method, result)
	m.sendSecs.observe(took.Seconds(), method)
}

// Receive records a getUpdates or webhook delivery (bot.Metrics).
func (m *Metrics) Receive(ok bool) {
	now := time.Now().UnixNano()
	if ok {
		m.receives.add(1, "ok")
		m.lastReceive.Store(now)
		return
	}
	m.receives.add(1, "error")
	m.lastFailure.Store(now)
}

// StoreError counts a failed store write (bot.Metrics).
func (m *Metrics) StoreError(op string) { m.storeErrors.add(1, op) }

// Reload counts a knowledge base reload and observes its duration; result
// is "ok", "unchanged" or "error".
func (m *Metrics) Reload(result string, took time.Duration) {
	m.reloads.add(1, result)
	m.reloadSecs.observe(took.Seconds())
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
