#!/usr/bin/env bash
# index50.sh: measures `visitbot index` on a large corpus as a whole
# process, the way issue 7 states the budget (50 MB of sources in 7 files:
# at most 60 s and 600 MB peak RSS on a 2-core machine).
#
# It builds the binary, writes the corpus with knowledge/synth's
# synthcorpus (MB megabytes in FILES files of synthetic articles, unless
# the folder exists), then runs
#
#     /usr/bin/time -v visitbot index --db DB CORPUS
#
# and prints the wall time and maximum RSS (GNU time's, the largest of the
# process and its build-kb child), and each process's own peak (VmHWM, read
# from /proc every 0.2 s while they run).
#
# Usage: testdata/bench/index50.sh [MB] [FILES]      (default 50 7)
# Environment: CORPUS, the folder (default /tmp/visitbot-corpus-MB-FILES);
# KEEP=1 keeps the temporary folder with the binary and the database.
# Needs: go, GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail

mb=${1:-50}
files=${2:-7}
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${CORPUS:-/tmp/visitbot-corpus-$mb-$files}
name=index50.sh
# shellcheck source=common.sh
. "$root/testdata/bench/common.sh"
need_time
bench_tmp
bin=$tmp/visitbot db=$tmp/kb.db
build_visitbot "$bin"
if [[ ! -d $corpus ]]; then
	(cd "$root" && go run ./knowledge/synth/cmd/synthcorpus -mb "$mb" -files "$files" -out "$corpus")
fi
echo "corpus: $corpus, $(du -sb "$corpus" | cut -f1) bytes in $(ls "$corpus" | wc -l) files"

# hwm PID: the peak RSS of PID so far, in kB (0 once it has ended).
# A process that has ended (or is a zombie, whose status has no VmHWM)
# reads 0.
hwm() {
	local v
	v=$(awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || true)
	echo "${v:-0}"
}

/usr/bin/time -v -o "$tmp/index.time" "$bin" index --db "$db" "$corpus" >"$tmp/index.out" 2>"$tmp/index.err" &
timepid=$!
parent=0 child=0 parentkb=0 childkb=0
while kill -0 "$timepid" 2>/dev/null; do
	((parent)) || parent=$(pgrep -P "$timepid" -f "index --db" | head -n 1 || true)
	if ((parent)); then
		kb=$(hwm "$parent")
		parentkb=$(( kb > parentkb ? kb : parentkb ))
		c=$(pgrep -P "$parent" -f build-kb | head -n 1 || true)
		[[ -n $c ]] && child=$c
		if ((child)); then
			kb=$(hwm "$child")
			childkb=$(( kb > childkb ? kb : childkb ))
		fi
	fi
	sleep 0.2
done
wait "$timepid" || { cat "$tmp/index.err" >&2; exit 1; }
cat "$tmp/index.out"
awk -F': ' '/Elapsed/ {print "wall " $2} /Maximum resident/ {printf "max RSS %.0f MB\n", $2/1024}' "$tmp/index.time"
printf "peak RSS (VmHWM, sampled): index %.0f MB, build-kb child %.0f MB\n" "$((parentkb))e-3" "$((childkb))e-3"
echo "db $(stat -c %s "$db") bytes"
