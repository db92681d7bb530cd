package com.example.platform.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.example.platform.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// The registry with mutual TLS on: the password alone no longer lets anyone in; a caller
// needs a certificate from the platform CA too, and plain HTTP is refused.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "EUREKA_USERNAME=registry-test",
		"EUREKA_PASSWORD=right-password", "platform.tls.directory=" + TestCertificates.PLATFORM + "/discovery" })
class RegistryMutualTlsIT {

	private static final String CREDENTIALS = "Basic "
			+ Base64.getEncoder().encodeToString("registry-test:right-password".getBytes(StandardCharsets.UTF_8));

	@LocalServerPort
	private int port;

	// Issued (or found) before the context reads them.
	@DynamicPropertySource
	static void issueCertificates(DynamicPropertyRegistry registry) {
		TestCertificates.platform();
	}

	@Test
	void servesAPlatformClientWithTheRegistrysCredentials() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.sslContext(TestCertificates.platform().sslContext(TestCertificates.CLIENT))
			.build();

		assertThat(send(client, "https").statusCode()).isEqualTo(200);
	}

	@Test
	void refusesTheRightPasswordWithoutAPlatformCertificate() {
		HttpClient withoutCertificate = HttpClient.newBuilder()
			.sslContext(TestCertificates
				.withoutCertificate(TestCertificates.platform().directoryOf(TestCertificates.CLIENT).resolve("ca.crt")))
			.build();
		// The foreign certificate is refused whichever side checks first.
		HttpClient foreignCertificate = HttpClient.newBuilder()
			.sslContext(TestCertificates.foreign().sslContext(TestCertificates.CLIENT))
			.build();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send(withoutCertificate, "https"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> send(foreignCertificate, "https"));
	}

	@Test
	void refusesPlainHttp() throws Exception {
		int status;
		try {
			status = send(HttpClient.newHttpClient(), "http").statusCode();
		}
		catch (IOException refused) {
			status = -1;
		}
		assertThat(status).as("Tomcat's own 400, or the connection closed").isIn(400, -1);
	}

	private HttpResponse<String> send(HttpClient client, String scheme) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + this.port + "/eureka/apps"))
			.header("Authorization", CREDENTIALS)
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
