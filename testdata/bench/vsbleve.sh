#!/usr/bin/env bash
# vsbleve.sh: measures `visitbot ask --json` against the comparator of the
# performance bar ("ask --json of 160 questions as a whole process: no
# slower than a program that indexes the article with Bleve in the same
# run"). The comparator is testdata/bench/bleve, a module of its own: it
# splits the article into sentences, indexes them in an in-memory Bleve
# index (CJK analyzer) and answers each question with the top match.
#
# It builds both binaries (without cgo, as deploy/Dockerfile builds),
# indexes the article into a temporary bbolt file, makes the input
# (the questions repeated to N lines), then times, as whole processes,
#
#     visitbot ask --json --db DB < input > /dev/null
#     bleve ARTICLE < input > /dev/null
#
# with hyperfine when installed (--input when the installed version has it,
# else `sh -c '... < input'` with -N, and `sh -c true` timed beside them for
# the shell's own cost), else with a loop under /usr/bin/time -v. It prints
# the mean and median wall time of each, and the peak RSS of a few runs
# under /usr/bin/time -v.
#
# Usage: testdata/bench/vsbleve.sh [RUNS]        (default 20)
#
# Environment: QUESTIONS, a question set in the eval format, JSON lines with
# a "q" field (default ../shared/eval/dev.jsonl beside the repository);
# ARTICLE, the article for the Bleve program (default
# ../shared/articles/wuxi-delegation-visit.txt beside the repository, else
# knowledge/articles/wuxi-delegation-visit.txt, the embedded one); N, the
# number of input lines (default 160); KEEP=1 keeps the temporary folder
# and prints its path.
#
# Needs: go (the Bleve module is fetched through the module proxy on the
# first build), GNU time (/usr/bin/time, Debian package "time"); hyperfine
# and jq are used when present (with hyperfine but no jq, python3 reads its
# report).
set -euo pipefail

runs=${1:-20}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "vsbleve.sh: RUNS must be a number of 1 or more" >&2; exit 2; }
n=${N:-160}
rssruns=$((runs < 5 ? runs : 5))
root=$(cd "$(dirname "$0")/../.." && pwd)
questions=${QUESTIONS:-$root/../shared/eval/dev.jsonl}
article=${ARTICLE:-$root/../shared/articles/wuxi-delegation-visit.txt}
[[ -f $article ]] || article=$root/knowledge/articles/wuxi-delegation-visit.txt
[[ -f $questions ]] || { echo "vsbleve.sh: no question file $questions (set QUESTIONS)" >&2; exit 1; }
name=vsbleve.sh
# shellcheck source=common.sh
. "$root/testdata/bench/common.sh"
need_time
bench_tmp
vb=$tmp/visitbot bl=$tmp/bleve db=$tmp/kb.db input=$tmp/input.txt

echo "== build"
build_visitbot "$vb"
(cd "$root/testdata/bench/bleve" && CGO_ENABLED=0 go build -o "$bl" .)
blv=$(cd "$root/testdata/bench/bleve" && go list -m -f '{{.Version}}' github.com/blevesearch/bleve/v2)
echo "visitbot: $(cd "$root" && go version); bleve $blv"

echo "== index: the article into a new knowledge base (both programs read the same text)"
"$vb" index --db "$db" "$article" >"$tmp/index.out" 2>"$tmp/index.err" || { cat "$tmp/index.err" >&2; exit 1; }
echo "db $(stat -c %s "$db") bytes"

# The input: the questions, repeated to n lines.
nq=$(make_input "$questions" "$n" "$input")
echo "input: $n lines from $nq questions of $questions"
echo "article: $article"

vcmd=("$vb" ask --json --db "$db")
bcmd=("$bl" "$article")

# check NAME CMD...: one run; checks there is an answer line per question
# and prints how many are answered.
check() {
	local name=$1
	shift
	"$@" <"$input" >"$tmp/$name.out" 2>"$tmp/$name.err" || { cat "$tmp/$name.err" >&2; exit 1; }
	local lines answered
	lines=$(wc -l <"$tmp/$name.out")
	[[ $lines == "$n" ]] || { echo "vsbleve.sh: $name: $lines answers for $n questions" >&2; exit 1; }
	answered=$(grep -c '"answered": *true' "$tmp/$name.out" || true)
	echo "$name: $lines lines, $answered answered"
}
echo "== check"
check visitbot "${vcmd[@]}"
check bleve "${bcmd[@]}"

# timed CMD...: runs CMD on the input under /usr/bin/time -v, the report in
# $tmp/run.time; prints the wall time in seconds.
timed() {
	local t0 t1
	t0=$(now)
	/usr/bin/time -v -o "$tmp/run.time" "$@" <"$input" >/dev/null 2>"$tmp/run.err" || { cat "$tmp/run.err" >&2; exit 1; }
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}'
}
# stats NAME UNIT FILE: mean, min, median and max of the numbers in FILE.
stats() {
	sort -n "$3" | awk -v name="$1" -v unit="$2" '{v[NR] = $1; s += $1} END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%-10s %-8s mean %8.3f  median %8.3f  min %8.3f  max %8.3f  (%d runs)\n", name, unit, s / NR, m, v[1], v[NR], NR}'
}
# loop NAME COUNT CMD...: COUNT runs under /usr/bin/time -v; the walls go
# to $tmp/NAME.wall, the RSS to $tmp/NAME.rss.
loop() {
	local name=$1 count=$2 i
	shift 2
	: >"$tmp/$name.wall"
	: >"$tmp/$name.rss"
	for ((i = 1; i <= count; i++)); do
		timed "$@" >>"$tmp/$name.wall"
		echo >>"$tmp/$name.wall"
		rss_mb "$tmp/run.time" >>"$tmp/$name.rss"
		echo >>"$tmp/$name.rss"
	done
}

if command -v hyperfine >/dev/null; then
	echo "== wall: hyperfine $(hyperfine --version | awk '{print $2}'), $runs runs"
	if hyperfine --help | grep -q -- '--input' && hyperfine --help | grep -q -- '--output'; then
		hyperfine -N --warmup 2 --runs "$runs" --input "$input" --output null \
			--export-json "$tmp/hf.json" \
			-n visitbot "${vcmd[*]}" -n bleve "${bcmd[*]}"
	else
		# -N cannot redirect stdin: go through sh, and time sh alone.
		hyperfine -N --warmup 2 --runs "$runs" --export-json "$tmp/hf.json" \
			-n visitbot "sh -c $(printf %q "$(printf '%q ' "${vcmd[@]}")< $(printf %q "$input") > /dev/null")" \
			-n bleve "sh -c $(printf %q "$(printf '%q ' "${bcmd[@]}")< $(printf %q "$input") > /dev/null")" \
			-n sh "sh -c true"
	fi
	echo "== wall summary (s)"
	if command -v jq >/dev/null; then
		jq -r '.results[] | "\(.command)\tmean \(.mean*1000|round/1000)  median \(.median*1000|round/1000)  min \(.min*1000|round/1000)  max \(.max*1000|round/1000)"' "$tmp/hf.json" | expand -t 12
	else
		python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("%-10s mean %.3f  median %.3f  min %.3f  max %.3f" % (r["command"], r["mean"], r["median"], r["min"], r["max"]))' "$tmp/hf.json"
	fi
else
	echo "== wall: no hyperfine, /usr/bin/time -v loop, $runs runs"
	loop visitbot "$runs" "${vcmd[@]}"
	loop bleve "$runs" "${bcmd[@]}"
	stats visitbot "wall(s)" "$tmp/visitbot.wall"
	stats bleve "wall(s)" "$tmp/bleve.wall"
fi

echo "== peak RSS: /usr/bin/time -v, $rssruns runs"
loop visitbot "$rssruns" "${vcmd[@]}"
loop bleve "$rssruns" "${bcmd[@]}"
stats visitbot "RSS(MB)" "$tmp/visitbot.rss"
stats bleve "RSS(MB)" "$tmp/bleve.rss"
echo "(the same runs' wall, /usr/bin/time -v's own cost included)"
stats visitbot "wall(s)" "$tmp/visitbot.wall"
stats bleve "wall(s)" "$tmp/bleve.wall"
