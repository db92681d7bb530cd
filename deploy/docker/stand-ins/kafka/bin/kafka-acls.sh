#!/bin/bash
# STAND-IN for the distribution's bin/kafka-acls.sh: the same tool (org.apache.kafka.tools.AclCommand), same arguments.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.AclCommand "$@"
