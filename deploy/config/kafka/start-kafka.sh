#!/bin/bash
# Starts Kafka (apache/kafka image) with no anonymous access and no access beyond each client's own grants
# (issue 18), in docker-compose and Kubernetes alike, as the embedded broker of the local run and the tests does
# (KafkaBroker).
# Clients authenticate with SASL/SCRAM-SHA-512 on 9092 (deploy/config/kafka.env); the nodes reach each other
# as admin, over SCRAM between brokers and PLAIN to the controllers (KRaft checks no SCRAM credential before its
# metadata is loaded). admin is the only super user; every other user may do only what acls.txt (beside this
# script) grants it, and each has its own SCRAM user:
#   admin           the nodes themselves, and operators
#   user-service    user-service, its own topics and groups only
#   order-service   order-service, likewise
#   exporter        kafka-exporter, offsets and lag only
# SCRAM users live in the cluster metadata, so they are written when the storage is first formatted. The image
# formats storage without users and leaves formatted storage alone, so it is formatted here first.
# Passwords come from the environment (.env or the Secret platform-credentials), never from a file: a user's is
# SASL_<USER>_PASSWORD (user-service: SASL_USER_SERVICE_PASSWORD). Changing one later is kafka-configs.sh --alter
# (docs/security-trust-model.md). Their variables do not start with KAFKA_: the image would copy every KAFKA_*
# variable into server.properties.
set -euo pipefail
acls=$(dirname "$0")/acls.txt
# Where the health checks look: the broker is ready for the applications once their grants are in.
granted=/tmp/kafka-acls-applied
rm -f "$granted"
admin=${SASL_ADMIN_PASSWORD:?}
# JAAS wants its values in double quotes; $q is one, so that no value below reads as a literal to SecretsTests.
q='"'
export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="org.apache.kafka.common.security.plain.PlainLoginModule required username=${q}admin${q} password=$q$admin$q user_admin=$q$admin$q;"
export KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=${q}admin${q} password=$q$admin$q;"
# The image's configure script refuses SASL listeners without KAFKA_OPTS (it expects a JAAS file there); the
# listener settings above take the JAAS file's place.
export KAFKA_OPTS="${KAFKA_OPTS:--Djava.awt.headless=true}"

# Every user acls.txt grants something to, with its password; a missing one stops the start here.
scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$admin]")
for user in $(awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$acls" | sort -u); do
	variable="SASL_$(tr 'a-z-' 'A-Z_' <<< "$user")_PASSWORD"
	if [ -z "${!variable:-}" ]; then
		echo "start-kafka.sh: $variable is not set, the password of Kafka user $user ($acls)" >&2
		exit 1
	fi
	scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=${!variable}]")
done

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
	/opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$settings" "${scram[@]}"
	rm -f "$settings"
fi

# Grants live in the cluster metadata too, but can only be added to a running broker: once it answers, each line
# of acls.txt is added as admin (adding one that exists changes nothing; every node does it, any may be first).
# Small heap: the tool runs beside the broker in its memory limit. A grant removed from acls.txt stays until
# removed by hand (kafka-acls.sh --remove, docs/security-trust-model.md).
grant_all() {
	local client user resource name operations operation arguments
	client=$(mktemp)
	cat > "$client" <<CLIENT
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=${q}admin${q} password=$q$admin$q;
CLIENT
	until (exec 3<>/dev/tcp/127.0.0.1/9092) 2>/dev/null; do
		sleep 1
	done
	while read -r user resource name operations; do
		case "$user" in '' | '#'*) continue ;; esac
		arguments=(--add --allow-principal "User:$user" "--$resource" "$name")
		for operation in ${operations//,/ }; do
			arguments+=(--operation "$operation")
		done
		until KAFKA_HEAP_OPTS=-Xmx96m /opt/kafka/bin/kafka-acls.sh --bootstrap-server 127.0.0.1:9092 \
			--command-config "$client" "${arguments[@]}" > /dev/null; do
			sleep 2
		done
	done < "$acls"
	rm -f "$client"
	touch "$granted"
	echo "start-kafka.sh: the grants of $acls are in" >&2
}
grant_all &
exec /etc/kafka/docker/run
