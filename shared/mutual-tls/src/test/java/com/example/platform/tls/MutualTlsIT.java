package com.example.platform.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.cloud.netflix.eureka.http.EurekaClientHttpRequestFactorySupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Real Tomcat servers with mutual TLS on, as every application runs with
 * {@code PLATFORM_TLS_DIRECTORY} set: both ports refuse plain HTTP, a caller without a
 * certificate and a caller with a certificate from another CA, before any application
 * code runs; the platform's own clients are served, and refuse a server whose certificate
 * the platform CA did not sign. Renewed certificate files are served without a restart.
 */
class MutualTlsIT {

	private static final Path WORK = Path.of("target", "mutual-tls-it");

	private static PlatformCertificates platform;

	private static PlatformCertificates foreign;

	private static Service service;

	private static Service impostor;

	@BeforeAll
	static void start() {
		platform = PlatformCertificates.loadOrCreate(WORK.resolve("platform"),
				List.of(PlatformCertificates.Leaf.local("user-service"), PlatformCertificates.Leaf.local("client")));
		// Another CA, issuing certificates with the very same names.
		foreign = PlatformCertificates.loadOrCreate(WORK.resolve("foreign"),
				List.of(PlatformCertificates.Leaf.local("user-service"), PlatformCertificates.Leaf.local("client")));
		service = Service.start(platform.directoryOf("user-service"));
		// Takes any caller, certificate or not: only the caller's own check can stop it.
		impostor = Service.start(foreign.directoryOf("user-service"), "--server.ssl.client-auth=none");
	}

	@AfterAll
	static void stop() {
		service.close();
		impostor.close();
	}

	@Test
	void issuesOneCertificatePerApplicationNamingItAndReusesIt() throws Exception {
		X509Certificate leaf = certificate(platform.directoryOf("client").resolve("tls.crt"));
		X509Certificate ca = certificate(platform.directoryOf("client").resolve("ca.crt"));

		leaf.verify(ca.getPublicKey());
		assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=client");
		assertThat(leaf.getSubjectAlternativeNames().stream().map((name) -> String.valueOf(name.get(1))))
			.containsExactlyInAnyOrder("client", "localhost", "127.0.0.1");
		// Server and client certificate at once; never a CA.
		assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
		assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
		assertThat(Files.getPosixFilePermissions(platform.directoryOf("client").resolve("tls.key")))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

		PlatformCertificates again = PlatformCertificates.loadOrCreate(WORK.resolve("platform"),
				List.of(PlatformCertificates.Leaf.local("client")));
		assertThat(certificate(again.directoryOf("client").resolve("tls.crt")).getSerialNumber())
			.isEqualTo(leaf.getSerialNumber());
	}

	@Test
	void servesAPlatformClientOnBothPorts() throws Exception {
		HttpClient client = client(platform.sslContext("client"));

		assertThat(get(client, service.uri("https", service.port, "/hello")).body()).isEqualTo("hello");
		assertThat(get(client, service.uri("https", service.managementPort, "/actuator/health")).body())
			.contains("\"UP\"");
	}

	@Test
	void refusesPlainHttpOnBothPortsBeforeTheApplication() throws Exception {
		int before = service.calls.get();
		HttpClient client = client(null);

		for (int port : new int[] { service.port, service.managementPort }) {
			// Tomcat answers a plain request on a TLS port with a 400 of its own, or the
			// connection ends: either way nothing is served.
			int status;
			try {
				HttpResponse<String> response = get(client, service.uri("http", port, "/hello"));
				assertThat(response.body()).doesNotContain("hello");
				status = response.statusCode();
			}
			catch (IOException refused) {
				status = -1;
			}
			assertThat(status).as("plain HTTP on port %d", port).isIn(400, -1);
		}
		assertThat(service.calls).hasValue(before);
	}

	@Test
	void refusesACallerWithoutACertificateOnBothPorts() {
		int before = service.calls.get();
		HttpClient client = client(trustOnly(platform.directoryOf("client").resolve("ca.crt")));

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(client, service.uri("https", service.port, "/hello")));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(client, service.uri("https", service.managementPort, "/actuator/health")));
		assertThat(service.calls).hasValue(before);
	}

	@Test
	void refusesACallerWithACertificateFromAnotherCa() {
		int before = service.calls.get();
		// Trusts the platform CA, so only the server's refusal can stop the call.
		SslBundle stolenLooking = SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate(file(foreign.directoryOf("client").resolve("tls.crt")))
					.withPrivateKey(file(foreign.directoryOf("client").resolve("tls.key"))),
				PemSslStoreDetails.forCertificate(file(platform.directoryOf("client").resolve("ca.crt")))));
		HttpClient client = client(stolenLooking.createSslContext());

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(client, service.uri("https", service.port, "/hello")));
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get(client, service.uri("https", service.managementPort, "/actuator/health")));
		assertThat(service.calls).hasValue(before);
	}

	// What the applications' clients are built with (PlatformTls): an impostor serving a
	// certificate of the right name from another CA gets no request.
	@Test
	void thePlatformsClientsRefuseAServerTheCaDidNotCertify() {
		PlatformTls tls = service.context.getBean(PlatformTls.class);
		RestClient client = RestClient.builder()
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.build(tls.clientSettings(Duration.ofSeconds(5), Duration.ofSeconds(5))))
			.build();

		assertThat(client.get().uri(service.uri("https", service.port, "/hello")).retrieve().body(String.class))
			.isEqualTo("hello");
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
				() -> client.get().uri(impostor.uri("https", impostor.port, "/hello")).retrieve().body(String.class));
		assertThat(impostor.calls).hasValue(0);
	}

	@Test
	void theRegistryClientPresentsThePlatformCertificate() {
		EurekaClientHttpRequestFactorySupplier registryClient = service.context
			.getBean(EurekaClientHttpRequestFactorySupplier.class);
		RestClient client = RestClient.builder().requestFactory(registryClient.get(null, null)).build();

		assertThat(client.get().uri(service.uri("https", service.port, "/hello")).retrieve().body(String.class))
			.isEqualTo("hello");
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
				() -> client.get().uri(impostor.uri("https", impostor.port, "/hello")).retrieve().body(String.class));
	}

	@Test
	void servesARenewedCertificateWithoutARestart() throws Exception {
		BigInteger before = serverSerial(service.port);
		BigInteger managementBefore = serverSerial(service.managementPort);

		// What renewal does: the leaf is issued again, from the same CA, into the same
		// files.
		Files.delete(platform.directoryOf("user-service").resolve("tls.crt"));
		PlatformCertificates.loadOrCreate(WORK.resolve("platform"),
				List.of(PlatformCertificates.Leaf.local("user-service")));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(serverSerial(service.port)).isNotEqualTo(before);
			assertThat(serverSerial(service.managementPort)).isNotEqualTo(managementBefore);
		});
	}

	@Test
	void presentsARenewedClientCertificateWithoutARestart() throws Exception {
		// The SSL context every client of the application makes once, at its start.
		SSLContext clients = service.context.getBean(PlatformTls.class).bundle().createSslContext();
		BigInteger before = callerSerial(clients);

		Files.delete(platform.directoryOf("user-service").resolve("tls.crt"));
		PlatformCertificates.loadOrCreate(WORK.resolve("platform"),
				List.of(PlatformCertificates.Leaf.local("user-service")));
		BigInteger renewed = certificate(platform.directoryOf("user-service").resolve("tls.crt")).getSerialNumber();

		assertThat(renewed).isNotEqualTo(before);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(callerSerial(clients)).isEqualTo(renewed));
	}

	/** The serial of the certificate the server saw this client present. */
	private static BigInteger callerSerial(SSLContext tls) throws Exception {
		// A new session, as once the pooled connections and the cached sessions rolled
		// over:
		// a resumed session carries the certificates of the one it resumes.
		SSLSessionContext sessions = tls.getClientSessionContext();
		for (byte[] id : Collections.list(sessions.getIds())) {
			SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
		return new BigInteger(get(client(tls), service.uri("https", service.port, "/caller")).body());
	}

	private static BigInteger serverSerial(int port) throws Exception {
		// A new client: a new handshake, not a pooled connection.
		HttpResponse<String> response = get(client(platform.sslContext("client")),
				service.uri("https", port, "/hello"));
		return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
	}

	private static X509Certificate certificate(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static SSLContext trustOnly(Path ca) {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(file(ca))))
			.createSslContext();
	}

	private static String file(Path path) {
		return "file:" + path.toAbsolutePath();
	}

	private static HttpClient client(SSLContext tls) {
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
		return (tls != null) ? builder.sslContext(tls).build() : builder.build();
	}

	private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** An application with mutual TLS on: its certificate from the given directory. */
	private record Service(ConfigurableApplicationContext context, AtomicInteger calls, int port,
			int managementPort) implements AutoCloseable {

		static Service start(Path certificate, String... arguments) {
			AtomicInteger calls = new AtomicInteger();
			ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
				.initializers((ctx) -> ctx.getBeanFactory().registerSingleton("calls", calls))
				.properties("platform.tls.directory=" + certificate.toAbsolutePath(), "server.port=0",
						"management.server.port=0", "server.address=127.0.0.1", "management.server.address=127.0.0.1",
						// No registry here; the registry client's request factory is
						// still
						// built.
						"eureka.client.enabled=false", "spring.cloud.discovery.enabled=false",
						"spring.ssl.bundle.watch.file.quiet-period=200ms")
				.run(arguments);
			return new Service(context, calls,
					Integer.parseInt(context.getEnvironment().getProperty("local.server.port")),
					Integer.parseInt(context.getEnvironment().getProperty("local.management.port")));
		}

		URI uri(String scheme, int port, String path) {
			return URI.create(scheme + "://localhost:" + port + path);
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class Application {

		private final AtomicInteger calls;

		Application(AtomicInteger calls) {
			this.calls = calls;
		}

		@GetMapping("/hello")
		String hello() {
			this.calls.incrementAndGet();
			return "hello";
		}

		@GetMapping("/caller")
		String caller(HttpServletRequest request) {
			X509Certificate[] chain = (X509Certificate[]) request
				.getAttribute("jakarta.servlet.request.X509Certificate");
			return chain[0].getSerialNumber().toString();
		}

	}

}
