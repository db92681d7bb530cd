package com.example.platform.datasource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.example.platform.infra.PostgresReplica;
import com.example.platform.infra.PostgresServer;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4's consistency models against a real primary and its streaming replica. Lag is
 * made deterministic by pausing the replica's replay, never by sleeping.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=routing-test", "platform.datasource.health-check-interval=100ms",
				"platform.datasource.read-your-writes-timeout=100ms",
				// A paused replica must stay in rotation here, to show what it serves.
				"platform.datasource.max-lag=1h", "platform.datasource.max-lag-bytes=1GB" })
@WithEmbeddedInfrastructure
class ReadRoutingIT {

	private static final AtomicLong ids = new AtomicLong(System.nanoTime());

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RoutedDataSources routed;

	final PostgresServer postgres = SharedInfrastructure.get().postgres();

	final PostgresReplica replica = this.postgres.replica();

	long id;

	@BeforeEach
	void createTable() {
		this.jdbc.sql("create table if not exists notes (id bigint primary key, text varchar(100))").update();
		this.id = ids.incrementAndGet();
		assertThat(write("v1").statusCode()).isEqualTo(200);
		this.replica.awaitReplayed(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.routed.replicas().getFirst().inRotation());
	}

	@AfterEach
	void restoreServers() {
		this.postgres.start();
		this.replica.start();
		if (this.replica.isReplayPaused()) {
			this.replica.resumeReplay();
		}
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaAndWritesOnThePrimary() {
		Read read = read(null, null);
		assertThat(read.servedByReplica()).isTrue();
		assertThat(read.port()).isEqualTo(this.replica.port());
		assertThat(read.text()).isEqualTo("v1");
		assertThat(read.readFrom()).as("X-Read-From, X-Read-Consistency").containsExactly("replica-1", "eventual");
		assertThat(this.jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single()).isFalse();
	}

	@Test
	void writeResponsesCarryTheCommitPositionAsConsistencyToken() {
		HttpResponse<String> written = write("v2");
		String token = written.headers().firstValue("X-Consistency-Token").orElseThrow();
		assertThat(Lsn.parse(token)).isGreaterThanOrEqualTo(Lsn.parse(this.replica.replayLsn()));
		assertThat(read(token, null).token()).as("a presented token is echoed").isEqualTo(token);
	}

	@Test
	void eventualReadReturnsTheStaleValueWhileTheReplicaLags() {
		this.replica.pauseReplay();
		write("v2");

		Read read = read(null, null);

		assertThat(read.servedByReplica()).isTrue();
		assertThat(read.text()).as("the naive read: stale").isEqualTo("v1");
	}

	@Test
	void readWithTheTokenReturnsTheFreshWriteWhileTheReplicaLags() {
		this.replica.pauseReplay();
		double fallbacks = counter("db.read.your.writes.fallbacks");
		String token = write("v2").headers().firstValue("X-Consistency-Token").orElseThrow();

		long started = System.nanoTime();
		Read read = read(token, null);
		long tookMillis = (System.nanoTime() - started) / 1_000_000;

		assertThat(read.text()).isEqualTo("v2");
		assertThat(read.servedByReplica()).as("the replica cannot have it; the primary serves").isFalse();
		assertThat(read.readFrom()).containsExactly("primary", "read-your-writes");
		assertThat(counter("db.read.your.writes.fallbacks")).isEqualTo(fallbacks + 1);
		assertThat(tookMillis).as("waits about the bound, then falls back").isBetween(100L, 2000L);
	}

	@Test
	void strongReadIsServedFreshByThePrimary() {
		this.replica.pauseReplay();
		write("v2");

		Read read = read(null, "strong");

		assertThat(read.text()).isEqualTo("v2");
		assertThat(read.servedByReplica()).isFalse();
		assertThat(read.readFrom()).containsExactly("primary", "strong");
	}

	@Test
	void tokenReadsAreServedByTheReplicaAgainOnceReplayResumes() {
		this.replica.pauseReplay();
		String token = write("v2").headers().firstValue("X-Consistency-Token").orElseThrow();
		assertThat(read(token, null).servedByReplica()).isFalse();

		this.replica.resumeReplay();
		double before = replicaReadsWithToken();
		for (int i = 0; i < 20; i++) {
			Read read = read(token, null);
			assertThat(read.text()).isEqualTo("v2");
			assertThat(read.servedByReplica()).isTrue();
		}
		assertThat(replicaReadsWithToken()).isEqualTo(before + 20);
	}

	@Test
	void readsFallBackToThePrimaryWhileTheReplicaIsStoppedAndReturnAfterwards() {
		this.replica.stop();
		for (int i = 0; i < 20; i++) {
			Read read = read(null, null);
			assertThat(read.status()).isEqualTo(200);
			assertThat(read.text()).isEqualTo("v1");
			assertThat(read.servedByReplica()).isFalse();
		}
		assertThat(gauge("db.replicas.in.rotation")).isZero();

		this.replica.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> read(null, null).servedByReplica());
		assertThat(gauge("db.replicas.in.rotation")).isOne();
	}

	@Test
	void withThePrimaryDownReadsContinueAndWritesFailFastUntilItReturns() {
		this.postgres.stop();

		Read read = read(null, null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.text()).isEqualTo("v1");
		assertThat(read.servedByReplica()).isTrue();
		for (int i = 0; i < 3; i++) {
			long started = System.nanoTime();
			HttpResponse<String> rejected = write("v2");
			long tookMillis = (System.nanoTime() - started) / 1_000_000;
			assertThat(rejected.statusCode()).isEqualTo(503);
			assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
			assertThat(tookMillis).isLessThan(1000);
		}

		this.postgres.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> write("v3").statusCode() == 200);
		assertThat(read(null, "strong").text()).isEqualTo("v3");
	}

	private double replicaReadsWithToken() {
		var counter = this.meters.find("db.reads").tags("role", "replica", "consistency", "read-your-writes").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double counter(String name) {
		var counter = this.meters.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

	private HttpResponse<String> write(String text) {
		return send(HttpRequest.newBuilder(uri())
			.PUT(HttpRequest.BodyPublishers.ofString(text))
			.header("Content-Type", "text/plain"));
	}

	private Read read(String token, String consistency) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri()).GET();
		if (token != null) {
			request.header("X-Consistency-Token", token);
		}
		if (consistency != null) {
			request.header("Consistency", consistency);
		}
		HttpResponse<String> response = send(request);
		String body = response.body();
		return new Read(response.statusCode(), field(body, "text"), "true".equals(field(body, "replica")),
				(field(body, "port") != null) ? Integer.parseInt(field(body, "port")) : -1,
				response.headers().firstValue("X-Consistency-Token").orElse(null),
				List.of(response.headers().firstValue("X-Read-From").orElse(""),
						response.headers().firstValue("X-Read-Consistency").orElse("")));
	}

	private static String field(String json, String name) {
		var matcher = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]*)\"?").matcher(json);
		return matcher.find() ? matcher.group(1) : null;
	}

	private URI uri() {
		return URI.create("http://localhost:" + this.port + "/notes/" + this.id);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Read(int status, String text, boolean servedByReplica, int port, String token,
			List<String> readFrom) {

	}

}
