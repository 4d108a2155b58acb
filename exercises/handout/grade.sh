#!/usr/bin/env bash
# Grades the exercises of this repository: what CI runs on every push, and what you can run yourself.
#
#   ./grade.sh               every exercise (each NN-name/ folder), in the language NN-name/LANGUAGE names
#   ./grade.sh 04-select     that one only
#
# For each: NN-name/run.sh LANGUAGE grade reports/NN-name, that is build, start, the checker on the
# cases the exercise is graded on, stop. The checker's reports (TEST-conformance.xml, JUnit XML, and
# conformance-report.md) are in reports/NN-name/. Exit 0 when every exercise passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")" || exit 2

if [ $# -gt 0 ]; then
  dirs=("$@")
else
  dirs=()
  for d in */run.sh; do dirs+=("${d%/run.sh}"); done
fi
[ ${#dirs[@]} -gt 0 ] || { echo "grade.sh: no exercise here (no NN-name/run.sh)" >&2; exit 2; }

failed=()
summary=()
for d in "${dirs[@]}"; do
  d=${d%/}
  [ -x "$d/run.sh" ] || { echo "grade.sh: $d has no run.sh" >&2; exit 2; }
  lang=$(tr -d ' \r\n' <"$d/LANGUAGE" 2>/dev/null)
  case "$lang" in
    java | python | c) ;;
    *) echo "grade.sh: $d/LANGUAGE says '$lang': write java, python or c in it" >&2; failed+=("$d"); summary+=("$d: no language"); continue ;;
  esac
  echo "== $d ($lang)"
  if "$d/run.sh" "$lang" grade "reports/$d"; then
    summary+=("$d ($lang): passed")
  else
    failed+=("$d")
    summary+=("$d ($lang): FAILED (reports/$d/conformance-report.md says why)")
  fi
done
echo "== grade"
printf '%s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
