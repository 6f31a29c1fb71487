#!/bin/sh
# Sandbox and limit tests, as TAP: packs that try to escape the allow-listed
# Lua environment or to exhaust memory or time.  Uses $BUILD/medrule (BUILD
# defaults to build).
#
#   packs/NAME/pack.lua      the pack, run as
#                            `medrule check --pack tests/sandbox/packs/NAME --format json INPUT`
#   packs/NAME.input.json    INPUT (or NAME.input.ndjson; default empty.json)
#   packs/NAME.err           exact standard error
#   packs/NAME.errpat        instead of NAME.err: an extended regular expression
#                            standard error must match (open engine bugs whose
#                            message does not exist yet)
#   packs/NAME.out           exact standard output (default: empty)
#   packs/NAME.outpat        instead of NAME.out: an extended regular expression
#                            standard output must match
#   packs/NAME.status        exit status (default 1), or several allowed ones
#                            separated by spaces
#   packs/NAME.timeout       seconds before the case counts as hung (default 10;
#                            4 for the time-limit cases: the limit is 2 s)
#   packs/NAME.same          every line of standard output must be the same:
#                            state kept between calls must not change results
#
# Generated at run time (expectations in generated/): packs whose pack.lua or
# included file is a real precompiled chunk (luac5.4, when installed), a
# symbolic link, a FIFO or a directory must be refused, and so must such a
# source text for `lint --sources`.
#
# An exit status of 124 or more (hang, signal) or sanitizer output is a
# failure whatever the expectations say.  UPDATE=1 rewrites NAME.err, NAME.out
# and NAME.status from what the program does now: read them before keeping.
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
MEDRULE=$B/medrule
export NO_COLOR=1 LC_ALL=C
S=tests/sandbox
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"
  shift
  for line in "$@"; do echo "# $line"; done
}
show() { sed -n '1,8p' "$1" | cut -c1-300 | sed 's/^/#   /'; }

if [ ! -x "$MEDRULE" ]; then
  echo "1..1"; echo "not ok 1 - $MEDRULE is not built (make)"; exit 1
fi

# run NAME PACKDIR BASE [SEDEXPR]: runs the case, compares with BASE.*; SEDEXPR
# rewrites the output first (to hide a temporary directory).
run() {
  name=$1 dir=$2 base=$3 filter=${4:-}
  input=$S/empty.json
  [ -f "$base.input.json" ] && input=$base.input.json
  [ -f "$base.input.ndjson" ] && input=$base.input.ndjson
  limit=10; [ -f "$base.timeout" ] && limit=$(cat "$base.timeout")
  timeout "$limit" "$MEDRULE" check --pack "$dir" --format json "$input" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ -n "$filter" ]; then
    sed "$filter" "$tmp/out" > "$tmp/o2" && mv "$tmp/o2" "$tmp/out"
    sed "$filter" "$tmp/err" > "$tmp/e2" && mv "$tmp/e2" "$tmp/err"
  fi
  want=1; [ -f "$base.status" ] && want=$(cat "$base.status")
  if [ -n "$UPDATE" ] && [ ! -f "$base.errpat" ] && [ ! -f "$base.outpat" ]; then
    cp "$tmp/err" "$base.err"
    if [ -f "$base.same" ] || [ -f "$base.outpat" ]; then :
    elif [ -s "$tmp/out" ]; then cp "$tmp/out" "$base.out"; else rm -f "$base.out"; fi
    if [ "$status" = 1 ]; then rm -f "$base.status"; else echo "$status" > "$base.status"; fi
    want=$status
  fi
  why=""
  if [ "$status" -ge 124 ]; then
    if [ "$status" = 124 ]; then why="hung: still running after $limit s"
    else why="crashed: exit status $status"; fi
  elif grep -q -e 'Sanitizer' -e 'runtime error:' -e 'unprotected Lua error' "$tmp/err"; then
    why="sanitizer or Lua panic output"
  elif ! echo " $want " | grep -q " $status "; then
    why="exit status $status, want $want"
  elif [ -f "$base.errpat" ]; then
    if [ -s "$tmp/err" ]; then grep -E -q -e "$(cat "$base.errpat")" "$tmp/err"; else echo | grep -E -q -e "$(cat "$base.errpat")"; fi ||
      why="standard error does not match $(cat "$base.errpat")"
  elif ! cmp -s "$tmp/err" "$base.err"; then
    why="standard error differs from $base.err"
  fi
  if [ -z "$why" ]; then
    if [ -f "$base.same" ]; then
      [ "$(sed 's/"source":"[^"]*"//' "$tmp/out" | sort -u | wc -l)" = 1 ] ||
        why="the same patient gave different results: state kept between calls"
    elif [ -f "$base.outpat" ]; then
      if [ -s "$tmp/out" ]; then grep -E -q -e "$(cat "$base.outpat")" "$tmp/out"; else echo | grep -E -q -e "$(cat "$base.outpat")"; fi ||
        why="standard output does not match $(cat "$base.outpat")"
    elif [ -f "$base.out" ]; then
      cmp -s "$tmp/out" "$base.out" || why="standard output differs from $base.out"
    elif [ -s "$tmp/out" ]; then
      why="standard output is not empty"
    fi
  fi
  if [ -z "$why" ]; then ok "$name"; else
    not_ok "$name" "$why" "standard error:"
    show "$tmp/err"
    if [ -f "$base.err" ] && [ ! -f "$base.errpat" ]; then echo "#  expected:"; show "$base.err"; fi
    if [ -f "$base.same" ] || [ -f "$base.out" ]; then echo "#  standard output:"; show "$tmp/out"; fi
  fi
}

for d in "$S"/packs/*/; do
  d=${d%/}
  run "$(basename "$d")" "$d" "$d"
done

# Real bytecode from luac5.4: the whole pack.lua, and an included file.
if command -v luac5.4 >/dev/null 2>&1; then
  g=$tmp/gen
  mkdir -p "$g/bytecode-luac-pack" "$g/bytecode-luac-include"
  printf '%s\n' 'pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },' \
    '       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }' > "$g/src.lua"
  luac5.4 -o "$g/bytecode-luac-pack/pack.lua" "$g/src.lua"
  { cat "$g/src.lua"; echo 'include "chunk.lua"'; } > "$g/bytecode-luac-include/pack.lua"
  echo 'fact { "a.b", type = "boolean" }' > "$g/fact.lua"
  luac5.4 -o "$g/bytecode-luac-include/chunk.lua" "$g/fact.lua"
  for c in bytecode-luac-pack bytecode-luac-include; do
    run "$c (generated with luac5.4)" "$g/$c" "$S/generated/$c" "s|$g/|GEN/|g"
  done
else
  for c in bytecode-luac-pack bytecode-luac-include; do n=$((n + 1)); echo "ok $n - $c # SKIP luac5.4 not installed"; done
fi

# Files that are not regular files in the pack directory: a symbolic link to
# a file outside (its text must not appear in the message), FIFOs (the load
# must not hang), a directory.  Made at run time; expectations in generated/.
g=$tmp/gen
H='pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }'
mkdir -p "$g/outside" "$g/include-symlink-outside" "$g/include-fifo" "$g/include-directory" "$g/pack-lua-fifo" \
  "$g/pack-lua-symlink"
echo 'TOP SECRET first line of a file outside the pack' > "$g/outside/secret.txt"
printf '%s\ninclude "secret.lua"\n' "$H" > "$g/include-symlink-outside/pack.lua"
ln -s "$g/outside/secret.txt" "$g/include-symlink-outside/secret.lua"
printf '%s\ninclude "fifo.lua"\n' "$H" > "$g/include-fifo/pack.lua"
printf '%s\ninclude "dir.lua"\n' "$H" > "$g/include-directory/pack.lua"
mkdir "$g/include-directory/dir.lua"
printf '%s\n' "$H" > "$g/outside/pack.lua"
ln -s "$g/outside/pack.lua" "$g/pack-lua-symlink/pack.lua"
if mkfifo "$g/include-fifo/fifo.lua" "$g/pack-lua-fifo/pack.lua" 2>/dev/null; then fifos=yes; else fifos=; fi
for c in include-symlink-outside include-fifo include-directory pack-lua-fifo pack-lua-symlink; do
  case $c in *fifo*) if [ -z "$fifos" ]; then n=$((n + 1)); echo "ok $n - $c # SKIP mkfifo failed"; continue; fi ;; esac
  run "$c (generated)" "$g/$c" "$S/generated/$c" "s|$g/|GEN/|g"
done

# lint --sources reads the pack's source text the same way: a symbolic link
# (to /dev/zero, or to a file outside whose words it would otherwise report
# on) and a FIFO are refused, promptly, with the reason.
# run_lint NAME: `medrule lint --sources $g/NAME/src $g/NAME/pack`, standard
# output compared with generated/NAME.out, exit status 1.
run_lint() {
  name=$1
  timeout 10 "$MEDRULE" lint --sources "$g/$name/src" "$g/$name/pack" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  sed "s|$g/|GEN/|g" "$tmp/out" > "$tmp/o2" && mv "$tmp/o2" "$tmp/out"
  [ -n "$UPDATE" ] && cp "$tmp/out" "$S/generated/$name.out"
  if [ "$status" -ge 124 ]; then not_ok "$name (generated)" "hung or crashed: exit status $status"
  elif [ "$status" != 1 ]; then not_ok "$name (generated)" "exit status $status, want 1"; show "$tmp/out"
  elif grep -q 'TOP SECRET' "$tmp/err"; then not_ok "$name (generated)" "the file outside was read"
  elif ! cmp -s "$tmp/out" "$S/generated/$name.out"; then
    not_ok "$name (generated)" "standard output differs from $S/generated/$name.out"; show "$tmp/out"
  else ok "$name (generated)"; fi
}
for c in lint-sources-symlink-devzero lint-sources-symlink-outside lint-sources-fifo; do
  mkdir -p "$g/$c/pack" "$g/$c/src"
  printf '%s\n' 'pack { id = "sandbox", version = "1.0.0", title = "sandbox test",' \
    '       source = { document = "d", citation = "c", file = "source.txt" },' \
    '       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }' \
    'fact { "a.b", type = "boolean" }' \
    'rule { id = "sb.quote", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low",' \
    '       text = "t", source = { section = "s", quote = "TOP SECRET" } }' > "$g/$c/pack/pack.lua"
done
ln -s /dev/zero "$g/lint-sources-symlink-devzero/src/source.txt"
ln -s "$g/outside/secret.txt" "$g/lint-sources-symlink-outside/src/source.txt"
for c in lint-sources-symlink-devzero lint-sources-symlink-outside; do run_lint "$c"; done
if mkfifo "$g/lint-sources-fifo/src/source.txt" 2>/dev/null; then run_lint lint-sources-fifo
else n=$((n + 1)); echo "ok $n - lint-sources-fifo # SKIP mkfifo failed"; fi

echo "1..$n"
exit $((fail > 0))
