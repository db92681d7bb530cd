#!/bin/bash
# STAND-IN for the distribution's bin/kafka-run-class.sh (apache/kafka has it at /opt/kafka/bin): runs a class
# from /opt/kafka/libs with the same JVM variables, reduced to what the platform's scripts use.
set -euo pipefail
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_JVM_PERFORMANCE_OPTS:-} ${KAFKA_OPTS:-} \
	-Dlog4j2.configurationFile=/etc/kafka/docker/log4j2.properties -cp "/opt/kafka/libs/*" "$@"
