package com.example.platform.shutdown;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownDefaultsEnvironmentPostProcessorTests {

	private final ShutdownDefaultsEnvironmentPostProcessor postProcessor = new ShutdownDefaultsEnvironmentPostProcessor();

	@Test
	void registersWithEurekaAsStartingSoNoCallerRoutesToAnInstanceBeforeItIsReady() {
		StandardEnvironment environment = new StandardEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(ShutdownDefaultsEnvironmentPostProcessor.INITIAL_STATUS))
			.isEqualTo("STARTING");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

	@Test
	void leavesEurekasInitialStatusAloneWhenNothingWouldTurnTheInstanceUp() {
		MockEnvironment environment = new MockEnvironment().withProperty("platform.shutdown.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(ShutdownDefaultsEnvironmentPostProcessor.INITIAL_STATUS)).isNull();
	}

	@Test
	void yieldsToAnInitialStatusSetByTheApplication() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(ShutdownDefaultsEnvironmentPostProcessor.INITIAL_STATUS, "OUT_OF_SERVICE");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(ShutdownDefaultsEnvironmentPostProcessor.INITIAL_STATUS))
			.isEqualTo("OUT_OF_SERVICE");
	}

}
