# common.sh: what the benchmark scripts of this folder share; sourced,
# never run. The caller sets `name` (its name, for messages) and `root`
# (the repository) first.

# bench_tmp: a temporary folder in $tmp, removed at exit unless KEEP=1
# (then its path is printed).
bench_tmp() {
	tmp=$(mktemp -d)
	if [[ ${KEEP:-} == 1 ]]; then
		echo "keeping $tmp"
	else
		trap 'rm -rf "$tmp"' EXIT
	fi
}

# need_time: GNU time at /usr/bin/time, or exit.
need_time() {
	[[ -x /usr/bin/time ]] || { echo "$name: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
}

# build_visitbot OUT: the binary, built as deploy/Dockerfile builds it:
# static, without cgo.
build_visitbot() {
	(cd "$root" && CGO_ENABLED=0 go build -o "$1" ./cmd/visitbot)
}

# make_input QUESTIONS N OUT: OUT holds the "q" fields of the question set
# QUESTIONS (eval's JSON lines), repeated to N lines; prints how many
# questions the set has.
make_input() {
	local questions=$1 n=$2 out=$3 nq
	if command -v jq >/dev/null; then
		jq -r '.q' "$questions" >"$out.q"
	else
		sed -n 's/.*"q": *"\([^"]*\)".*/\1/p' "$questions" >"$out.q"
	fi
	nq=$(wc -l <"$out.q")
	((nq > 0)) || { echo "$name: no questions in $questions" >&2; exit 1; }
	: >"$out"
	while (($(wc -l <"$out") < n)); do cat "$out.q" >>"$out"; done
	head -n "$n" "$out" >"$out.tmp" && mv "$out.tmp" "$out"
	rm -f "$out.q"
	echo "$nq"
}

# now: a clock in seconds with nanoseconds.
now() { date +%s.%N; }

# rss_mb REPORT: the maximum RSS in /usr/bin/time -v's report, in MB.
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
