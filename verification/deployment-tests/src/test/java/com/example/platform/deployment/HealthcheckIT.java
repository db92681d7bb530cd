package com.example.platform.deployment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.example.platform.local.Repository;
import com.example.platform.testsupport.OsPackages;
import com.example.platform.tls.PlatformCertificates;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the image's health check ({@code deploy/docker/healthcheck}, compose's healthcheck
 * and Kubernetes' exec probes) against a real server: plain HTTP as before, and, with
 * mutual TLS on, a port that takes only a platform certificate, as every application's
 * management port does then.
 */
class HealthcheckIT {

	private static final String HEALTH = "/actuator/health/readiness";

	@TempDir
	Path directory;

	private final List<HttpServer> servers = new ArrayList<>();

	@BeforeEach
	void requireOpenssl() {
		OsPackages.require("openssl");
	}

	@AfterEach
	void stop() {
		this.servers.forEach((server) -> server.stop(0));
	}

	@Test
	void checksAPlainPortAsBefore() throws IOException {
		int port = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));

		assertThat(healthcheck(port, null).exitCode()).isZero();
	}

	@Test
	void presentsTheApplicationsCertificateToAPortThatRequiresOne() throws IOException {
		Path platform = certificates("platform");
		int port = serveTls(platform.resolve("user-service"));

		assertThat(healthcheck(port, platform.resolve("user-service")).exitCode()).isZero();
		// A plain request to the TLS port gets no answer the check accepts.
		assertThat(healthcheck(port, null).exitCode()).isNotZero();
	}

	@Test
	void failsAgainstACertificateFromAnotherCaEitherWay() throws IOException {
		Path platform = certificates("platform");
		Path other = certificates("other");
		int port = serveTls(platform.resolve("user-service"));

		// The server refuses the foreign client certificate.
		assertThat(healthcheck(port, other.resolve("user-service")).exitCode()).isNotZero();
		// The check refuses a server whose certificate its CA did not issue.
		int foreign = serveTls(other.resolve("order-service"));
		assertThat(healthcheck(foreign, platform.resolve("user-service")).exitCode()).isNotZero();
	}

	private Path certificates(String name) {
		Path secrets = this.directory.resolve(name).resolve("secrets.env");
		List<String> command = List.of(Repository.path("scripts/generate-secrets").toString(), secrets.toString());
		Commands.run(Repository.root(), command).orFail(command);
		return secrets.resolveSibling("platform-tls");
	}

	private int serveTls(Path certificate) throws IOException {
		SSLContext context = PlatformCertificates.bundleOf(certificate).createSslContext();
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(context) {
			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = context.getDefaultSSLParameters();
				ssl.setNeedClientAuth(true);
				parameters.setSSLParameters(ssl);
			}
		});
		return serve(server);
	}

	private int serve(HttpServer server) {
		server.createContext(HEALTH, (exchange) -> {
			byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		this.servers.add(server);
		return server.getAddress().getPort();
	}

	private Commands.Result healthcheck(int port, Path tls) {
		List<String> command = new ArrayList<>();
		if (tls != null) {
			command.addAll(List.of("env", "PLATFORM_TLS_DIRECTORY=" + tls));
		}
		command.addAll(List.of(Repository.path("deploy/docker/healthcheck").toString(), String.valueOf(port), HEALTH));
		return Commands.run(this.directory, command);
	}

}
