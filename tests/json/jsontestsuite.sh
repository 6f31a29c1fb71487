#!/bin/sh
# jsontestsuite.sh SUITE_DIR — runs every test_parsing/{y,n,i}_*.json of
# JSONTestSuite (github.com/nst/JSONTestSuite; not part of this repository)
# through medrule's JSON reader (engine/src/json.h) and prints a summary:
# y_ (must be accepted), n_ (must be rejected), i_ (the implementation
# decides: medrule's decisions are listed), and every mismatch.
#
# y_ documents that medrule's documented policy rejects (json.h: \u0000 in a
# string or key) are listed as policy rejections, not mismatches, and must
# be rejected for that reason.  Exit status 1 when a y_ document is
# rejected (other than by policy) or an n_ document is accepted; 2 on a
# usage or run error.  Every rejection must carry a line:col.
#
#   make jsonsuite JSONTESTSUITE=/path/to/JSONTestSuite
#   JSON_CHECK=build/tests/json_check tests/json/jsontestsuite.sh /path/to/JSONTestSuite
set -u
dir=${1:-}
[ -n "$dir" ] || { echo "usage: $0 SUITE_DIR (the JSONTestSuite checkout, or its test_parsing)" >&2; exit 2; }
[ -d "$dir/test_parsing" ] && dir=$dir/test_parsing
[ -d "$dir" ] || { echo "$0: no directory $dir" >&2; exit 2; }
check=${JSON_CHECK:-build/tests/json_check}
[ -x "$check" ] || { echo "$0: $check is not built (make $check)" >&2; exit 2; }

# y_ documents rejected by medrule's policy, with the reason they must get.
policy='y_object_escaped_null_in_key.json	(NUL) is not allowed
y_string_null_escape.json	(NUL) is not allowed'

out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT INT TERM
(cd "$dir" && ls y_*.json n_*.json i_*.json 2>/dev/null) > "$out.list" || true
[ -s "$out.list" ] || { echo "$0: no y_/n_/i_ files in $dir" >&2; rm -f "$out.list"; exit 2; }
# one file per run, so that a crash on one document shows as a failure of that document
while read -r f; do
  line=$("$check" "$dir/$f" 2>&1); rc=$?
  [ $rc -eq 0 ] || line="$dir/$f: FAILED (exit $rc) $line"
  printf '%s\t%s\n' "$f" "${line#"$dir/$f": }"
done < "$out.list" > "$out"
rm -f "$out.list"

bad=0
y_acc=0 y_rej=0 y_pol=0 n_acc=0 n_rej=0 i_acc=0 i_rej=0 total=0
mismatches=""
policy_lines=""
i_lines=""
tab=$(printf '\t')
while IFS="$tab" read -r f res; do
  total=$((total + 1))
  case $res in
    accept*) verdict=accept ;;
    reject\ [0-9]*:[0-9]*\ *) verdict=reject ;;
    *) verdict=error ;;
  esac
  case $f in
    y_*)
      if [ $verdict = accept ]; then y_acc=$((y_acc + 1))
      else
        want=$(printf '%s\n' "$policy" | awk -F "$tab" -v f="$f" '$1 == f { print $2 }')
        if [ -n "$want" ] && [ $verdict = reject ] && printf '%s' "$res" | grep -qF -- "$want"; then
          y_pol=$((y_pol + 1)); policy_lines="$policy_lines  $f: $res
"
        else
          y_rej=$((y_rej + 1)); bad=1; mismatches="$mismatches  $f: $res (must be accepted)
"
        fi
      fi ;;
    n_*)
      if [ $verdict = reject ]; then n_rej=$((n_rej + 1))
      else n_acc=$((n_acc + 1)); bad=1; mismatches="$mismatches  $f: $res (must be rejected with line:col)
"; fi ;;
    i_*)
      if [ $verdict = accept ]; then i_acc=$((i_acc + 1))
      elif [ $verdict = reject ]; then i_rej=$((i_rej + 1))
      else bad=1; mismatches="$mismatches  $f: $res
"; fi
      i_lines="$i_lines  $f: $res
" ;;
  esac
done < "$out"

ny=$((y_acc + y_rej + y_pol)) nn=$((n_acc + n_rej)) ni=$((i_acc + i_rej))
echo "JSONTestSuite ($dir): $total documents"
echo "  y_ (must accept): $y_acc/$ny accepted, $y_pol rejected by medrule policy, $y_rej wrongly rejected"
echo "  n_ (must reject): $n_rej/$nn rejected with line:col, $n_acc wrongly accepted"
echo "  i_ (medrule decides): $i_acc accepted, $i_rej rejected"
[ -n "$policy_lines" ] && { echo "policy rejections (json.h):"; printf '%s' "$policy_lines"; }
echo "i_ decisions:"; printf '%s' "$i_lines"
if [ -n "$mismatches" ]; then echo "MISMATCHES:"; printf '%s' "$mismatches"; fi
echo "$((y_acc + y_pol + n_rej + i_acc + i_rej)) passed, $((y_rej + n_acc)) failed"
exit $bad
