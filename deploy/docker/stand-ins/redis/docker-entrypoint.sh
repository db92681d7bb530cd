#!/bin/bash
# The redis stand-in's entrypoint, with the official image's behaviour.
set -e
if [[ ${1#-} != "$1" || $1 == *.conf ]]; then set -- redis-server "$@"; fi
if [[ $1 == redis-server ]]; then
	if [[ $(id -u) == 0 ]]; then
		find . \! -user redis -exec chown redis '{}' +
		exec gosu redis "$0" "$@"
	fi
	# The official image's binary defaults to protected-mode no; other containers must be able to connect.
	if [[ " $* " != *" --protected-mode "* ]]; then set -- "$@" --protected-mode no; fi
fi
exec "$@"
