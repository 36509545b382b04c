package prom

import (
	"net/http/httptest"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsMove records through every method and reads the values back
// from the handler's exposition, as Prometheus would.
func TestMetricsMove(t *testing.T) {
	base := func() (uint64, int, int, bool) { return 7, 2, 41, true }
	m := New(Build{Version: "v1.2.3", Commit: "abc", GoVersion: "go1.26", Schema: 1}, base)
	m.SetQueue(func() int { return 5 })
	m.Update("message", "group")
	m.Update("message", "group")
	m.Update("inline_query", "")
	m.Question(true, 3*time.Millisecond)
	m.Question(false, time.Millisecond)
	m.Send("sendMessage", "ok", 20*time.Millisecond)
	m.Send("sendMessage", "429", time.Millisecond)
	m.Receive(true)
	m.Receive(false)
	m.StoreError("commit")
	m.Reload("ok", 2*time.Second)

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if got, want := rec.Header().Get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8"; got != want {
		t.Errorf("Content-Type %q, want %q", got, want)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	value := func(name string, labels map[string]string) float64 {
		t.Helper()
		fam := fams[name]
		if fam == nil {
			t.Fatalf("no %s", name)
		}
	next:
		for _, s := range fam.Metric {
			have := map[string]string{}
			for _, lp := range s.Label {
				have[lp.GetName()] = lp.GetValue()
			}
			for k, v := range labels {
				if got, ok := have[k]; !ok || got != v {
					continue next // every label asked for, with its value
				}
			}
			switch {
			case s.Counter != nil:
				return s.Counter.GetValue()
			case s.Gauge != nil:
				return s.Gauge.GetValue()
			case s.Histogram != nil:
				return float64(s.Histogram.GetSampleCount())
			}
		}
		t.Fatalf("no %s%v", name, labels)
		return 0
	}
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"visitbot_updates_total", map[string]string{"kind": "message", "chat_type": "group"}, 2},
		{"visitbot_updates_total", map[string]string{"kind": "inline_query", "chat_type": "none"}, 1},
		{"visitbot_questions_total", map[string]string{"outcome": "answered"}, 1},
		{"visitbot_questions_total", map[string]string{"outcome": "declined"}, 1},
		{"visitbot_answer_seconds", nil, 2},
		{"visitbot_sends_total", map[string]string{"result": "429"}, 1},
		{"visitbot_send_seconds", map[string]string{"method": "sendMessage"}, 2},
		{"visitbot_receives_total", map[string]string{"result": "error"}, 1},
		{"visitbot_store_errors_total", map[string]string{"op": "commit"}, 1},
		{"visitbot_reloads_total", map[string]string{"result": "ok"}, 1},
		{"visitbot_reload_seconds", nil, 1},
		{"visitbot_send_queue_depth", nil, 5},
		{"visitbot_kb_version", nil, 7},
		{"visitbot_kb_documents", nil, 2},
		{"visitbot_kb_sentences", nil, 41},
		{"visitbot_build_info", map[string]string{"version": "v1.2.3", "commit": "abc", "schema": "1"}, 1},
	}
	for _, tt := range tests {
		if got := value(tt.name, tt.labels); got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
	if got := value("visitbot_last_receive_timestamp_seconds", nil); time.Since(time.Unix(int64(got), 0)) > time.Minute {
		t.Errorf("last receive %v: not now", got)
	}
	ok, failed := m.LastReceive()
	if ok.IsZero() || failed.IsZero() {
		t.Errorf("LastReceive = %v, %v", ok, failed)
	}
	for name, kind := range map[string]dto.MetricType{
		"go_goroutines":                 dto.MetricType_GAUGE,
		"go_gc_duration_seconds":        dto.MetricType_SUMMARY,
		"go_memstats_frees_total":       dto.MetricType_COUNTER,
		"process_cpu_seconds_total":     dto.MetricType_COUNTER,
		"process_open_fds":              dto.MetricType_GAUGE,
		"process_resident_memory_bytes": dto.MetricType_GAUGE,
	} {
		if fams[name] == nil {
			t.Errorf("no %s: the runtime's or the process's figures are missing", name)
		} else if got := fams[name].GetType(); got != kind {
			t.Errorf("%s is a %v, want a %v", name, got, kind)
		}
	}
}
