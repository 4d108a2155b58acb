#!/usr/bin/env bash
# exercises/handout.sh: the students' repository for one exercise, several, or all of them, without
# the answers. A teacher runs it in a clone of this repository and pushes the folder it writes.
#
#   exercises/handout.sh [--lang java,python,c] [--unguided] [--force] EXERCISE... OUT
#
#   EXERCISE    04-select, or 04, or all (01-blocking ... 06-selectors)
#   OUT         the folder to write; it must not exist, or be empty (--force: emptied first)
#   --lang      the starters to hand out (default: every language the exercise has); the first one
#               is written to NN-name/LANGUAGE, the language the CI grades until the student changes it
#   --unguided  the starters without their GUIDE blocks (strip-guide.py): the design left to the student
#
# The folder holds, per exercise: run.sh, the starter(s) (Java: src/, Python: python/, C: c/ with its
# Makefile), the worksheet and the lab report template in English and Chinese, the rubric pages when
# the exercise has them, and LANGUAGE. Beside them: kit/ (what the starters share, exercise.sh,
# Client.java), checker/conformance.jar (the checker, runnable), grade.sh (what CI runs),
# README.md and README.zh.md (what to hand in, how it is graded, the commands), and a CI workflow
# for GitHub Actions (.github/workflows/grade.yml) and GitLab CI (.gitlab-ci.yml).
#
# It holds none of: the chapters (the solutions in Java), exercises/solutions (in Python and C),
# teacher.md, TEACHING.md, notes/python/REPORT.md, bench results. The Java starter builds there with
# javac and jar alone: no Maven, no network. Needs the checker's jar; builds it with ./mvnw if missing.

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TEMPLATES="$HERE/handout"
CHECKER_JAR=${CHECKER_JAR:-$ROOT/conformance/target/conformance.jar}
ALL_EXERCISES=(01-blocking 02-threadpool 03-nonblocking 04-select 05-aio 06-selectors)

say() { echo "handout.sh: $*"; }
fail() { echo "handout.sh: $1" >&2; exit "${2:-1}"; }
usage() { sed -n '4,13p' "$0" | sed 's/^# \{0,1\}//'; }

LANGS="java,python,c"
UNGUIDED=""
FORCE=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) [ $# -ge 2 ] || { usage >&2; exit 2; }; LANGS=$2; shift 2 ;;
    --lang=*) LANGS=${1#--lang=}; shift ;;
    --unguided) UNGUIDED=yes; shift ;;
    --force) FORCE=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
[ ${#ARGS[@]} -ge 2 ] || { usage >&2; exit 2; }
OUT=${ARGS[-1]}
unset 'ARGS[-1]'
for l in ${LANGS//,/ }; do
  case "$l" in java | python | c) ;; *) fail "--lang: $l is not java, python or c" 2 ;; esac
done

EXERCISES=()
for a in "${ARGS[@]}"; do
  if [ "$a" = all ]; then
    EXERCISES+=("${ALL_EXERCISES[@]}")
    continue
  fi
  found=""
  for e in "${ALL_EXERCISES[@]}"; do
    case "$e" in "$a" | "$a"-*) found=$e ;; esac
  done
  [ -n "$found" ] || fail "no exercise $a (one of: ${ALL_EXERCISES[*]}, or all)" 2
  EXERCISES+=("$found")
done
# each once, in the course's order
mapfile -t EXERCISES < <(printf '%s\n' "${EXERCISES[@]}" | sort -u)

case "$(realpath -m "$OUT")/" in "$ROOT/"*) fail "$OUT is inside the repository: write the handout elsewhere" 2 ;; esac
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
  [ -n "$FORCE" ] || fail "$OUT is not empty (--force empties it first)" 2
  rm -rf "${OUT:?}"/* "${OUT:?}"/.[!.]* 2>/dev/null || true
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ ! -f "$CHECKER_JAR" ]; then
  say "building the checker once: ./mvnw -q -pl conformance -am package -DskipTests"
  (cd "$ROOT" && ./mvnw -q -pl conformance -am package -DskipTests) || fail "the checker did not build"
fi

# copy SRC (relative to exercises/) to the same path under OUT
put() {
  mkdir -p "$OUT/$(dirname "$1")"
  cp -p "$HERE/$1" "$OUT/$1"
}

# ---- what every exercise shares ----
put kit/exercise.sh
put kit/Client.java
(cd "$HERE" && find kit/src/main/java -name '*.java') | while read -r f; do put "$f"; done
mkdir -p "$OUT/checker"
cp "$CHECKER_JAR" "$OUT/checker/conformance.jar"

# ---- each exercise ----
ROWS_EN=""
ROWS_ZH=""
STARTERS=()
for e in "${EXERCISES[@]}"; do
  put "$e/run.sh"
  chmod +x "$OUT/$e/run.sh"
  first=""
  for l in ${LANGS//,/ }; do
    case "$l" in
      java)
        (cd "$HERE" && find "$e/src/main/java" -name '*.java') | while read -r f; do put "$f"; done
        STARTERS+=($(cd "$OUT" && find "$e/src/main/java" -name '*.java'))
        ;;
      python)
        [ -d "$HERE/$e/python" ] || continue
        for f in "$HERE/$e"/python/*.py; do put "$e/python/$(basename "$f")"; STARTERS+=("$e/python/$(basename "$f")"); done
        ;;
      c)
        [ -f "$HERE/$e/c/Makefile" ] || continue
        put "$e/c/Makefile"
        put "$e/c/server.c"
        STARTERS+=("$e/c/server.c")
        ;;
    esac
    [ -n "$first" ] || first=$l
  done
  [ -n "$first" ] || fail "$e has no starter in ${LANGS}"
  echo "$first" >"$OUT/$e/LANGUAGE"
  for page in worksheet.md worksheet.zh.md rubric.txt; do
    [ -f "$HERE/$e/$page" ] && put "$e/$page"
  done
  # the rubric pages, with the handout's paths: its checker/conformance.jar, NN-name/rubric.txt, and
  # its README's "How it is graded" for the checker's README, which the handout does not hold
  for page in rubric.md rubric.zh.md; do
    [ -f "$HERE/$e/$page" ] || continue
    sed -e 's|conformance/target/conformance\.jar|checker/conformance.jar|g' \
      -e "s|exercises/$e/rubric\.txt|$e/rubric.txt|g" \
      -e 's|\[conformance\](\.\./\.\./conformance/README\.md[^)]*)|[README](../README.md#how-it-is-graded)|g' \
      -e 's|\[conformance\](\.\./\.\./conformance/README\.zh\.md[^)]*)|[README](../README.zh.md#评分方式)|g' \
      "$HERE/$e/$page" >"$OUT/$e/$page"
  done
  # the lab report template, as the student's report.md and report.zh.md
  sed -e "s/{{EXERCISE}}/$e/g" -e 's/report-template\.zh\.md/report.zh.md/g' -e 's/report-template\.md/report.md/g' \
    "$HERE/report-template.md" >"$OUT/$e/report.md"
  sed -e "s/{{EXERCISE}}/$e/g" -e 's/report-template\.zh\.md/report.zh.md/g' -e 's/report-template\.md/report.md/g' \
    "$HERE/report-template.zh.md" >"$OUT/$e/report.zh.md"
  # a row of the README's table: the exercise, its languages, its worksheet, its time (an estimate)
  langs=""
  [ -d "$OUT/$e/src" ] && langs="Java"
  [ -d "$OUT/$e/python" ] && langs="${langs:+$langs, }Python"
  [ -d "$OUT/$e/c" ] && langs="${langs:+$langs, }C"
  estimate=$(sed -n "s/^$e\t//p" "$TEMPLATES/estimates.tsv")
  [ -n "$estimate" ] || fail "no time estimate for $e in $TEMPLATES/estimates.tsv"
  title_en=$(sed -n '1s/^# //p' "$HERE/$e/worksheet.md")
  title_zh=$(sed -n '1s/^# //p' "$HERE/$e/worksheet.zh.md")
  rubric_en=""; rubric_zh=""
  [ -f "$OUT/$e/rubric.md" ] && rubric_en=", [rubric]($e/rubric.md)" && rubric_zh="，[评分标准]($e/rubric.zh.md)"
  ROWS_EN+="| \`$e\` | [$title_en]($e/worksheet.md), [lab report]($e/report.md)$rubric_en | $langs | ${estimate%%	*} |"$'\n'
  ROWS_ZH+="| \`$e\` | [$title_zh]($e/worksheet.zh.md)，[实验报告]($e/report.zh.md)$rubric_zh | $langs | ${estimate#*	} |"$'\n'
done

if [ -n "$UNGUIDED" ]; then
  command -v python3 >/dev/null || fail "--unguided needs python3 (strip-guide.py)" 2
  # the starters with hints (01's note_server.py, the note's own server to fix, has none)
  guided=()
  for f in "${STARTERS[@]}"; do grep -q 'GUIDE' "$OUT/$f" && guided+=("$f"); done
  [ ${#guided[@]} -eq 0 ] || (cd "$OUT" && python3 "$HERE/strip-guide.py" --in-place "${guided[@]}") >/dev/null ||
    fail "strip-guide.py failed"
fi

# ---- the top: README, grade.sh, CI ----
FIRST=${EXERCISES[0]}
FIRST_LANG=$(cat "$OUT/$FIRST/LANGUAGE")
LEVEL_EN="guided: each TODO has a GUIDE block of hints"
LEVEL_ZH="带提示：每个 TODO 下有一段 GUIDE 提示"
if [ -n "$UNGUIDED" ]; then
  LEVEL_EN="unguided: the TODOs say what must be true, not how"
  LEVEL_ZH="无提示：TODO 只说必须做到什么，不说怎么做"
fi
fill() {
  # {{TABLE}} becomes the rows; the rest are one-line values
  awk -v table="$1" -v first="$FIRST" -v lang="$FIRST_LANG" -v level="$2" '
    { gsub(/\{\{FIRST\}\}/, first); gsub(/\{\{LANG\}\}/, lang); gsub(/\{\{LEVEL\}\}/, level) }
    /^\{\{TABLE\}\}$/ { printf "%s", table; next }
    { print }' "$3"
}
fill "$ROWS_EN" "$LEVEL_EN" "$TEMPLATES/README.md.in" >"$OUT/README.md"
fill "$ROWS_ZH" "$LEVEL_ZH" "$TEMPLATES/README.zh.md.in" >"$OUT/README.zh.md"
cp "$TEMPLATES/grade.sh" "$OUT/grade.sh"
chmod +x "$OUT/grade.sh"
mkdir -p "$OUT/.github/workflows"
cp "$TEMPLATES/github-grade.yml" "$OUT/.github/workflows/grade.yml"
cp "$TEMPLATES/gitlab-ci.yml" "$OUT/.gitlab-ci.yml"
cp "$TEMPLATES/gitignore" "$OUT/.gitignore"

say "wrote $OUT: ${EXERCISES[*]} ($(cd "$OUT" && find . -type f | wc -l) files; starters: ${LANGS}${UNGUIDED:+, unguided})"
say "try it there: cd $OUT && ./grade.sh        (a starter fails: that is the exercise)"
