package com.example.platform.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defects that only show at runtime, in containers or a cluster, caught offline: each
 * check runs on the committed files and, with the defect put back, shows that it bites.
 */
class RuntimeDefectsTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void everyDeclaredTopicHasEnoughReplicasForTheBrokersMinInsync(String overlay) {
		assertThat(RuntimeDefects.topicReplicas(Rendered.overlay(overlay))).isEmpty();
	}

	@Test
	void topicCheckBitesOnATopicWithOneReplicaInProd() {
		List<K8sObject> prod = new ArrayList<>(Rendered.overlay("prod"));
		K8sObject userService = prod.stream()
			.filter((object) -> object.isWorkload() && "user-service".equals(object.name()))
			.findFirst()
			.orElseThrow();
		K8sObject withoutReplicas = RuntimeDefects.copy(userService);
		((List<?>) withoutReplicas.containers().getFirst().get("env")).removeIf(
				(variable) -> "PLATFORM_MESSAGING_PUBLISHES_REPLICAS".equals(K8sObject.asMap(variable).get("name")));
		prod.set(prod.indexOf(userService), withoutReplicas);
		assertThat(RuntimeDefects.topicReplicas(prod)).anySatisfy((violation) -> assertThat(violation)
			.contains("user-service", "platform.messaging.publishes.replicas", "1", "min.insync.replicas 2"));
	}

	@Test
	void hpaManagedDeploymentSettingReplicasIsCaught() {
		List<K8sObject> dev = new ArrayList<>(Rendered.overlay("dev"));
		K8sObject gateway = dev.stream()
			.filter((object) -> object.isWorkload() && "gateway".equals(object.name()))
			.findFirst()
			.orElseThrow();
		K8sObject scaledBack = RuntimeDefects.copy(gateway);
		scaledBack.spec().put("replicas", 1);
		dev.set(dev.indexOf(gateway), scaledBack);
		assertThat(Policies.autoscaling(dev))
			.anySatisfy((violation) -> assertThat(violation).contains("Deployment/gateway: sets replicas"));
	}

	@Test
	void kafkaLogsLiveBelowTheVolumesRoot() {
		String logDirs = RuntimeDefects.env(Repository.read("deploy/config/kafka.env")).get("KAFKA_LOG_DIRS");
		List<String> mounts = RuntimeDefects.kafkaDataMounts();
		assertThat(mounts).isNotEmpty();
		assertThat(RuntimeDefects.logDirsAtVolumeRoot(logDirs, mounts)).isEmpty();
		assertThat(RuntimeDefects.logDirsAtVolumeRoot("/var/lib/kafka/data", mounts))
			.anySatisfy((violation) -> assertThat(violation).contains("lost+found"));
	}

	@Test
	void kafkaExporterSpeaksAProtocolKafka4Accepts() {
		Map<String, List<String>> exporters = RuntimeDefects.kafkaExporterArguments();
		assertThat(exporters).containsOnlyKeys("compose kafka-exporter", "dev Deployment/kafka-exporter",
				"prod Deployment/kafka-exporter");
		assertThat(RuntimeDefects.kafkaExporterProtocols(exporters)).isEmpty();
		Map<String, List<String>> withTheDefault = Map.of("compose kafka-exporter",
				exporters.get("compose kafka-exporter")
					.stream()
					.filter((argument) -> !argument.startsWith("--kafka.version"))
					.toList());
		assertThat(RuntimeDefects.kafkaExporterProtocols(withTheDefault))
			.containsExactly("compose kafka-exporter: protocol 2.0.0 (the exporter's default), older than Kafka 4's"
					+ " oldest (2.1)");
		assertThat(RuntimeDefects
			.kafkaExporterProtocols(Map.of("k8s", List.of("--kafka.server=kafka:9092", "--kafka.version", "2.0.0"))))
			.containsExactly("k8s: protocol 2.0.0, older than Kafka 4's oldest (2.1)");
		assertThat(RuntimeDefects.kafkaExporterProtocols(Map.of("k8s", List.of("--kafka.version=2.1.0")))).isEmpty();
	}

	@Test
	void replicaFixesItsDataDirectoryModeOnEveryStart() {
		assertThat(RuntimeDefects.modeFixedOnEveryStart(Repository.read("deploy/config/postgres/start-replica.sh")))
			.isTrue();
		assertThat(RuntimeDefects.modeFixedOnEveryStart("""
				if [ ! -s "$PGDATA/PG_VERSION" ]; then
					pg_basebackup --pgdata="$PGDATA"
					chmod 0700 "$PGDATA"
				fi
				exec postgres
				""")).isFalse();
	}

	@Test
	void scriptsKeepLfLineEndingsOnEveryCheckout() throws IOException {
		String attributes = Repository.read(".gitattributes");
		List<Path> scripts = RuntimeDefects.scripts(Repository.path("."));
		assertThat(scripts).extracting(Path::toString).contains("mvnw", "run-local", "deploy/docker/healthcheck");
		assertThat(RuntimeDefects.scriptsWithoutLf(attributes, scripts)).isEmpty();
		assertThat(RuntimeDefects.scriptsWithoutLf("*.png binary\n", scripts)).contains("mvnw");
		assertThat(RuntimeDefects.scriptsWithoutLf("* text=auto eol=lf\n* eol=crlf\n", scripts)).contains("mvnw");
	}

	@Test
	void noHealthCheckOrProbeStartsAJvm() {
		assertThat(RuntimeDefects.jvmStartingChecks()).isEmpty();
		assertThat(RuntimeDefects.startsAJvm(
				List.of("CMD-SHELL", "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092")))
			.isTrue();
		assertThat(RuntimeDefects.startsAJvm(List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9092")))
			.isFalse();
	}

	@Test
	void aotTrainingRunHasAHeapCap() {
		assertThat(RuntimeDefects.trainingHeapCapped(Repository.read("Dockerfile"))).isTrue();
		assertThat(RuntimeDefects.trainingHeapCapped("RUN java -XX:AOTCacheOutput=app.aot -jar app.jar")).isFalse();
	}

	@Test
	void aotTrainingRunUsesTheRuntimeObjectHeaders() {
		String dockerfile = Repository.read("Dockerfile");
		assertThat(RuntimeDefects.trainingMatchesRuntimeHeaders(dockerfile)).isTrue();
		assertThat(RuntimeDefects.trainingMatchesRuntimeHeaders(
				dockerfile.replace("-XX:+UseCompactObjectHeaders -XX:AOTCacheOutput", "-XX:AOTCacheOutput")))
			.isFalse();
	}

	@Test
	void composeTmpAllowsTheNativeTransportToLoad() {
		Map<String, Object> compose = new Yaml().load(Repository.read("docker-compose.yml"));
		List<String> applications = List.of("discovery", "gateway", "user-service-1", "order-service-1");
		Map<String, Object> services = K8sObject.asMap(compose.get("services"));
		for (String application : applications) {
			assertThat(RuntimeDefects.tmpAllowsExec(K8sObject.asMap(services.get(application)).get("tmpfs")))
				.as(application)
				.isTrue();
		}
		assertThat(RuntimeDefects.tmpAllowsExec(List.of("/tmp"))).isFalse();
	}

	@Test
	void deployGuideStatesWhatEachOverlayRequests() {
		String guide = Repository.read("docs/deploy.md").replaceAll("\\s+", " ");
		Matcher stated = Pattern.compile("overlay requests (\\S+) CPU and (\\S+) GiB \\(prod: (\\S+) CPU, (\\S+) GiB")
			.matcher(guide);
		assertThat(stated.find()).as("docs/deploy.md: 'The dev overlay requests _ CPU and _ GiB (prod: _ CPU, _ GiB'")
			.isTrue();
		assertThat(RuntimeDefects.requests(Rendered.overlay("dev")))
			.isEqualTo(stated.group(1) + " CPU, " + stated.group(2) + " GiB");
		assertThat(RuntimeDefects.requests(Rendered.overlay("prod")))
			.isEqualTo(stated.group(3) + " CPU, " + stated.group(4) + " GiB");
		// An autoscaled workload counts at its minimum, whatever replicas it sets.
		assertThat(RuntimeDefects.requests(K8sObject.parseAll("""
				kind: Deployment
				metadata: {name: web}
				spec:
				  replicas: 1
				  template:
				    spec:
				      containers:
				        - {name: a, resources: {requests: {cpu: 250m, memory: 512Mi}}}
				        - {name: b, resources: {requests: {cpu: "1", memory: 1Gi}}}
				---
				kind: HorizontalPodAutoscaler
				metadata: {name: web}
				spec: {scaleTargetRef: {name: web}, minReplicas: 2}
				"""))).isEqualTo("2.50 CPU, 3.00 GiB");
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "prod" })
	void eachOverlayNamesItsIngressController(String overlay) {
		assertThat(RuntimeDefects.ingressController(Rendered.overlay(overlay))).isEmpty();
	}

	@Test
	void ingressControllerCheckBitesOnTheBasePlaceholdersAndOnIngressNginx() {
		List<K8sObject> base = new ArrayList<>(K8sObject.parseAll(Repository.read("k8s/base/ingress.yaml")));
		base.addAll(K8sObject.parseAll(Repository.read("k8s/base/network-policies.yaml")));
		assertThat(RuntimeDefects.ingressController(base))
			.anySatisfy((violation) -> assertThat(violation)
				.contains("Ingress/gateway: no ingressClassName set by the overlay"))
			.anySatisfy((violation) -> assertThat(violation)
				.contains("NetworkPolicy/gateway: admits namespace set-by-overlay"));
		K8sObject retired = RuntimeDefects.copy(base.getFirst());
		retired.spec().put("ingressClassName", "nginx");
		assertThat(RuntimeDefects.ingressController(List.of(retired)))
			.containsExactly("Ingress/gateway: class nginx (ingress-nginx is retired)");
	}

}
