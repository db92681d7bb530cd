package com.example.platform.tls;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PodHostnameEnvironmentPostProcessorTests {

	private static final String DOMAIN = "user-service-pods.platform.svc.cluster.local";

	private final StandardEnvironment environment = new StandardEnvironment();

	private final PodHostnameEnvironmentPostProcessor postProcessor = new PodHostnameEnvironmentPostProcessor();

	@Test
	void registersThePodUnderItsNameInTheHeadlessServiceAboveTheSharedDefaults() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("platformServiceDefaults", Map.of("eureka.instance.hostname", "localhost")));
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("pod",
					Map.of("POD_IP", "10.1.2.3", PodHostnameEnvironmentPostProcessor.DOMAIN, DOMAIN)));

		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("eureka.instance.hostname"))
			.isEqualTo("10-1-2-3.user-service-pods.platform.svc.cluster.local");
	}

	@Test
	void leavesAnExplicitHostnameAndARunWithoutTheDomainAlone() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("pod", Map.of("POD_IP", "10.1.2.3", "eureka.instance.hostname",
					"user-service-1", PodHostnameEnvironmentPostProcessor.DOMAIN, DOMAIN)));
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty("eureka.instance.hostname")).isEqualTo("user-service-1");

		StandardEnvironment local = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(local, new SpringApplication());
		assertThat(local.getPropertySources().contains(PodHostnameEnvironmentPostProcessor.NAME)).isFalse();
	}

	@Test
	void namesIpv6PodsAsCoreDnsDoes() {
		assertThat(PodHostnameEnvironmentPostProcessor.hostnameOf("fd00::1:2", DOMAIN))
			.isEqualTo("fd00--1-2." + DOMAIN);
	}

	@Test
	void refusesTheDomainWithoutThePodsIp() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("pod", Map.of(PodHostnameEnvironmentPostProcessor.DOMAIN, DOMAIN)));

		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication()))
			.withMessageContaining("POD_IP");
	}

}
