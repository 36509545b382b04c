#!/usr/bin/env bash
# ask160.sh: measures `visitbot ask --json` as a whole process, the way the
# performance budget is written (160 questions: at most 0.5 s wall and
# 100 MB peak RSS on a 2-core machine).
#
# It builds the binary, indexes the embedded default article into a
# temporary bbolt file (timed: the budget for that is 3 s), makes the input
# (the dev questions repeated to 160 lines), then runs, RUNS times,
#
#     /usr/bin/time -v visitbot ask --json --db DB < input > out
#
# printing each run's wall time and maximum RSS, then the minimum, median
# and maximum. It also times start-up alone: the same command on empty
# input (open the bbolt file, load the knowledge base, build the model on
# the first question) and with one question. With hyperfine installed
# (apt-get install hyperfine) it runs hyperfine on the 160 questions too.
#
# Usage: testdata/bench/ask160.sh [RUNS]        (default 10)
#
# Environment: QUESTIONS, a question set in the eval format (default
# ../shared/eval/dev.jsonl beside the repository, else
# testdata/eval/heldout.jsonl); N, the number of input lines (default 160);
# KEEP=1 keeps the temporary folder and prints its path.
#
# Needs: go, GNU time (/usr/bin/time, Debian package "time"); jq is used to
# read the questions when present.
set -euo pipefail

runs=${1:-10}
n=${N:-160}
root=$(cd "$(dirname "$0")/../.." && pwd)
questions=${QUESTIONS:-$root/../shared/eval/dev.jsonl}
[[ -f $questions ]] || questions=$root/testdata/eval/heldout.jsonl
name=ask160.sh
# shellcheck source=common.sh
. "$root/testdata/bench/common.sh"
need_time
bench_tmp
bin=$tmp/visitbot db=$tmp/kb.db input=$tmp/input.txt
build_visitbot "$bin"

# timed REPORT IN OUT ERR CMD...: runs CMD under /usr/bin/time -v with
# stdin IN, stdout OUT and stderr ERR, the report in REPORT; prints the wall
# time in seconds.
timed() {
	local report=$1 in=$2 out=$3 err=$4
	shift 4
	local t0 t1
	t0=$(now)
	/usr/bin/time -v -o "$report" "$@" <"$in" >"$out" 2>"$err"
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'
}

echo "== index: the default article into a new knowledge base"
w=$(timed "$tmp/index.time" /dev/null "$tmp/index.out" "$tmp/index.err" "$bin" index --db "$db") || { cat "$tmp/index.err" >&2; exit 1; }
cat "$tmp/index.out"
echo "index: wall ${w}s, max RSS $(rss_mb "$tmp/index.time") MB, db $(stat -c %s "$db") bytes"

# The input: the questions, repeated to n lines.
nq=$(make_input "$questions" "$n" "$input")
echo "input: $n lines from $nq questions of $questions"

# stats NAME FILE: min, median and max of the numbers in FILE.
stats() {
	sort -n "$2" | awk -v name="$1" '{v[NR] = $1} END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%-22s min %8.3f  median %8.3f  max %8.3f  (%d runs)\n", name, v[1], m, v[NR], NR}'
}

# measure NAME INPUT: runs ask on INPUT RUNS times.
measure() {
	local name=$1 in=$2
	: >"$tmp/$name.wall"
	: >"$tmp/$name.rss"
	echo "== $name"
	for ((i = 1; i <= runs; i++)); do
		w=$(timed "$tmp/run.time" "$in" "$tmp/out.jsonl" "$tmp/run.err" "$bin" ask --json --db "$db") || { cat "$tmp/run.err" >&2; exit 1; }
		r=$(rss_mb "$tmp/run.time")
		lines=$(wc -l <"$tmp/out.jsonl")
		[[ $lines == $(wc -l <"$in") ]] || { echo "ask160.sh: $lines answers for $(wc -l <"$in") questions" >&2; exit 1; }
		printf "run %2d: wall %ss  max RSS %s MB\n" "$i" "$w" "$r"
		echo "$w" >>"$tmp/$name.wall"
		echo "$r" >>"$tmp/$name.rss"
	done
	stats "$name wall (s)" "$tmp/$name.wall"
	stats "$name RSS (MB)" "$tmp/$name.rss"
}

: >"$tmp/empty.txt"
head -n 1 "$input" >"$tmp/one.txt"
measure "ask-160" "$input"
measure "startup-0-questions" "$tmp/empty.txt"
measure "startup-1-question" "$tmp/one.txt"

if command -v hyperfine >/dev/null; then
	echo "== hyperfine"
	hyperfine --warmup 2 --runs "$((runs > 10 ? runs : 10))" \
		-n ask-160 "$bin ask --json --db $db < $input > /dev/null" \
		-n startup-0 "$bin ask --json --db $db < $tmp/empty.txt > /dev/null"
fi
