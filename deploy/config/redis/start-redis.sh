#!/bin/sh
# Starts Redis with no anonymous access (issue 18), in docker-compose and Kubernetes alike. The users are made
# here from the passwords in the environment (.env or the Secret platform-credentials), so no password is
# written to a file or to the configuration; Redis overwrites its process title, so ps does not show them.
#   default   off: a client that does not log in can do nothing at all
#   platform  the applications (gateway, user-service, order-service): every key and channel, every command
#             but the @dangerous ones (CONFIG, FLUSHALL, FLUSHDB, KEYS, DEBUG, SHUTDOWN, ACL, MONITOR...),
#             INFO given back for the health checks. The embedded server of the local run and the tests has
#             the same rules (RedisServer.APPLICATION_PERMISSIONS; deployment-tests compare them).
#   exporter  redis-exporter: statistics only (the command list its documentation asks for, without EVAL)
#   admin     every command, for an operator (redis-cli --user admin --askpass)
# Arguments are redis-server's own settings; the image's entrypoint drops root before starting it.
set -eu
exec docker-entrypoint.sh redis-server "$@" \
	--user default off \
	--user platform on ">${REDIS_PASSWORD:?}" '~*' '&*' +@all -@dangerous +info \
	--user exporter on ">${REDIS_EXPORTER_PASSWORD:?}" '~*' +client +ping +info '+config|get' '+cluster|info' \
	+slowlog +latency +memory +select +get +scan +xinfo +type +pfcount +strlen +llen +scard +zcard +hlen +xlen \
	--user admin on ">${REDIS_ADMIN_PASSWORD:?}" '~*' '&*' +@all
