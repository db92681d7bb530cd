#!/bin/bash
# STAND-IN for the distribution's bin/kafka-storage.sh: the same tool (kafka.tools.StorageTool), same arguments.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
