package com.example.platform.tls;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTlsEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final PlatformTlsEnvironmentPostProcessor postProcessor = new PlatformTlsEnvironmentPostProcessor();

	@Test
	void changesNothingWithoutACertificateDirectory() {
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getPropertySources().contains(PlatformTlsEnvironmentPostProcessor.NAME)).isFalse();
		assertThat(this.environment.getProperty("server.ssl.client-auth")).isNull();
	}

	@Test
	void requiresClientCertificatesOnBothPortsAndRegistersForTlsOnly() {
		withDirectory();

		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("server.ssl.client-auth")).isEqualTo("need");
		assertThat(this.environment.getProperty("management.server.ssl.client-auth")).isEqualTo("need");
		assertThat(this.environment.getProperty("spring.ssl.bundle.pem.platform.keystore.certificate"))
			.isEqualTo("file:/etc/platform/tls/tls.crt");
		assertThat(this.environment.getProperty("eureka.instance.non-secure-port-enabled")).isEqualTo("false");
		assertThat(this.environment.getProperty("eureka.client.service-url.defaultZone")).startsWith("https://");
	}

	// The registry address of the shared defaults is plain HTTP; the TLS one must win,
	// whichever post-processor runs first, and an application's own settings still win
	// over both.
	@Test
	void ranksAboveTheSharedDefaultsAndBelowEverythingElse() {
		withDirectory();
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("platformServiceDefaults",
					Map.of("eureka.client.service-url.defaultZone", "http://localhost:8761/eureka/")));
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("server.ssl.enabled", "false")));

		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("eureka.client.service-url.defaultZone")).startsWith("https://");
		assertThat(this.environment.getPropertySources()
			.precedenceOf(this.environment.getPropertySources().get(PlatformTlsEnvironmentPostProcessor.NAME)))
			.isEqualTo(this.environment.getPropertySources().size() - 2);
		assertThat(this.environment.getProperty("server.ssl.enabled")).isEqualTo("false");
	}

	private void withDirectory() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of(PlatformTlsEnvironmentPostProcessor.DIRECTORY, "/etc/platform/tls")));
	}

}
