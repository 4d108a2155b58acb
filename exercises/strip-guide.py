#!/usr/bin/env python3
"""Makes the unguided level of a starter: the same file without its GUIDE blocks.

Every starter (Java, Python, C) has one level of code and two levels of comment. Its TODO says what
must be true of the model (every byte back, in order; no call but select may wait; ...). Below it, a
block of hints says how (OP_WRITE, stop reading meanwhile, close on -1). The hints sit between two
comment lines:

    // GUIDE: hints for the guided level (...)          # GUIDE: ...          * GUIDE: ...
    //  - ...                                          #  - ...               *  - ...
    // END GUIDE                                        # END GUIDE            * END GUIDE

This script removes each block, both marker lines included, and nothing else. It refuses a block
that holds anything but comment lines, or a C comment's end (*/), so that the stripped file still
compiles and runs exactly as the guided one: only the hints are gone.

    python3 exercises/strip-guide.py FILE                 # the unguided FILE, on standard output
    python3 exercises/strip-guide.py --out DIR FILE...    # each one to DIR/<its path from the root>
    python3 exercises/strip-guide.py --in-place [FILE...] # rewrite them (default: every starter)
    python3 exercises/strip-guide.py --check [FILE...]    # each has a well-formed block (default: every starter)

Without FILE, --in-place and --check take every starter of the exercises. Exit 0 when all went well,
1 when a file has no block or a malformed one, 2 for a bad command line. Standard library only.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# A comment line: optional indentation, then //, #, or the * that continues a C block comment.
COMMENT = re.compile(r'^\s*(//|#|\*)')
BEGIN = re.compile(r'^\s*(//|#|\*)\s*GUIDE\b')
END = re.compile(r'^\s*(//|#|\*)\s*END GUIDE\b')


class Malformed(Exception):
    pass


def starters():
    """Every starter of the exercises: the Java Starter, the Python and the C server of each."""
    found = []
    for name in sorted(os.listdir(HERE)):
        folder = os.path.join(HERE, name)
        if not re.match(r'^\d\d-', name) or not os.path.isdir(folder):
            continue
        for dirpath, _, files in os.walk(os.path.join(folder, 'src', 'main', 'java')):
            found += [os.path.join(dirpath, f) for f in files if f == 'Starter.java']
        for sub, ext in (('python', '.py'), ('c', '.c')):
            d = os.path.join(folder, sub)
            if os.path.isdir(d):
                found += [os.path.join(d, f) for f in sorted(os.listdir(d))
                          if f.endswith(ext) and f != 'note_server.py']
    return found


def strip(text, where):
    """The text without its GUIDE blocks, and how many there were. Raises Malformed."""
    out, blocks, start = [], 0, None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        if start is None:
            if END.match(line):
                raise Malformed('%s:%d: END GUIDE without GUIDE' % (where, number))
            if BEGIN.match(line):
                start = number
                continue
            out.append(line)
        else:
            if not COMMENT.match(line) or '*/' in line:
                raise Malformed('%s:%d: the GUIDE block begun at line %d holds a line that is not a '
                                'comment, or ends a C comment: %s' % (where, number, start, line.strip()))
            if BEGIN.match(line) and not END.match(line):
                raise Malformed('%s:%d: GUIDE inside the GUIDE block begun at line %d' % (where, number, start))
            if END.match(line):
                blocks += 1
                start = None
    if start is not None:
        raise Malformed('%s:%d: GUIDE without END GUIDE' % (where, start))
    return ''.join(out), blocks


def stripped(path):
    with open(path, encoding='utf-8') as f:
        text, blocks = strip(f.read(), os.path.relpath(path, ROOT))
    if blocks == 0:
        raise Malformed('%s: no GUIDE block' % os.path.relpath(path, ROOT))
    return text


def main(argv):
    parser = argparse.ArgumentParser(
        prog='strip-guide.py',
        description="Makes the unguided level of a starter: the same file without its GUIDE blocks.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--in-place', action='store_true', help='rewrite the files (default: every starter)')
    mode.add_argument('--check', action='store_true', help='only check that each file has well-formed blocks')
    mode.add_argument('--out', metavar='DIR', help='write each file to DIR, under its path from the repository root')
    parser.add_argument('files', nargs='*', metavar='FILE')
    args = parser.parse_args(argv)

    files = args.files
    if not files:
        if not (args.in_place or args.check):
            parser.error('name the FILE(s) to strip (only --in-place and --check default to every starter)')
        files = starters()
    if not (args.in_place or args.check or args.out) and len(files) > 1:
        parser.error('one FILE to standard output; for more, use --out DIR or --in-place')

    status = 0
    for path in files:
        try:
            text = stripped(path)
        except (Malformed, OSError) as e:
            print('strip-guide: %s' % e, file=sys.stderr)
            status = 1
            continue
        if args.check:
            continue
        if args.in_place:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
        elif args.out:
            rel = os.path.relpath(os.path.abspath(path), ROOT)
            if rel.startswith('..'):
                rel = os.path.basename(path)
            target = os.path.join(args.out, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, 'w', encoding='utf-8') as f:
                f.write(text)
        else:
            sys.stdout.write(text)
    if args.check and status == 0:
        print('strip-guide: %d starter(s), each with a well-formed GUIDE block' % len(files))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
