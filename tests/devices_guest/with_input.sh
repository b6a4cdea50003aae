#!/bin/sh
# Runs a command with chosen bytes on its standard input, for the UART receive tests.
#   with_input.sh --text TEXT -- COMMAND...      TEXT through a pipe (printf %b escapes)
#   with_input.sh --letters N -- COMMAND...      N bytes of "abcdefghi\n" repeated, then
#                                                ".", through a pipe
#   with_input.sh --file FILE -- COMMAND...      FILE itself as standard input
#   with_input.sh --late TEXT -- COMMAND...      TEXT through a pipe, a second after the
#                                                start
set -u
mode=$1 argument=$2
shift 3
case $mode in
--text) printf '%b' "$argument" | "$@" ;;
--letters) { yes abcdefghi | head -c "$argument"; printf .; } | "$@" ;;
--file) "$@" < "$argument" ;;
--late) { sleep 1; printf '%b' "$argument"; } | "$@" ;;
*) echo "with_input.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
